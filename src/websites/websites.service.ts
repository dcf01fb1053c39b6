import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AgentActor } from '../common/auth/actor';
import { DomainEvents } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Sql } from '../database/db';
import { CreateWebsiteInput, UpdateWebsiteInput } from './dto/website.dto';
import { MANAGER_ROLES } from './membership';
import type { MemberRole, WidgetSettings } from './website.types';
import { WebsiteError } from './websites.errors';
import { MemberWebsiteRow, WebsiteRow, WebsitesRepository } from './websites.repository';

export const DEFAULT_SETTINGS: WidgetSettings = {
  color: '#1f5fd6',
  greeting: 'Hi! How can we help?',
  position: 'right',
};

export interface Website {
  id: string;
  name: string;
  key: string;
  allowedOrigins: string[];
  settings: WidgetSettings;
  role: MemberRole;
  createdAt: string;
}

/** The public part a widget sees. */
export interface PublicWebsite {
  id: string;
  name: string;
  settings: WidgetSettings;
}

export function settingsOf(row: Pick<WebsiteRow, 'settings'>): WidgetSettings {
  return { ...DEFAULT_SETTINGS, ...row.settings };
}

function toWebsite(row: MemberWebsiteRow): Website {
  return {
    id: row.id,
    name: row.name,
    key: row.key,
    allowedOrigins: row.allowed_origins,
    settings: settingsOf(row),
    role: row.role,
    createdAt: row.created_at.toISOString(),
  };
}

/** `pk_` + 144 random bits. */
function newKey(): string {
  return `pk_${randomBytes(18).toString('base64url')}`;
}

@Injectable()
export class WebsitesService {
  constructor(
    private readonly repo: WebsitesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
  ) {}

  async create(agent: AgentActor, dto: CreateWebsiteInput): Promise<Website> {
    const website = toWebsite(await this.repo.create(agent.id, dto.name, newKey(), dto.allowedOrigins ?? []));
    this.events.emit('member.added', { websiteId: website.id, agentId: agent.id });
    return website;
  }

  /** Part of the caller's transaction `tx`; announced once it commits. */
  async addMember(tx: Sql, websiteId: string, agentId: string, role: MemberRole): Promise<void> {
    await this.repo.addMember(websiteId, agentId, role, tx);
    tx.afterCommit(() => this.events.emit('member.added', { websiteId, agentId }));
  }

  hasMemberWithEmail(websiteId: string, email: string): Promise<boolean> {
    return this.repo.hasMemberWithEmail(websiteId, email);
  }

  async list(agent: AgentActor): Promise<{ items: Website[]; nextCursor: null }> {
    return { items: (await this.repo.listForAgent(agent.id)).map(toWebsite), nextCursor: null };
  }

  async get(agent: AgentActor, websiteId: string): Promise<Website> {
    return toWebsite(await this.membership(agent, websiteId));
  }

  async update(agent: AgentActor, websiteId: string, dto: UpdateWebsiteInput): Promise<Website> {
    await this.requireManager(agent, websiteId);
    const row = await this.repo.update(websiteId, agent.id, {
      name: dto.name,
      allowedOrigins: dto.allowedOrigins,
      settings: dto.settings ? { ...dto.settings } : undefined,
    });
    if (!row) throw new WebsiteError('NOT_FOUND');
    return toWebsite(row);
  }

  async rotateKey(agent: AgentActor, websiteId: string): Promise<{ key: string; previousKeyExpiresAt: string }> {
    await this.requireManager(agent, websiteId);
    const graceUntil = new Date(Date.now() + this.config.keyRotationGraceHours * 3600_000);
    const key = await this.repo.rotateKey(websiteId, agent.id, newKey(), graceUntil);
    if (!key) throw new WebsiteError('NOT_FOUND');
    return { key, previousKeyExpiresAt: graceUntil.toISOString() };
  }

  async members(agent: AgentActor, websiteId: string) {
    const rows = await this.repo.members(websiteId, agent.id);
    if (rows.length === 0) throw new WebsiteError('NOT_FOUND');
    return {
      items: rows.map((r) => ({
        agent: { id: r.id, name: r.name, email: r.email },
        role: r.role,
        joinedAt: r.created_at.toISOString(),
      })),
      nextCursor: null,
    };
  }

  /** The agent's membership of the website, loaded with it; 404 for strangers and unknown ids alike. */
  async membership(agent: AgentActor, websiteId: string): Promise<MemberWebsiteRow> {
    const row = await this.repo.findForAgent(websiteId, agent.id);
    if (!row) throw new WebsiteError('NOT_FOUND');
    return row;
  }

  async requireManager(agent: AgentActor, websiteId: string): Promise<MemberWebsiteRow> {
    const row = await this.membership(agent, websiteId);
    if (!MANAGER_ROLES.includes(row.role)) throw new WebsiteError('FORBIDDEN');
    return row;
  }

  async summariesFor(agentId: string): Promise<{ id: string; name: string; role: MemberRole }[]> {
    return (await this.repo.listForAgent(agentId)).map((r) => ({ id: r.id, name: r.name, role: r.role }));
  }

  websiteIdsOf(agentId: string): Promise<string[]> {
    return this.repo.websiteIdsOf(agentId);
  }

  /**
   * The website a widget speaks for, checked against its origin allowlist.
   * An empty list accepts any origin, and none.
   */
  async forWidget(key: string, origin: string | undefined): Promise<WebsiteRow> {
    const website = typeof key === 'string' && key.length <= 64 ? await this.repo.findByKey(key) : undefined;
    if (!website) throw new WebsiteError('UNAUTHORIZED');
    this.assertOrigin(website, origin);
    return website;
  }

  assertOrigin(website: Pick<WebsiteRow, 'allowed_origins'>, origin: string | undefined): void {
    if (website.allowed_origins.length > 0 && (!origin || !website.allowed_origins.includes(origin))) {
      throw new WebsiteError('ORIGIN_NOT_ALLOWED');
    }
  }

  async findById(websiteId: string): Promise<WebsiteRow | undefined> {
    return this.repo.findById(websiteId);
  }

  publicView(website: WebsiteRow): PublicWebsite {
    return { id: website.id, name: website.name, settings: settingsOf(website) };
  }
}
