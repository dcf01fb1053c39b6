import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AgentActor } from '../common/auth/actor';
import { AuditService } from '../audit/audit.service';
import { DomainEvents } from '../common/domain-events';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Sql } from '../database/db';
import { AuditQuery, CreateWebsiteInput, UpdateMemberInput, UpdateWebsiteInput } from './dto/website.dto';
import { ValidationFailed } from '../common/domain-error';
import { MANAGER_ROLES } from './membership';
import type { AssignmentMode, MemberRole, ReplyPolicy, WebsiteLocale, WidgetSettings } from './website.types';
import './websites.events';
import { BusinessHours, isOpen } from './business-hours';
import { WebsiteError } from './websites.errors';
import { MemberRow, MemberWebsiteRow, WebsiteRow, WebsitesRepository } from './websites.repository';

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
  assignment: { mode: AssignmentMode; maxOpenPerAgent: number | null };
  replyPolicy: ReplyPolicy;
  businessHours: BusinessHours | null;
  offlineGreeting: string | null;
  retentionDays: number | null;
  requireVerifiedIdentity: boolean;
  /** The widget's language: `auto` follows the visitor's browser. */
  locale: WebsiteLocale;
  /** Whether the widget asks for a rating when a conversation closes. */
  csatEnabled: boolean;
  /** Whether an identity secret was set (the secret itself is shown only when made). */
  identitySecretSet: boolean;
  /** Old keys that still work, each until its own grace ends. */
  rotatedKeys: { key: string; expiresAt: string }[];
  role: MemberRole;
  createdAt: string;
}

export interface Member {
  agent: { id: string; name: string; email: string };
  role: MemberRole;
  joinedAt: string;
}

function toMember(row: MemberRow): Member {
  return {
    agent: { id: row.id, name: row.name, email: row.email },
    role: row.role,
    joinedAt: row.created_at.toISOString(),
  };
}

/** The public part a widget sees. */
export interface PublicWebsite {
  id: string;
  name: string;
  settings: WidgetSettings;
  offlineGreeting: string | null;
  locale: WebsiteLocale;
  csatEnabled: boolean;
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
    assignment: { mode: row.assignment_mode, maxOpenPerAgent: row.max_open_per_agent },
    replyPolicy: row.reply_policy,
    businessHours: row.business_hours,
    offlineGreeting: row.offline_greeting,
    retentionDays: row.retention_days,
    requireVerifiedIdentity: row.require_verified_identity,
    locale: row.locale,
    csatEnabled: row.csat_enabled,
    identitySecretSet: row.has_identity_secret,
    rotatedKeys: row.rotated_keys.map((k) => ({ key: k.key, expiresAt: new Date(k.expiresAt).toISOString() })),
    role: row.role,
    createdAt: row.created_at.toISOString(),
  };
}

function decodeAuditCursor(raw: string): { at: string; id: string } {
  const [at, id, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (rest.length || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at ?? '') || !/^[0-9a-f-]{36}$/i.test(id ?? '')) {
    throw new ValidationFailed([{ field: 'cursor', message: 'cursor is not one this server gave out' }]);
  }
  return { at, id };
}

