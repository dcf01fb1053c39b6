import { Inject, Injectable } from '@nestjs/common';
import type { AgentActor } from '../common/auth/actor';
import { VisitorIdentity } from '../common/auth/visitor-identity';
import { DomainError, RateLimited } from '../common/domain-error';
import { hashToken as hash, newToken } from '../common/secrets';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { Sql } from '../database/db';
import { PresenceService } from '../presence/presence.service';
import { RateWindow } from '../redis/rate-window';
import { PublicWebsite, WebsitesService } from '../websites/websites.service';
import { WebsiteRow } from '../websites/websites.repository';
import { DomainEvents } from '../common/domain-events';
import { IdentifyInput } from './dto/widget.dto';
import { verifyUserHash } from './visitor-identity-hash';
import { VisitorError } from './visitors.errors';
import './visitors.events';
import { Page, VisitorRow, VisitorsRepository } from './visitors.repository';

const TOKEN_TTL_MS = 365 * 24 * 3600 * 1000;

export interface Visitor {
  id: string;
  name: string | null;
  email: string | null;
  /** The site's own user id, once proven by a verified identify; null for anonymous visitors. */
  userId: string | null;
  createdAt: string;
  erasedAt: string | null;
}

export function toVisitor(row: VisitorRow): Visitor {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    userId: row.user_id,
    createdAt: row.created_at.toISOString(),
    erasedAt: row.erased_at?.toISOString() ?? null,
  };
}

interface Claimed {
  userId: string;
  userHash: string;
}

