import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { RedisClients } from '../redis/redis-clients';

/** socket.io-adapter's MessageType.SERVER_SIDE_EMIT (how ConversationFanout reaches other instances). */
const SERVER_SIDE_EMIT = 9;
/** Entries the stream keeps (trimmed approximately): minutes of traffic at the rates measured. */
const STREAM_MAX_LEN = 10_000;

/** What `Server#adapter` takes. */
type AdapterFactory = NonNullable<Parameters<Server['adapter']>[0]>;

interface ClusterMessageLike {
  type: number;
  data?: { requestId?: unknown };
}

/**
 * The Socket.IO adapter between instances, as configured:
 * - `pubsub` over one Redis: `@socket.io/redis-adapter` (PUBLISH / SUBSCRIBE);
 * - `pubsub` over a Redis Cluster: its sharded adapter (SPUBLISH / SSUBSCRIBE, Redis 7), so each
 *   message goes to the one node that owns its channel instead of to every node of the cluster.
 *   `static` subscriptions: one channel per namespace (plus one per instance for responses), not
 *   one per room, since conversation events leave as server-side emits on the namespace's channel
 *   anyway, and a channel per visitor room would be an SSUBSCRIBE for every visitor connecting;
 * - `streams`: `@socket.io/redis-streams-adapter` (XADD / XREAD, which resumes from the last entry
 *   read after a broken connection). It sends server-side emits over plain pub/sub; here they go
 *   to the stream like broadcasts, so conversation events get its replay too.
 */
export function redisAdapter(redis: RedisClients, prefix: string, kind: 'pubsub' | 'streams'): AdapterFactory {
  const channelPrefix = `${prefix}socket.io`;
  if (kind === 'streams') return streamsAdapter(redis, prefix);
  if (redis.cluster)
    return createShardedAdapter(redis.pub, redis.sub, { channelPrefix, subscriptionMode: 'static' }) as AdapterFactory;
  return createAdapter(redis.pub, redis.sub, { key: channelPrefix }) as AdapterFactory;
}

function streamsAdapter(redis: RedisClients, prefix: string): AdapterFactory {
  // `sub` has no key prefix and takes no subscriptions of its own in this mode; the adapter
  // duplicates it for its blocking XREAD and for its pub/sub.
  const client = redis.sub;
  const streamName = `${prefix}socket.io-stream`;
  const factory = createStreamsAdapter(client, {
    streamName,
    channelPrefix: `${prefix}socket.io`,
    useShardedPubSub: redis.cluster,
    maxLen: STREAM_MAX_LEN,
    // the blocking XREAD notices a closed adapter when it returns: shutdown waits at most this long
    blockTimeInMs: 1000,
    onlyPlaintext: true,
  });
  // Socket.IO calls it with `new`: a function, not an arrow.
  return function streamsAdapterOf(nsp: Parameters<typeof factory>[0]) {
    const adapter = factory(nsp) as unknown as {
      doPublish(message: ClusterMessageLike): Promise<string>;
      encode(message: ClusterMessageLike): Record<string, string>;
    };
    const publish = adapter.doPublish.bind(adapter);
    adapter.doPublish = (message) => {
      if (message.type !== SERVER_SIDE_EMIT || message.data?.requestId !== undefined) return publish(message);
      const fields: string[] = Object.entries(adapter.encode(message)).flat();
      return client.xadd(streamName, 'MAXLEN', '~', STREAM_MAX_LEN, '*', ...fields) as Promise<string>;
    };
    return adapter;
  } as unknown as AdapterFactory;
}
