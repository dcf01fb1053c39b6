import type { Ack } from './types';

export interface VisitorAuth {
  websiteKey: string;
  visitorToken: string;
}

export type ServerEvent =
  | 'message:new'
  | 'message:deleted'
  | 'conversation:open'
  | 'conversation:close'
  | 'conversation:deleted'
  | 'typing'
  | 'presence'
  | 'conversation:read';

const SERVER_EVENTS: readonly string[] = [
  'message:new',
  'message:deleted',
  'conversation:open',
  'conversation:close',
  'conversation:deleted',
  'typing',
  'presence',
  'conversation:read',
] satisfies ServerEvent[];

export interface ConnectionHandlers {
  /** `again` is false on the first connect, true after every reconnect. */
  connected(again: boolean): void;
  /** The link dropped, or an attempt to (re)connect failed. */
  disconnected(): void;
  /**
   * The server refused or ended the connection (a `connect_error` code such
   * as UNAUTHORIZED, or a server-side disconnect). These are not retried
   * automatically; the caller decides whether and when to `reconnect()`.
   */
  refused(code: string, retryAfter?: number): void;
  event(name: ServerEvent, payload: unknown): void;
}

/** The visitor's realtime link, as the chat session needs it. */
export interface ChatConnection {
  readonly connected: boolean;
  /** Emits with an acknowledgement; rejects on timeout or when the link drops first. */
  request<T>(event: string, payload: object): Promise<Ack<T>>;
  /** Fire-and-forget, dropped while offline (typing). */
  notify(event: string, payload: object): void;
  reconnect(): void;
  close(): void;
}

/** What this file needs of a WebSocket; the browser's, or a test's stand-in. */
export type WebSocketFactory = (url: string) => WebSocket;

const ACK_TIMEOUT_MS = 10_000;
/** An attempt that has not reached Socket.IO's CONNECT within this is abandoned and retried. */
const OPEN_TIMEOUT_MS = 20_000;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 5000;

// Engine.IO 4 packet types (the first character of a frame), and Socket.IO 5 ones (the second, after MESSAGE).
const EIO_OPEN = '0';
const EIO_CLOSE = '1';
const EIO_PING = '2';
const EIO_PONG = '3';
const EIO_MESSAGE = '4';
const SIO_CONNECT = '0';
const SIO_DISCONNECT = '1';
const SIO_EVENT = '2';
const SIO_ACK = '3';
const SIO_CONNECT_ERROR = '4';

interface PendingAck {
  resolve(ack: unknown): void;
  reject(error: Error): void;
}

/**
 * The visitor's Socket.IO connection, spoken directly: Engine.IO 4 over one
 * WebSocket (the server allows no other transport), Socket.IO 5 text packets
 * on the default namespace, acknowledgements, heartbeats and reconnection
 * with jittered backoff, as socket.io-client does them. The visitor needs no
 * binary packets, namespaces or long-polling, and leaving them out is most of
 * the socket.io-client bundle (about 10 KB gzip).
 */
class SocketIoConnection implements ChatConnection {
  #ws?: WebSocket;
  #connected = false;
  #everConnected = false;
  /** Whether a lost transport is retried on its own; false after a refusal or close(). */
  #retrying = true;
  #attempts = 0;
  #nextId = 0;
  readonly #acks = new Map<number, PendingAck>();
  #retryTimer?: ReturnType<typeof setTimeout>;
  /** Open timeout before CONNECT, heartbeat deadline after. */
  #deadline?: ReturnType<typeof setTimeout>;
  #heartbeatMs = 45_000;

  constructor(
    private readonly url: string,
    private readonly auth: () => VisitorAuth,
    private readonly handlers: ConnectionHandlers,
    private readonly socketFactory: WebSocketFactory,
  ) {
    this.#open();
  }

  get connected(): boolean {
    return this.#connected;
  }

