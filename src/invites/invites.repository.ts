import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';

export interface InviteRow {
  id: string;
  website_id: string;
  website_name: string;
  email: string;
  role: 'admin' | 'agent';
  expires_at: Date;
  created_at: Date;
}

const INVITE_COLUMNS = 'i.id, i.website_id, w.name AS website_name, i.email, i.role, i.expires_at, i.created_at';

@Injectable()
export class InvitesRepository {
  constructor(private readonly db: Db) {}

  async create(websiteId: string, email: string, role: string, tokenHash: Buffer, invitedBy: string, expiresAt: Date) {
    const rows = await this.db.rows<InviteRow>(
      `WITH i AS (
         INSERT INTO invites (website_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
       SELECT ${INVITE_COLUMNS} FROM i JOIN websites w ON w.id = i.website_id`,
      [websiteId, email, role, tokenHash, invitedBy, expiresAt],
    );
    return rows[0];
  }

  /** The live invite of a token, locked until the transaction ends; undefined when unknown, used or expired. */
  findLiveForUpdate(tx: Sql, tokenHash: Buffer): Promise<InviteRow | undefined> {
    return tx.one<InviteRow>(
      `SELECT ${INVITE_COLUMNS} FROM invites i JOIN websites w ON w.id = i.website_id
       WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now() FOR UPDATE OF i`,
      [tokenHash],
    );
  }

  async markAccepted(tx: Sql, inviteId: string, agentId: string): Promise<void> {
    await tx.rows('UPDATE invites SET accepted_at = now(), accepted_by = $2 WHERE id = $1', [inviteId, agentId]);
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
