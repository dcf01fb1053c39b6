import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface VisitorRow {
  id: string;
  website_id: string;
  name: string | null;
  email: string | null;
  page_url: string | null;
  page_title: string | null;
  created_at: Date;
  last_seen_at: Date;
}

const COLUMNS = 'id, website_id, name, email, page_url, page_title, created_at, last_seen_at';

export interface Page {
  url?: string;
  title?: string;
}

@Injectable()
export class VisitorsRepository {
  constructor(private readonly db: Db) {}

  async create(websiteId: string, tokenHash: Buffer, expiresAt: Date, page: Page): Promise<VisitorRow> {
    const rows = await this.db.rows<VisitorRow>(
      `INSERT INTO visitors (website_id, token_hash, token_expires_at, page_url, page_title)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [websiteId, tokenHash, expiresAt, page.url ?? null, page.title ?? null],
    );
    return rows[0];
  }

  /** The live visitor holding this token on this website; a token of another website finds nothing. */
  async findByToken(websiteId: string, tokenHash: Buffer): Promise<VisitorRow | undefined> {
    const rows = await this.db.rows<VisitorRow>(
      `SELECT ${COLUMNS} FROM visitors WHERE website_id = $1 AND token_hash = $2 AND token_expires_at > now()`,
      [websiteId, tokenHash],
    );
    return rows[0];
  }

  /** For widget calls that carry only the token: the token alone names the visitor and so the website. */
  async findByTokenOnly(tokenHash: Buffer): Promise<VisitorRow | undefined> {
    const rows = await this.db.rows<VisitorRow>(
      `SELECT ${COLUMNS} FROM visitors WHERE token_hash = $1 AND token_expires_at > now()`,
      [tokenHash],
    );
    return rows[0];
  }

  /** A returning visitor's token lives on (sliding expiry). */
  /** A returning visitor's token lives on (sliding expiry); the page they are on, when known, is kept. */
  async touch(id: string, expiresAt: Date, page: Page): Promise<void> {
    await this.db.rows(
      `UPDATE visitors SET last_seen_at = now(), token_expires_at = $2,
         page_url = COALESCE($3, page_url), page_title = CASE WHEN $3::text IS NULL THEN page_title ELSE $4 END
       WHERE id = $1`,
      [id, expiresAt, page.url ?? null, page.title ?? null],
    );
  }

  async identify(id: string, name: string | null | undefined, email: string | null | undefined): Promise<VisitorRow> {
    const rows = await this.db.rows<VisitorRow>(
      `UPDATE visitors SET
         name = CASE WHEN $2::boolean THEN $3 ELSE name END,
         email = CASE WHEN $4::boolean THEN $5 ELSE email END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, name !== undefined, name ?? null, email !== undefined, email ?? null],
    );
    return rows[0];
  }

  async findInWebsite(websiteId: string, visitorId: string): Promise<VisitorRow | undefined> {
    const rows = await this.db.rows<VisitorRow>(`SELECT ${COLUMNS} FROM visitors WHERE website_id = $1 AND id = $2`, [
      websiteId,
      visitorId,
    ]);
    return rows[0];
  }
}
