import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';

export interface AgentRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  email_verified_at: Date | null;
  notify_email: 'all' | 'assigned' | 'none';
  created_at: Date;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  /** Whether the agent proved they read this address (the signup link, an invite, a reset). */
  emailVerified: boolean;
  notifications: { email: AgentRow['notify_email'] };
  createdAt: string;
}

export function toAgent(row: AgentRow): Agent {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.email_verified_at !== null,
    notifications: { email: row.notify_email },
    createdAt: row.created_at.toISOString(),
  };
}

export type RefreshOutcome =
  | { kind: 'rotated'; agentId: string; familyId: string }
  | { kind: 'reused'; agentId: string; familyId: string }
  /** The session reached its absolute lifetime: log in again. */
  | { kind: 'ended'; agentId: string; familyId: string }
  | { kind: 'invalid' };

@Injectable()
export class AgentsRepository {
  constructor(private readonly db: Db) {}

  /** null when the email is taken (case-insensitively). `verified`: the email was proven (an invite token). */
  async create(
    email: string,
    name: string,
    passwordHash: string,
    tx: Sql = this.db,
    verified = false,
  ): Promise<AgentRow | null> {
    const rows = await tx.rows<AgentRow>(
      `INSERT INTO agents (email, name, password_hash, email_verified_at)
       VALUES ($1, $2, $3, CASE WHEN $4::boolean THEN now() END)
       ON CONFLICT ((lower(email))) DO NOTHING
       RETURNING id, email, name, password_hash, email_verified_at, notify_email, created_at`,
      [email, name, passwordHash, verified],
    );
    return rows[0] ?? null;
  }

  async findByEmail(email: string, tx: Sql = this.db): Promise<AgentRow | undefined> {
    const rows = await tx.rows<AgentRow>(
      'SELECT id, email, name, password_hash, email_verified_at, notify_email, created_at FROM agents WHERE lower(email) = lower($1)',
      [email],
    );
    return rows[0];
  }

