import { io, Socket } from 'socket.io-client';

// Payloads are checked by each test's expectations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = any;
export type Ack = { ok: true; [key: string]: Payload } | { ok: false; error: { code: string; message: string } };

/** A real socket.io-client connection, with helpers to await acks and collect broadcasts. */
export class TestSocket {
  private readonly seen = new Map<string, unknown[]>();

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      const list = this.seen.get(event) ?? [];
      list.push(payload);
      this.seen.set(event, list);
    });
  }

  emit(event: string, payload: unknown, timeoutMs = 10_000): Promise<Ack> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack>;
  }

  /** Everything received on `event` so far. */
  received<T = Payload>(event: string): T[] {
    return (this.seen.get(event) ?? []) as T[];
  }

  clear(): void {
    this.seen.clear();
  }

  /** Waits until `count` payloads of `event` have arrived (or fails after `ms`). */
  async waitFor<T = Payload>(event: string, count: number, ms = 10_000): Promise<T[]> {
    const started = Date.now();
    while (this.received(event).length < count) {
      if (Date.now() - started > ms) {
        throw new Error(`waited ${ms} ms for ${count} × ${event}, got ${this.received(event).length}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.received<T>(event);
  }

  /** What arrives on `event` within `ms` from now. */
  async during<T = Payload>(event: string, ms: number): Promise<T[]> {
    const before = this.received(event).length;
    await new Promise((r) => setTimeout(r, ms));
    return this.received<T>(event).slice(before);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export function connect(url: string, auth: Record<string, unknown>, origin?: string): Promise<TestSocket> {
  const socket = io(url, {
    path: '/socket.io/',
    transports: ['websocket'],
    auth,
    reconnection: false,
    forceNew: true,
    extraHeaders: origin ? { Origin: origin } : undefined,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(new TestSocket(socket)));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

/** The connect_error message a handshake is refused with. */
export async function refusal(url: string, auth: Record<string, unknown>, origin?: string): Promise<string> {
  try {
    const socket = await connect(url, auth, origin);
    socket.close();
    return 'CONNECTED';
  } catch (error) {
    return (error as Error).message;
  }
}
