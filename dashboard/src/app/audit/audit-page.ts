import { DatePipe } from '@angular/common';
import { HttpClient, HttpParams } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API, ApiError } from '../core/api/api-error';
import { AuditEvent, Page } from '../core/api/api.models';
import { canManage } from '../core/team/roles';
import { WebsitesStore } from '../core/websites/websites-store';
import { ACTION_LABELS, actionLabel, actorLabel, detailLines, targetLabel } from './audit-text';

const PAGE_SIZE = 50;

/** Who did what on a website, newest first (owner/admin). */
@Component({
  selector: 'zd-audit-page',
  imports: [DatePipe],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly http = inject(HttpClient);
  private readonly websites = inject(WebsitesStore);
  readonly websiteId = input.required<string>();

  protected readonly website = computed(
    () => this.websites.websites().find((w) => w.id === this.websiteId()) ?? null,
  );
  protected readonly allowed = computed(() => canManage(this.website()?.role));
  private readonly items = signal<AuditEvent[]>([]);
  private readonly cursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal('');
  /** The action asked of the server, over the whole log: "" is every action. */
  protected readonly action = signal('');
  protected readonly hasMore = computed(() => this.cursor() !== null);
  protected readonly actions = Object.entries(ACTION_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  protected readonly rows = computed(() =>
    this.items().map((item) => ({
      item,
      action: actionLabel(item.action),
      actor: actorLabel(item),
      target: targetLabel(item),
      details: detailLines(item),
    })),
  );
  private generation = 0;

  constructor() {
    effect(() => {
      const id = this.websiteId();
      const allowed = this.allowed();
      untracked(() => {
        this.action.set('');
        this.restart(id, allowed);
      });
    });
  }

  protected loadMore(): void {
    const cursor = this.cursor();
    if (cursor && !this.loading()) void this.load(this.websiteId(), cursor);
  }

  protected retry(): void {
    void this.load(this.websiteId(), this.cursor());
  }

  protected filter(value: string): void {
    this.action.set(value);
    this.restart(this.websiteId(), this.allowed());
  }

  /** From the newest entry again; answers to earlier requests are dropped. */
  private restart(websiteId: string, allowed: boolean): void {
    this.generation++;
    this.items.set([]);
    this.cursor.set(null);
    this.loaded.set(false);
    this.loading.set(false);
    if (allowed) void this.load(websiteId, null);
  }

  private async load(websiteId: string, cursor: string | null): Promise<void> {
    const generation = this.generation;
    this.loading.set(true);
    this.error.set('');
    let params = new HttpParams().set('limit', PAGE_SIZE);
    if (cursor) params = params.set('cursor', cursor);
    if (this.action()) params = params.set('action', this.action());
    try {
      const page = await firstValueFrom(
        this.http.get<Page<AuditEvent>>(`${API}/websites/${websiteId}/audit`, { params }),
      );
      if (generation !== this.generation) return;
      this.items.update((items) => [
        ...items,
        ...page.items.filter((item) => !items.some((known) => known.id === item.id)),
      ]);
      this.cursor.set(page.nextCursor);
      this.loaded.set(true);
    } catch (error) {
      if (generation === this.generation) this.error.set(ApiError.from(error).message);
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }
}
