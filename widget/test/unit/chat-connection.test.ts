import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectSocket, type ChatConnection, type ConnectionHandlers } from '../../src/chat/chat-connection';

/** A WebSocket the test plays the server side of, frame by frame. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(frame: string) {
    this.sent.push(frame);
  }

  close() {
    this.closed = true;
    this.readyState = 3;
  }

  /** The server's Engine.IO handshake. */
  open(pingInterval = 15_000, pingTimeout = 10_000) {
    this.readyState = 1;
    this.frame(`0${JSON.stringify({ sid: 'e1', upgrades: [], pingInterval, pingTimeout, maxPayload: 65536 })}`);
  }

  frame(data: string) {
    this.onmessage?.({ data });
  }

  /** The network goes away under the socket. */
  lose() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const latest = () => FakeSocket.all.at(-1)!;

function handlers() {
  return {
    connected: vi.fn<ConnectionHandlers['connected']>(),
    disconnected: vi.fn<ConnectionHandlers['disconnected']>(),
    refused: vi.fn<ConnectionHandlers['refused']>(),
    event: vi.fn<ConnectionHandlers['event']>(),
  };
}

let token = 'token-1';
async function connect(origin = 'https://api.test') {
  const on = handlers();
  const connection: ChatConnection = await connectSocket(
    origin,
    () => ({ websiteKey: 'pk_test', visitorToken: token }),
    on,
    (url) => new FakeSocket(url) as unknown as WebSocket,
  );
  return { on, connection };
}

/** Handshake and Socket.IO CONNECT, as the server answers a good visitor. */
async function connected(origin?: string) {
  const result = await connect(origin);
  latest().open();
  latest().frame('40{"sid":"s1"}');
  return result;
}

