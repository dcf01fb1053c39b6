import { z } from 'zod';

/**
 * What the API answers, as zod schemas: the API description is generated from them (requests are
 * described from the same zod schemas that check them). Each shape registered here becomes
 * `#/components/schemas/<id>` of the OpenAPI document and is referred to by that id.
 */
export const apiShapes = z.registry<{ id: string; description?: string }>();

const shape = <S extends z.ZodType>(id: string, schema: S, description?: string): S => {
  apiShapes.add(schema as z.ZodType, description ? { id, description } : { id });
  return schema;
};

const id = () => z.uuid();
const instant = () => z.iso.datetime({ offset: true });
const role = () => z.enum(['owner', 'admin', 'agent']);

export const ErrorDetail = shape('ErrorDetail', z.object({ field: z.string(), message: z.string() }));
export const ErrorBody = shape(
  'Error',
  z.object({
    error: z.object({
      code: z.string().meta({ description: 'SNAKE_CASE, one of the codes listed on the response' }),
      message: z.string().meta({ description: 'human text' }),
      details: z.array(ErrorDetail).optional().meta({ description: 'validation errors: one per field' }),
    }),
  }),
  'Every HTTP error body',
);

export const Agent = shape(
  'Agent',
  z.object({
    id: id(),
    email: z.string(),
    name: z.string(),
    emailVerified: z.boolean(),
    notifications: z.object({ email: z.enum(['all', 'assigned', 'none']) }),
    createdAt: instant(),
  }),
);
export const AgentEnvelope = shape('AgentEnvelope', z.object({ agent: Agent }));
export const Session = shape(
  'Session',
  z.object({
    agent: Agent,
    accessToken: z.string().meta({ description: 'JWT for `Authorization: Bearer …`, 15 minutes' }),
    refreshToken: z.string().meta({ description: 'opaque, 30 days, rotated on every use' }),
  }),
);
export const TokenPair = shape('TokenPair', z.object({ accessToken: z.string(), refreshToken: z.string() }));
export const WebsiteSummary = shape('WebsiteSummary', z.object({ id: id(), name: z.string(), role: role() }));
export const Me = shape(
  'Me',
  z.object({ agent: Agent, websites: z.array(WebsiteSummary), presence: z.enum(['online', 'away']) }),
);

const WidgetSettings = shape(
  'WidgetSettings',
  z.object({ color: z.string(), greeting: z.string(), position: z.enum(['right', 'left']) }),
);
const BusinessHours = shape(
  'BusinessHours',
  z.object({
    timezone: z.string(),
    days: z.partialRecord(
      z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
      z.array(z.tuple([z.string(), z.string()])),
    ),
  }),
);
export const Website = shape(
  'Website',
  z.object({
    id: id(),
    name: z.string(),
    key: z.string().meta({ description: 'public key (`pk_…`) of the embed snippet' }),
    allowedOrigins: z.array(z.string()),
    settings: WidgetSettings,
    assignment: z.object({ mode: z.enum(['manual', 'round_robin']), maxOpenPerAgent: z.int().nullable() }),
    replyPolicy: z.enum(['anyone', 'assignee']),
    businessHours: BusinessHours.nullable(),
    offlineGreeting: z.string().nullable(),
    retentionDays: z.int().nullable(),
    requireVerifiedIdentity: z.boolean(),
    locale: z.enum(['auto', 'en', 'de', 'fr', 'es', 'pt-BR', 'ar']),
    csatEnabled: z.boolean(),
    identitySecretSet: z.boolean(),
    rotatedKeys: z.array(z.object({ key: z.string(), expiresAt: instant() })),
    role: role(),
    createdAt: instant(),
  }),
);
export const WebsiteList = shape('WebsiteList', z.object({ items: z.array(Website), nextCursor: z.null() }));
export const RotatedKey = shape('RotatedKey', z.object({ key: z.string(), previousKeyExpiresAt: instant() }));
export const IdentitySecret = shape(
  'IdentitySecret',
  z.object({ identitySecret: z.string().meta({ description: 'shown once' }) }),
);
export const Member = shape(
  'Member',
  z.object({ agent: z.object({ id: id(), name: z.string(), email: z.string() }), role: role(), joinedAt: instant() }),
);
export const MemberList = shape('MemberList', z.object({ items: z.array(Member), nextCursor: z.null() }));
export const AuditEvent = shape(
  'AuditEvent',
  z.object({
    id: id(),
    at: instant(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  }),
);
export const AuditList = shape(
  'AuditList',
  z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() }),
);

