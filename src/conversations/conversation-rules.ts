import type { Actor, AgentActor, VisitorActor } from '../common/auth/actor';
import { ValidationFailed } from '../common/domain-error';
import { UUID_PATTERN } from '../common/input';
import type { Sender } from './conversation.types';
import { ConversationError } from './conversations.errors';

/**
 * The rules of conversations that need no database: who may do what, and how the append
 * statement's verdicts are answered. The rules that need the rows (scope, replay, seq) are in
 * the append statement (message-append.ts) and the repositories.
 */

/** What a message does to a closed conversation. */
export type WhenClosed = 'reopen' | 'refuse';

/** A visitor's message reopens a closed conversation; an agent's is refused until an agent reopens it. */
export function whenClosed(actor: Actor): WhenClosed {
  return actor.type === 'visitor' ? 'reopen' : 'refuse';
}

export function senderOf(actor: Actor): Sender {
  return { type: actor.type, id: actor.id };
}

/** Conversations are opened by visitors, from the widget. */
export function mustBeVisitor(actor: Actor, action: string): asserts actor is VisitorActor {
  if (actor.type !== 'visitor') throw new ConversationError('FORBIDDEN', `Only visitors ${action}`);
}

/** Reopening, assigning, reading for the team: agents only. */
export function mustBeAgent(actor: Actor, action: string): asserts actor is AgentActor {
  if (actor.type !== 'agent') throw new ConversationError('FORBIDDEN', `Only agents ${action}`);
}

/** How the append statement judged one append (see message-append.ts). */
export type AppendVerdict = 'new' | 'again' | 'stored' | 'closed' | 'not_found' | 'unclaimed' | 'not_assignee';

/**
 * The answer to one append. `new` stored it; `again` (an earlier copy in the same batch) and
 * `stored` (already in the conversation) answer the stored message and write nothing. A `new`
 * message reopened the conversation when the conversation was closed before the batch and this
 * message is the first the batch added to it: only a visitor's can be (an agent's is `closed`).
 */
export function judgeAppend(
  verdict: AppendVerdict,
  before: { wasClosed: boolean | null; lastSeq: number | null },
  seq: number | null,
): { created: boolean; reopened: boolean } {
  if (verdict === 'not_found') throw new ConversationError('NOT_FOUND');
  if (verdict === 'closed') throw new ConversationError('CONVERSATION_CLOSED');
  if (verdict === 'not_assignee') throw new ConversationError('NOT_ASSIGNEE');
  if (verdict === 'unclaimed') throw new ConversationError('UNCLAIMED');
  const created = verdict === 'new';
  return { created, reopened: created && before.wasClosed === true && seq === (before.lastSeq ?? 0) + 1 };
}

/** Inbox pages: after the conversation last shown, by activity (integer microseconds) then id. */
export interface InboxCursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: InboxCursor | null): string | null {
  return cursor ? Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url') : null;
}

export function decodeCursor(raw: string | undefined): InboxCursor | undefined {
  if (raw === undefined) return undefined;
  const [at, id, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (rest.length || !at || !id || !/^\d{1,16}$/.test(at) || !UUID_PATTERN.test(id)) {
    throw new ValidationFailed([{ field: 'cursor', message: 'cursor is not one this server gave out' }]);
  }
  return { at, id };
}

export type MemberRole = 'owner' | 'admin' | 'agent';

/**
 * Who may assign whom. Owners and admins assign any member, or nobody. An agent may only take an
 * unassigned conversation for themselves, or give back one they hold. Whether the assignee is a
 * member is the repository's to check.
 */
export function mayAssign(
  actor: { id: string; role: MemberRole },
  current: string | null,
  next: string | null,
): boolean {
  if (actor.role === 'owner' || actor.role === 'admin') return true;
  if (next === current) return true;
  return (current === null && next === actor.id) || (current === actor.id && next === null);
}

/** What happened, for a system message: who did it (null: the visitor or the system) and to whom. */
export type Happening =
  | { kind: 'closed'; by: string | null }
  | { kind: 'reopened'; by: string }
  | { kind: 'assigned'; by: string | null; to: string }
  | { kind: 'claimed'; by: string }
  | { kind: 'unassigned'; by: string | null; from: string | null }
  | { kind: 'left'; who: string };

/** The words of a system message: plain text, who did what. */
export function systemText(event: Happening): string {
  switch (event.kind) {
    case 'closed':
      return event.by ? `${event.by} closed the conversation` : 'The visitor closed the conversation';
    case 'reopened':
      return `${event.by} reopened the conversation`;
    case 'assigned':
      return event.by
        ? `${event.by} assigned the conversation to ${event.to}`
        : `Assigned to ${event.to} (round robin)`;
    case 'claimed':
      return `${event.by} took the conversation`;
    case 'unassigned':
      if (event.by && event.from && event.by !== event.from) return `${event.by} unassigned ${event.from}`;
      return event.by ? `${event.by} unassigned the conversation` : 'The conversation was unassigned';
    case 'left':
      return `${event.who} is no longer on the team; the conversation is unassigned`;
  }
}

/** Search pages: where the next page starts in the ranked results. */
const SEARCH_OFFSET_MAX = 10_000;

export function encodeSearchCursor(offset: number | null): string | null {
  return offset === null ? null : Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodeSearchCursor(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  const offset = match ? Number(match[1]) : NaN;
  if (!(offset >= 0 && offset <= SEARCH_OFFSET_MAX)) {
    throw new ValidationFailed([{ field: 'cursor', message: 'cursor is not one this server gave out' }]);
  }
  return offset;
}

/** The end of a `to` filter: a bare date means the whole of that day. */
export function endOf(to: string): Date {
  const date = new Date(to);
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
