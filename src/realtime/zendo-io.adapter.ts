import { INestApplicationContext, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { stopwatch } from '../common/stopwatch';
import type { RedisClients } from '../redis/redis.module';
import { redisAdapter } from './redis-adapters';
import { guardAdapterCommands, resyncAfterOutage } from './redis-outage';
import { coalesceWrites } from './write-coalescer';

/** The limits every socket lives under. */
export const SOCKET_OPTIONS: Partial<ServerOptions> = {
  path: '/socket.io/',
  // WebSocket only: no long-polling, so any instance can serve any socket without sticky sessions.
  transports: ['websocket'],
  allowUpgrades: false,
  // Compression per socket cost ~234 KiB of memory each; chat frames are small.
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 64 * 1024,
  // A dead client is noticed within pingInterval + pingTimeout = 25 s.
  pingInterval: 15_000,
  pingTimeout: 10_000,
  connectTimeout: 10_000,
  serveClient: false,
};

/**
 * Socket.IO with our options, writes coalesced per turn (slow consumers cut off past `writeBufferMax`
 * packets waiting), and the Redis adapter when Redis is configured (see `redisAdapter`), kept alive
 * through Redis outages.
 */
export class ZendoIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly redis: RedisClients | null,
    private readonly redisPrefix: string,
    private readonly writeBufferMax = Infinity,
    private readonly adapterKind: 'pubsub' | 'streams' = 'pubsub',
  ) {
    super(app);
  }

  /**
   * Zendo's gateway declares no `@SubscribeMessage` handlers (its EventRouter listens itself), so
   * Nest has nothing to bind; without this it would still keep a disconnect observable per socket.
   */
  bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length > 0) super.bindMessageHandlers(...args);
  }

  createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, { ...options, ...SOCKET_OPTIONS });
    coalesceWrites(server, this.writeBufferMax);
    if (this.redis) {
      guardAdapterCommands(this.redis.pub, this.redis.sub);
      server.adapter(redisAdapter(this.redis, this.redisPrefix, this.adapterKind));
      resyncAfterOutage(server, this.redis.sub);
    }
    return server;
  }

  /**
   * On shutdown every socket's TCP connection is cut at once, and the clients reconnect to whichever
   * instance answers (they catch up with afterSeq). Socket.IO's own close would instead send each
   * WebSocket a closing frame and wait for the client's, one handshake per socket: with 10,000
   * sockets the process left 0.81-0.89 s after SIGTERM that way, 0.49-0.55 s this way
   * (`bench/README.md`). Nothing is lost by it: by now the append queue has drained and presence
   * has left (the shutdown hooks that run before this), and a socket has no state a reconnect does
   * not rebuild.
   */
  async close(server: Server): Promise<void> {
    // Every Engine.IO connection, whatever its namespace, and those still in their handshake
    // (`clients` is Engine.IO's registry of them; its typings call it protected).
    const engine = server.engine;
    const { clients } = engine as unknown as { clients: Record<string, { request: { socket: { destroy(): void } } }> };
    const elapsed = stopwatch();
    const cut = engine.clientsCount;
    for (const connection of Object.values(clients)) connection.request.socket.destroy();
    const cutMs = elapsed();
    // The cut connections' close events come on the next turns; Socket.IO's close then has none left.
    for (let waited = 0; engine.clientsCount > 0 && waited < CUT_WAIT_MS; waited += 10) await sleep(10);
    const closedMs = elapsed();
    const left = engine.clientsCount;
    await super.close(server);
    new Logger('Realtime').log(
      `shutdown: ${cut} connections cut in ${cutMs} ms, closed in ${closedMs} ms` +
        `${left ? ` (${left} left to Socket.IO's close)` : ''}, server closed in ${elapsed()} ms`,
    );
  }
}

/** How long shutdown waits for cut connections to close before closing what is left the slow way. */
const CUT_WAIT_MS = 1000;
