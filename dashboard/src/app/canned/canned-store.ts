import { inject, Injectable, signal } from '@angular/core';
import { CannedResponse } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { CannedApi } from './canned-api';

/**
 * The canned responses of each website, as the composer offers them: fetched the first time the
 * list opens and refreshed on every later opening, while the copy held is shown at once.
 */
@Injectable({ providedIn: 'root' })
export class CannedStore {
  private readonly api = inject(CannedApi);
  private readonly lists = signal<ReadonlyMap<string, CannedResponse[]>>(new Map());
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor() {
    inject(Session).ended.subscribe(() => this.lists.set(new Map()));
  }

  of(websiteId: string): CannedResponse[] {
    return this.lists().get(websiteId) ?? [];
  }

  has(websiteId: string): boolean {
    return this.lists().has(websiteId);
  }

  /** Fetches the list again; concurrent calls share one request, failures keep the old copy. */
  refresh(websiteId: string): Promise<void> {
    let running = this.inFlight.get(websiteId);
    if (!running) {
      running = this.api
        .list(websiteId)
        .then((page) => this.put(websiteId, page.items))
        .catch(() => undefined)
        .finally(() => this.inFlight.delete(websiteId));
      this.inFlight.set(websiteId, running);
    }
    return running;
  }

  /** Takes the list as the settings page knows it after a change. */
  put(websiteId: string, items: CannedResponse[]): void {
    this.lists.update((lists) => new Map(lists).set(websiteId, items));
  }
}
