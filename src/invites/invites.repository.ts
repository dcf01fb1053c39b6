import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { query, transaction } from '../database/sql';

export interface InviteRow {
  id: string;
  website_id: string;
  website_name: string;
  email: string;
  role: 'admin' | 'agent';
  expires_at: Date;
  created_at: Date;
}

@Injectable()
export class InvitesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async isMemberEmail(websiteId: string, email: string): Promise<boolean> {
    const rows = await query(
      this.db,
      `SELECT 1 FROM website_members m JOIN agents a ON a.id = m.agent_id
       WHERE m.website_id = $1 AND lower(a.email) = lower($2)`,
      [websiteId, email],
    );
    return rows.length > 0;
  }

  async create(websiteId: string, email: string, role: string, tokenHash: Buffer, invitedBy: string, expiresAt: Date) {
    const rows = await query<InviteRow>(
      this.db,
      `WITH i AS (
         INSERT INTO invites (website_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
       SELECT i.id, i.website_id, w.name AS website_name, i.email, i.role, i.expires_at, i.created_at
       FROM i JOIN websites w ON w.id = i.website_id`,
      [websiteId, email, role, tokenHash, invitedBy, expiresAt],
    );
    return rows[0];
  }

  /**
   * Accepts a live invite in one transaction: the agent (found by the invited email, or created by
   * `createAgent`) becomes a member with the invited role. null when the token is unknown, used or expired.
   */
  accept(
    tokenHash: Buffer,
    createAgent: (email: string) => { name: string; passwordHash: string } | null,
  ): Promise<{ invite: InviteRow; agentId: string; created: boolean } | null | 'NEEDS_ACCOUNT'> {
    return transaction(this.db, async (tx) => {
      const invite = await tx.one<InviteRow>(
        `SELECT i.id, i.website_id, w.name AS website_name, i.email, i.role, i.expires_at, i.created_at
         FROM invites i JOIN websites w ON w.id = i.website_id
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now() FOR UPDATE OF i`,
        [tokenHash],
      );
      if (!invite) return null;
      let agent = await tx.one<{ id: string }>('SELECT id FROM agents WHERE lower(email) = lower($1)', [invite.email]);
      let created = false;
      if (!agent) {
        const details = createAgent(invite.email);
        if (!details) return 'NEEDS_ACCOUNT';
        agent = await tx.one<{ id: string }>(
          'INSERT INTO agents (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id',
          [invite.email, details.name, details.passwordHash],
        );
        created = true;
      }
      await tx.rows(
        `INSERT INTO website_members (website_id, agent_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (website_id, agent_id) DO NOTHING`,
        [invite.website_id, agent!.id, invite.role],
      );
      await tx.rows('UPDATE invites SET accepted_at = now(), accepted_by = $2 WHERE id = $1', [invite.id, agent!.id]);
      return { invite, agentId: agent!.id, created };
    });
  }
}
