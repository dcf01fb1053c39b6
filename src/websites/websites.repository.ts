import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';
import { isMember, MANAGER_ROLES } from './membership';
import type { BusinessHours } from './business-hours';
import type { AssignmentMode, MemberRole, ReplyPolicy, WebsiteLocale, WidgetSettings } from './website.types';

export interface WebsiteRow {
  id: string;
  name: string;
  key: string;
  allowed_origins: string[];
  settings: Partial<WidgetSettings>;
  assignment_mode: AssignmentMode;
  max_open_per_agent: number | null;
  reply_policy: ReplyPolicy;
  business_hours: BusinessHours | null;
  offline_greeting: string | null;
  retention_days: number | null;
  require_verified_identity: boolean;
  locale: WebsiteLocale;
  csat_enabled: boolean;
  has_identity_secret: boolean;
  /** Old keys still within their grace. */
  rotated_keys: { key: string; expiresAt: string }[];
  created_at: Date;
}

export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  created_at: Date;
}

export interface WebsitePatch {
  name?: string;
  allowedOrigins?: string[];
  settings?: Partial<WidgetSettings>;
  assignmentMode?: AssignmentMode;
  /** undefined leaves it, null removes the cap */
  maxOpenPerAgent?: number | null;
  replyPolicy?: ReplyPolicy;
  /** undefined leaves them, null removes them */
  businessHours?: BusinessHours | null;
  offlineGreeting?: string | null;
  retentionDays?: number | null;
  requireVerifiedIdentity?: boolean;
  locale?: WebsiteLocale;
  csatEnabled?: boolean;
}

export interface MemberWebsiteRow extends WebsiteRow {
  role: MemberRole;
}

const COLUMNS =
  'w.id, w.name, w.key, w.allowed_origins, w.settings, w.assignment_mode, w.max_open_per_agent, w.reply_policy, w.business_hours, w.offline_greeting, w.retention_days, w.require_verified_identity, w.locale, w.csat_enabled, w.identity_secret IS NOT NULL AS has_identity_secret, w.created_at, ' +
  `(SELECT COALESCE(json_agg(json_build_object('key', k.key, 'expiresAt', k.expires_at) ORDER BY k.expires_at), '[]')
    FROM website_keys k WHERE k.website_id = w.id AND k.expires_at > now()) AS rotated_keys`;

/** Every read an agent makes goes through the membership join: no row of another tenant is ever loaded. */
@Injectable()
export class WebsitesRepository {
  constructor(private readonly db: Db) {}

  create(agentId: string, name: string, key: string, allowedOrigins: string[]): Promise<MemberWebsiteRow> {
    return this.db.transaction(async (tx) => {
      const website = await tx.one<WebsiteRow>(
        `INSERT INTO websites AS w (name, key, allowed_origins, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)
         RETURNING ${COLUMNS}`,
        [name, key, allowedOrigins, agentId],
      );
      await this.addMember(website!.id, agentId, 'owner', tx);
      return { ...website!, role: 'owner' as const };
    });
  }

  listForAgent(agentId: string): Promise<MemberWebsiteRow[]> {
    return this.db.rows<MemberWebsiteRow>(
      `SELECT ${COLUMNS}, m.role FROM websites w JOIN website_members m ON m.website_id = w.id
       WHERE m.agent_id = $1 ORDER BY w.created_at, w.id`,
      [agentId],
    );
  }

  async findForAgent(websiteId: string, agentId: string): Promise<MemberWebsiteRow | undefined> {
    const rows = await this.db.rows<MemberWebsiteRow>(
      `SELECT ${COLUMNS}, m.role FROM websites w JOIN website_members m ON m.website_id = w.id
       WHERE w.id = $1 AND m.agent_id = $2`,
      [websiteId, agentId],
    );
    return rows[0];
  }

