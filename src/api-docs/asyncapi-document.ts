import { z } from 'zod';
import type { ClientEventTable } from '../realtime/client-events';
import type { ClientEventName, ServerToClientEvents } from '../realtime/socket-types';
import { Conversation, InboxConversation, Message, Sender } from './response-shapes';

type Json = Record<string, unknown>;
type Who = 'visitor' | 'agent' | 'visitor or agent';

interface ClientEventDoc {
  from: Who;
  summary: string;
  /** What `{ok: true, …}` carries besides `ok`. */
  ack: z.ZodRawShape;
}

interface ServerEventDoc {
  to: string;
  summary: string;
  payload: z.ZodType;
}

/** Every client → server event. A Record over ClientEventName: a new event does not compile without its entry. */
export const clientEventDocs: Record<ClientEventName, ClientEventDoc> = {
  'conversation:open': {
    from: 'visitor',
    summary:
      'Creates a conversation, or returns the visitor’s open one; broadcasts conversation:open to the website’s agents',
    ack: { conversation: Conversation, message: Message.optional() },
  },
  'message:new': {
    from: 'visitor or agent',
    summary:
      'Stores a message, then broadcasts message:new to both sides; a replayed clientMessageId returns the stored one',
    ack: { message: Message },
  },
  'conversation:close': {
    from: 'visitor or agent',
    summary: 'Closes; broadcasts conversation:close to both sides',
    ack: { conversation: Conversation },
  },
  'conversation:reopen': {
    from: 'agent',
    summary: 'Reopens a closed conversation; broadcasts conversation:open',
    ack: { conversation: Conversation },
  },
  'conversation:assign': {
    from: 'agent',
    summary: 'Assigns (agentId) or unassigns (null) if the role allows; broadcasts conversation:assigned',
    ack: { conversation: Conversation },
  },
  'conversation:join': {
    from: 'visitor or agent',
    summary: 'Follows a conversation (typing of others there); an agent counts as viewing it',
    ack: {},
  },
  'conversation:leave': { from: 'visitor or agent', summary: 'Stops following; viewers are updated', ack: {} },
  'presence:set': {
    from: 'agent',
    summary: 'Chooses online or away; kept across reconnects',
    ack: { status: z.enum(['online', 'away']) },
  },
  typing: {
    from: 'visitor or agent',
    summary: 'Relayed to the other side (and agents viewing), never stored',
    ack: {},
  },
};

const conversationPayload = z.object({ conversation: Conversation });

/** Every server → client event. Typed over ServerToClientEvents: each event must have its entry. */
export const serverEventDocs: { [E in keyof ServerToClientEvents]: ServerEventDoc } = {
  'message:new': {
    to: 'both sides of the conversation',
    summary: 'A stored message',
    payload: z.object({ message: Message }),
  },
  'conversation:open': {
    to: 'the website’s agents',
    summary: 'A new or reopened conversation',
    payload: z.object({ conversation: z.union([InboxConversation, Conversation]) }),
  },
  'conversation:close': { to: 'both sides', summary: 'A closed conversation', payload: conversationPayload },
  'conversation:assigned': {
    to: 'the website’s agents',
    summary: 'Its assignee changed',
    payload: conversationPayload,
  },
  'conversation:updated': {
    to: 'the website’s agents',
    summary: 'Its tags, assignee or status changed',
    payload: conversationPayload,
  },
  'conversation:viewers': {
    to: 'the website’s agents',
    summary: 'Who is viewing the conversation, after every join, leave or disconnect',
    payload: z.object({ conversationId: z.uuid(), agentIds: z.array(z.uuid()) }),
  },
  'conversation:deleted': {
    to: 'both sides',
    summary: 'Deleted by an owner or admin: drop it',
    payload: z.object({ conversationId: z.uuid() }),
  },
  'message:deleted': {
    to: 'both sides',
    summary: 'A message’s body was removed; it keeps its seq',
    payload: z.object({ conversationId: z.uuid(), messageId: z.uuid(), seq: z.int() }),
  },
  'conversation:read': {
    to: 'both sides',
    summary: 'One side read the conversation up to seq (never which agent)',
    payload: z.object({
      conversationId: z.uuid(),
      seq: z.int(),
      by: z.object({ type: z.enum(['agent', 'visitor']) }),
    }),
  },
  'membership:removed': {
    to: 'the removed agent’s own sockets',
    summary: 'The agent is no longer a member of the website (removed, or left)',
    payload: z.object({ websiteId: z.uuid() }),
  },
  'membership:updated': {
    to: 'the agent’s own sockets',
    summary: 'The agent’s role on the website changed',
    payload: z.object({ websiteId: z.uuid(), role: z.enum(['owner', 'admin', 'agent']) }),
  },
  typing: {
    to: 'the other side (and agents viewing)',
    summary: 'Someone is typing, or stopped',
    payload: z.object({ conversationId: z.uuid(), typing: z.boolean(), sender: Sender }),
  },
  presence: {
    to: 'agents: {agentId, status}; visitors: {status} of the website',
    summary: 'Presence changed',
    payload: z.union([
      z.object({ agentId: z.uuid(), status: z.enum(['online', 'away', 'offline']) }),
      z.object({ status: z.enum(['online', 'offline']) }),
    ]),
  },
  error: {
    to: 'the sender',
    summary: 'A failed event that was sent without an acknowledgement callback',
    payload: z.lazy(() => failedAck),
  },
};

