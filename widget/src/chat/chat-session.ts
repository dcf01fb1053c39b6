import type { VisitorProfile } from '../chat-host';
import { pageContext, type PageContext } from '../page-context';
import type { VerifiedIdentity } from '../visitor-identity';
import type { ChatConnection, ConnectionHandlers, ServerEvent, VisitorAuth } from './chat-connection';
import { countUnread, lastSeq, leavesGap, mergeMessages } from './message-list';
import { Outbox, TIMEOUT, type PendingMessage } from './outbox';
import type { Bootstrap, Conversation, Message, Visitor, Website } from './types';
import type { Receipts } from './lazy/receipts';
import { IDENTITY_UNVERIFIED, WidgetApiError, type WidgetApi } from './widget-api';
import type { VisitorStorage } from './visitor-storage';

export type Phase = 'idle' | 'loading' | 'ready' | 'offline' | 'unavailable';

export interface SessionDeps {
  websiteKey: string;
  api: WidgetApi;
  storage: VisitorStorage;
  connect(auth: () => VisitorAuth, handlers: ConnectionHandlers): Promise<ChatConnection>;
  /** A bootstrap the loader has just made; the first start uses it instead of asking again. */
  bootstrap?: Bootstrap;
  /** The verified identity the page gave before the chat loaded; the bootstrap carries it. */
  identity?: VerifiedIdentity;
  /** The page's URL and title, sent at bootstrap and with conversation:open. */
  page?: () => PageContext;
}

export interface SessionEvents {
  /** Something visible changed; re-render. */
  changed(): void;
  /** Messages new to this page (sent, received or caught up), not history loaded on open. */
  added(messages: Message[]): void;
  /** The website is known; the session shows it as ready once what this returns (its language) has settled. */
  website(website: Website): void | Promise<void>;
  /** Messages whose bodies are gone (deleted, or their conversation was): nothing may keep showing them. */
  removed?(messageIds: string[]): void;
}

const TYPING_IDLE_MS = 4000;
const AGENT_TYPING_MS = 10_000;
const MAX_BACKOFF_MS = 60_000;
/** How long a file waits for the socket before its upload is given up. */
const FILE_CONNECT_WAIT_MS = 10_000;

/**
 * The visitor's side of the chat: bootstrap, conversations and their
 * messages, the outbox of unacknowledged messages, and the socket. Holds no
 * DOM; the panel renders from its public fields.
 */
export class ChatSession {
  phase: Phase = 'idle';
  website?: Website;
  visitor?: Visitor;
  /** Newest activity first, as the bootstrap returns them. */
  conversations: Conversation[] = [];
  /** The conversation on screen; null is a new one that the first message opens. */
  currentId: string | null = null;
  /** Loaded histories, ascending by seq, keyed by conversation id. */
  readonly messages = new Map<string, Message[]>();
  /** Kept in storage per visitor, so what was not sent goes after a reload, under the same ids. */
  readonly outbox = new Outbox((items) => {
    if (this.visitor) this.deps.storage.writeOutbox(this.visitor.id, items);
  });
  /** Whether someone can answer now: the bootstrap's `website.online`, then `presence`; null while unknown. */
  agentsOnline: boolean | null = null;
  /** Name of whoever is typing on the other side of the current conversation. */
  typing: string | null = null;

  #token: string | null;
  #prefetched?: Bootstrap;
  #starting?: Promise<void>;
  #connection?: ChatConnection;
  #connecting?: Promise<void>;
  #connected = false;
  #troubled = false;
  #viewing = false;
  #pumping = false;
  #backoff = 1000;
  #syncs = new Map<string, Promise<void>>();
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #typingSent = false;
  #destroyed = false;
  /** The identity was refused: later bootstraps go without it, and the page was told. */
  #unverified = false;
  /** A dead token is replaced once per page, never in a loop. */
  #renewed = false;
  /** Deleted message ids: a fetch already under way must not bring their bodies back. */
  readonly #deleted = new Set<string>();
  /** Deleted conversations: nothing arriving late may bring them back. */
  readonly #gone = new Set<string>();
  /** Marks what is on screen read (a chunk of its own, fetched once there is something to mark). */
  #receipts?: Promise<Receipts | void>;

