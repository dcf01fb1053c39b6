import { z } from 'zod';
import { chars, pageUrl, queryInt, text, uuid, UUID_PATTERN } from '../../common/input';

export const BODY_MAX = 5000;
const SEQ_MAX = 2_147_483_647;

const body = () => text(BODY_MAX);
const clientMessageId = () => uuid('clientMessageId must be a UUID');
const conversationId = () => uuid('conversationId must be a UUID');

export const SendMessageInput = z.strictObject({ body: body(), clientMessageId: clientMessageId() });
export type SendMessageInput = z.output<typeof SendMessageInput>;

/** The socket form names the conversation in the payload. */
export const SocketMessageInput = z.strictObject({
  conversationId: conversationId(),
  body: body(),
  clientMessageId: clientMessageId(),
});
export type SocketMessageInput = z.output<typeof SocketMessageInput>;

/** A first message is optional; when a body is given, so is its clientMessageId. */
export const OpenConversationInput = z
  .strictObject({
    body: body().optional(),
    clientMessageId: clientMessageId().optional(),
    pageUrl: pageUrl().optional(),
    pageTitle: chars(300).trim().optional(),
  })
  .refine((o) => o.body === undefined || o.clientMessageId !== undefined, {
    path: ['clientMessageId'],
    error: 'clientMessageId must be a UUID',
  });
export type OpenConversationInput = z.output<typeof OpenConversationInput>;

export const ConversationRefInput = z.strictObject({ conversationId: conversationId() });
export type ConversationRefInput = z.output<typeof ConversationRefInput>;

export const TypingInput = z.strictObject({ conversationId: conversationId(), typing: z.boolean() });
export type TypingInput = z.output<typeof TypingInput>;

const assignee = () => uuid('agentId must be a UUID or null').nullable();

export const AssignInput = z.strictObject({ agentId: assignee() });
export type AssignInput = z.output<typeof AssignInput>;

export const SocketAssignInput = z.strictObject({ conversationId: conversationId(), agentId: assignee() });
export type SocketAssignInput = z.output<typeof SocketAssignInput>;

export const ReadInput = z.strictObject({ seq: z.number().int().min(0).max(SEQ_MAX) });
export type ReadInput = z.output<typeof ReadInput>;

export const MessagesQuery = z
  .strictObject({
    afterSeq: queryInt(0, SEQ_MAX, 'afterSeq must be an integer ≥ 0').optional(),
    beforeSeq: queryInt(1, SEQ_MAX, 'beforeSeq must be an integer ≥ 1').optional(),
    limit: queryInt(1, 200, 'limit must be an integer from 1 to 200').optional(),
  })
  .refine((q) => q.afterSeq === undefined || q.beforeSeq === undefined, {
    path: ['beforeSeq'],
    error: 'give afterSeq or beforeSeq, not both',
  });
export type MessagesQuery = z.output<typeof MessagesQuery>;

/** `tag=` may repeat: all must match. */
const tagFilter = () =>
  z
    .union([chars(50), z.array(chars(50)).max(10)], { error: 'tag must be up to 10 tag names' })
    .transform((v) => (Array.isArray(v) ? v : [v]));

const isoDate = (field: string) =>
  z
    .string()
    .max(40)
    .refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), {
      error: `${field} must be an ISO 8601 date like 2026-12-01 or 2026-12-01T09:30:00Z`,
    });

export const InboxQuery = z.strictObject({
  status: z.enum(['open', 'closed']).optional(),
  assignee: z
    .string()
    .refine((v) => v === 'me' || v === 'none' || UUID_PATTERN.test(v), {
      error: 'assignee must be me, none or an agent id',
    })
    .optional(),
  tag: tagFilter().optional(),
  q: chars(100).trim().optional(),
  /** On the conversation's last activity, as for search; a bare date `to` includes that whole day. */
  from: isoDate('from').optional(),
  to: isoDate('to').optional(),
  cursor: z.string().max(200).optional(),
  limit: queryInt(1, 100, 'limit must be an integer from 1 to 100').optional(),
});
export type InboxQuery = z.output<typeof InboxQuery>;

export const SearchQuery = z.strictObject({
  q: text(200),
  status: z.enum(['open', 'closed']).optional(),
  assignee: InboxQuery.shape.assignee,
  tag: tagFilter().optional(),
  /** On the conversation's last activity; a bare date `to` includes that whole day. */
  from: isoDate('from').optional(),
  to: isoDate('to').optional(),
  cursor: z.string().max(200).optional(),
  limit: queryInt(1, 50, 'limit must be an integer from 1 to 50').optional(),
});
export type SearchQuery = z.output<typeof SearchQuery>;

export const RatingInput = z.strictObject({
  score: z.number({ error: 'score must be a whole number from 1 to 5' }).int().min(1).max(5),
  comment: chars(1000).trim().optional(),
});
export type RatingInput = z.output<typeof RatingInput>;

export const CsatQuery = z
  .strictObject({
    /** On when the rating was given; a bare date `to` includes that whole day. */
    from: isoDate('from').optional(),
    to: isoDate('to').optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    error: 'to must not be before from',
  });
export type CsatQuery = z.output<typeof CsatQuery>;

/** The text fields that may come with an upload (multipart). */
export const AttachmentFields = z.strictObject({
  body: chars(BODY_MAX).trim().optional(),
  clientMessageId: clientMessageId().optional(),
});
export type AttachmentFields = z.output<typeof AttachmentFields>;
