import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Router, RouterOutlet } from '@angular/router';
import { Session } from '../core/auth/session';
import { MembersStore } from '../core/team/members-store';
import { PresenceStore } from '../core/team/presence-store';
import { ApiError } from '../core/api/api-error';
import { ConversationAssignment } from '../conversation/conversation-assignment';
import { MessageStore } from '../conversation/message-store';
import { TagsStore } from '../tags/tags-store';
import { ConversationList } from './conversation-list';
import { InboxFilters, readFilters, withinDates } from './inbox-filters';
import { InboxStore } from './inbox-store';
import { SearchStore } from './search-store';
import { SearchPick, SearchResults } from './search-results';
import { DemoHint } from './demo-hint';
import { shortcutFor, stepFrom } from './inbox-shortcuts';
import { ShortcutsDialog } from './shortcuts-dialog';

const VIEWS: { value: string; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'me', label: 'Mine' },
  { value: 'none', label: 'Unassigned' },
];
/** Typing pauses this long before the search runs. */
const SEARCH_DEBOUNCE_MS = 300;

@Component({
  selector: 'zd-inbox-page',
  imports: [RouterOutlet, ConversationList, SearchResults, DemoHint, ShortcutsDialog],
  host: { '(document:keydown)': 'onShortcut($event)' },
  templateUrl: './inbox-page.html',
  styleUrl: './inbox-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage {
  private readonly router = inject(Router);
  protected readonly inbox = inject(InboxStore);
  protected readonly searches = inject(SearchStore);
  protected readonly members = inject(MembersStore);
  protected readonly presence = inject(PresenceStore);
  protected readonly tagsStore = inject(TagsStore);
  private readonly messages = inject(MessageStore);
  private readonly session = inject(Session);
  private readonly assignment = inject(ConversationAssignment);
  private readonly shortcutsDialog = viewChild.required(ShortcutsDialog);
  /** What a shortcut could not do, said where the agent looks. */
  protected readonly shortcutNote = signal('');
  protected readonly agentId = computed(() => this.session.agent()?.id ?? null);
  readonly websiteId = input.required<string>();
  /** The filters live in the URL (`?assignee=&status=&tag=&from=&to=&q=`) so a reload keeps them. */
  readonly assignee = input<string>();
  readonly status = input<string>();
  readonly tag = input<string | string[]>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly q = input<string>();

  protected readonly views = VIEWS;
  protected readonly statuses = [
    { value: 'open', label: 'Open' },
    { value: 'closed', label: 'Closed' },
    { value: 'all', label: 'Any status' },
  ] as const;
  protected readonly filters = computed<InboxFilters>(() =>
    readFilters({
      assignee: this.assignee(),
      status: this.status(),
      tag: this.tag(),
      from: this.from(),
      to: this.to(),
      q: this.q(),
    }),
  );
  /** What is in the search box, ahead of the URL while the agent is typing. */
  protected readonly searchText = linkedSignal(() => this.filters().q);
  protected readonly searching = computed(() => this.filters().q.length > 0);
  /** The demo page is offered on an empty inbox, not on a search or a tag or date filter that found nothing. */
  protected readonly offerDemo = computed(() => {
    const f = this.filters();
    return !f.q && !f.tags.length && !f.from && !f.to;
  });
  protected readonly memberChoice = computed(() => {
    const assignee = this.filters().assignee;
    return VIEWS.some((v) => v.value === assignee) ? '' : assignee;
  });
  protected readonly catalogue = computed(() => this.tagsStore.of(this.websiteId()));
  /** Tags in the URL that the catalogue lacks still show, so they can be unticked. */
  protected readonly tagChoices = computed(() => {
    const known = this.catalogue().map((t) => t.name);
    const extra = this.filters().tags.filter(
      (t) => !known.some((k) => k.toLowerCase() === t.toLowerCase()),
    );
    return [...known, ...extra];
  });
  protected readonly shown = computed(() => {
    const { from, to } = this.filters();
    return this.inbox
      .conversations()
      .filter((c) => withinDates(c.lastMessageAt ?? c.createdAt, from, to));
  });
  protected readonly dateError = computed(() => {
    const { from, to } = this.filters();
    return from && to && from > to ? 'The “from” date is after the “to” date.' : '';
  });
  protected readonly filtered = computed(() => {
    const f = this.filters();
    return (
      f.status !== 'open' ||
      f.assignee !== 'all' ||
      f.tags.length > 0 ||
      !!f.from ||
      !!f.to ||
      !!f.q
    );
  });
  protected readonly emptyText = computed(() => {
    const f = this.filters();
    if (f.tags.length || f.from || f.to) return 'No conversations match these filters.';
    const status = f.status === 'all' ? '' : `${f.status} `;
    switch (f.assignee) {
      case 'me':
        return `No ${status}conversations assigned to you.`;
      case 'none':
        return `No ${status}unassigned conversations.`;
      case 'all':
        return `No ${status}conversations.`;
      default:
        return `No ${status}conversations assigned to ${this.members.names().get(f.assignee) ?? 'this member'}.`;
    }
  });
  protected readonly hasMoreFilters = computed(() => {
    const f = this.filters();
    return f.tags.length > 0 || !!f.from || !!f.to;
  });
  /** Whether the agent opened or closed the tag and date filters; null follows the URL. */
  protected readonly moreOpen = signal<boolean | null>(null);
  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    effect(() => {
      const id = this.websiteId();
      // Dates the wrong way round are said on the page; the server finds nothing between them.
      const { status, assignee, tags, from, to } = this.filters();
      untracked(() => void this.inbox.showFiltered(id, { status, assignee, tags, from, to }));
    });
    effect(() => {
      const id = this.websiteId();
      untracked(() => void this.tagsStore.ensure(id).catch(() => undefined));
    });
    effect(() => {
      const id = this.websiteId();
      const f = this.filters();
      untracked(() => {
        if (!f.q || this.dateError()) {
          this.searches.clear();
          return;
        }
        void this.searches.search(id, {
          q: f.q,
          status: f.status === 'all' ? undefined : f.status,
          assignee: f.assignee === 'all' ? undefined : f.assignee,
          tags: f.tags,
          from: f.from || undefined,
          to: f.to || undefined,
        });
      });
    });
    inject(DestroyRef).onDestroy(() => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
    });
  }

  protected setStatus(status: string): void {
    this.navigate({ status: status === 'open' ? null : status });
  }

  protected setView(view: string): void {
    this.navigate({ assignee: view === 'all' ? null : view });
  }

  protected chooseMember(agentId: string): void {
    this.navigate({ assignee: agentId || null });
  }

  protected toggleTag(name: string, on: boolean): void {
    const current = this.filters().tags.filter((t) => t.toLowerCase() !== name.toLowerCase());
    const next = on ? [...current, name] : current;
    this.navigate({ tag: next.length ? next : null });
  }

  protected hasTag(name: string): boolean {
    return this.filters().tags.some((t) => t.toLowerCase() === name.toLowerCase());
  }

  protected setDate(which: 'from' | 'to', value: string): void {
    this.navigate({ [which]: value || null });
  }

  protected typeSearch(value: string): void {
    this.searchText.set(value);
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.commitSearch(), SEARCH_DEBOUNCE_MS);
  }

  protected commitSearch(): void {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    const q = this.searchText().trim();
    if (q !== this.filters().q) this.navigate({ q: q || null });
  }

  protected clearSearch(): void {
    this.searchText.set('');
    this.commitSearch();
  }

  protected clearFilters(): void {
    this.searchText.set('');
    this.navigate({ status: null, assignee: null, tag: null, from: null, to: null, q: null });
  }

  protected openConversation(id: string): void {
    this.inbox.notice.set('');
    void this.router.navigate(['/w', this.websiteId(), 'inbox', id], {
      queryParamsHandling: 'preserve',
    });
  }

  protected openHit(pick: SearchPick): void {
    if (pick.seq !== null) {
      const thread = this.messages.thread(pick.conversationId);
      // Set afresh, so clicking the same hit again scrolls to it again.
      thread.revealSeq.set(null);
      thread.revealSeq.set(pick.seq);
    }
    this.openConversation(pick.conversationId);
  }

  protected openShortcuts(): void {
    this.shortcutsDialog().open();
  }

  protected onShortcut(event: KeyboardEvent): void {
    const action = shortcutFor(event);
    if (!action) return;
    event.preventDefault();
    this.shortcutNote.set('');
    const activeId = this.inbox.activeId();
    switch (action) {
      case 'next':
      case 'previous':
        void this.step(activeId, action === 'next' ? 1 : -1);
        break;
      case 'search':
        document.getElementById('inbox-search')?.focus();
        break;
      case 'help':
        this.shortcutsDialog().open();
        break;
      case 'close':
      case 'claim':
        if (!activeId) {
          this.shortcutNote.set('Open a conversation first.');
          return;
        }
        void this.act(action, activeId);
        break;
    }
  }

  /** `j`/`k`: past the last loaded conversation, `j` loads the next page and goes on into it. */
  private async step(activeId: string | null, by: 1 | -1): Promise<void> {
    const ids = () =>
      this.searching()
        ? this.searches.items().map((r) => r.conversation.id)
        : this.shown().map((c) => c.id);
    let id = stepFrom(ids(), activeId, by);
    if (!id && by === 1 && activeId) {
      const store = this.searching() ? this.searches : this.inbox;
      if (!store.hasMore()) {
        this.shortcutNote.set('That was the last conversation.');
        return;
      }
      await store.loadMore();
      id = stepFrom(ids(), activeId, by);
    }
    if (id) this.openConversation(id);
  }

  private async act(action: 'close' | 'claim', id: string): Promise<void> {
    const thread = this.messages.thread(id);
    try {
      if (action === 'close') {
        if (thread.conversation()?.status === 'closed') return;
        await this.messages.close(thread);
        this.shortcutNote.set('Conversation closed.');
      } else {
        await this.assignment.claim(thread);
        this.shortcutNote.set('Conversation claimed.');
      }
    } catch (error) {
      this.shortcutNote.set(ApiError.from(error).message);
    }
  }

  private navigate(queryParams: Record<string, string | string[] | null>): void {
    // Empty commands keep the path, so the open conversation stays open.
    void this.router.navigate([], { queryParams, queryParamsHandling: 'merge' });
  }
}