const AUDITED_FIELDS = [
  'name',
  'allowedOrigins',
  'settings',
  'assignment',
  'replyPolicy',
  'businessHours',
  'offlineGreeting',
  'retentionDays',
  'requireVerifiedIdentity',
  'locale',
  'csatEnabled',
] as const;

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
    private readonly audit: AuditService,
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

  /** Owner/admin; the audit log records which fields changed, with their old and new values. */
  async update(agent: AgentActor, websiteId: string, dto: UpdateWebsiteInput): Promise<Website> {
    await this.requireManager(agent, websiteId);
    let fields: string[] = [];
    const result = await this.repo.update(
      websiteId,
      agent.id,
      {
        name: dto.name,
        allowedOrigins: dto.allowedOrigins,
        settings: dto.settings ? { ...dto.settings } : undefined,
        assignmentMode: dto.assignment?.mode,
        maxOpenPerAgent: dto.assignment?.maxOpenPerAgent,
        replyPolicy: dto.replyPolicy,
        businessHours: dto.businessHours as BusinessHours | null | undefined,
        offlineGreeting: dto.offlineGreeting,
        retentionDays: dto.retentionDays,
        requireVerifiedIdentity: dto.requireVerifiedIdentity,
        locale: dto.locale,
        csatEnabled: dto.csatEnabled,
      },
      async (tx, beforeRow, afterRow) => {
        const [before, after] = [toWebsite(beforeRow), toWebsite(afterRow)];
        const changed = AUDITED_FIELDS.filter(
          (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
        );
        fields = [...changed];
        if (changed.length === 0) return;
        const changes = Object.fromEntries(changed.map((f) => [f, { old: before[f], new: after[f] }]));
        await this.audit.record(tx, {
          websiteId,
          actor: agent,
          action: 'website.updated',
          target: { type: 'website', id: websiteId },
          details: { changes },
        });
      },
    );
    if (!result) throw new WebsiteError('NOT_FOUND');
    if (fields.length) this.events.emit('website.updated', { websiteId, fields });
    return toWebsite(result.after);
  }

  /** A new secret for verifying visitors' identity (HMAC-SHA256 of their user id); shown this once. */
  async rotateIdentitySecret(agent: AgentActor, websiteId: string): Promise<{ identitySecret: string }> {
    await this.requireManager(agent, websiteId);
    const identitySecret = `is_${randomBytes(32).toString('base64url')}`;
    await this.repo.transaction(async (tx) => {
      await this.repo.setIdentitySecret(tx, websiteId, identitySecret, agent.id);
      await this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: 'website.identity_secret_rotated',
        target: { type: 'website', id: websiteId },
      });
    });
    return { identitySecret };
  }

  /** The website's audit log, newest first (owner/admin). */
  async auditLog(agent: AgentActor, websiteId: string, query: AuditQuery) {
    await this.requireManager(agent, websiteId);
    const before = query.cursor ? decodeAuditCursor(query.cursor) : undefined;
    const { items, next } = await this.audit.list(websiteId, {
      before,
      action: query.action,
      actorId: query.actor,
      limit: query.limit ?? 50,
    });
    return { items, nextCursor: next ? Buffer.from(`${next.at}|${next.id}`).toString('base64url') : null };
  }

  identitySecret(websiteId: string): Promise<string | null> {
    return this.repo.identitySecret(websiteId);
  }

  async rotateKey(agent: AgentActor, websiteId: string): Promise<{ key: string; previousKeyExpiresAt: string }> {
    await this.requireManager(agent, websiteId);
    const graceUntil = new Date(Date.now() + this.config.keyRotationGraceHours * 3600_000);
    const key = await this.repo.transaction(async (tx) => {
      const rotated = await this.repo.rotateKey(tx, websiteId, agent.id, newKey(), graceUntil);
      if (rotated) {
        await this.audit.record(tx, {
          websiteId,
          actor: agent,
          action: 'website.key_rotated',
          target: { type: 'website', id: websiteId },
          details: { oldKeyWorksUntil: graceUntil.toISOString() },
        });
      }
      return rotated;
    });
    if (!key) throw new WebsiteError('NOT_FOUND');
    this.events.emit('website.key-rotated', { websiteId });
    return { key, previousKeyExpiresAt: graceUntil.toISOString() };
  }

  async members(agent: AgentActor, websiteId: string): Promise<{ items: Member[]; nextCursor: null }> {
    const rows = await this.repo.members(websiteId, agent.id);
    if (rows.length === 0) throw new WebsiteError('NOT_FOUND');
    return { items: rows.map(toMember), nextCursor: null };
  }

  /**
   * Owners and admins change roles; only an owner grants, removes or demotes the owner role, and
   * the last owner keeps it. The members are locked while deciding, so two changes take turns.
   */
  async changeRole(agent: AgentActor, websiteId: string, memberId: string, dto: UpdateMemberInput): Promise<Member> {
    const member = await this.repo.transaction(async (tx) => {
      const { actorRole, target, owners } = await this.lockForChange(tx, agent, websiteId, memberId);
      if (!MANAGER_ROLES.includes(actorRole)) throw new WebsiteError('FORBIDDEN');
      if ((target.role === 'owner' || dto.role === 'owner') && actorRole !== 'owner')
        throw new WebsiteError('FORBIDDEN');
      if (target.role === 'owner' && dto.role !== 'owner' && owners === 1) throw new WebsiteError('LAST_OWNER');
      await this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: 'member.role_changed',
        target: { type: 'agent', id: memberId },
        details: { old: target.role, new: dto.role },
      });
      return this.repo.setRole(tx, websiteId, memberId, dto.role);
    });
    this.events.emit('member.role-changed', { websiteId, agentId: memberId, role: member.role });
    return toMember(member);
  }

  /** Removes a member (owner/admin; an owner only by an owner), or the caller leaves. The last owner stays. */
  async removeMember(agent: AgentActor, websiteId: string, memberId: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const { actorRole, target, owners } = await this.lockForChange(tx, agent, websiteId, memberId);
      const leaving = memberId === agent.id;
      if (!leaving && !MANAGER_ROLES.includes(actorRole)) throw new WebsiteError('FORBIDDEN');
      if (!leaving && target.role === 'owner' && actorRole !== 'owner') throw new WebsiteError('FORBIDDEN');
      if (target.role === 'owner' && owners === 1) throw new WebsiteError('LAST_OWNER');
      // Their conversations are given back in this transaction (conversations joins the hook).
      await this.events.run('member.removing', { tx, websiteId, agentId: memberId });
      await this.audit.record(tx, {
        websiteId,
        actor: agent,
        action: leaving ? 'member.left' : 'member.removed',
        target: { type: 'agent', id: memberId },
        details: { role: target.role },
      });
      await this.repo.removeMember(tx, websiteId, memberId);
    });
    this.events.emit('member.removed', { websiteId, agentId: memberId });
  }

  private async lockForChange(tx: Sql, agent: AgentActor, websiteId: string, memberId: string) {
    const members = await this.repo.lockMembers(tx, websiteId);
    const actor = members.find((m) => m.agent_id === agent.id);
    if (!actor) throw new WebsiteError('NOT_FOUND');
    const target = members.find((m) => m.agent_id === memberId);
    if (!target) throw new WebsiteError('NOT_FOUND', 'This agent is not a member of the website');
    return { actorRole: actor.role, target, owners: members.filter((m) => m.role === 'owner').length };
  }

  /** Whether the website is open now by its business hours (no hours: always). */
  async isOpen(websiteId: string, at = new Date()): Promise<boolean> {
    const row = await this.repo.findById(websiteId);
    return row ? isOpen(row.business_hours, at) : false;
  }

  websitesWithBusinessHours(): Promise<string[]> {
    return this.repo.withBusinessHours();
  }

  memberIds(websiteId: string): Promise<string[]> {
    return this.repo.memberIds(websiteId);
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

  /** The website a widget key names (current, or within its grace period), unchecked: for the handshake's cache. */
  byKey(key: string): Promise<WebsiteRow | undefined> {
    return this.repo.findByKey(key);
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
    return {
      id: website.id,
      name: website.name,
      settings: settingsOf(website),
      offlineGreeting: website.offline_greeting,
      locale: website.locale,
      csatEnabled: website.csat_enabled,
    };
  }
}
