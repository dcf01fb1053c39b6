import { inject, Injectable, signal } from '@angular/core';
import { Session } from '../core/auth/session';
import { Realtime } from '../core/realtime/realtime';
import { listOfNames } from '../core/team/assignee-label';

const TYPING_TIMEOUT_MS = 6_000;
type Typers = ReadonlyMap<string, string | null>;

/**
 * The other agents in a conversation: who has it open and who is typing in it. The console joins
 * the conversation on screen, leaves it when it goes, and joins again after every reconnect.
 */
@Injectable({ providedIn: 'root' })
export class ViewersStore {
  private readonly realtime = inject(Realtime);
  private readonly session = inject(Session);
  private readonly viewing = signal<ReadonlyMap<string, readonly string[]>>(new Map());
  /** Per conversation, the agents typing and the name their event carried. */
  private readonly typingIn = signal<ReadonlyMap<string, Typers>>(new Map());
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private current: string | null = null;

  constructor() {
    this.realtime.viewers.subscribe(({ conversationId, agentIds }) =>
      this.viewing.update((map) => new Map(map).set(conversationId, [...new Set(agentIds)])),
    );
    this.realtime.typing.subscribe(({ conversationId, typing, sender }) => {
      if (sender.type === 'agent' && sender.id && sender.id !== this.me()) {
        this.setTyping(conversationId, sender.id, typing ? (sender.name ?? null) : undefined);
      }
    });
    // A message is the end of the typing that led to it.
    this.realtime.messageNew.subscribe(({ conversationId, sender }) => {
      if (sender.type === 'agent' && sender.id) this.setTyping(conversationId, sender.id);
    });
    this.realtime.connected.subscribe(() => {
      // Whatever changed while disconnected went unannounced; the join brings a fresh list.
      this.viewing.set(new Map());
      if (this.current) this.send('conversation:join', this.current);
    });
    this.session.ended.subscribe(() => {
      this.current = null;
      this.viewing.set(new Map());
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
      this.typingIn.set(new Map());
    });
  }

  join(conversationId: string): void {
    this.current = conversationId;
    this.send('conversation:join', conversationId);
  }

  leave(conversationId: string): void {
    if (this.current === conversationId) this.current = null;
    this.send('conversation:leave', conversationId);
  }

  /** The other agents with the conversation open; this agent is never among them. */
  viewersOf(conversationId: string): string[] {
    const me = this.me();
    return (this.viewing().get(conversationId) ?? []).filter((id) => id !== me);
  }

  typersOf(conversationId: string): Typers {
    return this.typingIn().get(conversationId) ?? new Map();
  }

  private send(event: 'conversation:join' | 'conversation:leave', conversationId: string): void {
    // Offline, the reconnect joins again; a refusal (a conversation gone) leaves nothing to fix.
    this.realtime.request(event, { conversationId }).catch(() => undefined);
  }

  /** `name` undefined stops the agent's typing; a string or null starts or extends it. */
  private setTyping(conversationId: string, agentId: string, name?: string | null): void {
    const key = `${conversationId} ${agentId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const typing = name !== undefined;
    const current = this.typersOf(conversationId);
    if (!typing && !current.has(agentId)) return;
    const next = new Map(current);
    if (typing) {
      next.set(agentId, name);
      // A lost "stopped typing" must not leave the line on forever.
      this.timers.set(
        key,
        setTimeout(() => this.setTyping(conversationId, agentId), TYPING_TIMEOUT_MS),
      );
    } else {
      next.delete(agentId);
    }
    this.typingIn.update((map) => new Map(map).set(conversationId, next));
  }

  private me(): string | null {
    return this.session.agent()?.id ?? null;
  }
}

/** "Alice is viewing", "Alice and Bob are viewing"; empty when nobody else is. */
export function viewingText(agentIds: string[], names: ReadonlyMap<string, string>): string {
  if (!agentIds.length) return '';
  const list = listOfNames(agentIds.map((id) => names.get(id) ?? 'Another agent'));
  return `${list} ${agentIds.length === 1 ? 'is' : 'are'} viewing`;
}

/** "Alice is typing…", named from the members list first, then from the event. */
export function typingText(typers: Typers, names: ReadonlyMap<string, string>): string {
  if (!typers.size) return '';
  const list = listOfNames(
    [...typers].map(([id, name]) => names.get(id) ?? name ?? 'Another agent'),
  );
  return `${list} ${typers.size === 1 ? 'is' : 'are'} typing…`;
}
