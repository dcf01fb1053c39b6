import { Logger } from '@nestjs/common';
import type { Socket as NetSocket } from 'node:net';
import type { Server } from 'socket.io';

const logger = new Logger('Realtime');

/** What this file touches of an Engine.IO connection and its WebSocket transport. */
interface Transport {
  name: string;
  writable: boolean;
  emit(event: 'ready'): boolean;
}
interface EngineConnection {
  id: string;
  transport: Transport;
  request: { socket: NetSocket };
  writeBuffer: unknown[];
  on(event: 'packetCreate', listener: () => void): unknown;
}

/**
 * One write per socket per turn of the event loop. Socket.IO writes each packet to the network
 * as it is emitted: a frame, a syscall. A batch of messages committed together gives an agent's
 * socket one frame per message and each visitor's socket two (the ack and the broadcast), and on
 * loopback or a busy host the syscalls cost more than everything else the server does with a
 * message. Here a connection's packets wait, in Engine.IO's own write buffer, until the end of
 * the current turn (setImmediate), then leave in one `writev`: same frames, same order, fewer calls.
 *
 * How: when a packet is created on a connection whose WebSocket transport is idle, the transport
 * is marked busy (`writable = false`, as it marks itself while writing), so Engine.IO queues the
 * packets. At the end of the turn the TCP socket is corked, the transport marked writable and told
 * `ready` (what it emits itself when a write completes: Engine.IO then flushes its buffer), and
 * the socket uncorked, which writes everything buffered at once. A transport that was already busy
 * is left alone: Engine.IO flushes it when its write completes, as usual.
 *
 * A connection with `writeBufferMax` packets already waiting is a slow consumer, and is closed.
 */
export function coalesceWrites(server: Server, writeBufferMax = Infinity): void {
  const held = new Map<EngineConnection, Transport>();
  let scheduled = false;

  const release = () => {
    scheduled = false;
    const connections = [...held];
    held.clear();
    for (const [connection, transport] of connections) {
      // A closed connection gets a new transport never; a flush after close is a no-op.
      if (connection.transport !== transport) continue;
      const socket = connection.request.socket;
      socket.cork();
      transport.writable = true;
      transport.emit('ready');
      socket.uncork();
    }
  };

  releaseFlushedPackets(server);

  server.engine.on('connection', (connection: EngineConnection) => {
    connection.on('packetCreate', () => {
      // A slow consumer: its packets pile up because the network takes them slower than they come.
      // Past the bound it is cut off (its buffer would grow without end); the client reconnects
      // and fetches what it missed with afterSeq.
      if (connection.writeBuffer.length >= writeBufferMax) {
        if (!connection.request.socket.destroyed)
          logger.warn({ msg: 'slow consumer cut off', connectionId: connection.id, packetsWaiting: writeBufferMax });
        connection.request.socket.destroy();
        return;
      }
      const transport = connection.transport;
      if (transport.name !== 'websocket' || !transport.writable || held.has(connection)) return;
      transport.writable = false;
      held.set(connection, transport);
      if (!scheduled) {
        scheduled = true;
        setImmediate(release);
      }
    });
  });
}

/**
 * Empties each write buffer Engine.IO hands its transport, once the transport has taken it.
 * Engine.IO's flush passes the buffer to `transport.send` and starts a new one, and the old array is
 * dropped. On a socket that writes about once a second (a visitor's), that array has lived through
 * a few scavenges and is in V8's old generation by then; dead or not, it still points at the packets
 * it held (their encoded strings and frames), so every scavenge until the next full collection
 * keeps them alive and they are promoted too: at 1,000 messages a second, more than half of what
 * the process promoted (103 MB in 30 s with the arrays left as they were, 43.6 MB emptied), and
 * the old generation filled and was collected every few seconds. Emptied, the array points at
 * nothing and the packets die young. `send` takes the packets synchronously
 * ('drain' is emitted right after it in the same call), so nothing reads the array afterwards.
 */
function releaseFlushedPackets(server: Server): void {
  let flushed: { connection: unknown; buffer: unknown[] } | null = null;
  server.engine.on('flush', (connection: unknown, buffer: unknown[]) => {
    flushed = { connection, buffer };
  });
  server.engine.on('drain', (connection: unknown) => {
    if (flushed && flushed.connection === connection) flushed.buffer.length = 0;
    flushed = null;
  });
}
