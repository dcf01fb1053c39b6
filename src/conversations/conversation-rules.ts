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
export type AppendVerdict = 'new' | 'again' | 'stored' | 'closed' | 'not_found';

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
