import { inject, Injectable, signal } from '@angular/core';
import { Tag } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { TagsApi } from './tags-api';

/** The tag catalogue of each website, shared by the tags page, the tag control and the filters. */
@Injectable({ providedIn: 'root' })
export class TagsStore {
  private readonly api = inject(TagsApi);
  private readonly catalogues = signal<ReadonlyMap<string, Tag[]>>(new Map());
  private readonly inFlight = new Map<string, Promise<Tag[]>>();

  constructor() {
    inject(Session).ended.subscribe(() => this.catalogues.set(new Map()));
  }

  of(websiteId: string): Tag[] {
    return this.catalogues().get(websiteId) ?? [];
  }

  has(websiteId: string): boolean {
    return this.catalogues().has(websiteId);
  }

  /** The colour of a tag by name, for chips; names are compared regardless of case. */
  colorOf(websiteId: string, name: string): string | null {
    const key = name.toLowerCase();
    return this.of(websiteId).find((t) => t.name.toLowerCase() === key)?.color ?? null;
  }

  /** Fetches the catalogue; concurrent calls share one request. Throws what the server said. */
  load(websiteId: string): Promise<Tag[]> {
    let running = this.inFlight.get(websiteId);
    if (!running) {
      running = this.api
        .list(websiteId)
        .then(({ items }) => {
          this.put(websiteId, items);
          return items;
        })
        .finally(() => this.inFlight.delete(websiteId));
      this.inFlight.set(websiteId, running);
    }
    return running;
  }

  /** Loads the catalogue the first time only. */
  ensure(websiteId: string): Promise<Tag[]> {
    return this.has(websiteId) ? Promise.resolve(this.of(websiteId)) : this.load(websiteId);
  }

  async create(websiteId: string, name: string, color: string | null): Promise<Tag> {
    const tag = await this.api.create(websiteId, name, color);
    this.put(websiteId, sortTags([...this.of(websiteId).filter((t) => t.id !== tag.id), tag]));
    return tag;
  }

  async update(
    websiteId: string,
    id: string,
    patch: { name?: string; color?: string | null },
  ): Promise<Tag> {
    const tag = await this.api.update(id, patch);
    this.put(websiteId, sortTags(this.of(websiteId).map((t) => (t.id === id ? tag : t))));
    return tag;
  }

  async remove(websiteId: string, id: string): Promise<void> {
    await this.api.remove(id);
    this.put(
      websiteId,
      this.of(websiteId).filter((t) => t.id !== id),
    );
  }

  private put(websiteId: string, tags: Tag[]): void {
    this.catalogues.update((all) => new Map(all).set(websiteId, tags));
  }
}

function sortTags(tags: Tag[]): Tag[] {
  return [...tags].sort((a, b) => a.name.localeCompare(b.name));
}
