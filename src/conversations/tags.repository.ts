import { Injectable } from '@nestjs/common';
import { Db, Sql } from '../database/db';
import { CONVERSATION_COLUMNS, ConversationRow, TAGGED_WITH } from './conversation-rows';

export interface TagRow {
  id: string;
  website_id: string;
  name: string;
  color: string | null;
  conversations: number;
}

const TAG_COLUMNS = `t.id, t.website_id, t.name, t.color,
  (SELECT count(*)::int FROM conversations c WHERE c.website_id = t.website_id AND ${TAGGED_WITH('ARRAY[t.name]::text[]')} AND c.deleted_at IS NULL) AS conversations`;

/** SQLSTATE 23505: a unique index refused the row. */
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** The tag catalogue of a website, and the tags of its conversations (a list of names, GIN-indexed). */
@Injectable()
export class TagsRepository {
  constructor(private readonly db: Db) {}

  list(websiteId: string): Promise<TagRow[]> {
    return this.db.rows<TagRow>(`SELECT ${TAG_COLUMNS} FROM tags t WHERE t.website_id = $1 ORDER BY lower(t.name)`, [
      websiteId,
    ]);
  }

  count(websiteId: string): Promise<number> {
    return this.db
      .one<{ n: number }>('SELECT count(*)::int AS n FROM tags WHERE website_id = $1', [websiteId])
      .then((r) => r!.n);
  }

  find(tagId: string): Promise<TagRow | undefined> {
    return this.db.one<TagRow>(`SELECT ${TAG_COLUMNS} FROM tags t WHERE t.id = $1`, [tagId]);
  }

  /** null when the name is taken. */
  async create(websiteId: string, name: string, color: string | null, agentId: string): Promise<TagRow | null> {
    try {
      const row = await this.db.one<{ id: string }>(
        'INSERT INTO tags (website_id, name, color, created_by, updated_by) VALUES ($1, $2, $3, $4, $4) RETURNING id',
        [websiteId, name, color, agentId],
      );
      return (await this.find(row!.id))!;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /**
   * Renames and recolours; a rename is carried into every conversation holding the tag, in the
   * same transaction. null when the new name is taken. Answers the conversations renamed in.
   */
  update(
    tag: TagRow,
    patch: { name?: string; color?: string | null },
    agentId: string,
  ): Promise<{ tag: TagRow; conversations: ConversationRow[] } | null> {
    return this.db
      .transaction(async (tx) => {
        await tx.rows(
          `UPDATE tags SET name = COALESCE($2, name), color = CASE WHEN $3::boolean THEN $4 ELSE color END, updated_by = $5
           WHERE id = $1`,
          [tag.id, patch.name ?? null, patch.color !== undefined, patch.color ?? null, agentId],
        );
        const conversations =
          patch.name !== undefined && patch.name !== tag.name
            ? await this.replaceInConversations(tx, tag.website_id, tag.name, patch.name)
            : [];
        return { conversations };
      })
      .then(async ({ conversations }) => ({ tag: (await this.find(tag.id))!, conversations }))
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
  }

  /** Deletes the tag and takes it off every conversation; answers those conversations. */
  remove(tag: TagRow): Promise<ConversationRow[]> {
    return this.db.transaction(async (tx) => {
      await tx.rows('DELETE FROM tags WHERE id = $1', [tag.id]);
      return this.replaceInConversations(tx, tag.website_id, tag.name, null);
    });
  }

  /** The catalogue names (as written there) of `names`, compared regardless of case; undefined for unknown ones. */
  async resolve(websiteId: string, names: string[]): Promise<(string | undefined)[]> {
    const rows = await this.db.rows<{ name: string }>(
      'SELECT name FROM tags WHERE website_id = $1 AND lower(name) = ANY ($2::text[])',
      [websiteId, names.map((n) => n.toLowerCase())],
    );
    const byLower = new Map(rows.map((r) => [r.name.toLowerCase(), r.name]));
    return names.map((n) => byLower.get(n.toLowerCase()));
  }

  setTags(conversationId: string, tags: string[]): Promise<ConversationRow | undefined> {
    return this.db.one<ConversationRow>(
      `UPDATE conversations c SET tags = $2 WHERE c.id = $1 AND c.deleted_at IS NULL RETURNING ${CONVERSATION_COLUMNS}`,
      [conversationId, tags],
    );
  }

  private replaceInConversations(
    tx: Sql,
    websiteId: string,
    from: string,
    to: string | null,
  ): Promise<ConversationRow[]> {
    return tx.rows<ConversationRow>(
      `UPDATE conversations c
       SET tags = CASE WHEN $3::text IS NULL THEN array_remove(c.tags, $2) ELSE array_replace(c.tags, $2, $3) END
       WHERE c.website_id = $1 AND ${TAGGED_WITH('ARRAY[$2]::text[]')}
       RETURNING ${CONVERSATION_COLUMNS}`,
      [websiteId, from, to],
    );
  }
}
