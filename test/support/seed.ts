import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashToken } from '../../src/common/secrets';

/** Rows inserted straight into the database, for tests of the schema and the access layer. */
export class Seed {
  constructor(private readonly db: Client) {}

  async website(name = 'Site'): Promise<string> {
    const { rows } = await this.db.query(`INSERT INTO websites (name, key) VALUES ($1, $2) RETURNING id`, [
      name,
      `pk_${randomBytes(16).toString('hex')}`,
    ]);
    return rows[0].id;
  }

  async agent(name = 'Agent'): Promise<string> {
    const { rows } = await this.db.query(
      `INSERT INTO agents (email, name, password_hash) VALUES ($1, $2, 'x') RETURNING id`,
      [`${randomBytes(6).toString('hex')}@example.com`, name],
    );
    return rows[0].id;
  }

  async member(websiteId: string, agentId: string, role: 'owner' | 'admin' | 'agent' = 'agent'): Promise<void> {
    await this.db.query('INSERT INTO website_members (website_id, agent_id, role) VALUES ($1, $2, $3)', [
      websiteId,
      agentId,
      role,
    ]);
  }

  async visitor(websiteId: string): Promise<string> {
    const { rows } = await this.db.query(
      `WITH v AS (INSERT INTO visitors (website_id) VALUES ($1) RETURNING id, website_id)
       INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at)
       SELECT $2, id, website_id, now() + interval '1 day' FROM v RETURNING visitor_id AS id`,
      [websiteId, randomBytes(32)],
    );
    return rows[0].id;
  }

  /** Visitors of one website, one token each (in clear), in one statement: their ids, in the tokens' order. */
  async visitors(websiteId: string, tokens: string[]): Promise<string[]> {
    const { rows } = await this.db.query(
      `WITH v AS (INSERT INTO visitors (website_id) SELECT $1 FROM generate_series(1, $2) RETURNING id),
            n AS (SELECT id, row_number() OVER () AS i FROM v),
            t AS (INSERT INTO visitor_tokens (token_hash, visitor_id, website_id, expires_at)
                  SELECT h, n.id, $1, now() + interval '1 day'
                  FROM n JOIN unnest($3::bytea[]) WITH ORDINALITY AS u(h, i) USING (i)
                  RETURNING visitor_id, token_hash)
       SELECT t.visitor_id AS id FROM t JOIN unnest($3::bytea[]) WITH ORDINALITY AS u(h, i) ON u.h = t.token_hash
       ORDER BY u.i`,
      [websiteId, tokens.length, tokens.map(hashToken)],
    );
    return rows.map((row) => row.id);
  }

  /** A website with a visitor, their conversation, and an agent who is a member of the website. */
  async conversationWithMember() {
    const website = await this.website();
    const visitor = await this.visitor(website);
    const conversation = await this.conversation(website, visitor);
    const agent = await this.agent();
    await this.member(website, agent);
    return { website, visitor, conversation, agent };
  }

  async conversation(websiteId: string, visitorId: string): Promise<string> {
    const { rows } = await this.db.query(
      `INSERT INTO conversations (website_id, visitor_id) VALUES ($1, $2) RETURNING id`,
      [websiteId, visitorId],
    );
    return rows[0].id;
  }
}