  async findById(id: string): Promise<AgentRow | undefined> {
    const rows = await this.db.rows<AgentRow>(
      'SELECT id, email, name, password_hash, email_verified_at, notify_email, created_at FROM agents WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  async update(id: string, patch: { name?: string; notifyEmail?: string }): Promise<AgentRow | undefined> {
    const rows = await this.db.rows<AgentRow>(
      `UPDATE agents SET name = COALESCE($2, name), notify_email = COALESCE($3, notify_email) WHERE id = $1
       RETURNING id, email, name, password_hash, email_verified_at, notify_email, created_at`,
      [id, patch.name ?? null, patch.notifyEmail ?? null],
    );
    return rows[0];
  }

  /** New password and every refresh family of the agent revoked, together. */
  changePassword(id: string, passwordHash: string, tx?: Sql): Promise<string[]> {
    const work = async (t: Sql) => {
      await t.rows('UPDATE agents SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
      return this.revokeAll(t, id);
    };
    return tx ? work(tx) : this.db.transaction(work);
  }

  /** Every live session of the agent ends; answers the ended families. */
  async revokeAll(tx: Sql, id: string): Promise<string[]> {
    const revoked = await tx.rows<{ family_id: string }>(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE agent_id = $1 AND revoked_at IS NULL RETURNING family_id`,
      [id],
    );
    return [...new Set(revoked.map((r) => r.family_id))];
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** A single-use emailed token (verify or reset); earlier unused ones of the same purpose stop working. */
  async storeEmailToken(
    agentId: string,
    purpose: 'verify' | 'reset',
    email: string,
    tokenHash: Buffer,
    expiresAt: Date,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.rows(
        `UPDATE email_tokens SET used_at = now() WHERE agent_id = $1 AND purpose = $2 AND used_at IS NULL`,
        [agentId, purpose],
      );
      await tx.rows(
        `INSERT INTO email_tokens (agent_id, purpose, email, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [agentId, purpose, email, tokenHash, expiresAt],
      );
    });
  }

  /**
   * Uses a live token of `purpose` once, in the caller's transaction; the agent it belongs to,
   * provided their email is still the one it was sent to. undefined otherwise.
   */
  async useEmailToken(tx: Sql, purpose: 'verify' | 'reset', tokenHash: Buffer): Promise<AgentRow | undefined> {
    const rows = await tx.rows<AgentRow>(
      `WITH used AS (
         UPDATE email_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING agent_id, email)
       SELECT a.id, a.email, a.name, a.password_hash, a.email_verified_at, a.notify_email, a.created_at
       FROM used JOIN agents a ON a.id = used.agent_id AND lower(a.email) = lower(used.email)`,
      [tokenHash, purpose],
    );
    return rows[0];
  }

  async verifyEmail(tx: Sql, id: string): Promise<AgentRow> {
    const rows = await tx.rows<AgentRow>(
      `UPDATE agents SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1
       RETURNING id, email, name, password_hash, email_verified_at, notify_email, created_at`,
      [id],
    );
    return rows[0];
  }

  async markVerified(tx: Sql, id: string): Promise<void> {
    await tx.rows('UPDATE agents SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1', [id]);
  }

  /**
   * The owner of the email takes over an account nobody proved it for: new name and password,
   * verified, and every session of whoever made it ended. Answers the ended sessions.
   */
  async takeOverUnverified(tx: Sql, id: string, name: string, passwordHash: string): Promise<string[]> {
    await tx.rows(
      `UPDATE agents SET name = $2, password_hash = $3, email_verified_at = now() WHERE id = $1 AND email_verified_at IS NULL`,
      [id, name, passwordHash],
    );
    const revoked = await tx.rows<{ family_id: string }>(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE agent_id = $1 AND revoked_at IS NULL RETURNING family_id',
      [id],
    );
    return [...new Set(revoked.map((r) => r.family_id))];
  }

  async storeRefreshToken(agentId: string, familyId: string, tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await this.db.rows(
      'INSERT INTO refresh_tokens (agent_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)',
      [agentId, familyId, tokenHash, expiresAt],
    );
  }

  /**
   * Rotation: a live token is marked used and its successor stored, in one transaction.
   * A token that was already used (or revoked) means it leaked: the whole family is revoked.
   */
  rotateRefreshToken(
    presented: Buffer,
    successor: Buffer,
    expiresAt: Date,
    sessionMaxMs: number,
  ): Promise<RefreshOutcome> {
    return this.db.transaction(async (tx) => {
      const token = await tx.one<{
        id: string;
        agent_id: string;
        family_id: string;
        expires_at: Date;
        used_at: Date | null;
        revoked_at: Date | null;
        family_started_at: Date;
      }>(
        `SELECT id, agent_id, family_id, expires_at, used_at, revoked_at, family_started_at
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [presented],
      );
      if (!token) return { kind: 'invalid' };
      if (token.used_at || token.revoked_at) {
        await tx.rows('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
          token.family_id,
        ]);
        return { kind: 'reused', agentId: token.agent_id, familyId: token.family_id };
      }
      if (token.expires_at.getTime() <= Date.now()) return { kind: 'invalid' };
      // However often it is refreshed, a session ends this long after its login.
      const sessionEnd = token.family_started_at.getTime() + sessionMaxMs;
      if (sessionEnd <= Date.now()) {
        await tx.rows('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
          token.family_id,
        ]);
        return { kind: 'ended', agentId: token.agent_id, familyId: token.family_id };
      }
      await tx.rows('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [token.id]);
      await tx.rows(
        `INSERT INTO refresh_tokens (agent_id, family_id, token_hash, expires_at, family_started_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          token.agent_id,
          token.family_id,
          successor,
          new Date(Math.min(expiresAt.getTime(), sessionEnd)),
          token.family_started_at,
        ],
      );
      return { kind: 'rotated', agentId: token.agent_id, familyId: token.family_id };
    });
  }

  /** Revokes the family of a token; returns it (null for an unknown token). */
  async revokeFamilyOf(tokenHash: Buffer): Promise<{ agentId: string; familyId: string } | null> {
    const rows = await this.db.rows<{ agent_id: string; family_id: string }>(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL
       RETURNING agent_id, family_id`,
      [tokenHash],
    );
    return rows[0] ? { agentId: rows[0].agent_id, familyId: rows[0].family_id } : null;
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const rows = await this.db.rows<{ live: number }>(
      'SELECT count(*)::int AS live FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL',
      [familyId],
    );
    return rows[0].live === 0;
  }
}
