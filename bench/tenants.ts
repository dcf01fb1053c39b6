import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { GeneratorWebsite, SocketTarget } from './load-protocol';

interface AgentSession {
  email: string;
  agentId: string;
  accessToken: string;
  refreshToken: string;
  websiteId: string;
  websiteKey: string;
}

export interface VisitorCredential {
  id: string;
  token: string;
}

/** What a scenario needs from either side: websites, each with an agent socket and visitor sockets. */
export interface Side {
  name: 'relay' | 'zendo';
  websites(
    conversations: number,
    perWebsite: number,
    visitorUrl: string,
    agentUrl: string,
  ): Promise<GeneratorWebsite[]>;
  /** Visitors used by no other scenario, for idle sockets. */
  idleVisitors(count: number, url: string): Promise<SocketTarget[]>;
}

async function post<T>(url: string, body: object, token?: string, forwardedFor?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Zendo tenants: agents signed up through the API (bcrypt cost 12, so few), one website each, and
 * visitors inserted straight into the database (as the bootstrap endpoint would store them:
 * sha256 of the token), so thousands take a second instead of minutes of rate-limited calls.
 */
export class ZendoTenants implements Side {
  readonly name = 'zendo';
  private readonly agents: AgentSession[] = [];
  private readonly visitorPools = new Map<string, VisitorCredential[]>();

  constructor(
    private url: string,
    private readonly db: Client,
  ) {}

  /** Another instance of the same deployment serves the API calls from now on. */
  useInstance(url: string): void {
    this.url = url;
  }

  get websiteKeys(): string[] {
    return this.agents.map((a) => a.websiteKey);
  }

  agentToken(i: number): string {
    return this.agents[i].accessToken;
  }

  websiteId(i: number): string {
    return this.agents[i].websiteId;
  }

  async ensureAgents(count: number): Promise<void> {
    const missing = count - this.agents.length;
    const make = async () => {
      const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
      const session = await post<{ agent: { id: string }; accessToken: string; refreshToken: string }>(
        `${this.url}/api/v1/auth/signup`,
        {
          email,
          password: `pw-${randomBytes(8).toString('hex')}`,
          name: 'Bench agent',
        },
      );
      const website = await post<{ id: string; key: string }>(
        `${this.url}/api/v1/websites`,
        { name: 'Bench shop' },
        session.accessToken,
      );
      this.agents.push({
        email,
        ...session,
        agentId: session.agent.id,
        websiteId: website.id,
        websiteKey: website.key,
      });
    };
    // Two at a time: bcrypt is CPU-bound and the machine has few cores.
    for (let i = 0; i < missing; i += 2) await Promise.all([make(), ...(i + 1 < missing ? [make()] : [])]);
  }

  /** Access tokens live 15 minutes; every scenario starts with fresh ones. */
  /** The first agent, for scenarios that make websites of their own and make it their owner. */
  agentForSearch(): { id: string; accessToken: string } {
    return { id: this.agents[0].agentId, accessToken: this.agents[0].accessToken };
  }

  async refreshTokens(): Promise<void> {
    for (const agent of this.agents) {
      const pair = await post<{ accessToken: string; refreshToken: string }>(`${this.url}/api/v1/auth/refresh`, {
        refreshToken: agent.refreshToken,
      });
      agent.accessToken = pair.accessToken;
      agent.refreshToken = pair.refreshToken;
    }
  }

  async idleVisitors(count: number, url: string): Promise<SocketTarget[]> {
    await this.ensureAgents(1);
    const websiteKey = this.agents[0].websiteKey;
    const fresh = await this.insertVisitors(this.agents[0].websiteId, count);
    return fresh.map((v) => ({ url, auth: { websiteKey, visitorToken: v.token } }));
  }

  async visitors(websiteIndex: number, count: number): Promise<VisitorCredential[]> {
    const websiteId = this.agents[websiteIndex].websiteId;
    const pool = this.visitorPools.get(websiteId) ?? [];
    this.visitorPools.set(websiteId, pool);
    if (count > pool.length) pool.push(...(await this.insertVisitors(websiteId, count - pool.length)));
    return pool.slice(0, count);
  }

  private async insertVisitors(websiteId: string, missing: number): Promise<VisitorCredential[]> {
    const pool: VisitorCredential[] = [];
    for (let offset = 0; offset < missing; offset += 2000) {
      const tokens = Array.from({ length: Math.min(2000, missing - offset) }, () =>
        randomBytes(32).toString('base64url'),
      );
      const ids = tokens.map(() => randomUUID());
      const hashes = tokens.map((t) => createHash('sha256').update(t, 'utf8').digest());
      await this.db.query(
        `WITH v AS (INSERT INTO visitors (id, website_id) SELECT id, $2 FROM unnest($1::uuid[]) AS t(id))
         INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at)
         SELECT h, id, $2, now() + interval '1 day' FROM unnest($1::uuid[], $3::bytea[]) AS t(id, h)`,
        [ids, websiteId, hashes],
      );
      tokens.forEach((token, i) => pool.push({ id: ids[i], token }));
    }
    return pool;
  }

  async websites(conversations: number, perWebsite: number, visitorUrl: string, agentUrl: string) {
    const count = Math.ceil(conversations / perWebsite);
    await this.ensureAgents(count);
    const result: GeneratorWebsite[] = [];
    for (let w = 0; w < count; w++) {
      const n = Math.min(perWebsite, conversations - w * perWebsite);
      const visitors = await this.visitors(w, n);
      result.push({
        agent: { url: agentUrl, auth: { token: this.agents[w].accessToken } },
        visitors: visitors.map((v) => ({
          url: visitorUrl,
          auth: { websiteKey: this.agents[w].websiteKey, visitorToken: v.token },
        })),
      });
    }
    return result;
  }
}

/** The relay takes ids at face value: a website id per agent socket, website and visitor per visitor socket. */
export class RelayTenants implements Side {
  readonly name = 'relay';
  private readonly websiteIds: string[] = [];
  private readonly visitorIds = new Map<string, string[]>();

  async idleVisitors(count: number, url: string): Promise<SocketTarget[]> {
    const websiteId = randomUUID();
    return Array.from({ length: count }, () => ({ url, auth: { websiteId, visitorId: randomUUID() } }));
  }

  async websites(conversations: number, perWebsite: number, visitorUrl: string, agentUrl: string) {
    const count = Math.ceil(conversations / perWebsite);
    while (this.websiteIds.length < count) this.websiteIds.push(randomUUID());
    return this.websiteIds.slice(0, count).map((websiteId, w) => {
      const n = Math.min(perWebsite, conversations - w * perWebsite);
      const ids = this.visitorIds.get(websiteId) ?? [];
      while (ids.length < n) ids.push(randomUUID());
      this.visitorIds.set(websiteId, ids);
      return {
        agent: { url: agentUrl, auth: { websiteIds: [websiteId] } },
        visitors: ids.slice(0, n).map((visitorId) => ({ url: visitorUrl, auth: { websiteId, visitorId } })),
      };
    });
  }
}