  constructor(
    private readonly deps: SessionDeps,
    private readonly events: SessionEvents,
  ) {
    this.#token = deps.storage.token;
    this.#prefetched = deps.bootstrap;
  }

  /** A returning visitor: worth a bootstrap before the panel is opened, for the unread badge. */
  get isReturning(): boolean {
    return this.#token !== null || this.#prefetched !== undefined;
  }

  /** The panel is open on the current conversation and the page is visible. */
  get viewing(): boolean {
    return this.#viewing;
  }

  /** Whether the socket is up; false also before it was ever wanted. */
  get connected(): boolean {
    return this.#connected;
  }

  /** The socket dropped or failed to connect and is not back yet: shown as "Reconnecting…". */
  get reconnecting(): boolean {
    return this.#troubled && !this.#connected;
  }

  get current(): Conversation | undefined {
    return this.conversations.find((c) => c.id === this.currentId);
  }

  get currentMessages(): Message[] {
    return (this.currentId && this.messages.get(this.currentId)) || [];
  }

  get currentPending(): PendingMessage[] {
    return this.outbox.items.filter((m) => m.conversationId === this.currentId);
  }

  unread(): number {
    let count = 0;
    for (const [id, list] of this.messages) count += countUnread(list, this.deps.storage.readSeq(id));
    return count;
  }

