import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AuthService } from '../agents/auth.service';
import { VisitorIdentity } from '../common/auth/visitor-identity';
import { Busy, DomainError } from '../common/domain-error';
import { DomainEvents } from '../common/domain-events';
import { hashToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Batcher } from '../database/batcher';
import { REDIS, RedisClients } from '../redis/redis.module';
import { VisitorsService } from '../visitors/visitors.service';
import '../visitors/visitors.events';
import { WebsitesService } from '../websites/websites.service';
import '../websites/websites.events';
import '../common/auth/session.events';
import { HandshakeGate } from './handshake-gate';
import type { HandshakeInvalidation, ZendoServer } from './socket-types';

/** A website as the handshake needs it: who it is and where its widget may run. */
interface KnownWebsite {
  id: string;
  allowed_origins: string[];
}

interface Entry<V> {
  value: V;
  until: number;
}

/** Entries kept per map at most; past it the oldest go first. */
const MAX_ENTRIES = 200_000;
/** Visitor lookups sent to PostgreSQL in one statement at most. */
const MAX_BATCH = 500;
/** Lookups that raced an invalidation are done again, this many times at most. */
const ATTEMPTS = 3;

/** A map whose entries expire after the configured lifetime; insertion order is age order. */
class TtlMap<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly ttlMs: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    if (this.ttlMs === 0) return;
    this.prune();
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  /** Drops what expired: every entry lives as long, so the expired ones are the oldest. */
  prune(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.until > now) return;
      this.entries.delete(key);
    }
  }

  deleteWhere(drop: (key: string, value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (drop(key, entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const unauthorized = (message: string) => new DomainError('UNAUTHORIZED', message, 401);
const busy = () => new Busy(1, 'Too many connections at once; try again shortly');

/**
 * What a socket handshake looks up, without a database round trip on the common path: websites
 * by key and visitors by token are kept for a few seconds (HANDSHAKE_CACHE_TTL_MS). Whatever
 * makes an answer wrong (a rotated key, a changed origin allowlist, an erased visitor, tokens
 * moved to another visitor, an ended agent session) drops it here at once and, over Redis, on
 * every other instance; while Redis is down the other instances go by the short lifetime, and
 * forget everything once it is back.
 *
 * Misses wait their turn: visitor lookups go to PostgreSQL in batches, one statement at a time
 * for up to 500 of them; other lookups through a small semaphore. A storm queues; past
 * HANDSHAKE_QUEUE_MAX waiting, or HANDSHAKE_MAX_WAIT_MS of waiting, handshakes are refused BUSY
 * (retryable) rather than left to fail on the pool's connect timeout.
 */
@Injectable()
export class HandshakeCredentials implements OnModuleDestroy {
  private readonly logger = new Logger('Handshake');
  private readonly websitesByKey: TtlMap<KnownWebsite>;
  /** `${websiteId}:${token hash hex}` → visitor id. */
  private readonly visitorsByToken: TtlMap<string>;
  private readonly pendingWebsites = new Map<string, Promise<KnownWebsite | null>>();
  private readonly pendingVisitors = new Map<string, Promise<string | null>>();
  private readonly gate: HandshakeGate;
  private readonly lookups: Batcher<{ websiteId: string; tokenHash: Buffer }, string | null>;
  /** Bumped by every invalidation: an answer read before it is neither kept nor trusted. */
  private epoch = 0;
  private server: ZendoServer | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly pruning: NodeJS.Timeout;

  constructor(
    private readonly websites: WebsitesService,
    private readonly visitors: VisitorsService,
    private readonly auth: AuthService,
    private readonly events: DomainEvents,
    @Inject(REDIS) private readonly redis: RedisClients | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.websitesByKey = new TtlMap(config.handshakeCacheTtlMs);
    this.visitorsByToken = new TtlMap(config.handshakeCacheTtlMs);
    this.gate = new HandshakeGate({
      concurrency: config.handshakeDbConcurrency,
      queueMax: config.handshakeQueueMax,
      maxWaitMs: config.handshakeMaxWaitMs,
      refuse: busy,
    });
    this.lookups = new Batcher((batch) => this.lookUpVisitors(batch), {
      maxBatch: MAX_BATCH,
      isolate: () => false,
      maxDepth: config.handshakeQueueMax,
      maxWaitMs: config.handshakeMaxWaitMs,
      refuse: busy,
    });
    this.unsubscribe.push(
      this.events.on('website.key-rotated', ({ websiteId }) => this.invalidate({ websites: [websiteId] })),
      this.events.on('website.updated', ({ websiteId }) => this.invalidate({ websites: [websiteId] })),
      this.events.on('visitor.erased', ({ visitorId }) => this.invalidate({ visitors: [visitorId] })),
      this.events.on('visitor.tokens-moved', ({ visitorId }) => this.invalidate({ visitors: [visitorId] })),
      this.events.on('session.revoked', ({ familyIds }) => this.invalidate({ sessions: familyIds })),
    );
    this.watchRedis();
    // Idle instances let go of what expired too.
    this.pruning = setInterval(() => (this.websitesByKey.prune(), this.visitorsByToken.prune()), 10_000);
    this.pruning.unref();
  }

  /** Hears the other instances' invalidations (over the Socket.IO Redis adapter). */
  attach(server: ZendoServer): void {
    this.server = server;
    server.on('zendo:handshake-invalidate', (what) => this.forget(what));
  }

  onModuleDestroy(): void {
    clearInterval(this.pruning);
    this.unsubscribe.splice(0).forEach((off) => off());
  }

  /** Here and, through Redis, on every other instance. */
  invalidate(what: HandshakeInvalidation): void {
    this.forget(what);
    if (this.redis) this.server?.serverSideEmit('zendo:handshake-invalidate', what);
  }

  /** The visitor a website key and visitor token name; the website's origin allowlist applies. */
  async visitor(websiteKey: unknown, visitorToken: unknown, origin: string | undefined): Promise<VisitorIdentity> {
    if (typeof websiteKey !== 'string' || typeof visitorToken !== 'string' || visitorToken.length > 200) {
      throw unauthorized('websiteKey and visitorToken are required');
    }
    const tokenHash = hashToken(visitorToken);
    for (let attempt = 1; ; attempt++) {
      const epoch = this.epoch;
      const website = await this.website(websiteKey);
      if (!website) throw unauthorized('Unknown website key');
      this.websites.assertOrigin(website, origin);
      const visitorId = await this.visitorId(website.id, tokenHash);
      // Something changed while this was looked up: what was read may be what changed.
      if (epoch !== this.epoch && attempt < ATTEMPTS) continue;
      if (!visitorId) throw unauthorized('Unknown visitor token for this website');
      return { type: 'visitor', id: visitorId, websiteId: website.id };
    }
  }

  /** Whether an agent's login session goes on (AuthService keeps the answer for a second). */
  sessionLive(familyId: string): Promise<boolean> {
    return this.gate.run(() => this.auth.isSessionLive(familyId));
  }

  /** The websites an agent belongs to, for their socket's rooms. */
  websiteIdsOf(agentId: string): Promise<string[]> {
    return this.gate.run(() => this.websites.websiteIdsOf(agentId));
  }

  private website(key: string): Promise<KnownWebsite | null> {
    if (key.length > 64) return Promise.resolve(null);
    const known = this.websitesByKey.get(key);
    if (known) return Promise.resolve(known);
    let pending = this.pendingWebsites.get(key);
    if (!pending) {
      const epoch = this.epoch;
      pending = this.gate
        .run(() => this.websites.byKey(key))
        .then((row) => {
          const website = row ? { id: row.id, allowed_origins: row.allowed_origins } : null;
          if (website && epoch === this.epoch) this.websitesByKey.set(key, website);
          return website;
        })
        .finally(() => this.pendingWebsites.delete(key));
      this.pendingWebsites.set(key, pending);
    }
    return pending;
  }

  private visitorId(websiteId: string, tokenHash: Buffer): Promise<string | null> {
    const key = `${websiteId}:${tokenHash.toString('hex')}`;
    const known = this.visitorsByToken.get(key);
    if (known) return Promise.resolve(known);
    let pending = this.pendingVisitors.get(key);
    if (!pending) {
      const epoch = this.epoch;
      pending = this.lookups
        .submit({ websiteId, tokenHash })
        .then((id) => {
          if (id && epoch === this.epoch) this.visitorsByToken.set(key, id);
          return id;
        })
        .finally(() => this.pendingVisitors.delete(key));
      this.pendingVisitors.set(key, pending);
    }
    return pending;
  }

  private async lookUpVisitors(batch: { websiteId: string; tokenHash: Buffer }[]) {
    const ids = await this.visitors.visitorIdsByTokens(batch);
    return ids.map((value) => ({ ok: true as const, value }));
  }

  private forget({ websites = [], visitors = [], sessions = [] }: HandshakeInvalidation): void {
    this.epoch += 1;
    // In-flight lookups answer their waiting handshakes (which look again) but are not kept.
    this.pendingWebsites.clear();
    this.pendingVisitors.clear();
    if (websites.length) {
      const ids = new Set(websites);
      this.websitesByKey.deleteWhere((_, website) => ids.has(website.id));
      this.visitorsByToken.deleteWhere((key) => ids.has(key.slice(0, key.indexOf(':'))));
    }
    if (visitors.length) {
      const ids = new Set(visitors);
      this.visitorsByToken.deleteWhere((_, visitorId) => ids.has(visitorId));
    }
    if (sessions.length) this.auth.forgetSessions(sessions);
  }

  /**
   * What was announced while this instance's subscriber connection was gone never arrives: once
   * it is back, everything kept is forgotten.
   */
  private watchRedis(): void {
    const sub = this.redis?.sub;
    if (!sub) return;
    let lost = false;
    sub.on('close', () => (lost = true));
    sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.logger.warn(
        `Redis back: forgetting ${this.websitesByKey.size + this.visitorsByToken.size} cached handshake lookups`,
      );
      this.epoch += 1;
      this.websitesByKey.clear();
      this.visitorsByToken.clear();
    });
  }
}
