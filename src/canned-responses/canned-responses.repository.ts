import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface CannedResponseRow {
  id: string;
  website_id: string;
  shortcut: string;
  title: string | null;
  body: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, website_id, shortcut, title, body, created_at, updated_at';
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

@Injectable()
export class CannedResponsesRepository {
  constructor(private readonly db: Db) {}

  /** By shortcut; `q` keeps those whose shortcut, title or body holds it (case-insensitively). */
  list(websiteId: string, q: string | undefined, limit: number): Promise<CannedResponseRow[]> {
    const pattern = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
    return this.db.rows<CannedResponseRow>(
      `SELECT ${COLUMNS} FROM canned_responses WHERE website_id = $1
         AND ($2::text IS NULL OR shortcut ILIKE $2 OR title ILIKE $2 OR body ILIKE $2)
       ORDER BY lower(shortcut) LIMIT $3`,
      [websiteId, pattern, limit],
    );
  }

  async count(websiteId: string): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT count(*)::int AS n FROM canned_responses WHERE website_id = $1', [
      websiteId,
    ]))!.n;
  }

  find(id: string): Promise<CannedResponseRow | undefined> {
    return this.db.one<CannedResponseRow>(`SELECT ${COLUMNS} FROM canned_responses WHERE id = $1`, [id]);
  }

  /** null when the shortcut is taken (regardless of case). */
  async create(
    websiteId: string,
    fields: { shortcut: string; title: string | null; body: string },
    agentId: string,
  ): Promise<CannedResponseRow | null> {
    try {
      return (await this.db.one<CannedResponseRow>(
        `INSERT INTO canned_responses (website_id, shortcut, title, body, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${COLUMNS}`,
        [websiteId, fields.shortcut, fields.title, fields.body, agentId],
      ))!;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async update(
    id: string,
    patch: { shortcut?: string; title?: string | null; body?: string },
    agentId: string,
  ): Promise<CannedResponseRow | null> {
    try {
      return (await this.db.one<CannedResponseRow>(
        `UPDATE canned_responses SET shortcut = COALESCE($2, shortcut),
           title = CASE WHEN $3::boolean THEN $4 ELSE title END, body = COALESCE($5, body), updated_by = $6
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, patch.shortcut ?? null, patch.title !== undefined, patch.title ?? null, patch.body ?? null, agentId],
      ))!;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.db.rows('DELETE FROM canned_responses WHERE id = $1', [id]);
  }
}