  request<T>(event: string, payload: object): Promise<Ack<T>> {
    return new Promise((resolve, reject) => {
      if (!this.#connected) return reject(new Error('socket is not connected'));
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#acks.delete(id);
        reject(new Error('operation has timed out'));
      }, ACK_TIMEOUT_MS);
      const settle = () => {
        clearTimeout(timer);
        this.#acks.delete(id);
      };
      this.#acks.set(id, {
        resolve: (ack) => (settle(), resolve(ack as Ack<T>)),
        reject: (error) => (settle(), reject(error)),
      });
      this.#send(EIO_MESSAGE + SIO_EVENT + id + JSON.stringify([event, payload]));
    });
  }

  notify(event: string, payload: object): void {
    if (this.#connected) this.#send(EIO_MESSAGE + SIO_EVENT + JSON.stringify([event, payload]));
  }

  /** Connects now: after a refusal, or to skip the rest of a backoff wait. A live attempt is left alone. */
  reconnect(): void {
    this.#retrying = true;
    if (this.#ws) return;
    clearTimeout(this.#retryTimer);
    this.#open();
  }

  close(): void {
    this.#retrying = false;
    clearTimeout(this.#retryTimer);
    if (this.#connected) this.#send(EIO_MESSAGE + SIO_DISCONNECT);
    this.#drop();
  }

  #open(): void {
    let ws: WebSocket;
    try {
      ws = this.socketFactory(this.url);
    } catch {
      this.#lost();
      return;
    }
    this.#ws = ws;
    ws.onmessage = (event) => {
      if (this.#ws === ws && typeof event.data === 'string') this.#receive(event.data);
    };
    ws.onclose = ws.onerror = () => {
      if (this.#ws === ws) this.#lost();
    };
    this.#arm(OPEN_TIMEOUT_MS);
  }

  #receive(frame: string): void {
    switch (frame[0]) {
      case EIO_OPEN: {
        const { pingInterval = 25_000, pingTimeout = 20_000 } = parse(frame.slice(1)) as {
          pingInterval?: number;
          pingTimeout?: number;
        };
        this.#heartbeatMs = pingInterval + pingTimeout;
        // A function, so a reconnect presents the current token after a re-bootstrap.
        this.#send(EIO_MESSAGE + SIO_CONNECT + JSON.stringify(this.auth()));
        return;
      }
      case EIO_PING:
        this.#send(EIO_PONG);
        if (this.#connected) this.#arm(this.#heartbeatMs);
        return;
      case EIO_CLOSE:
        this.#lost();
        return;
      case EIO_MESSAGE:
        this.#packet(frame);
    }
  }

  #packet(frame: string): void {
    let i = 2;
    while (frame[i] >= '0' && frame[i] <= '9') i++;
    const id = i > 2 ? Number(frame.slice(2, i)) : undefined;
    const data = parse(frame.slice(i));
    switch (frame[1]) {
      case SIO_CONNECT:
        clearTimeout(this.#deadline);
        this.#arm(this.#heartbeatMs);
        this.#connected = true;
        this.#attempts = 0;
        this.handlers.connected(this.#everConnected);
        this.#everConnected = true;
        return;
      case SIO_CONNECT_ERROR:
        this.#refused(
          (data as { message?: string } | undefined)?.message ?? 'CONNECT_ERROR',
          (data as { data?: { retryAfter?: unknown } } | undefined)?.data?.retryAfter,
        );
        return;
      case SIO_DISCONNECT:
        this.#refused('DISCONNECTED');
        return;
      case SIO_EVENT:
        if (Array.isArray(data) && SERVER_EVENTS.includes(data[0] as string)) {
          this.handlers.event(data[0] as ServerEvent, data[1]);
        }
        return;
      case SIO_ACK:
        if (id !== undefined && Array.isArray(data)) this.#acks.get(id)?.resolve(data[0]);
    }
  }

  /** The server said no (or ended the session): not retried until the caller asks. */
  #refused(code: string, retryAfter?: unknown): void {
    this.#retrying = false;
    this.#drop();
    this.handlers.disconnected();
    this.handlers.refused(code, typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : undefined);
  }

  /** The transport failed, closed or stopped answering pings: retried with backoff. */
  #lost(): void {
    this.#drop();
    this.handlers.disconnected();
    if (!this.#retrying) return;
    const delay = Math.min(RETRY_MIN_MS * 2 ** this.#attempts++, RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => this.#open(), delay * (0.5 + Math.random()));
  }

  #drop(): void {
    clearTimeout(this.#deadline);
    const ws = this.#ws;
    this.#ws = undefined;
    this.#connected = false;
    if (ws) {
      ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closing
      }
    }
    for (const pending of [...this.#acks.values()]) pending.reject(new Error('socket has been disconnected'));
  }

  /** Gives up on the transport unless something arrives (CONNECT, or the next ping) within `ms`. */
  #arm(ms: number): void {
    clearTimeout(this.#deadline);
    this.#deadline = setTimeout(() => this.#lost(), ms);
  }

  #send(frame: string): void {
    if (this.#ws?.readyState === 1) this.#ws.send(frame);
  }
}

function parse(json: string): unknown {
  try {
    return json ? JSON.parse(json) : undefined;
  } catch {
    return undefined;
  }
}

/** Connects the visitor's socket to `origin` (the API's, ws: or wss: alike). */
export function connectSocket(
  origin: string,
  auth: () => VisitorAuth,
  handlers: ConnectionHandlers,
  socketFactory: WebSocketFactory = (url) => new WebSocket(url),
): Promise<ChatConnection> {
  const url = `${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return Promise.resolve(new SocketIoConnection(url, auth, handlers, socketFactory));
}
