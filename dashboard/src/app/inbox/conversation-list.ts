import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  input,
  output,
  signal,
  viewChild,
  viewChildren,
} from '@angular/core';
import { DatePipe } from '@angular/common';
import { InboxConversation, Presence } from '../core/api/api.models';
import { assigneeLabel } from '../core/team/assignee-label';
import { PresenceDot } from '../core/team/presence-dot';
import { TagChips } from '../tags/tag-chips';
import { visitorLabel } from './visitor-label';

/**
 * The conversations as a list of buttons with one tab stop: arrow keys, Home and End move between
 * them and Enter opens one, so an agent can work the inbox from the keyboard.
 */
@Component({
  selector: 'zd-conversation-list',
  imports: [DatePipe, PresenceDot, TagChips],
  templateUrl: './conversation-list.html',
  styleUrl: './conversation-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationList {
  readonly conversations = input.required<InboxConversation[]>();
  readonly activeId = input<string | null>(null);
  readonly hasMore = input(false);
  readonly loading = input(false);
  readonly emptyText = input('No conversations.');
  /** This agent, the members' names and their presence, to show who holds each conversation. */
  readonly agentId = input<string | null>(null);
  readonly names = input<ReadonlyMap<string, string>>(new Map());
  readonly presence = input<ReadonlyMap<string, Presence>>(new Map());
  readonly selected = output<string>();
  readonly loadMore = output<void>();

  private readonly buttons = viewChildren<ElementRef<HTMLButtonElement>>('item');
  private readonly sentinel = viewChild<ElementRef<HTMLElement>>('sentinel');
  private readonly focusedId = signal<string | null>(null);

  protected readonly label = visitorLabel;
  /** The one item reachable with Tab: the focused one, else the open one, else the first. */
  protected readonly tabStopId = computed(() => {
    const list = this.conversations();
    const preferred = [this.focusedId(), this.activeId()].find((id) =>
      list.some((c) => c.id === id),
    );
    return preferred ?? list[0]?.id ?? null;
  });

  constructor() {
    // Loads the next page as its trigger scrolls into view; the button still works without it.
    effect((onCleanup) => {
      const element = this.sentinel()?.nativeElement;
      if (!element || typeof IntersectionObserver === 'undefined') return;
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting) && !this.loading()) this.loadMore.emit();
      });
      observer.observe(element);
      onCleanup(() => observer.disconnect());
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    const buttons = this.buttons().map((b) => b.nativeElement);
    if (!buttons.length) return;
    const current = buttons.indexOf(event.target as HTMLButtonElement);
    const last = buttons.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = current < 0 ? 0 : Math.min(current + 1, last);
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : Math.max(current - 1, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    buttons[next].focus();
    if (next === last && this.hasMore() && !this.loading()) this.loadMore.emit();
  }

  protected assignee(conversation: InboxConversation): string {
    return assigneeLabel(conversation.assigneeId, this.agentId(), this.names());
  }

  protected onFocus(id: string): void {
    this.focusedId.set(id);
  }

  /** Today's activity by time of day, older by date. */
  protected dateFormat(iso: string): string {
    return new Date(iso).toDateString() === new Date().toDateString() ? 'shortTime' : 'MMM d';
  }

  protected preview(conversation: InboxConversation): string {
    const message = conversation.lastMessage;
    if (!message) return 'No messages yet';
    if (message.deletedAt) return 'Message deleted';
    if (message.sender.type !== 'agent') return message.body;
    const mine = message.sender.id === null || message.sender.id === this.agentId();
    return `${mine ? 'You' : message.sender.name || 'Agent'}: ${message.body}`;
  }
}
