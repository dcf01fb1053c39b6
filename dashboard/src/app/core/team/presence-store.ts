import { HttpClient } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API, ApiError } from '../api/api-error';
import { MeResponse, Presence, PresenceChoice } from '../api/api.models';
import { Session } from '../auth/session';
import { Realtime } from '../realtime/realtime';
import { RealtimeUnavailable } from '../realtime/realtime-events';
import { TeamApi } from './team-api';

/** Who is online, away or offline, and the status this agent has chosen for themselves. */
@Injectable({ providedIn: 'root' })
export class PresenceStore {
  private readonly http = inject(HttpClient);
  private readonly api = inject(TeamApi);
  private readonly realtime = inject(Realtime);
  private readonly session = inject(Session);
  private readonly statuses = signal<ReadonlyMap<string, Presence>>(new Map());
  private readonly chosen = signal<PresenceChoice | null>(null);
  private readonly saving = signal(false);
  private readonly failure = signal<string | null>(null);
  private websiteId: string | null = null;
  private generation = 0;

  /** This agent's own choice, as the server last confirmed it; null until known. */
  readonly mine = this.chosen.asReadonly();
  readonly pending = this.saving.asReadonly();
  readonly error = this.failure.asReadonly();
  readonly all = this.statuses.asReadonly();

  constructor() {
    this.realtime.presence.subscribe(({ agentId, status }) => this.put(agentId, status));
    // Changes made while the socket was down were never announced to this tab.
    this.realtime.connected.subscribe(() => {
      if (this.websiteId) void this.load(this.websiteId);
    });
    this.session.ended.subscribe(() => {
      this.generation++;
      this.websiteId = null;
      this.statuses.set(new Map());
      this.chosen.set(null);
      this.failure.set(null);
    });
  }

  statusOf(agentId: string): Presence {
    return this.statuses().get(agentId) ?? 'offline';
  }

  /** Reads the agent's own choice once per session. */
  async loadMine(): Promise<void> {
    if (this.chosen() !== null) return;
    try {
      const me = await firstValueFrom(this.http.get<MeResponse>(`${API}/me`));
      if (this.chosen() === null) this.chosen.set(me.presence ?? 'online');
    } catch {
      // The switch still works; it shows the status once one is chosen.
    }
  }

  /** Everyone's status on one website; the events keep it current from then on. */
  async load(websiteId: string): Promise<void> {
    this.websiteId = websiteId;
    const generation = ++this.generation;
    try {
      const { items } = await this.api.presence(websiteId);
      if (generation !== this.generation) return;
      this.statuses.update((current) => {
        const next = new Map(current);
        for (const { agentId, status } of items) next.set(agentId, status);
        return next;
      });
    } catch {
      // Dots show "offline" until the next event or reconnect says otherwise.
    }
  }

  /** Sends the choice and shows it only once the server has acknowledged it. */
  async choose(status: PresenceChoice): Promise<void> {
    if (this.saving()) return;
    this.saving.set(true);
    this.failure.set(null);
    try {
      const ack = await this.realtime.request('presence:set', { status });
      if (!ack.ok) throw new ApiError(400, ack.error.code, ack.error.message);
      this.chosen.set(ack.status);
      const me = this.session.agent()?.id;
      if (me) this.put(me, ack.status);
    } catch (error) {
      this.failure.set(
        error instanceof RealtimeUnavailable
          ? 'Not connected. Your status can be changed once the console is back online.'
          : ApiError.from(error).message,
      );
    } finally {
      this.saving.set(false);
    }
  }

  private put(agentId: string, status: Presence): void {
    if (this.statuses().get(agentId) === status) return;
    this.statuses.update((current) => new Map(current).set(agentId, status));
  }
}