  /** Updates only when the agent is an owner or admin of the website; the row before and after, or undefined. */
  update(
    websiteId: string,
    agentId: string,
    patch: WebsitePatch,
    inTransaction: (tx: Sql, before: MemberWebsiteRow, after: MemberWebsiteRow) => Promise<void>,
  ): Promise<{ before: MemberWebsiteRow; after: MemberWebsiteRow } | undefined> {
    return this.db.transaction(async (tx) => {
      const before = await tx.one<MemberWebsiteRow>(
        `SELECT ${COLUMNS}, m.role FROM websites w JOIN website_members m ON m.website_id = w.id
         WHERE w.id = $1 AND m.agent_id = $2 AND m.role IN ('owner', 'admin') FOR UPDATE OF w`,
        [websiteId, agentId],
      );
      if (!before) return undefined;
      const after = await tx.one<WebsiteRow>(
        `UPDATE websites w SET
           name = COALESCE($2, w.name),
           allowed_origins = COALESCE($3, w.allowed_origins),
           settings = w.settings || COALESCE($4::jsonb, '{}'::jsonb),
           assignment_mode = COALESCE($5, w.assignment_mode),
           max_open_per_agent = CASE WHEN $6::boolean THEN $7::integer ELSE w.max_open_per_agent END,
           reply_policy = COALESCE($8, w.reply_policy),
           business_hours = CASE WHEN $9::boolean THEN $10::jsonb ELSE w.business_hours END,
           offline_greeting = CASE WHEN $11::boolean THEN $12 ELSE w.offline_greeting END,
           retention_days = CASE WHEN $13::boolean THEN $14::integer ELSE w.retention_days END,
           require_verified_identity = COALESCE($15, w.require_verified_identity),
           updated_by = $16,
           locale = COALESCE($17, w.locale),
           csat_enabled = COALESCE($18, w.csat_enabled)
         WHERE w.id = $1 RETURNING ${COLUMNS}`,
        [
          websiteId,
          patch.name ?? null,
          patch.allowedOrigins ?? null,
          patch.settings ? JSON.stringify(patch.settings) : null,
          patch.assignmentMode ?? null,
          patch.maxOpenPerAgent !== undefined,
          patch.maxOpenPerAgent ?? null,
          patch.replyPolicy ?? null,
          patch.businessHours !== undefined,
          patch.businessHours ? JSON.stringify(patch.businessHours) : null,
          patch.offlineGreeting !== undefined,
          patch.offlineGreeting || null,
          patch.retentionDays !== undefined,
          patch.retentionDays ?? null,
          patch.requireVerifiedIdentity ?? null,
          agentId,
          patch.locale ?? null,
          patch.csatEnabled ?? null,
        ],
      );
      const result = { before, after: { ...after!, role: before.role } };
      await inTransaction(tx, result.before, result.after);
      return result;
    });
  }

  /**
   * The current key becomes an old one that keeps working until `graceUntil`, next to any older
   * ones still within their own grace. Owner/admin only, checked in the same transaction.
   */
  rotateKey(
    tx: Sql,
    websiteId: string,
    agentId: string,
    newKey: string,
    graceUntil: Date,
  ): Promise<string | undefined> {
    return (async () => {
      const old = await tx.one<{ key: string }>(
        `SELECT w.key FROM websites w WHERE w.id = $1 AND ${isMember('w.id', '$2', MANAGER_ROLES)} FOR UPDATE OF w`,
        [websiteId, agentId],
      );
      if (!old) return undefined;
      await tx.rows('DELETE FROM website_keys WHERE website_id = $1 AND expires_at <= now()', [websiteId]);
      if (graceUntil.getTime() > Date.now()) {
        await tx.rows('INSERT INTO website_keys (key, website_id, expires_at) VALUES ($1, $2, $3)', [
          old.key,
          websiteId,
          graceUntil,
        ]);
      }
      await tx.rows('UPDATE websites SET key = $2, updated_by = $3 WHERE id = $1', [websiteId, newKey, agentId]);
      return newKey;
    })();
  }

  /** The website a widget key names: the current key, or an old one within its grace period. */
  async findByKey(key: string): Promise<WebsiteRow | undefined> {
    const rows = await this.db.rows<WebsiteRow>(
      `SELECT ${COLUMNS} FROM websites w WHERE w.key = $1
       UNION ALL
       SELECT ${COLUMNS} FROM website_keys k JOIN websites w ON w.id = k.website_id WHERE k.key = $1 AND k.expires_at > now()
       LIMIT 1`,
      [key],
    );
    return rows[0];
  }

