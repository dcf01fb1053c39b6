import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis/redis-clients';
import type { ConversationRef } from '../conversations/conversation.types';
import { AgentStatus, Orphans, PresenceChoice, PresenceStore } from './presence.store';

/** Every key shares the hash tag `{presence}`, so the scripts below stay in one Redis Cluster slot. */
const SOCKETS = "prefix .. '{presence}:sockets:' .. "; // Lua fragments, see the scripts
const INSTANCES = '{presence}:instances';
const CHOICE = '{presence}:choice';
const STATUS = '{presence}:status';
const WEBSITE = '{presence}:website';
const viewersKey = (conversationId: string) => `{presence}:viewers:${conversationId}`;
const viewingKey = (instanceId: string) => `{presence}:viewing:${instanceId}`;

const ADD_SOCKETS = `
  local prefix, inst, agent, delta, now, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
  redis.call('ZADD', KEYS[1], now, inst)
  local own = ${SOCKETS}inst
  if delta ~= 0 then
    if redis.call('HINCRBY', own, agent, delta) < 0 then redis.call('HSET', own, agent, 0) end
  end
  local total = 0
  for _, live in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - ttl, '+inf')) do
    total = total + tonumber(redis.call('HGET', ${SOCKETS}live, agent) or '0')
  end
  return total`;

const FORGET = `if redis.call('HGET', KEYS[1], ARGV[1]) == '0' then redis.call('HDEL', KEYS[1], ARGV[1]) end return 0`;

const ANNOUNCE = `
  local old = redis.call('HGET', KEYS[1], ARGV[1]) or ARGV[3]
  if old == ARGV[2] then return 0 end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1`;

const SET_VIEWER = `
  if ARGV[2] == '' then redis.call('HDEL', KEYS[1], ARGV[1])
  else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); redis.call('SADD', KEYS[2], ARGV[3]) end
  return redis.call('HVALS', KEYS[1])`;

/**
 * Takes over instances (the dead ones, or this one when it stops): removes them, their socket
 * counts and their viewers, and answers what they held. One script, so each dead instance is
 * taken over once even when every instance looks at the same moment.
 */
const TAKE_OVER = `
  local prefix, mode = ARGV[1], ARGV[2]
  local gone
  if mode == 'dead' then gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[3]))
  else gone = { ARGV[3] } end
  local agents, conversations = {}, {}
  for _, inst in ipairs(gone) do
    redis.call('ZREM', KEYS[1], inst)
    local sockets = ${SOCKETS}inst
    for _, agent in ipairs(redis.call('HKEYS', sockets)) do table.insert(agents, agent) end
    redis.call('DEL', sockets)
    local viewing = prefix .. '{presence}:viewing:' .. inst
    for _, member in ipairs(redis.call('SMEMBERS', viewing)) do
      local conversation = string.match(member, '^[^|]+')
      local viewers = prefix .. '{presence}:viewers:' .. conversation
      for _, field in ipairs(redis.call('HKEYS', viewers)) do
        if string.sub(field, 1, #inst + 1) == inst .. '|' then redis.call('HDEL', viewers, field) end
      end
      table.insert(conversations, member)
    end
    redis.call('DEL', viewing)
  end
  return { agents, conversations }`;

interface PresenceCommands {
  zendoAddSockets(key: string, ...args: (string | number)[]): Promise<number>;
  zendoForget(key: string, agentId: string): Promise<number>;
  zendoAnnounce(key: string, id: string, value: string, fallback: string): Promise<number>;
  zendoSetViewer(viewers: string, viewing: string, field: string, agentId: string, member: string): Promise<string[]>;
  zendoTakeOver(key: string, ...args: (string | number)[]): Promise<[string[], string[]]>;
}

const refOf = (member: string): ConversationRef => {
  const [id, websiteId, visitorId] = member.split('|');
  return { id, websiteId, visitorId };
};

/** Presence shared by every instance through Redis (see PresenceStore). */
export class RedisPresenceStore implements PresenceStore {
  readonly instanceId = randomBytes(8).toString('hex');
  private readonly redis: RedisClient & PresenceCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    redis.defineCommand('zendoAddSockets', { numberOfKeys: 1, lua: ADD_SOCKETS });
    redis.defineCommand('zendoForget', { numberOfKeys: 1, lua: FORGET });
    redis.defineCommand('zendoAnnounce', { numberOfKeys: 1, lua: ANNOUNCE });
    redis.defineCommand('zendoSetViewer', { numberOfKeys: 2, lua: SET_VIEWER });
    redis.defineCommand('zendoTakeOver', { numberOfKeys: 1, lua: TAKE_OVER });
    this.redis = redis as RedisClient & PresenceCommands;
  }

  addSockets(agentId: string, delta: number): Promise<number> {
    return this.redis.zendoAddSockets(INSTANCES, this.prefix, this.instanceId, agentId, delta, Date.now(), this.ttlMs);
  }

  async forget(agentId: string): Promise<void> {
    await this.redis.zendoForget(`{presence}:sockets:${this.instanceId}`, agentId);
  }

  async choice(agentId: string): Promise<PresenceChoice> {
    return (await this.redis.hget(CHOICE, agentId)) === 'away' ? 'away' : 'online';
  }

  async setChoice(agentId: string, choice: PresenceChoice): Promise<void> {
    if (choice === 'online') await this.redis.hdel(CHOICE, agentId);
    else await this.redis.hset(CHOICE, agentId, choice);
  }

  async announce(agentId: string, status: AgentStatus): Promise<boolean> {
    return (await this.redis.zendoAnnounce(STATUS, agentId, status, 'offline')) === 1;
  }

  async statuses(agentIds: string[]): Promise<AgentStatus[]> {
    if (agentIds.length === 0) return [];
    const values = await this.redis.hmget(STATUS, ...agentIds);
    return values.map((v) => (v === 'online' || v === 'away' ? v : 'offline'));
  }

  async announceWebsite(websiteId: string, online: boolean): Promise<boolean> {
    return (await this.redis.zendoAnnounce(WEBSITE, websiteId, online ? '1' : '0', '0')) === 1;
  }

  async websiteOnline(websiteId: string): Promise<boolean | null> {
    const value = await this.redis.hget(WEBSITE, websiteId);
    return value === null ? null : value === '1';
  }

  async setViewer(conversation: ConversationRef, socketKey: string, agentId: string | null): Promise<string[]> {
    const agents = await this.redis.zendoSetViewer(
      viewersKey(conversation.id),
      viewingKey(this.instanceId),
      `${this.instanceId}|${socketKey}`,
      agentId ?? '',
      `${conversation.id}|${conversation.websiteId}|${conversation.visitorId}`,
    );
    return [...new Set(agents)];
  }

  async heartbeat(): Promise<void> {
    await this.redis.zadd(INSTANCES, Date.now(), this.instanceId);
  }

  reapDead(): Promise<Orphans> {
    return this.takeOver('dead', Date.now() - this.ttlMs);
  }

  leave(): Promise<Orphans> {
    return this.takeOver('self', this.instanceId);
  }

  private async takeOver(mode: 'dead' | 'self', arg: string | number): Promise<Orphans> {
    const [agents, conversations] = await this.redis.zendoTakeOver(INSTANCES, this.prefix, mode, arg);
    return { agents: [...new Set(agents)], conversations: [...new Set(conversations)].map(refOf) };
  }
}
