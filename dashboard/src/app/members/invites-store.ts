import { inject, Injectable, signal } from '@angular/core';
import { ApiError } from '../core/api/api-error';
import { Invite, InviteSent, Role } from '../core/api/api.models';
import { Session } from '../core/auth/session';
import { TeamApi } from '../core/team/team-api';

/** The pending invites of the website on the members page (provided by that page). */
@Injectable()
export class InvitesStore {
  private readonly api = inject(TeamApi);
  private readonly session = inject(Session);
  private readonly list = signal<Invite[]>([]);
  private readonly failure = signal<string | null>(null);
  private readonly done = signal(false);
  private websiteId: string | null = null;
  private generation = 0;

  readonly items = this.list.asReadonly();
  readonly error = this.failure.asReadonly();
  readonly loaded = this.done.asReadonly();

  async load(websiteId: string): Promise<void> {
    this.websiteId = websiteId;
    const generation = ++this.generation;
    this.failure.set(null);
    try {
      const page = await this.api.invites(websiteId);
      if (generation !== this.generation) return;
      this.list.set(page.items);
      this.done.set(true);
    } catch (error) {
      if (generation === this.generation) this.failure.set(ApiError.from(error).message);
    }
  }

  reload(): Promise<void> {
    return this.websiteId ? this.load(this.websiteId) : Promise.resolve();
  }

  async invite(email: string, role: Role): Promise<InviteSent> {
    const websiteId = this.require();
    const sent = await this.api.invite(websiteId, email, role);
    const agent = this.session.agent();
    const invite: Invite = {
      id: sent.id,
      email: sent.email,
      role: sent.role,
      invitedBy: agent ? { id: agent.id, name: agent.name } : null,
      expiresAt: sent.expiresAt,
      createdAt: new Date().toISOString(),
    };
    // A new invite to the same address takes the place of the old one.
    const sameEmail = (i: Invite) => i.email.toLowerCase() === sent.email.toLowerCase();
    this.list.update((list) => [invite, ...list.filter((i) => i.id !== sent.id && !sameEmail(i))]);
    return sent;
  }

  async revoke(inviteId: string): Promise<void> {
    await this.api.revokeInvite(this.require(), inviteId);
    this.list.update((list) => list.filter((i) => i.id !== inviteId));
  }

  async resend(inviteId: string): Promise<InviteSent> {
    const sent = await this.api.resendInvite(this.require(), inviteId);
    this.list.update((list) =>
      list.map((i) => (i.id === inviteId ? { ...i, expiresAt: sent.expiresAt } : i)),
    );
    return sent;
  }

  private require(): string {
    if (!this.websiteId) throw new Error('No website loaded');
    return this.websiteId;
  }
}
