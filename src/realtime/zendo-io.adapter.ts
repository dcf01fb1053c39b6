import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
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
}
