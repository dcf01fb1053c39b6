// @vitest-environment node
// The widget's Socket.IO client against the real Socket.IO server, with the
// server options Zendo runs with (WebSocket only, no upgrades).
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { connectSocket, type ChatConnection, type ConnectionHandlers } from '../../src/chat/chat-connection';

let http: HttpServer;
let io: Server;
let origin: string;
const open: ChatConnection[] = [];

beforeEach(async () => {
  http = createServer();
  io = new Server(http, {
    path: '/socket.io/',
    transports: ['websocket'],
    allowUpgrades: false,
    pingInterval: 300,
    pingTimeout: 200,
  });
  io.use((socket, next) => {
    const token = socket.handshake.auth.visitorToken;
    if (token === 'good') return next();
    if (token === 'busy') return next(Object.assign(new Error('BUSY'), { data: { retryAfter: 2 } }));
    next(new Error('UNAUTHORIZED'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  open.splice(0).forEach((c) => c.close());
  await io.close();
});

function link(visitorToken: string) {
  const on = {
    connected: vi.fn<ConnectionHandlers['connected']>(),
    disconnected: vi.fn<ConnectionHandlers['disconnected']>(),
    refused: vi.fn<ConnectionHandlers['refused']>(),
    event: vi.fn<ConnectionHandlers['event']>(),
  };
  const ready = connectSocket(
    origin,
    () => ({ websiteKey: 'pk_test', visitorToken }),
    on,
    (url) => new NodeWebSocket(url) as unknown as WebSocket,
  ).then((connection) => (open.push(connection), connection));
  return { on, ready };
}

const serverSocket = () => new Promise<Socket>((resolve) => io.once('connection', (socket: Socket) => resolve(socket)));

describe('chat connection against socket.io 4.8', () => {
  it('connects with the auth, exchanges acks and events, and survives several heartbeats', async () => {
    const arrived = serverSocket();
    const { on, ready } = link('good');
    const connection = await ready;
    const socket = await arrived;
    expect(socket.handshake.auth).toEqual({ websiteKey: 'pk_test', visitorToken: 'good' });
    await vi.waitFor(() => expect(on.connected).toHaveBeenCalledWith(false));

    socket.on('message:new', (payload: { body: string }, respond: (ack: unknown) => void) =>
      respond({ ok: true, message: { body: payload.body.toUpperCase() } }),
    );
    await expect(connection.request('message:new', { body: 'héllo ✓' })).resolves.toEqual({
      ok: true,
      message: { body: 'HÉLLO ✓' },
    });

    const typing = new Promise((resolve) => socket.once('typing', resolve));
    connection.notify('typing', { conversationId: 'c1', typing: true });
    await expect(typing).resolves.toEqual({ conversationId: 'c1', typing: true });

    socket.emit('presence', { status: 'online' });
    await vi.waitFor(() => expect(on.event).toHaveBeenCalledWith('presence', { status: 'online' }));

    await new Promise((resolve) => setTimeout(resolve, 1200)); // four ping intervals
    expect(connection.connected).toBe(true);
    expect(on.disconnected).not.toHaveBeenCalled();
  });

  it('hears a refused handshake as its error code', async () => {
    const { on } = link('bad');
    await vi.waitFor(() => expect(on.refused).toHaveBeenCalledWith('UNAUTHORIZED', undefined));
    expect(on.connected).not.toHaveBeenCalled();
  });

  it('hears how long a busy server asks it to wait', async () => {
    const { on } = link('busy');
    await vi.waitFor(() => expect(on.refused).toHaveBeenCalledWith('BUSY', 2));
  });

  it('hears a server-side disconnect, and comes back when asked', async () => {
    const first = serverSocket();
    const { on, ready } = link('good');
    const connection = await ready;
    (await first).disconnect(true);
    await vi.waitFor(() => expect(on.refused).toHaveBeenCalledWith('DISCONNECTED', undefined));
    expect(connection.connected).toBe(false);
    connection.reconnect();
    await vi.waitFor(() => expect(on.connected).toHaveBeenCalledWith(true));
  });

  it('reconnects by itself when the transport is cut', async () => {
    const first = serverSocket();
    const { on } = link('good');
    const socket = await first;
    await vi.waitFor(() => expect(on.connected).toHaveBeenCalledOnce());
    socket.conn.close();
    await vi.waitFor(() => expect(on.disconnected).toHaveBeenCalled());
    await vi.waitFor(() => expect(on.connected).toHaveBeenCalledWith(true), { timeout: 3000 });
    expect(on.refused).not.toHaveBeenCalled();
  });
});
