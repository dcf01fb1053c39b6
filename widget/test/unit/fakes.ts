import { vi } from 'vitest';
import type { ChatConnection, ConnectionHandlers, ServerEvent, VisitorAuth } from '../../src/chat/chat-connection';
import { ChatSession, type SessionEvents } from '../../src/chat/chat-session';
import type { Ack, Conversation, Message, Website } from '../../src/chat/types';
import { WidgetApi } from '../../src/chat/widget-api';
import type { PageContext } from '../../src/page-context';
import type { VerifiedIdentity } from '../../src/visitor-identity';
import { VisitorStorage, type KeyValueStore } from '../../src/chat/visitor-storage';

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let seqIds = 0;
export function message(conversationId: string, seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m-${conversationId}-${seq}-${++seqIds}`,
    conversationId,
    seq,
    clientMessageId: null,
    sender: { type: 'agent', id: 'agent-1', name: 'Ada' },
    body: `message ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
    ...overrides,
  };
}

export function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    websiteId: 'w-1',
    visitorId: 'v-1',
    status: 'open',
    assigneeId: null,
    lastSeq: 0,
    lastMessageAt: '2025-01-01T12:00:00.000Z',
    createdAt: '2025-01-01T11:00:00.000Z',
    closedAt: null,
    tags: [],
    ...overrides,
  };
}

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

interface PendingRequest {
  event: string;
  payload: Record<string, unknown>;
  resolve(ack: Ack<Record<string, unknown>>): void;
  reject(error: Error): void;
}

/** Stands in for the Socket.IO link: the test connects, drops and answers requests by hand. */
export class FakeConnection implements ChatConnection {
  connected = false;
  readonly requests: PendingRequest[] = [];
  readonly sent: PendingRequest[] = [];
  readonly notify = vi.fn();
  readonly reconnect = vi.fn();
  readonly close = vi.fn();
  #everConnected = false;

  constructor(
    readonly handlers: ConnectionHandlers,
    readonly auth: () => VisitorAuth,
  ) {}

  request<T>(event: string, payload: object): Promise<Ack<T>> {
    return new Promise((resolve, reject) => {
      const request = { event, payload: payload as Record<string, unknown>, resolve, reject } as PendingRequest;
      this.requests.push(request);
      this.sent.push(request);
    });
  }

  up(): void {
    this.connected = true;
    this.handlers.connected(this.#everConnected);
    this.#everConnected = true;
  }

  /** Like Socket.IO: `disconnect` first, then every ack still waiting fails. */
  drop(): void {
    this.connected = false;
    this.handlers.disconnected();
    for (const request of this.requests.splice(0)) request.reject(new Error('socket has been disconnected'));
  }

  push(name: ServerEvent, payload: unknown): void {
    this.handlers.event(name, payload);
  }

  answer(ack: Ack<Record<string, unknown>>): PendingRequest {
    const request = this.requests.shift();
    if (!request) throw new Error('no request waiting');
    request.resolve(ack);
    return request;
  }
}

/** A widget API on a fake fetch, holding conversations and messages like the server would. */
export function fakeBackend(
  options: { conversations?: Conversation[]; messages?: Message[]; website?: Partial<Website> } = {},
) {
  const state = {
    conversations: options.conversations ?? [],
    messages: options.messages ?? [],
    website: {
      id: 'w-1',
      name: 'Acme',
      settings: { color: '#0f766e', greeting: 'Hello from Acme', position: 'left' },
      ...options.website,
    } as Website,
    token: 'visitor-token-1',
    visitorId: 'v-1',
    bootstrapStatus: 200,
    /** The error code of a bootstrap that is not 200. */
    bootstrapCode: 'UNAUTHORIZED',
    /** What GET …/messages answers when not 200 (with UNAUTHORIZED, a dead token). */
    messagesStatus: 200,
    /** What PATCH /visitor answers when not 200, and with which code. */
    visitorStatus: 200,
    visitorCode: 'VALIDATION_FAILED',
    /** What POST …/rating answers when not 201 (e.g. 409 ALREADY_RATED). */
    ratingStatus: 201,
    ratingCode: 'ALREADY_RATED',
    requests: [] as { method: string; url: URL; headers: Record<string, string>; body: unknown }[],
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    state.requests.push({ method: init.method ?? 'GET', url, headers, body });
    const path = url.pathname.replace('/api/v1/widget', '');
    if (path === '/bootstrap') {
      if (state.bootstrapStatus !== 200) {
        return json(state.bootstrapStatus, { error: { code: state.bootstrapCode, message: 'no' } });
      }
      return json(200, {
        visitor: { id: state.visitorId, name: null, email: null },
        visitorToken: state.token,
        website: state.website,
        conversations: state.conversations,
      });
    }
    const match = /^\/conversations\/([^/]+)\/messages$/.exec(path);
    if (match) {
      if (state.messagesStatus !== 200) {
        return json(state.messagesStatus, { error: { code: 'UNAUTHORIZED', message: 'Unknown visitor token' } });
      }
      const afterSeq = Number(url.searchParams.get('afterSeq'));
      const limit = Number(url.searchParams.get('limit'));
      const all = state.messages
        .filter((m) => m.conversationId === match[1] && m.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq);
      return json(200, { messages: all.slice(0, limit), hasMore: all.length > limit });
    }
    const read = /^\/conversations\/([^/]+)\/read$/.exec(path);
    if (read) return new Response(null, { status: 204 });
    const rated = /^\/conversations\/([^/]+)\/rating$/.exec(path);
    if (rated) {
      if (state.ratingStatus !== 201) {
        return json(state.ratingStatus, { error: { code: state.ratingCode, message: 'refused' } });
      }
      const found = state.conversations.find((c) => c.id === rated[1]);
      const rating = { score: body.score, comment: body.comment ?? null, at: '2025-01-02T00:00:00.000Z' };
      return json(201, { conversation: { ...found, rating } });
    }
    if (path === '/visitor') {
      if (state.visitorStatus !== 200) {
        return json(state.visitorStatus, { error: { code: state.visitorCode, message: 'refused' } });
      }
      return json(200, { visitor: { id: state.visitorId, ...body } });
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'not found' } });
  });
  return { state, fetch, api: new WidgetApi('https://api.test', fetch as unknown as typeof globalThis.fetch) };
}

/** A session on a fake backend and fake socket, with everything the test may want to look at. */
export function sessionHarness(
  options: Parameters<typeof fakeBackend>[0] & {
    store?: MemoryStore;
    storage?: VisitorStorage;
    page?: () => PageContext;
    identity?: VerifiedIdentity;
  } = {},
) {
  const backend = fakeBackend(options);
  const store = options.store ?? new MemoryStore();
  const storage = options.storage ?? new VisitorStorage('pk_test', store);
  let connection: FakeConnection | undefined;
  const events = {
    changed: vi.fn<SessionEvents['changed']>(),
    added: vi.fn<SessionEvents['added']>(),
    website: vi.fn<SessionEvents['website']>(),
    removed: vi.fn<NonNullable<SessionEvents['removed']>>(),
  };
  const connect = vi.fn(async (auth: () => VisitorAuth, handlers: ConnectionHandlers) => {
    connection = new FakeConnection(handlers, auth);
    return connection;
  });
  const session = new ChatSession(
    {
      websiteKey: 'pk_test',
      api: backend.api,
      storage,
      connect,
      page: options.page ?? (() => ({})),
      identity: options.identity,
    },
    events,
  );
  return {
    session,
    backend,
    store,
    storage,
    events,
    connect,
    get connection(): FakeConnection {
      if (!connection) throw new Error('not connected');
      return connection;
    },
  };
}
