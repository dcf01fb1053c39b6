import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';

export interface InviteRow {
  id: string;
  website_id: string;
  website_name: string;
  email: string;
  role: 'owner' | 'admin' | 'agent';
  invited_by: string | null;
  invited_by_name: string | null;
  expires_at: Date;
  created_at: Date;
}

const COLUMNS = `i.id, i.website_id, w.name AS website_name, i.email, i.role, i.invited_by,
  (SELECT a.name FROM agents a WHERE a.id = i.invited_by) AS invited_by_name, i.expires_at, i.created_at`;
const PENDING = 'i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()';

@Injectable()
export class InvitesRepository {
  constructor(private readonly db: Db) {}

  async create(
    tx: Sql,
    websiteId: string,
    email: string,
    role: string,
    tokenHash: Buffer,
    invitedBy: string,
    expiresAt: Date,
  ): Promise<InviteRow> {
    const rows = await tx.rows<InviteRow>(
      `WITH i AS (
         INSERT INTO invites (website_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
       SELECT ${COLUMNS} FROM i JOIN websites w ON w.id = i.website_id`,
      [websiteId, email, role, tokenHash, invitedBy, expiresAt],
    );
    return rows[0];
  }

  pending(websiteId: string): Promise<InviteRow[]> {
    return this.db.rows<InviteRow>(
      `SELECT ${COLUMNS} FROM invites i JOIN websites w ON w.id = i.website_id
       WHERE i.website_id = $1 AND ${PENDING} ORDER BY i.created_at DESC, i.id`,
      [websiteId],
    );
  }

  /** Revokes a pending invite of the website; false when there is none. */
  async revoke(tx: Sql, websiteId: string, inviteId: string): Promise<boolean> {
    const rows = await tx.rows(
      `UPDATE invites i SET revoked_at = now() WHERE i.id = $2 AND i.website_id = $1 AND ${PENDING} RETURNING i.id`,
      [websiteId, inviteId],
    );
    return rows.length > 0;
  }

  /** A pending invite gets a new token and a new expiry (the old link stops working). */
  async renew(
    tx: Sql,
    websiteId: string,
    inviteId: string,
    tokenHash: Buffer,
    expiresAt: Date,
  ): Promise<InviteRow | undefined> {
    const rows = await tx.rows<InviteRow>(
      `WITH i AS (
         UPDATE invites i SET token_hash = $3, expires_at = $4, sent_at = now()
         WHERE i.id = $2 AND i.website_id = $1 AND ${PENDING} RETURNING *)
       SELECT ${COLUMNS} FROM i JOIN websites w ON w.id = i.website_id`,
      [websiteId, inviteId, tokenHash, expiresAt],
    );
    return rows[0];
  }

  /** The live invite of a token (unknown, used, revoked or expired: undefined); locked when in a transaction. */
  findLive(tx: Sql | null, tokenHash: Buffer): Promise<InviteRow | undefined> {
    return (tx ?? this.db).one<InviteRow>(
      `SELECT ${COLUMNS} FROM invites i JOIN websites w ON w.id = i.website_id
       WHERE i.token_hash = $1 AND ${PENDING}${tx ? ' FOR UPDATE OF i' : ''}`,
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
