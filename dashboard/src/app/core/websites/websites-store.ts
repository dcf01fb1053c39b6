import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../api/api-error';
import { Page, Role, Website, WebsitePatch } from '../api/api.models';
import { Session } from '../auth/session';

const LAST_WEBSITE_KEY = 'zendo.lastWebsite';

/** The websites the agent belongs to and the one the console is looking at. */
@Injectable({ providedIn: 'root' })
export class WebsitesStore {
  private readonly http = inject(HttpClient);
  private readonly list = signal<Website[]>([]);
  private readonly selection = signal<string | null>(null);
  private loading: Promise<Website[]> | null = null;
  private loaded = false;

  readonly websites = this.list.asReadonly();
  readonly selectedId = this.selection.asReadonly();
  readonly selected = computed(() => this.list().find((w) => w.id === this.selection()) ?? null);

  constructor() {
    inject(Session).ended.subscribe(() => {
      this.list.set([]);
      this.selection.set(null);
      this.loaded = false;
    });
  }

  /** Loads once per session; later calls reuse the list kept current by create/update. */
  ensureLoaded(): Promise<Website[]> {
    if (this.loaded) return Promise.resolve(this.list());
    this.loading ??= firstValueFrom(this.http.get<Page<Website>>(`${API}/websites`))
      .then((page) => {
        this.list.set(page.items);
        this.loaded = true;
        return page.items;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** Lists the websites again, e.g. after joining one through an invite. */
  reload(): Promise<Website[]> {
    this.loaded = false;
    return this.ensureLoaded();
  }

  /** Takes the full record of one website (the list may carry less), keeping the caller's role. */
  async refresh(id: string): Promise<Website> {
    const website = await firstValueFrom(this.http.get<Website>(`${API}/websites/${id}`));
    this.merge(id, website);
    return website;
  }

  /** The website to open when none is named in the URL. */
  preferredId(): string | null {
    const websites = this.list();
    const last = readLast();
    return websites.find((w) => w.id === last)?.id ?? websites[0]?.id ?? null;
  }

  select(id: string | null): void {
    this.selection.set(id);
    if (id) writeLast(id);
  }

  async create(name: string, allowedOrigins: string[]): Promise<Website> {
    const created = await firstValueFrom(
      this.http.post<Website>(`${API}/websites`, { name, allowedOrigins }),
    );
    // The create answer may be the short form of the contract; the full one has settings and role.
    const website = await firstValueFrom(this.http.get<Website>(`${API}/websites/${created.id}`));
    this.list.update((list) => [...list, website]);
    return website;
  }

  async update(id: string, patch: WebsitePatch): Promise<Website> {
    const website = await firstValueFrom(this.http.patch<Website>(`${API}/websites/${id}`, patch));
    this.merge(id, website);
    return website;
  }

  setRole(id: string, role: Role): void {
    this.list.update((list) => list.map((w) => (w.id === id ? { ...w, role } : w)));
  }

  /** Drops a website the agent has left. */
  forget(id: string): void {
    this.list.update((list) => list.filter((w) => w.id !== id));
    if (this.selection() === id) this.selection.set(null);
    if (readLast() === id) writeLast('');
  }

  private merge(id: string, website: Partial<Website>): void {
    this.list.update((list) =>
      list.map((w) => (w.id === id ? { ...w, ...website, role: website.role ?? w.role } : w)),
    );
  }
}

function readLast(): string | null {
  try {
    return localStorage.getItem(LAST_WEBSITE_KEY);
  } catch {
    return null;
  }
}

function writeLast(id: string): void {
  try {
    localStorage.setItem(LAST_WEBSITE_KEY, id);
  } catch {
    // Only a convenience for the next visit.
  }
}
