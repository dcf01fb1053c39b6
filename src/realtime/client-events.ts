import { Injectable } from '@nestjs/common';
import { ConversationsService } from '../conversations/conversations.service';
import { SetPresenceInput } from '../presence/dto/presence.dto';
import { PresenceService } from '../presence/presence.service';
import { ViewersService } from '../presence/viewers.service';
import { DomainError } from '../common/domain-error';
import {
  ConversationRefInput,
  OpenConversationInput,
  SocketAssignInput,
  SocketMessageInput,
  TypingInput,
} from '../conversations/dto/conversation.dto';
import type { z } from 'zod';
import { SocketConversations } from './socket-conversations';
import { ClientEventName, rooms, ZendoSocket } from './socket-types';
import { TypingRelay } from './typing-relay';

/** One client→server event: its payload's schema, its cost against the rate limit, its handler. */
export interface ClientEvent<S extends z.ZodType = z.ZodType, R extends object = object> {
  input: S;
  /** Units this event counts against the socket's limit of events per second. */
  cost: number;
  /** A visitor's message (or a new conversation): also counted against the visitor's own rate, across sockets. */
  paced?: boolean;
  /** Gets the parsed payload; what it returns is added to the acknowledgement `{ok: true}`. */
  handle(socket: ZendoSocket, payload: z.output<S>): Promise<R> | R;
}

/** Declares an event so its handler is typed from its schema. */
const clientEvent = <S extends z.ZodType, R extends object>(event: ClientEvent<S, R>) => event;

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry is typed by clientEvent() */
export type ClientEventTable = Record<ClientEventName, ClientEvent<any, any>>;

/**
 * Every event a client may send, declared once: its payload schema, its cost against the
 * socket's rate limit, and its handler. The handlers pass the socket's actor to the use cases,
 * which decide what agents and visitors may each do; the result becomes the acknowledgement.
 */
@Injectable()
export class ClientEvents {
  readonly table: ClientEventTable;

  constructor(
    conversations: ConversationsService,
    typing: TypingRelay,
    access: SocketConversations,
    presence: PresenceService,
    viewers: ViewersService,
  ) {
    this.table = {
      'conversation:open': clientEvent({
        input: OpenConversationInput,
        cost: 1,
        paced: true,
        handle: async (socket, dto) => {
          const opened = await conversations.open(socket.data.actor, dto);
          access.remember(socket, opened.conversation);
          return opened;
        },
      }),
      'message:new': clientEvent({
        input: SocketMessageInput,
        cost: 1,
        paced: true,
        handle: async (socket, dto) => ({
          message: await conversations.send(socket.data.actor, dto.conversationId, dto),
        }),
      }),
      'conversation:close': clientEvent({
        input: ConversationRefInput,
        cost: 1,
        handle: async (socket, dto) => ({
          conversation: await conversations.close(socket.data.actor, dto.conversationId),
        }),
      }),
      'conversation:reopen': clientEvent({
        input: ConversationRefInput,
        cost: 1,
        handle: async (socket, dto) => ({
          conversation: await conversations.reopen(socket.data.actor, dto.conversationId),
        }),
      }),
      'conversation:assign': clientEvent({
        input: SocketAssignInput,
        cost: 1,
        handle: async (socket, dto) => ({
          conversation: await conversations.assign(socket.data.actor, dto.conversationId, dto.agentId),
        }),
      }),
      // The socket follows a conversation: the typing of other agents there; an agent counts as viewing it.
      'conversation:join': clientEvent({
        input: ConversationRefInput,
        cost: 1,
        handle: async (socket, { conversationId }) => {
          const conversation = await access.authorise(socket, conversationId);
          await socket.join(rooms.conversation(conversationId));
          const actor = socket.data.actor;
          if (actor.type === 'agent') await viewers.join(conversation, actor.id, socket.id);
          return {};
        },
      }),
      'conversation:leave': clientEvent({
        input: ConversationRefInput,
        cost: 1,
        handle: async (socket, { conversationId }) => {
          await socket.leave(rooms.conversation(conversationId));
          await viewers.leave(conversationId, socket.id);
          return {};
        },
      }),
      'presence:set': clientEvent({
        input: SetPresenceInput,
        cost: 1,
        handle: async (socket, { status }) => {
          const actor = socket.data.actor;
          if (actor.type !== 'agent') throw new DomainError('FORBIDDEN', 'Only agents have a presence', 403);
          return { status: await presence.choose(actor, status) };
        },
      }),
      // Typing is coalesced by the relay, so it is not counted against the socket's limit.
      typing: clientEvent({ input: TypingInput, cost: 0, handle: (socket, dto) => typing.typing(socket, dto) }),
    };
  }
}