@Injectable()
export class VisitorsService {
  constructor(
    private readonly repo: VisitorsRepository,
    private readonly websites: WebsitesService,
    private readonly presence: PresenceService,
    private readonly limits: RateWindow,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The widget's entry: a known token of this website is the same visitor; anything else
   * (unknown, expired, another website's) gets a new visitor of this website. With a verified
   * user id, the visitor is that user's, whatever the device: their conversations come along.
   */
  async bootstrap(
    websiteKey: string,
    visitorToken: string | undefined,
    origin: string | undefined,
    page: Page = {},
    clientAddress = 'unknown',
    claimed?: Claimed,
  ): Promise<{
    visitor: Visitor;
    visitorToken: string;
    website: PublicWebsite & { online: boolean };
    identity: VisitorIdentity;
  }> {
    const website = await this.websites.forWidget(websiteKey, origin);
    if (claimed) await this.verify(website.id, claimed);
    const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
    const existing = visitorToken ? await this.repo.findByToken(website.id, hash(visitorToken)) : undefined;
    let row: VisitorRow;
    let token: string;
    if (claimed) {
      ({ row, token } = await this.verifiedVisitor(
        website,
        claimed.userId,
        existing,
        visitorToken,
        page,
        clientAddress,
      ));
    } else if (existing && visitorToken) {
      await this.repo.touch(existing.id, hash(visitorToken), expiresAt, page);
      row = existing;
      token = visitorToken;
    } else {
      await this.countNewVisitor(clientAddress);
      token = newToken();
      row = (await this.repo.create(website.id, hash(token), expiresAt, page))!;
    }
    return {
      visitor: toVisitor(row),
      visitorToken: token,
      website: { ...this.websites.publicView(website), online: await this.presence.isWebsiteOnline(website.id) },
      identity: { type: 'visitor', id: row.id, websiteId: website.id },
    };
  }

  /** Socket handshake: key and token must name the same website. */
  async authenticate(websiteKey: unknown, visitorToken: unknown, origin: string | undefined): Promise<VisitorIdentity> {
    if (typeof websiteKey !== 'string' || typeof visitorToken !== 'string' || visitorToken.length > 200) {
      throw new DomainError('UNAUTHORIZED', 'websiteKey and visitorToken are required', 401);
    }
    const website = await this.websites.forWidget(websiteKey, origin);
    const row = await this.repo.findByToken(website.id, hash(visitorToken));
    if (!row) throw new DomainError('UNAUTHORIZED', 'Unknown visitor token for this website', 401);
    return { type: 'visitor', id: row.id, websiteId: website.id };
  }

  /**
   * The handshake's batched lookup: for each (website, token hash), the live visitor holding it,
   * or null. One statement for the whole batch, in the order asked.
   */
  visitorIdsByTokens(lookups: { websiteId: string; tokenHash: Buffer }[]): Promise<(string | null)[]> {
    return this.repo.visitorIdsByTokens(lookups);
  }

  /** REST calls that carry only `X-Visitor-Token`; the origin is checked against the visitor's website. */
  async authenticateToken(visitorToken: string | undefined, origin: string | undefined): Promise<VisitorIdentity> {
    if (!visitorToken || visitorToken.length > 200) {
      throw new DomainError('UNAUTHORIZED', 'X-Visitor-Token is required', 401);
    }
    const row = await this.repo.findByTokenOnly(hash(visitorToken));
    if (!row) throw new DomainError('UNAUTHORIZED', 'Unknown visitor token', 401);
    const website = await this.websites.findById(row.website_id);
    if (!website) throw new DomainError('UNAUTHORIZED', 'Unknown visitor token', 401);
    this.websites.assertOrigin(website, origin);
    return { type: 'visitor', id: row.id, websiteId: row.website_id };
  }

  /**
   * `Zendo.identify`: name and email, and, with `userHash`, the site's user id. A wrong hash
   * stores nothing. A website that requires verified identity takes name and email only from a
   * verified call. A verified user id already known on another device makes this device theirs.
   */
  async identify(identity: VisitorIdentity, visitorToken: string, dto: IdentifyInput): Promise<{ visitor: Visitor }> {
    const website = await this.websites.findById(identity.websiteId);
    if (!website) throw new VisitorError('UNAUTHORIZED');
    const { userId, userHash, name, email } = dto;
    if (userId !== undefined && userHash !== undefined) {
      await this.verify(website.id, { userId, userHash });
      const me = await this.repo.findInWebsite(website.id, identity.id);
      if (!me) throw new VisitorError('UNAUTHORIZED');
      const { row } = await this.verifiedVisitor(website, userId, me, visitorToken, {}, null);
      return { visitor: toVisitor(await this.repo.identify(row.id, name, email)) };
    }
    if (website.require_verified_identity && (name !== undefined || email !== undefined)) {
      throw new VisitorError(
        'IDENTITY_UNVERIFIED',
        'This website takes a name and email only with a verified identity (userId and userHash)',
      );
    }
    return { visitor: toVisitor(await this.repo.identify(identity.id, name, email)) };
  }

  async findInWebsite(websiteId: string, visitorId: string): Promise<Visitor | null> {
    const row = await this.repo.findInWebsite(websiteId, visitorId);
    return row ? toVisitor(row) : null;
  }

  /** Everything stored about a visitor, for the person who asked for it (owner/admin). Audited. */
  async export(agent: AgentActor, websiteId: string, visitorId: string) {
    await this.websites.requireManager(agent, websiteId);
    const found = await this.repo.export(websiteId, visitorId);
    if (!found) throw new VisitorError('NOT_FOUND');
    await this.repo.transaction((tx) =>
      this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: 'visitor.exported',
        target: { type: 'visitor', id: visitorId },
      }),
    );
    return {
      exportedAt: new Date().toISOString(),
      visitor: {
        ...toVisitor(found.visitor),
        lastSeenAt: found.visitor.last_seen_at.toISOString(),
        pageUrl: found.visitor.page_url,
        pageTitle: found.visitor.page_title,
      },
      devices: found.devices.map((d) => ({ since: d.created_at.toISOString(), until: d.expires_at.toISOString() })),
      conversations: found.conversations.map((c) => ({
        id: c.id,
        status: c.status,
        tags: c.tags,
        pageUrl: c.page_url,
        pageTitle: c.page_title,
        createdAt: c.created_at,
        closedAt: c.closed_at,
        lastMessageAt: c.last_message_at,
        messages: c.messages,
      })),
    };
  }

