import { Logger } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-clients';
import type { Server } from 'socket.io';

const logger = new Logger('Redis');
/** At most one log line per command per this many ms while it keeps failing (an outage is thousands). */
const LOG_EVERY_MS = 5000;

/**
 * The Socket.IO Redis adapters call `publish`, `subscribe` and `psubscribe` (and their sharded
 * `spublish` / `ssubscribe`) without handling their rejection; ioredis rejects queued commands while Redis is unreachable, and an unhandled
 * rejection would end the process. On these two clients (the adapter's own), those commands
 * resolve instead, the failure logged: what was published in the outage is lost to the other
 * instances, and `resyncAfterOutage` makes their clients catch up.
 */
export function guardAdapterCommands(pub: RedisClient, sub: RedisClient): void {
  for (const client of [pub, sub]) for (const command of COMMANDS) guard(client, command);
}

const COMMANDS = ['publish', 'spublish', 'subscribe', 'psubscribe', 'ssubscribe'] as const;

function guard(client: RedisClient, command: (typeof COMMANDS)[number]): void {
  const original = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
  let failed = 0;
  let loggedAt = 0;
  const replacement = (...args: unknown[]) =>
    original(...args).catch((error: Error) => {
      failed += 1;
      const now = Date.now();
      if (now - loggedAt >= LOG_EVERY_MS) {
        logger.warn(`${command} failed (${failed} since the last report): ${error.message}`);
        loggedAt = now;
        failed = 0;
      }
      return 0;
    });
  Object.assign(client, { [command]: replacement });
}

/**
 * When the adapter's subscriber connection was lost (Redis restarted or unreachable), events the
 * other instances published meanwhile never arrive here. Once it is subscribed again, this
 * instance's sockets are disconnected, so their clients reconnect and fetch what they missed with
 * `afterSeq`, as after any reconnect. A pause that keeps the connection (SIGSTOP) loses nothing and
 * disconnects no one. On a Redis Cluster the sharded subscribers are connections of their own,
 * which the cluster client reports as `-subscriber` / `+subscriber`.
 */
export function resyncAfterOutage(server: Server, sub: RedisClient): void {
  let lost = false;
  const down = () => {
    if (!lost) logger.warn('subscriber connection lost: fan-out from other instances paused');
    lost = true;
  };
  sub.on('close', down);
  sub.on('-subscriber', down);
  const up = () => {
    if (!lost) return;
    lost = false;
    // ioredis subscribes again once ready; a moment later the channels are live again.
    setTimeout(() => {
      const count = server.of('/').sockets.size;
      logger.warn(`subscriber back: disconnecting ${count} local sockets so their clients catch up`);
      server.local.disconnectSockets(true);
    }, 200).unref();
  };
  sub.on('ready', up);
  sub.on('+subscriber', up);
}