  /**
   * Bootstraps the visitor and loads the current conversation. `live` also
   * connects the socket even without an open conversation (the panel is open).
   */
  start(live = true): Promise<void> {
    this.#starting ??= this.#bootstrap().catch((error: unknown) => {
      this.#starting = undefined;
      this.phase =
        error instanceof WidgetApiError && [401, 403, 404].includes(error.status) ? 'unavailable' : 'offline';
      this.#changed();
      throw error;
    });
    return this.#starting.then(() => {
      if (live || this.current?.status === 'open' || this.outbox.next()) this.#connect();
    });
  }

  /** The panel is open on this conversation and the tab is visible: it counts as read. */
  setViewing(viewing: boolean): void {
    this.#viewing = viewing;
    this.#changed();
  }

  /** Tab became visible again: timers were throttled and the socket may be stale. */
  wake(): void {
    if (this.phase !== 'ready') return;
    for (const id of this.messages.keys()) void this.#catchUp(id);
    if (this.#connection && !this.#connected) this.#connection.reconnect();
  }

  select(conversationId: string | null): void {
    this.currentId = conversationId;
    this.typing = null;
    if (conversationId && !this.messages.has(conversationId)) void this.#catchUp(conversationId);
    this.#changed();
  }

  send(text: string): void {
    const body = text.trim();
    if (!body) return;
    this.#stopTyping();
    this.outbox.add(this.currentId, body);
    this.#changed();
    this.#connect();
    void this.#pump();
  }

  retry(clientMessageId: string): void {
    this.outbox.retry(clientMessageId);
    this.#changed();
    void this.#pump();
  }

  /** The visitor's token, for requests made outside the session (file uploads). */
  get visitorToken(): string {
    return this.#token ?? '';
  }

  /**
   * Where a file goes: the current conversation, or a new one (conversation:open without words).
   * Files picked together share the one being opened, never opening one each.
   */
  conversationForFile(): Promise<string> {
    if (this.currentId) return Promise.resolve(this.currentId);
    return (this.#openingForFile ??= this.#openForFile().finally(() => (this.#openingForFile = null)));
  }

  #openingForFile: Promise<string> | null = null;

  async #openForFile(): Promise<string> {
    // A file picked just after the panel opened, while the socket is still connecting, waits for it.
    for (let waited = 0; !this.#connection?.connected && waited < FILE_CONNECT_WAIT_MS; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (this.currentId) return this.currentId;
    const connection = this.#connection;
    const ack = connection?.connected
      ? await connection
          .request<{ conversation: Conversation }>('conversation:open', (this.deps.page ?? pageContext)())
          .catch(() => undefined)
      : undefined;
    if (!ack?.ok) throw new Error('no conversation');
    this.#opened(ack.conversation);
    this.#changed();
    return ack.conversation.id;
  }

  /** A message sent outside the socket (a file): shown at once; its broadcast will not show it twice. */
  sent(message: Message): void {
    this.#ingest(message.conversationId, [message], true);
    this.#changed();
  }

  /** A conversation as the API answered outside the socket (a rating given). */
  updated(conversation: Conversation): void {
    this.#upsert(conversation);
    this.#changed();
  }

  /** Called on every keystroke in the composer; sends `typing` at most once per idle period. */
  composing(): void {
    const conversationId = this.currentId;
    if (!conversationId || !this.#connection) return;
    if (!this.#typingSent) this.#connection.notify('typing', { conversationId, typing: true });
    this.#typingSent = true;
    this.#timer('typing', TYPING_IDLE_MS, () => this.#stopTyping());
  }

  /** Nobody is online: the team answers later, by email if the visitor leaves one. */
  get away(): boolean {
    return this.agentsOnline === false;
  }

  /**
   * `Zendo.identify()`: PATCH /widget/visitor. A refused identity (IDENTITY_UNVERIFIED) is
   * warned about once and rejects with that code; a verified one that makes this device
   * another visitor's (the user was known on another device) loads that visitor's conversations.
   */
  async identify(profile: VisitorProfile): Promise<void> {
    await this.start(false);
    let visitor: Visitor;
    try {
      visitor = await this.deps.api.updateVisitor(this.#token!, profile);
    } catch (error) {
      if (error instanceof WidgetApiError && error.code === IDENTITY_UNVERIFIED) this.#warnUnverified();
      const renewing = error instanceof WidgetApiError && error.deadToken && this.#renew();
      if (!renewing) throw error;
      await renewing;
      return this.identify(profile); // with the new token; a second dead token is not renewed again
    }
    const switched = visitor.id !== this.visitor?.id;
    this.visitor = visitor;
    if (switched) await this.#restart('switch');
    this.#changed();
  }

  destroy(): void {
    this.#destroyed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#connection?.close();
  }

  /**
   * `again`: while the chat is on screen, with what it shows kept until the new bootstrap is in.
   * `renew` is a new visitor (the old one's outbox goes), `switch` this visitor turned out to
   * be another (a verified identify): their conversations replace these, the outbox carries over.
   */
  async #bootstrap(again?: 'renew' | 'switch'): Promise<void> {
    if (!again) {
      this.phase = 'loading';
      this.#changed();
    }
    const { storage } = this.deps;
    const result = this.#prefetched ?? (await this.#fetchBootstrap());
    this.#prefetched = undefined; // a retry asks the API again
    const previous = this.visitor?.id;
    if (again === 'renew') {
      // Nothing of the visitor the API forgot stays on this device.
      this.outbox.discard(null);
      for (const c of this.conversations) storage.forget(c.id);
    } else if (previous && previous !== result.visitor.id) storage.writeOutbox(previous, []);
    storage.token = this.#token = result.visitorToken;
    this.visitor = result.visitor;
    this.messages.clear();
    this.website = result.website;
    if (typeof result.website.online === 'boolean') this.agentsOnline = result.website.online;
    const localized = Promise.resolve(this.events.website(result.website)).catch(() => undefined);
    this.conversations = result.conversations;
    const open = this.conversations.find((c) => c.status === 'open');
    // Before the history loads, so that loading it settles whatever the server already has.
    this.outbox.restore(storage.readOutbox(result.visitor.id));
    if (again === 'switch') storage.writeOutbox(result.visitor.id, this.outbox.items);
    // Written before their conversation existed: conversation:open would put them into the open one.
    if (open) this.outbox.adopt(open.id);
    const startsNew = this.outbox.items.some((m) => m.conversationId === null);
    this.currentId = startsNew ? null : ((open ?? this.conversations[0])?.id ?? null);
    if (this.currentId) await this.#catchUp(this.currentId, false);
    await localized;
    this.phase = 'ready';
    this.#changed();
  }

  /** With the page's identity while it has not been refused; refused, once more without it. */
  async #fetchBootstrap(): Promise<Bootstrap> {
    const { api, websiteKey, identity } = this.deps;
    const page = (this.deps.page ?? pageContext)();
    if (identity && !this.#unverified) {
      try {
        return await api.bootstrap(websiteKey, this.#token, { ...page, ...identity });
      } catch (error) {
        if (!(error instanceof WidgetApiError && error.code === IDENTITY_UNVERIFIED)) throw error;
        this.#warnUnverified();
      }
    }
    return api.bootstrap(websiteKey, this.#token, page);
  }

  /**
   * The visitor token stopped working (the visitor was erased, or the token expired): forget
   * it and start over as a new visitor, at most once per page. The panel stays as it is
   * meanwhile, so a draft in the composer is kept. Undefined when it was done already.
   */
  #renew(): Promise<void> | undefined {
    if (this.#renewed) return undefined;
    this.#renewed = true;
    this.deps.storage.token = this.#token = null;
    return this.#restart('renew');
  }

  #restart(again: 'renew' | 'switch'): Promise<void> {
    const connection = this.#connection;
    // The socket speaks for the previous visitor: a new one connects once the bootstrap is in.
    this.#connection = undefined;
    this.#connected = false;
    connection?.close();
    const restarting = this.#bootstrap(again).then(
      () => {
        if (connection) this.#connect();
      },
      (error: unknown) => {
        this.#starting = undefined; // "Try again" bootstraps afresh
        this.phase = 'offline';
        this.#changed();
        throw error;
      },
    );
    this.#starting = restarting;
    return restarting;
  }

  #connect(): void {
    if (this.#connection || this.#connecting || this.phase !== 'ready' || this.#destroyed) return;
    const auth = () => ({ websiteKey: this.deps.websiteKey, visitorToken: this.#token ?? '' });
    this.#connecting = this.deps
      .connect(auth, {
        connected: (again) => this.#onConnected(again),
        disconnected: () => {
          this.#connected = false;
          this.#troubled = true;
          this.#changed();
        },
        refused: (code, retryAfter) => this.#onRefused(code, retryAfter),
        event: (name, payload) => this.#onEvent(name, payload),
      })
      .then(
        (connection) => {
          if (this.#destroyed) connection.close();
          else this.#connection = connection;
          this.#changed();
        },
        () => undefined, // the socket chunk did not load; the next send or open tries again
      )
      .finally(() => (this.#connecting = undefined));
  }

  #onConnected(again: boolean): void {
    this.#connected = true;
    this.#troubled = false;
    this.#backoff = 1000;
    if (again) this.outbox.resume();
    // Also on the first connect: messages may have arrived between the history fetch and now.
    for (const id of this.messages.keys()) void this.#catchUp(id);
    this.#changed();
    void this.#pump();
  }

  #onRefused(code: string, retryAfter?: number): void {
    if (code === 'ORIGIN_NOT_ALLOWED') {
      this.phase = 'unavailable';
      this.#changed();
      return;
    }
    // The visitor token is dead (the visitor was erased, or it expired): a new visitor, once.
    const renewing = code === 'UNAUTHORIZED' && this.#renew();
    if (renewing)
      renewing.catch(() => undefined); // shown as offline, with "Try again"
    else this.#retryLater(retryAfter);
  }

  /** Told to the page's developer once (a session lives as long as the page): nothing was stored. */
  #warnUnverified(): void {
    if (this.#unverified) return;
    this.#unverified = true;
    console.warn(
      'Zendo: identify() was refused with IDENTITY_UNVERIFIED: userHash must be the hex HMAC-SHA256 of userId ' +
        "with the website's identity secret. Nothing was stored; the visitor stays anonymous.",
    );
  }

  /**
   * After a refusal (BUSY, UNAVAILABLE, RATE_LIMITED...): no sooner than the server's `retryAfter`,
   * backing off, and spread by jitter so a crowd refused together does not come back together.
   */
  #retryLater(retryAfter?: number): void {
    const wait = Math.max((retryAfter ?? 0) * 1000, this.#backoff) * (0.5 + Math.random());
    this.#timer('reconnect', wait, () => this.#connection?.reconnect());
    this.#backoff = Math.min(this.#backoff * 2, MAX_BACKOFF_MS);
  }

  #onEvent(name: ServerEvent, payload: unknown): void {
    const data = payload as {
      message?: Message;
      conversation?: Conversation;
      conversationId?: string;
      messageId?: string;
      typing?: boolean;
      sender?: { type?: string; name?: string | null };
      status?: string;
      seq?: number;
      by?: { type?: string };
    };
    switch (name) {
      case 'message:new':
        if (data.message) this.#receive(data.message);
        break;
      case 'message:deleted':
        if (data.conversationId && data.messageId) this.#redact(data.conversationId, data.messageId);
        break;
      case 'conversation:open':
      case 'conversation:close':
        if (data.conversation) this.#upsert(data.conversation);
        break;
      case 'conversation:deleted':
        if (data.conversationId) this.#forget(data.conversationId);
        break;
      case 'typing':
        if (data.sender?.type === 'visitor' || data.conversationId !== this.currentId) break;
        this.typing = data.typing ? data.sender?.name || '' : null;
        if (data.typing) this.#timer('agent-typing', AGENT_TYPING_MS, () => this.#setTyping(null));
        break;
      case 'presence':
        if (data.status === 'online' || data.status === 'offline') this.agentsOnline = data.status === 'online';
        break;
      case 'conversation:read':
        if (data.conversationId && typeof data.seq === 'number')
          this.#read(data.conversationId, data.seq, data.by?.type);
    }
    this.#changed();
  }

  /** The team read up to `seq` ("Seen"), or the visitor did, on another page. */
  #read(conversationId: string, seq: number, by: string | undefined): void {
    const conversation = this.conversations.find((c) => c.id === conversationId);
    const key = by === 'agent' ? 'agentReadSeq' : 'visitorReadSeq';
    if (conversation && seq > (conversation[key] ?? 0)) this.#upsert({ ...conversation, [key]: seq });
  }

  #setTyping(name: string | null): void {
    this.typing = name;
    this.#changed();
  }

  /** A deleted message keeps its place in the conversation, without its body. */
  #redact(conversationId: string, messageId: string): void {
    this.#deleted.add(messageId);
    const list = this.messages.get(conversationId);
    const held = list?.find((m) => m.id === messageId);
    if (!list || !held) return; // not here yet: #ingest redacts it when it comes
    this.messages.set(
      conversationId,
      list.map((m) => (m === held ? redacted(m) : m)),
    );
    this.outbox.settle(held.clientMessageId); // a copy still waiting for its ack, stored for the next page
    this.events.removed?.([messageId]);
  }

  /** A deleted conversation leaves the widget and its storage; the visitor can start a new one. */
  #forget(conversationId: string): void {
    this.#gone.add(conversationId);
    const removed = (this.messages.get(conversationId) ?? []).map((m) => m.id);
    this.messages.delete(conversationId);
    this.conversations = this.conversations.filter((c) => c.id !== conversationId);
    this.outbox.discard(conversationId);
    this.deps.storage.forget(conversationId);
    if (this.currentId === conversationId) {
      this.currentId = null;
      this.typing = null;
    }
    this.events.removed?.(removed);
  }

  #receive(message: Message): void {
    if (this.#gone.has(message.conversationId)) return;
    const list = this.messages.get(message.conversationId);
    if (!list) {
      // A conversation whose history is not here yet: load all of it, this one included.
      if (!this.conversations.some((c) => c.id === message.conversationId)) this.#upsert(placeholder(message));
      this.events.added([message]);
      void this.#catchUp(message.conversationId, false);
      return;
    }
    const before = lastSeq(list);
    if (message.sender.type !== 'visitor' && message.conversationId === this.currentId) this.typing = null;
    this.#ingest(message.conversationId, [message], true);
    if (leavesGap(list, message)) void this.#catchUp(message.conversationId, true, before);
  }

  #ingest(conversationId: string, incoming: Message[], live: boolean): void {
    if (this.#gone.has(conversationId)) return;
    const checked = incoming.map((m) => (this.#deleted.has(m.id) ? redacted(m) : m));
    const { list, added } = mergeMessages(this.messages.get(conversationId) ?? [], checked);
    this.messages.set(conversationId, list);
    for (const message of added) {
      if (message.sender.type === 'visitor') this.outbox.settle(message.clientMessageId);
    }
    if (added.length && live) this.events.added(added);
  }

  /** Fetches what a conversation holds after `afterSeq`; one fetch at a time per conversation. */
  #catchUp(conversationId: string, live = true, afterSeq?: number): Promise<void> {
    const previous = this.#syncs.get(conversationId) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (!this.#token || this.#destroyed) return;
      if (this.#gone.has(conversationId)) return;
      const from = afterSeq ?? lastSeq(this.messages.get(conversationId) ?? []);
      let fetched: Message[];
      try {
        fetched = await this.deps.api.messagesAfter(this.#token, conversationId, from);
      } catch (error) {
        // While the chat is up, a dead token means a new visitor; during the first bootstrap it fails the start.
        if (!(error instanceof WidgetApiError && error.deadToken && this.phase === 'ready')) throw error;
        this.#renew()?.catch(() => undefined);
        return;
      }
      this.#ingest(conversationId, fetched, live);
      this.#changed();
    });
    // A failed catch-up is retried by the next reconnect or wake; it must not block later ones.
    this.#syncs.set(
      conversationId,
      next.catch(() => undefined),
    );
    return next;
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let item = this.outbox.next(); item && this.#connection?.connected; item = this.outbox.next()) {
        await this.#deliver(this.#connection, item);
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #deliver(connection: ChatConnection, item: PendingMessage): Promise<void> {
    const { clientMessageId, body, conversationId } = item;
    try {
      // Without a conversation, conversation:open creates it and its first message together.
      const ack = conversationId
        ? await connection.request<{ message: Message }>('message:new', { conversationId, body, clientMessageId })
        : await connection.request<{ conversation: Conversation; message?: Message }>('conversation:open', {
            body,
            clientMessageId,
            ...(this.deps.page ?? pageContext)(),
          });
      if (!ack.ok) {
        this.outbox.fail(clientMessageId, ack.error.code);
      } else {
        if ('conversation' in ack) this.#opened(ack.conversation);
        if (ack.message) this.#ingest(ack.message.conversationId, [ack.message], true);
        this.outbox.settle(clientMessageId);
      }
    } catch {
      // Disconnected: it stays pending and goes again, same id, once reconnected.
      if (connection.connected) this.outbox.fail(clientMessageId, TIMEOUT);
    }
    this.#changed();
  }

  #opened(conversation: Conversation): void {
    this.#upsert(conversation);
    this.outbox.adopt(conversation.id);
    if (!this.messages.has(conversation.id)) this.messages.set(conversation.id, []);
    if (this.currentId === null) this.currentId = conversation.id;
  }

  #upsert(conversation: Conversation): void {
    if (this.#gone.has(conversation.id)) return;
    const others = this.conversations.filter((c) => c.id !== conversation.id);
    const known = others.length !== this.conversations.length;
    this.conversations = known
      ? this.conversations.map((c) =>
          c.id === conversation.id
            ? {
                ...conversation,
                // Events may carry a conversation without how far the team read it, or not yet as far.
                agentReadSeq: Math.max(c.agentReadSeq ?? 0, conversation.agentReadSeq ?? 0),
              }
            : c,
        )
      : [conversation, ...others];
  }

  #stopTyping(): void {
    clearTimeout(this.#timers.get('typing'));
    if (this.#typingSent && this.currentId) {
      this.#connection?.notify('typing', { conversationId: this.currentId, typing: false });
    }
    this.#typingSent = false;
  }

  #timer(name: string, ms: number, task: () => void): void {
    clearTimeout(this.#timers.get(name));
    this.#timers.set(name, setTimeout(task, ms));
  }

  #changed(): void {
    if (this.#destroyed) return;
    if (this.#viewing && this.currentId) {
      this.deps.storage.markRead(this.currentId, lastSeq(this.currentMessages));
      if (lastSeq(this.currentMessages) > (this.current?.visitorReadSeq ?? 0)) {
        this.#receipts ??= import('./lazy/receipts').then(
          (chunk) => new chunk.Receipts(this, this.deps.api),
          () => (this.#receipts = undefined), // the next change tries again
        );
        void this.#receipts.then((receipts) => receipts?.shown());
      }
    }
    this.events.changed();
  }
}

function redacted(message: Message): Message {
  return { ...message, body: '', deletedAt: message.deletedAt ?? new Date().toISOString() };
}

function placeholder(message: Message): Conversation {
  return {
    id: message.conversationId,
    websiteId: '',
    visitorId: '',
    status: 'open',
    assigneeId: null,
    lastSeq: message.seq,
    lastMessageAt: message.createdAt,
    createdAt: message.createdAt,
    closedAt: null,
    tags: [],
  };
}