export const Sender = shape(
  'Sender',
  z.object({
    type: z.enum(['visitor', 'agent', 'system']),
    id: z.string().nullable().meta({ description: 'visitor or agent id; null for system messages' }),
    name: z.string().nullable().optional(),
  }),
);
export const Attachment = shape(
  'Attachment',
  z.object({
    id: id(),
    name: z.string(),
    type: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']),
    size: z.int().min(1),
    url: z.string().meta({ description: 'signed download link; expires after 24–25 hours' }),
  }),
);
export const Message = shape(
  'Message',
  z.object({
    id: id(),
    conversationId: id(),
    seq: z.int().min(1).meta({ description: '1, 2, 3 … per conversation, no gaps' }),
    clientMessageId: z.string(),
    sender: Sender,
    body: z.string().meta({ description: "plain text; '' once deleted" }),
    createdAt: instant(),
    deletedAt: instant().nullable(),
    attachments: z.array(Attachment),
  }),
);
export const Conversation = shape(
  'Conversation',
  z.object({
    id: id(),
    websiteId: id(),
    visitorId: id(),
    status: z.enum(['open', 'closed']),
    assigneeId: id().nullable(),
    lastSeq: z.int().min(0),
    lastMessageAt: instant(),
    createdAt: instant(),
    closedAt: instant().nullable(),
    tags: z.array(z.string()),
    pageUrl: z.string().nullable(),
    pageTitle: z.string().nullable(),
    visitorReadSeq: z.int().min(0),
    rating: z.object({ score: z.int().min(1).max(5), comment: z.string().nullable(), at: instant() }).nullable(),
  }),
);
export const InboxConversation = shape(
  'InboxConversation',
  Conversation.extend({
    visitor: z.object({ id: id(), name: z.string().nullable(), email: z.string().nullable(), createdAt: instant() }),
    lastMessage: Message.nullable(),
    unreadCount: z.int().min(0),
  }),
  'A conversation as the agent inbox shows it',
);
export const ConversationEnvelope = shape('ConversationEnvelope', z.object({ conversation: Conversation }));
export const InboxPage = shape(
  'InboxPage',
  z.object({ items: z.array(InboxConversation), nextCursor: z.string().nullable() }),
);
export const MessagePage = shape(
  'MessagePage',
  z.object({ messages: z.array(Message), hasMore: z.boolean() }),
  'Ascending by seq',
);
export const SearchPage = shape(
  'SearchPage',
  z.object({
    items: z.array(
      z.object({
        conversation: Conversation,
        visitor: z.object({ id: id(), name: z.string().nullable(), email: z.string().nullable() }),
        hits: z.array(
          z.object({
            messageId: id(),
            seq: z.int(),
            snippet: z.string().meta({ description: 'plain text' }),
            highlights: z.array(z.tuple([z.int(), z.int()])).meta({ description: '[start, end) ranges in snippet' }),
          }),
        ),
      }),
    ),
    nextCursor: z.string().nullable(),
  }),
);
export const Tag = shape(
  'Tag',
  z.object({ id: id(), name: z.string(), color: z.string().nullable(), conversations: z.int().min(0) }),
);
export const TagList = shape('TagList', z.object({ items: z.array(Tag) }));
export const PresenceList = shape(
  'PresenceList',
  z.object({ items: z.array(z.object({ agentId: id(), status: z.enum(['online', 'away', 'offline']) })) }),
);
export const CannedResponse = shape(
  'CannedResponse',
  z.object({
    id: id(),
    shortcut: z.string(),
    title: z.string().nullable(),
    body: z.string(),
    createdAt: instant(),
    updatedAt: instant(),
  }),
);
export const CannedResponseList = shape(
  'CannedResponseList',
  z.object({ items: z.array(CannedResponse), nextCursor: z.null() }),
);
export const Invite = shape(
  'Invite',
  z.object({
    id: id(),
    websiteId: id(),
    email: z.string(),
    role: role(),
    invitedBy: z.object({ id: id(), name: z.string() }).nullable(),
    expiresAt: instant(),
    createdAt: instant(),
  }),
);
export const SentInvite = shape(
  'SentInvite',
  Invite.extend({ mailed: z.boolean().meta({ description: 'whether the mail went out' }) }),
);
export const InviteList = shape('InviteList', z.object({ items: z.array(Invite), nextCursor: z.null() }));
export const InviteInspection = shape(
  'InviteInspection',
  z.object({
    email: z.string(),
    role: role(),
    website: z.object({ id: id(), name: z.string() }),
    account: z.enum(['existing', 'new']),
  }),
);
export const AcceptedInvite = shape(
  'AcceptedInvite',
  z.object({
    created: z.boolean().meta({ description: 'true (201) when an account was made; then a session comes with it' }),
    website: WebsiteSummary,
    agent: Agent.optional(),
    accessToken: z.string().optional(),
    refreshToken: z.string().optional(),
  }),
);

