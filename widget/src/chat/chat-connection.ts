import type { io as SocketIo } from 'socket.io-client';
import type { Ack } from './types';

/** Set at build time to the socket chunk's hashed file name, e.g. "./socket-AB12CD34.js". */
declare const __ZENDO_SOCKET_CHUNK__: string;

export interface VisitorAuth {
  websiteKey: string;
  visitorToken: string;
}

export type ServerEvent = 'message:new' | 'conversation:open' | 'conversation:close' | 'typing' | 'presence';

const SERVER_EVENTS: ServerEvent[] = ['message:new', 'conversation:open', 'conversation:close', 'typing', 'presence'];

export interface ConnectionHandlers {
  /** `again` is false on the first connect, true after every reconnect. */
  connected(again: boolean): void;
  /** The link dropped, or an attempt to (re)connect failed. */
  disconnected(): void;
  /**
   * The server refused or ended the connection (a `connect_error` code such
   * as UNAUTHORIZED, or a server-side disconnect). Socket.IO does not retry
   * these by itself; the caller decides whether and when to `reconnect()`.
   */
  refused(code: string): void;
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

const ACK_TIMEOUT_MS = 10_000;

let socketClient: Promise<typeof SocketIo> | undefined;

/** Fetches the socket chunk once; called early so connecting does not wait for it. */
export function loadSocketClient(): Promise<typeof SocketIo> {
  // Resolved against this chunk's own URL, i.e. on the API origin.
  const url = new URL(__ZENDO_SOCKET_CHUNK__, import.meta.url).href;
  socketClient ??= (import(url) as Promise<{ io: typeof SocketIo }>).then(
    (module) => module.io,
    (error: unknown) => {
      socketClient = undefined;
      throw error;
    },
  );
  return socketClient;
}

export async function connectSocket(
  origin: string,
  auth: () => VisitorAuth,
  handlers: ConnectionHandlers,
): Promise<ChatConnection> {
  const io = await loadSocketClient();
  const socket = io(origin, {
    path: '/socket.io/',
    transports: ['websocket'],
    // A function, so a reconnect presents the current token after a re-bootstrap.
    auth: (send) => send(auth()),
  });
  let everConnected = false;
  socket.on('connect', () => {
    handlers.connected(everConnected);
    everConnected = true;
  });
  socket.on('disconnect', (reason) => {
    handlers.disconnected();
    if (reason === 'io server disconnect') handlers.refused('DISCONNECTED');
  });
  socket.on('connect_error', (error) => {
    handlers.disconnected();
    // While `active`, the manager keeps retrying with backoff on its own.
    if (!socket.active) handlers.refused(error.message);
  });
  for (const name of SERVER_EVENTS) socket.on(name, (payload: unknown) => handlers.event(name, payload));
  return {
    get connected() {
      return socket.connected;
    },
    request: (event, payload) => socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload),
    notify: (event, payload) => {
      if (socket.connected) socket.volatile.emit(event, payload);
    },
    reconnect: () => socket.connect(),
    close: () => socket.disconnect(),
  };
}
