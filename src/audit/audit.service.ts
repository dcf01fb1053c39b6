import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { Db, Sql } from '../database/db';

export interface AuditEntry {
  websiteId: string;
  actor: { type: 'agent' | 'visitor' | 'system'; id: string | null };
  action: string;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string } | null;
  ip: string | null;
  details: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/**
 * The audit log of a website: who did what, when, from where. Each entry is written in the
 * transaction of the change it records, so there is no change without its entry and no entry
 * for a change that was rolled back. The client address comes from the request's context.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  async record(tx: Sql, entry: AuditEntry): Promise<void> {
    await tx.rows(
      `INSERT INTO audit_events (website_id, actor_type, actor_id, actor_name, action, target_type, target_id, ip, details)
       VALUES ($1, $2, $3, (SELECT name FROM agents WHERE id = $3), $4, $5, $6, $7, $8)`,
      [
        entry.websiteId,
        entry.actor.type,
        entry.actor.id,
        entry.action,
        entry.target?.type ?? null,
        entry.target?.id ?? null,
        RequestContext.current()?.ip ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  /** Newest first; `before` is the cursor: the (at, id) of the last entry of the previous page. */
  async list(
    websiteId: string,
    filter: { before?: { at: string; id: string }; action?: string; actorId?: string; limit: number },
  ): Promise<{ items: AuditEvent[]; next: { at: string; id: string } | null }> {
    const params: unknown[] = [websiteId];
    const where = ['website_id = $1'];
    if (filter.action) {
      params.push(`${filter.action}%`);
      where.push(`action LIKE $${params.length}`);
    }
    if (filter.actorId) {
      params.push(filter.actorId);
      where.push(`actor_id = $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before.at, filter.before.id);
      where.push(`(at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit + 1);
    const rows = await this.db.rows<AuditRow & { cursor_at: string }>(
      `SELECT *, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at FROM audit_events
       WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
        action: r.action,
        target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
        ip: r.ip,
        details: r.details,
      })),
      next: rows.length > filter.limit && last ? { at: last.cursor_at, id: last.id } : null,
    };
  }
}
