import { DatePipe } from '@angular/common';
import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { ConfirmPrompt } from '../core/a11y/confirm-prompt';
import { Visitor } from '../core/api/api.models';
import { visitorLabel } from '../inbox/visitor-label';
import { ConversationThread, ThreadItem } from './conversation-thread';
import { MessageAttachments } from './message-attachments';
import { SeenMarker } from './seen-marker';

/** Within this many pixels of an edge counts as being at it. */
const EDGE_PX = 80;

/**
 * The history, newest at the bottom. Follows new messages while the agent is at the bottom,
 * keeps the reading position when older pages are put on top, and remembers where each
 * conversation was left.
 */
@Component({
  selector: 'zd-message-list',
  imports: [DatePipe, ConfirmPrompt, MessageAttachments, SeenMarker],
  templateUrl: './message-list.html',
  styleUrl: './message-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageList {
  readonly thread = input.required<ConversationThread>();
  readonly visitor = input<Visitor | null>(null);
  readonly agentId = input<string | null>(null);
  readonly loadOlder = output<void>();
  readonly retry = output<string>();
  /** Owners and admins may delete anyone's message; others only their own. */
  readonly manager = input(false);
  /** Asks for a stored message to be deleted, by id. */
  readonly deleteMessage = output<string>();
  protected readonly confirmingId = signal<string | null>(null);

  private readonly viewport = viewChild.required<ElementRef<HTMLElement>>('viewport');
  protected readonly newBelow = signal(false);
  /** "Sent" is shown under the agent's latest confirmed message only, not under every one. */
  protected readonly lastSentKey = computed(
    () =>
      this.thread()
        .items()
        .filter((item) => item.state === 'sent' && this.isMine(item))
        .at(-1)?.key,
  );
  /** The message brought into view from a search hit, marked until another one is. */
  protected readonly revealed = computed(() => this.thread().revealSeq());
  private revealedAt: { thread: ConversationThread; seq: number } | null = null;
  private shown: ConversationThread | null = null;
  private firstKey: string | undefined;
  private lastKey: string | undefined;
  private atBottom = true;
  /** The scroll size and position just before older messages were asked for. */
  private anchor: { height: number; top: number } | null = null;

  constructor() {
    afterRenderEffect({
      write: () => {
        const thread = this.thread();
        const items = thread.items();
        const loadingOlder = thread.loadingOlder();
        const el = this.viewport().nativeElement;
        const first = items[0]?.key;
        const last = items.at(-1);
        if (thread !== this.shown) {
          this.shown = thread;
          this.anchor = null;
          this.newBelow.set(false);
          el.scrollTop = thread.scrollTop ?? el.scrollHeight;
          this.atBottom = thread.scrollTop === null;
        } else if (this.anchor && first !== this.firstKey) {
          el.scrollTop = el.scrollHeight - this.anchor.height + this.anchor.top;
          this.anchor = null;
        } else if (last && last.key !== this.lastKey) {
          if (this.atBottom || last.state !== 'sent') el.scrollTop = el.scrollHeight;
          else if (last.sender.type === 'visitor') this.newBelow.set(true);
        }
        if (!loadingOlder && first === this.firstKey) this.anchor = null;
        this.firstKey = first;
        this.lastKey = last?.key;
        // A short history shows no scrollbar, so scrolling up could never ask for more.
        if (el.scrollHeight <= el.clientHeight && thread.hasOlder() && !loadingOlder) {
          this.requestOlder(el);
        }
        this.scrollToRevealed(thread, el);
      },
    });
  }

  protected onScroll(): void {
    const el = this.viewport().nativeElement;
    this.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
    this.thread().scrollTop = this.atBottom ? null : el.scrollTop;
    if (this.atBottom) this.newBelow.set(false);
    if (el.scrollTop < EDGE_PX) this.requestOlder(el);
  }

  protected showOlder(): void {
    this.requestOlder(this.viewport().nativeElement);
  }

  protected jumpToNewest(): void {
    const el = this.viewport().nativeElement;
    el.scrollTop = el.scrollHeight;
    this.newBelow.set(false);
  }

  protected author(item: ThreadItem): string {
    switch (item.sender.type) {
      case 'visitor':
        return visitorLabel(this.visitor());
      default:
        return this.isMine(item) ? 'You' : item.sender.name || 'Agent';
    }
  }

  protected isMine(item: ThreadItem): boolean {
    return (
      item.sender.type === 'agent' && (item.sender.id === null || item.sender.id === this.agentId())
    );
  }

  /** Scrolls once to the message to reveal as soon as it is rendered, and focuses it. */
  private scrollToRevealed(thread: ConversationThread, el: HTMLElement): void {
    const seq = thread.revealSeq();
    if (seq === null) return;
    if (this.revealedAt?.thread === thread && this.revealedAt.seq === seq) return;
    const target = el.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
    if (!target) return;
    this.revealedAt = { thread, seq };
    this.anchor = null;
    target.scrollIntoView?.({ block: 'center' });
    target.focus({ preventScroll: true });
    this.atBottom = false;
    thread.scrollTop = el.scrollTop;
  }

  protected canDelete(item: ThreadItem): boolean {
    if (item.deleted || item.state !== 'sent' || !item.messageId) return false;
    if (item.sender.type === 'system') return false;
    return this.manager() || this.isMine(item);
  }

  protected confirmDelete(item: ThreadItem): void {
    this.confirmingId.set(null);
    if (item.messageId) this.deleteMessage.emit(item.messageId);
  }

  private requestOlder(el: HTMLElement): void {
    const thread = this.thread();
    if (!thread.hasOlder() || thread.loadingOlder() || this.anchor) return;
    this.anchor = { height: el.scrollHeight, top: el.scrollTop };
    this.loadOlder.emit();
  }
}
