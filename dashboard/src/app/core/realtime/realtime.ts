import { computed, inject, Injectable, signal } from '@angular/core';
import { io, Socket } from 'socket.io-client';
import { Subject } from 'rxjs';
import { Conversation, InboxConversation, Message, ReadEvent } from '../api/api.models';
import { Session } from '../auth/session';
import {
  ClientEvents,
  MembershipRemovedEvent,
  MembershipUpdatedEvent,
  ConversationDeletedEvent,
  MessageDeletedEvent,
  PresenceEvent,
  RealtimeUnavailable,
  ServerEvents,
  TypingEvent,
  ViewersEvent,
} from './realtime-events';

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'offline';
type AckEvent = Exclude<keyof ClientEvents, 'typing'>;
type AckPayload<E extends AckEvent> = Parameters<ClientEvents[E]>[0];
type AckResponse<E extends AckEvent> = Parameters<Parameters<ClientEvents[E]>[1]>[0];

const ACK_TIMEOUT_MS = 8_000;
const MAX_RETRY_DELAY_MS = 15_000;

/** The agent's one Socket.IO connection, re-authenticated with the current access token. */
@Injectable({ providedIn: 'root' })
export class Realtime {
  private readonly session = inject(Session);
  private socket: Socket<ServerEvents, ClientEvents> | null = null;
  private readonly state = signal<ConnectionState>('idle');
  private readonly networkUp = signal(globalThis.navigator?.onLine ?? true);
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  readonly status = computed<ConnectionState>(() =>
    this.networkUp() || this.state() === 'idle' ? this.state() : 'offline',
  );
  /** Every successful (re)connect: the moment to fetch whatever was missed while away. */
  readonly connected = new Subject<void>();
  readonly messageNew = new Subject<Message>();
  readonly conversationOpen = new Subject<InboxConversation>();
  readonly conversationClose = new Subject<Conversation>();
  readonly conversationAssigned = new Subject<Conversation>();
  /** Any change of tags, assignee or status. */
  readonly conversationUpdated = new Subject<Conversation>();
  readonly viewers = new Subject<ViewersEvent>();
  readonly typing = new Subject<TypingEvent>();
  readonly presence = new Subject<PresenceEvent>();
  readonly membershipRemoved = new Subject<MembershipRemovedEvent>();
  readonly membershipUpdated = new Subject<MembershipUpdatedEvent>();
  readonly messageDeleted = new Subject<MessageDeletedEvent>();
  readonly conversationDeleted = new Subject<ConversationDeletedEvent>();
  readonly conversationRead = new Subject<ReadEvent>();

  constructor() {
    this.session.ended.subscribe(() => this.disconnect());
    globalThis.addEventListener?.('offline', () => this.networkUp.set(false));
    globalThis.addEventListener?.('online', () => {
      this.networkUp.set(true);
      if (this.socket && !this.socket.connected) this.reconnectSoon(0);
    });
  }

  connect(): void {
    if (this.socket) return;
    const socket: Socket<ServerEvents, ClientEvents> = io({
      path: '/socket.io/',
      transports: ['websocket'],
      // Called on every (re)connect, so a refreshed token is picked up without a new socket.
      auth: (cb) => {
        this.session.freshToken().then(
          (token) => cb({ token }),
          () => cb({ token: null }),
        );
      },
    });
    this.socket = socket;
    this.state.set('connecting');

    socket.on('connect', () => {
      this.retries = 0;
      this.state.set('online');
      this.connected.next();
    });
    socket.on('disconnect', (reason) => {
      this.state.set('offline');
      // The server drops the socket when the access token expires and will not reconnect it by
      // itself; the auth callback refreshes the token on the way back in.
      if (reason === 'io server disconnect') this.reconnectSoon();
    });
    socket.on('connect_error', (error) => {
      this.state.set('offline');
      if (socket.active) return; // a transport failure: the manager is already retrying
      if (error.message === 'UNAUTHORIZED') {
        // A refused refresh ends the session, which drops the socket; any other failure
        // (server unreachable) is worth another try later.
        const retry = () => {
          if (this.socket === socket) this.reconnectSoon();
        };
        this.session.refresh().then(retry, retry);
      } else {
        this.reconnectSoon();
      }
    });
    socket.on('message:new', ({ message }) => this.messageNew.next(message));
    socket.on('conversation:open', ({ conversation }) => this.conversationOpen.next(conversation));
    socket.on('conversation:close', ({ conversation }) =>
      this.conversationClose.next(conversation),
    );
    socket.on('conversation:assigned', ({ conversation }) =>
      this.conversationAssigned.next(conversation),
    );
    socket.on('conversation:updated', ({ conversation }) =>
      this.conversationUpdated.next(conversation),
    );
    socket.on('conversation:viewers', (event) => this.viewers.next(event));
    socket.on('typing', (event) => this.typing.next(event));
    socket.on('presence', (event) => this.presence.next(event));
    socket.on('membership:removed', (event) => this.membershipRemoved.next(event));
    socket.on('membership:updated', (event) => this.membershipUpdated.next(event));
    socket.on('message:deleted', (event) => this.messageDeleted.next(event));
    socket.on('conversation:deleted', (event) => this.conversationDeleted.next(event));
    socket.on('conversation:read', (event) => this.conversationRead.next(event));
  }

  isOnline(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Sends an acknowledged event; rejects with RealtimeUnavailable when it cannot be delivered. */
  async request<E extends AckEvent>(event: E, payload: AckPayload<E>): Promise<AckResponse<E>> {
    const socket = this.socket;
    if (!socket?.connected) throw new RealtimeUnavailable();
    // socket.io's overloads do not resolve through a generic event name, hence the loose view.
    const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(name: string, body: unknown): Promise<unknown>;
    };
    try {
      return (await timed.emitWithAck(event, payload)) as AckResponse<E>;
    } catch {
      throw new RealtimeUnavailable();
    }
  }

  sendTyping(conversationId: string, typing: boolean): void {
    if (this.socket?.connected) this.socket.volatile.emit('typing', { conversationId, typing });
  }

  /** Reconnects so the server puts the agent in the rooms of websites created since connecting. */
  rejoin(): void {
    if (!this.socket) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  disconnect(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.state.set('idle');
  }

  private reconnectSoon(delay?: number): void {
    if (this.retryTimer) return;
    const wait = delay ?? Math.min(500 * 2 ** this.retries++, MAX_RETRY_DELAY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.socket && !this.socket.connected) this.socket.connect();
    }, wait);
  }
}