export const Visitor = shape(
  'Visitor',
  z.object({
    id: id(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    userId: z.string().nullable(),
    createdAt: instant(),
    erasedAt: instant().nullable(),
  }),
);
export const VisitorEnvelope = shape('VisitorEnvelope', z.object({ visitor: Visitor }));
export const Bootstrap = shape(
  'Bootstrap',
  z.object({
    visitor: Visitor,
    visitorToken: z.string().meta({ description: 'send as `X-Visitor-Token`; kept by the widget' }),
    website: z.object({
      id: id(),
      name: z.string(),
      settings: WidgetSettings,
      offlineGreeting: z.string().nullable(),
      online: z.boolean(),
      locale: z.enum(['auto', 'en', 'de', 'fr', 'es', 'pt-BR', 'ar']),
      csatEnabled: z.boolean(),
    }),
    conversations: z.array(Conversation.extend({ agentReadSeq: z.int().min(0) })),
  }),
);
export const VisitorConversationList = shape(
  'VisitorConversationList',
  z.object({ items: z.array(Conversation.extend({ agentReadSeq: z.int().min(0) })), nextCursor: z.null() }),
);
export const MessageEnvelope = shape('MessageEnvelope', z.object({ message: Message }));
export const CsatReport = shape(
  'CsatReport',
  z.object({
    count: z.int().min(0),
    average: z.number().nullable(),
    distribution: z.object({ '1': z.int(), '2': z.int(), '3': z.int(), '4': z.int(), '5': z.int() }),
  }),
);
export const VisitorExport = shape(
  'VisitorExport',
  z.object({
    exportedAt: instant(),
    visitor: Visitor.extend({
      lastSeenAt: instant(),
      pageUrl: z.string().nullable(),
      pageTitle: z.string().nullable(),
    }),
    devices: z.array(z.object({ since: instant(), until: instant() })),
    conversations: z.array(z.record(z.string(), z.unknown())),
  }),
  'Everything stored about the visitor',
);
export const Health = shape(
  'Health',
  z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.enum(['up', 'down'])) }),
);
export const DemoStatus = shape('DemoStatus', z.object({ enabled: z.boolean(), url: z.string() }));
