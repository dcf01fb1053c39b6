// A chunk of its own, fetched once the visitor has something new on screen to mark read.
// Imports nothing at run time, so it shares no chunk with the chat.
import type { ChatSession } from '../chat-session';
import type { WidgetApi } from '../widget-api';

/** What is on screen is reported as read this long after it settles. */
export const READ_DELAY_MS = 1000;

/**
 * Tells the server how far the visitor has read (so the team sees it): what the panel shows once
 * things settle, only forward, only while the panel is open and the page visible.
 */
export class Receipts {
  /** Per conversation, the highest seq the server was told: never sent again, or lower. */
  readonly #told = new Map<string, number>();
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly session: ChatSession,
    private readonly api: WidgetApi,
  ) {}

  /**
   * The panel changed: report the conversation on screen after READ_DELAY_MS of quiet, when it shows
   * something from the team the API does not know was read (the visitor's own words need no receipt).
   */
  shown(): void {
    const id = this.session.currentId;
    if (!id || !this.#news(id)) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const { session } = this;
      const seq = this.#shownSeq();
      if (!session.viewing || session.currentId !== id || !this.#news(id)) return;
      this.#told.set(id, seq);
      // Not stored: the next change on screen tries again.
      this.api.markRead(session.visitorToken, id, seq).catch(() => this.#told.delete(id));
    }, READ_DELAY_MS);
  }

  #news(id: string): boolean {
    const floor = this.#floor(id);
    return this.session.currentMessages.some((m) => m.seq > floor && m.sender.type !== 'visitor');
  }

  #shownSeq(): number {
    return this.session.currentMessages.at(-1)?.seq ?? 0;
  }

  /** How far the server knows the visitor read: told from here, or in the conversation's payload. */
  #floor(id: string): number {
    const conversation = this.session.conversations.find((c) => c.id === id);
    return Math.max(this.#told.get(id) ?? 0, conversation?.visitorReadSeq ?? 0);
  }
}
