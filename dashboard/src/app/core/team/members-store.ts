import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiError } from '../api/api-error';
import { Member } from '../api/api.models';
import { Session } from '../auth/session';
import { TeamApi } from './team-api';

/**
 * The members of the website on screen: the names behind every agent id the console shows
 * (assignees, viewers, typing), and the list the members page edits.
 */
@Injectable({ providedIn: 'root' })
export class MembersStore {
  private readonly api = inject(TeamApi);
  private readonly website = signal<string | null>(null);
  private readonly list = signal<Member[]>([]);
  private readonly failure = signal<string | null>(null);
  private readonly done = signal(false);
  private generation = 0;

  readonly websiteId = this.website.asReadonly();
  readonly members = this.list.asReadonly();
  readonly loaded = this.done.asReadonly();
  readonly error = this.failure.asReadonly();
  readonly names = computed(
    () => new Map(this.list().map((m) => [m.agent.id, m.agent.name] as const)),
  );
  readonly ids = computed(() => this.list().map((m) => m.agent.id));

  constructor() {
    inject(Session).ended.subscribe(() => {
      this.generation++;
      this.website.set(null);
      this.list.set([]);
      this.done.set(false);
    });
  }

  /** Loads a website's members; does nothing when they are already held. */
  show(websiteId: string): Promise<void> {
    if (websiteId === this.website()) return Promise.resolve();
    this.website.set(websiteId);
    this.list.set([]);
    this.done.set(false);
    return this.reload();
  }

  async reload(): Promise<void> {
    const websiteId = this.website();
    if (!websiteId) return;
    const generation = ++this.generation;
    this.failure.set(null);
    try {
      const page = await this.api.members(websiteId);
      if (generation !== this.generation) return;
      this.list.set(page.items);
      this.done.set(true);
    } catch (error) {
      if (generation === this.generation) this.failure.set(ApiError.from(error).message);
    }
  }

  nameOf(agentId: string | null): string | null {
    return agentId === null ? null : (this.names().get(agentId) ?? null);
  }

  /** Takes a member as the server answered a change. */
  put(member: Member): void {
    this.list.update((list) =>
      list.map((m) => (m.agent.id === member.agent.id ? { ...m, ...member } : m)),
    );
  }

  drop(agentId: string): void {
    this.list.update((list) => list.filter((m) => m.agent.id !== agentId));
  }
}