  /**
   * Erasure (owner/admin): the visitor's name, email and user id, the bodies of their messages,
   * their pages; their tokens stop working and their sockets are closed. Audited; not undoable.
   */
  async erase(agent: AgentActor, websiteId: string, visitorId: string): Promise<void> {
    await this.websites.requireManager(agent, websiteId);
    await this.repo.transaction(async (tx) => {
      const erased = await this.repo.erase(tx, websiteId, visitorId);
      if (!erased) {
        if (await this.repo.findInWebsite(websiteId, visitorId, tx)) return; // already erased: same outcome
        throw new VisitorError('NOT_FOUND');
      }
      await this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: 'visitor.erased',
        target: { type: 'visitor', id: visitorId },
        details: { messagesRedacted: erased.messages },
      });
      tx.afterCommit(() => {
        this.events.emit('visitor.erased', { websiteId, visitorId });
        if (erased.files.length) this.events.emit('attachments.discarded', { files: erased.files });
      });
    });
  }

  private async verify(websiteId: string, claimed: Claimed): Promise<void> {
    const secret = await this.websites.identitySecret(websiteId);
    if (!verifyUserHash(secret, claimed.userId, claimed.userHash)) throw new VisitorError('IDENTITY_UNVERIFIED');
  }

  private async countNewVisitor(clientAddress: string): Promise<void> {
    const hit = await this.limits.hit(`visitors:${clientAddress}`, this.config.limits.newVisitorsPerMinute, 60_000);
    if (!hit.allowed)
      throw new RateLimited(hit.retryAfterSeconds, 'Too many new visitors from this address', 'new_visitors');
  }

  /**
   * The one visitor of a verified user id. This device's anonymous visitor, if any, becomes that
   * user (or, when the user is already known elsewhere, is merged into them: conversations and
   * tokens move). A device of another verified user gets a token of its own for this one.
   */
  private async verifiedVisitor(
    website: WebsiteRow,
    userId: string,
    current: VisitorRow | undefined,
    currentToken: string | undefined,
    page: Page,
    clientAddress: string | null,
  ): Promise<{ row: VisitorRow; token: string }> {
    const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await this.repo.transaction(async (tx) => {
        const known = await this.repo.findByUserId(website.id, userId, tx);
        if (known && current && currentToken) {
          if (known.id !== current.id) {
            if (current.user_id === null) await this.repo.mergeInto(tx, current.id, known);
            else await this.repo.bindToken(known, hash(currentToken), expiresAt, tx);
            tx.afterCommit(() =>
              this.events.emit('visitor.tokens-moved', { websiteId: website.id, visitorId: current.id }),
            );
          }
          return { row: known, token: currentToken };
        }
        if (known) {
          const token = newToken();
          await this.repo.bindToken(known, hash(token), expiresAt, tx);
          return { row: known, token };
        }
        if (current && currentToken && current.user_id === null) {
          const claimedRow = await this.repo.claimUserId(tx, current.id, userId);
          return claimedRow ? { row: claimedRow, token: currentToken } : null;
        }
        return 'create' as const;
      });
      if (outcome === 'create') {
        if (clientAddress !== null) await this.countNewVisitor(clientAddress);
        const token = currentToken && current ? currentToken : newToken();
        const created = await this.repo.create(website.id, hash(token), expiresAt, page, userId);
        if (created) return { row: created, token };
      } else if (outcome) {
        await this.touchSeen(outcome.row, outcome.token, expiresAt, page);
        return outcome;
      }
      // Another request took this user id in between: look again.
    }
    throw new DomainError('CONFLICT', 'The visitor changed meanwhile; try again', 409);
  }

  private async touchSeen(row: VisitorRow, token: string, expiresAt: Date, page: Page): Promise<void> {
    await this.repo.touch(row.id, hash(token), expiresAt, page);
  }

  /** Used by the conversations module when a transaction needs the row. */
  findRow(tx: Sql, websiteId: string, visitorId: string) {
    return this.repo.findInWebsite(websiteId, visitorId, tx);
  }
}