  async findById(websiteId: string): Promise<WebsiteRow | undefined> {
    const rows = await this.db.rows<WebsiteRow>(`SELECT ${COLUMNS} FROM websites w WHERE w.id = $1`, [websiteId]);
    return rows[0];
  }

  /** Members of a website the agent belongs to (empty when they do not). */
  members(websiteId: string, agentId: string): Promise<MemberRow[]> {
    return this.db.rows<MemberRow>(
      `SELECT a.id, a.name, a.email, other.role, other.created_at
       FROM website_members me
       JOIN website_members other ON other.website_id = me.website_id
       JOIN agents a ON a.id = other.agent_id
       WHERE me.website_id = $1 AND me.agent_id = $2
       ORDER BY other.created_at, a.id`,
      [websiteId, agentId],
    );
  }

  /** Every member's id and role, locked until the transaction ends (role changes and removals take turns). */
  lockMembers(tx: Sql, websiteId: string): Promise<{ agent_id: string; role: MemberRole }[]> {
    return tx.rows('SELECT agent_id, role FROM website_members WHERE website_id = $1 ORDER BY agent_id FOR UPDATE', [
      websiteId,
    ]);
  }

  async setRole(tx: Sql, websiteId: string, agentId: string, role: MemberRole): Promise<MemberRow> {
    const rows = await tx.rows<MemberRow>(
      `WITH m AS (
         UPDATE website_members SET role = $3 WHERE website_id = $1 AND agent_id = $2 RETURNING agent_id, role, created_at)
       SELECT a.id, a.name, a.email, m.role, m.created_at FROM m JOIN agents a ON a.id = m.agent_id`,
      [websiteId, agentId, role],
    );
    return rows[0];
  }

  async removeMember(tx: Sql, websiteId: string, agentId: string): Promise<void> {
    await tx.rows('DELETE FROM website_members WHERE website_id = $1 AND agent_id = $2', [websiteId, agentId]);
  }

  async memberIds(websiteId: string): Promise<string[]> {
    const rows = await this.db.rows<{ agent_id: string }>(
      'SELECT agent_id FROM website_members WHERE website_id = $1',
      [websiteId],
    );
    return rows.map((r) => r.agent_id);
  }

  /** A new identity secret, in the caller's transaction; answers it (it is shown once). */
  async setIdentitySecret(tx: Sql, websiteId: string, secret: string, agentId: string): Promise<void> {
    await tx.rows('UPDATE websites SET identity_secret = $2, updated_by = $3 WHERE id = $1', [
      websiteId,
      secret,
      agentId,
    ]);
  }

  async identitySecret(websiteId: string): Promise<string | null> {
    const row = await this.db.one<{ identity_secret: string | null }>(
      'SELECT identity_secret FROM websites WHERE id = $1',
      [websiteId],
    );
    return row?.identity_secret ?? null;
  }

  async withBusinessHours(): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>('SELECT id FROM websites WHERE business_hours IS NOT NULL');
    return rows.map((r) => r.id);
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Makes `agentId` a member (or changes nothing if they are one), inside the caller's transaction. */
  async addMember(websiteId: string, agentId: string, role: MemberRole, tx: Sql = this.db, by?: string): Promise<void> {
    await tx.rows(
      `INSERT INTO website_members (website_id, agent_id, role, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (website_id, agent_id) DO NOTHING`,
      [websiteId, agentId, role, by ?? agentId],
    );
  }

  async hasMemberWithEmail(websiteId: string, email: string): Promise<boolean> {
    const rows = await this.db.rows(
      `SELECT 1 FROM website_members m JOIN agents a ON a.id = m.agent_id
       WHERE m.website_id = $1 AND lower(a.email) = lower($2)`,
      [websiteId, email],
    );
    return rows.length > 0;
  }

  /** The ids of the websites an agent belongs to (for socket rooms). */
  async websiteIdsOf(agentId: string): Promise<string[]> {
    const rows = await this.db.rows<{ website_id: string }>(
      'SELECT website_id FROM website_members WHERE agent_id = $1',
      [agentId],
    );
    return rows.map((r) => r.website_id);
  }
}
