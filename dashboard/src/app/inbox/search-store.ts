import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiError } from '../core/api/api-error';
import { SearchResult } from '../core/api/api.models';
import { ConversationsApi, SearchFilter } from '../core/api/conversations-api';
import { Session } from '../core/auth/session';

const PAGE_SIZE = 20;

/** The results of the inbox's search box under its filters, page by page. */
@Injectable({ providedIn: 'root' })
export class SearchStore {
  private readonly api = inject(ConversationsApi);
  private readonly results = signal<SearchResult[]>([]);
  private readonly cursor = signal<string | null>(null);
  private readonly busy = signal(false);
  private readonly failure = signal<string | null>(null);
  private readonly asked = signal<{ websiteId: string; filter: SearchFilter } | null>(null);
  private generation = 0;

  readonly items = this.results.asReadonly();
  readonly hasMore = computed(() => this.cursor() !== null);
  readonly loading = this.busy.asReadonly();
  readonly error = this.failure.asReadonly();
  /** Whether a search has been answered (an empty list then means nothing matched). */
  readonly done = signal(false);

  constructor() {
    inject(Session).ended.subscribe(() => this.clear());
  }

  /** Runs a search; a newer one makes the answer of an older one be ignored. */
  async search(websiteId: string, filter: SearchFilter): Promise<void> {
    const current = this.asked();
    if (current && current.websiteId === websiteId && sameFilter(current.filter, filter)) return;
    this.asked.set({ websiteId, filter });
    this.results.set([]);
    this.cursor.set(null);
    this.done.set(false);
    await this.fetch(null);
  }

  async loadMore(): Promise<void> {
    if (!this.cursor() || this.busy()) return;
    await this.fetch(this.cursor());
  }

  retry(): Promise<void> {
    return this.fetch(this.cursor());
  }

  clear(): void {
    this.generation++;
    this.asked.set(null);
    this.results.set([]);
    this.cursor.set(null);
    this.busy.set(false);
    this.failure.set(null);
    this.done.set(false);
  }

  private async fetch(cursor: string | null): Promise<void> {
    const asked = this.asked();
    if (!asked) return;
    const generation = ++this.generation;
    this.busy.set(true);
    this.failure.set(null);
    try {
      const page = await this.api.search(asked.websiteId, asked.filter, cursor, PAGE_SIZE);
      if (generation !== this.generation) return;
      this.results.update((list) => {
        const held = new Set(list.map((r) => r.conversation.id));
        return [...list, ...page.items.filter((r) => !held.has(r.conversation.id))];
      });
      this.cursor.set(page.nextCursor);
      this.done.set(true);
    } catch (error) {
      if (generation === this.generation) this.failure.set(ApiError.from(error).message);
    } finally {
      if (generation === this.generation) this.busy.set(false);
    }
  }
}

function sameFilter(a: SearchFilter, b: SearchFilter): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(filter: SearchFilter) {
  return { ...filter, tags: [...(filter.tags ?? [])].sort() };
}
