import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateWindow } from '../redis/rate-window';
import { hashToken as hash, newToken } from '../common/secrets';
import { VisitorIdentity } from '../common/auth/visitor-identity';
import { DomainError, RateLimited } from '../common/domain-error';
import { PresenceService } from '../presence/presence.service';
import { PublicWebsite, WebsitesService } from '../websites/websites.service';
import { IdentifyInput } from './dto/widget.dto';
import { Page, VisitorRow, VisitorsRepository } from './visitors.repository';

const TOKEN_TTL_MS = 365 * 24 * 3600 * 1000;

export interface Visitor {
  id: string;
  name: string | null;
  email: string | null;
  createdAt: string;
}

export function toVisitor(row: VisitorRow): Visitor {
  return { id: row.id, name: row.name, email: row.email, createdAt: row.created_at.toISOString() };
}

@Injectable()
export class VisitorsService {
  constructor(
    private readonly repo: VisitorsRepository,
    private readonly websites: WebsitesService,
    private readonly presence: PresenceService,
    private readonly limits: RateWindow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The widget's entry: a known token of this website is the same visitor; anything else
   * (unknown, expired, another website's) gets a new visitor of this website.
   */
  async bootstrap(
    websiteKey: string,
    visitorToken: string | undefined,
    origin: string | undefined,
    page: Page = {},
    clientAddress = 'unknown',
  ): Promise<{
    visitor: Visitor;
    visitorToken: string;
    website: PublicWebsite & { online: boolean };
    identity: VisitorIdentity;
  }> {
    const website = await this.websites.forWidget(websiteKey, origin);
    const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
    const existing = visitorToken ? await this.repo.findByToken(website.id, hash(visitorToken)) : undefined;
    let row: VisitorRow;
    let token: string;
    if (existing && visitorToken) {
      await this.repo.touch(existing.id, expiresAt, page);
      row = existing;
      token = visitorToken;
    } else {
      const hit = await this.limits.hit(`visitors:${clientAddress}`, this.config.limits.newVisitorsPerMinute, 60_000);
      if (!hit.allowed) throw new RateLimited(hit.retryAfterSeconds, 'Too many new visitors from this address');
      token = newToken();
      row = await this.repo.create(website.id, hash(token), expiresAt, page);
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

  async identify(identity: VisitorIdentity, dto: IdentifyInput): Promise<{ visitor: Visitor }> {
    return { visitor: toVisitor(await this.repo.identify(identity.id, dto.name, dto.email)) };
  }

  async findInWebsite(websiteId: string, visitorId: string): Promise<Visitor | null> {
    const row = await this.repo.findInWebsite(websiteId, visitorId);
    return row ? toVisitor(row) : null;
  }
}
