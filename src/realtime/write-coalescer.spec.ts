import { createServer, Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, Socket } from 'socket.io';
import { io, Socket as ClientSocket } from 'socket.io-client';
import { SOCKET_OPTIONS } from './zendo-io.adapter';
import { coalesceWrites } from './write-coalescer';

/** A real Socket.IO server and client over loopback; counts the server's writes to the TCP socket. */
async function pair(coalesce: boolean) {
  const http: HttpServer = createServer();
  const server = new Server(http, SOCKET_OPTIONS);
  if (coalesce) coalesceWrites(server);
  const writes = { calls: 0 };
  const connected = new Promise<Socket>((resolve) => {
    server.on('connection', (socket) => {
      const tcp = socket.conn.request.socket as NetSocket & {
        _write: (...args: unknown[]) => void;
        _writev: (...args: unknown[]) => void;
      };
      for (const name of ['_write', '_writev'] as const) {
        const original = tcp[name].bind(tcp);
        tcp[name] = (...args: unknown[]) => {
          writes.calls += 1;
          original(...args);
        };
      }
      resolve(socket);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const client: ClientSocket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
  const socket = await connected;
  await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  const received: number[] = [];
  client.on('n', (n: number) => received.push(n));
  const close = async () => {
    client.close();
    await server.close();
  };
  return { server, socket, client, writes, received, close };
}

async function until(check: () => boolean, ms = 5000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('coalesceWrites', () => {
  it('sends what one turn emits to a socket in one write, in order', async () => {
    const { socket, writes, received, close } = await pair(true);
    writes.calls = 0;
    for (let n = 0; n < 50; n++) socket.emit('n', n);
    await until(() => received.length === 50);
    expect(received).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(writes.calls).toBe(1);
    await close();
  });

  it('is what makes the difference: without it each emit is a write of its own', async () => {
    const { socket, writes, received, close } = await pair(false);
    writes.calls = 0;
    for (let n = 0; n < 50; n++) socket.emit('n', n);
    await until(() => received.length === 50);
    expect(writes.calls).toBeGreaterThanOrEqual(25);
    await close();
  });

  it('keeps order across turns, acks and broadcasts, and writes again after each turn', async () => {
    const { server, socket, client, writes, received, close } = await pair(true);
    socket.on('echo', (n: number, ack: (n: number) => void) => {
      server.emit('n', n);
      ack(n);
    });
    writes.calls = 0;
    const acks: number[] = [];
    for (let turn = 0; turn < 5; turn++) {
      const sent = Array.from({ length: 10 }, (_, i) => turn * 10 + i);
      acks.push(...(await Promise.all(sent.map((n) => client.emitWithAck('echo', n) as Promise<number>))));
    }
    await until(() => received.length === 50);
    expect(acks).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(received).toEqual(acks);
    // 50 acks and 50 broadcasts: far fewer writes than the 100 frames.
    expect(writes.calls).toBeLessThan(50);
    await close();
  });

  it('empties each buffer handed to the transport once it is sent, and still delivers every packet', async () => {
    const { server, socket, client, received, close } = await pair(true);
    const handed: unknown[][] = [];
    server.engine.on('flush', (_connection: unknown, buffer: unknown[]) => handed.push(buffer));
    socket.on('echo', (n: number, ack: (n: number) => void) => {
      socket.emit('n', n);
      ack(n);
    });
    try {
      const acks: number[] = [];
      for (let turn = 0; turn < 3; turn++) {
        const sent = Array.from({ length: 5 }, (_, i) => turn * 5 + i);
        acks.push(...(await Promise.all(sent.map((n) => client.emitWithAck('echo', n) as Promise<number>))));
        for (let n = 0; n < 5; n++) socket.emit('n', 100 + turn * 5 + n);
      }
      const expected = [...acks, ...Array.from({ length: 15 }, (_, n) => 100 + n)].sort((a, b) => a - b);
      await until(() => received.length === expected.length);
      expect(acks).toEqual(Array.from({ length: 15 }, (_, n) => n));
      expect([...received].sort((a, b) => a - b)).toEqual(expected);
      expect(handed.length).toBeGreaterThan(0);
      // What the transport took is let go: no array handed over still points at its packets.
      expect(handed.map((buffer) => buffer.length)).toEqual(handed.map(() => 0));
    } finally {
      await close();
    }
  });

  it('leaves a socket that closes with packets held without errors', async () => {
    const { socket, client, close } = await pair(true);
    const closed = new Promise((resolve) => client.once('disconnect', resolve));
    for (let n = 0; n < 5; n++) socket.emit('n', n);
    socket.disconnect(true);
    await closed;
    await close();
  });
});