beforeEach(() => {
  FakeSocket.all = [];
  token = 'token-1';
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('connectSocket', () => {
  it('opens an Engine.IO 4 WebSocket on the API origin and connects with the visitor auth', async () => {
    const { on, connection } = await connect('https://api.test');
    expect(latest().url).toBe('wss://api.test/socket.io/?EIO=4&transport=websocket');
    expect(connection.connected).toBe(false);
    latest().open();
    expect(latest().sent).toEqual(['40{"websiteKey":"pk_test","visitorToken":"token-1"}']);
    latest().frame('40{"sid":"s1"}');
    expect(connection.connected).toBe(true);
    expect(on.connected).toHaveBeenCalledWith(false);
  });

  it('uses ws: for an http origin', async () => {
    await connect('http://127.0.0.1:3000');
    expect(latest().url).toBe('ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket');
  });

  it('answers pings with pongs', async () => {
    await connected();
    latest().frame('2');
    expect(latest().sent.at(-1)).toBe('3');
  });

  it('sends requests with an ack id and resolves them with the server’s ack', async () => {
    const { connection } = await connected();
    const first = connection.request('conversation:open', { body: 'hi', clientMessageId: 'c1' });
    const second = connection.request('message:new', { conversationId: 'x', body: 'again', clientMessageId: 'c2' });
    expect(latest().sent.slice(-2)).toEqual([
      '420["conversation:open",{"body":"hi","clientMessageId":"c1"}]',
      '421["message:new",{"conversationId":"x","body":"again","clientMessageId":"c2"}]',
    ]);
    latest().frame('431[{"ok":false,"error":{"code":"RATE_LIMITED"}}]');
    latest().frame('430[{"ok":true,"conversation":{"id":"x"}}]');
    await expect(first).resolves.toEqual({ ok: true, conversation: { id: 'x' } });
    await expect(second).resolves.toEqual({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('rejects a request whose ack does not come within 10 s, and one made while disconnected', async () => {
    const { connection } = await connected();
    const late = connection.request('message:new', {});
    const seen = expect(late).rejects.toThrow('timed out');
    await vi.advanceTimersByTimeAsync(10_000);
    await seen;
    latest().lose();
    await expect(connection.request('message:new', {})).rejects.toThrow('not connected');
  });

  it('delivers the server events the chat listens to, and no others', async () => {
    const { on } = await connected();
    latest().frame('42["message:new",{"message":{"id":"m1"}}]');
    latest().frame('42["presence",{"status":"offline"}]');
    latest().frame('42["something:else",{}]');
    latest().frame('42not json');
    expect(on.event.mock.calls).toEqual([
      ['message:new', { message: { id: 'm1' } }],
      ['presence', { status: 'offline' }],
    ]);
  });

  it('notifies only while connected', async () => {
    const { connection } = await connect();
    connection.notify('typing', { conversationId: 'x', typing: true });
    expect(latest().sent).toEqual([]);
    latest().open();
    latest().frame('40{"sid":"s1"}');
    connection.notify('typing', { conversationId: 'x', typing: true });
    expect(latest().sent.at(-1)).toBe('42["typing",{"conversationId":"x","typing":true}]');
  });

  it('fails pending acks when the link drops, then reconnects with backoff and the current token', async () => {
    const { on, connection } = await connected();
    const pending = connection.request('message:new', {});
    const failed = expect(pending).rejects.toThrow('disconnected');
    latest().lose();
    await failed;
    expect(connection.connected).toBe(false);
    expect(on.disconnected).toHaveBeenCalledOnce();
    expect(on.refused).not.toHaveBeenCalled();

    // The first retry comes after 0.5–1.5 s; a failed one waits longer.
    await vi.advanceTimersByTimeAsync(1500);
    expect(FakeSocket.all).toHaveLength(2);
    latest().lose();
    expect(on.disconnected).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(900);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2100);
    expect(FakeSocket.all).toHaveLength(3);

    token = 'token-2';
    latest().open();
    expect(latest().sent).toEqual(['40{"websiteKey":"pk_test","visitorToken":"token-2"}']);
    latest().frame('40{"sid":"s2"}');
    expect(on.connected).toHaveBeenLastCalledWith(true);
  });

  it('gives up on a transport that stops answering pings', async () => {
    const { on } = await connected();
    await vi.advanceTimersByTimeAsync(20_000);
    latest().frame('2');
    await vi.advanceTimersByTimeAsync(24_000);
    expect(on.disconnected).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(on.disconnected).toHaveBeenCalledOnce();
    expect(FakeSocket.all[0].closed).toBe(true);
  });

  it('passes on the retryAfter a BUSY refusal carries, and only a positive number', async () => {
    const { on, connection } = await connect();
    latest().open();
    latest().frame('44{"message":"BUSY","data":{"retryAfter":3}}');
    expect(on.refused).toHaveBeenLastCalledWith('BUSY', 3);
    connection.reconnect();
    latest().open();
    latest().frame('44{"message":"BUSY","data":{"retryAfter":"soon"}}');
    expect(on.refused).toHaveBeenLastCalledWith('BUSY', undefined);
  });

  it('reports a refused handshake with its code and waits for reconnect() before trying again', async () => {
    const { on, connection } = await connect();
    latest().open();
    latest().frame('44{"message":"UNAUTHORIZED"}');
    expect(on.disconnected).toHaveBeenCalledOnce();
    expect(on.refused).toHaveBeenCalledWith('UNAUTHORIZED', undefined);
    expect(latest().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    connection.reconnect();
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('reports a server-side disconnect as refused', async () => {
    const { on } = await connected();
    latest().frame('41');
    expect(on.refused).toHaveBeenCalledWith('DISCONNECTED', undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('reconnect() skips the rest of a backoff wait but leaves a live attempt alone', async () => {
    const { connection } = await connected();
    latest().lose();
    connection.reconnect();
    expect(FakeSocket.all).toHaveLength(2);
    connection.reconnect();
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('close() says goodbye and stops reconnecting', async () => {
    const { connection, on } = await connected();
    const socket = latest();
    connection.close();
    expect(socket.sent.at(-1)).toBe('41');
    expect(socket.closed).toBe(true);
    expect(on.disconnected).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