const failedAck = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    retryAfter: z.number().optional().meta({ description: 'seconds, for RATE_LIMITED' }),
  }),
});

const SCHEMA_FORMAT = 'application/schema+json;version=draft-07';

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

/** Message keys may not hold `:`. */
const key = (event: string) => event.replace(/:/g, '.');

/**
 * The AsyncAPI 3 document of the Socket.IO endpoint: client events with their payload (the same
 * zod schema the server checks it with, from the event table) and acknowledgement, server events
 * with their payload.
 */
export function buildAsyncApiDocument(table: ClientEventTable, version: string, publicUrl: string): Json {
  const url = new URL(publicUrl);
  const messages: Json = {};
  const operations: Json = {};
  const channel = { $ref: '#/channels/socket' };
  const message = (name: string) => ({ $ref: `#/channels/socket/messages/${name}` });
  for (const event of Object.keys(clientEventDocs) as ClientEventName[]) {
    const doc = clientEventDocs[event];
    const name = `client.${key(event)}`;
    messages[name] = {
      name: event,
      title: event,
      summary: doc.summary,
      description: `Sent by: ${doc.from}.`,
      payload: { schemaFormat: SCHEMA_FORMAT, schema: schemaOf(table[event].input as z.ZodType, 'input') },
    };
    messages[`${name}.ack`] = {
      name: `${event} acknowledgement`,
      title: `${event} acknowledgement`,
      summary: 'The acknowledgement callback’s argument',
      payload: {
        schemaFormat: SCHEMA_FORMAT,
        schema: schemaOf(z.union([z.object({ ok: z.literal(true), ...doc.ack }), failedAck]), 'output'),
      },
    };
    operations[`receive.${key(event)}`] = {
      action: 'receive',
      channel,
      summary: doc.summary,
      messages: [message(name)],
      reply: { channel, messages: [message(`${name}.ack`)] },
    };
  }
  for (const event of Object.keys(serverEventDocs) as (keyof ServerToClientEvents)[]) {
    const doc = serverEventDocs[event];
    const name = `server.${key(event)}`;
    messages[name] = {
      name: event,
      title: event,
      summary: doc.summary,
      description: `Sent to: ${doc.to}.`,
      payload: { schemaFormat: SCHEMA_FORMAT, schema: schemaOf(doc.payload, 'output') },
    };
    operations[`send.${key(event)}`] = { action: 'send', channel, summary: doc.summary, messages: [message(name)] };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Zendo realtime',
      version,
      description:
        'One Socket.IO (v4) endpoint, default namespace. Handshake `auth` is `{token}` (agent access JWT) or ' +
        '`{websiteKey, visitorToken}`; a refused handshake is a `connect_error` whose message is the code ' +
        '(UNAUTHORIZED, ORIGIN_NOT_ALLOWED, RATE_LIMITED; BUSY and UNAVAILABLE, retryable, with `data.retryAfter` ' +
        'seconds, as RATE_LIMITED has). Client events answer through the acknowledgement: ' +
        '`{ok: true, …}` or `{ok: false, error: {code, message}}`.',
    },
    defaultContentType: 'application/json',
    servers: {
      zendo: {
        host: url.host,
        protocol: url.protocol === 'https:' ? 'wss' : 'ws',
        pathname: '/socket.io/',
        description: 'This server (its PUBLIC_URL), Socket.IO protocol v5 over WebSocket or polling',
        security: [
          { $ref: '#/components/securitySchemes/agentToken' },
          { $ref: '#/components/securitySchemes/visitorToken' },
        ],
      },
    },
    channels: { socket: { address: '/socket.io/', title: 'The Socket.IO endpoint', messages } },
    operations,
    components: {
      securitySchemes: {
        agentToken: {
          type: 'httpApiKey',
          name: 'token',
          in: 'query',
          description: 'Handshake auth `{token: <access JWT>}`',
        },
        visitorToken: {
          type: 'httpApiKey',
          name: 'visitorToken',
          in: 'query',
          description: 'Handshake auth `{websiteKey, visitorToken}` (from /api/v1/widget/bootstrap)',
        },
      },
    },
  };
}
