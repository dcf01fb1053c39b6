import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../api/api-error';
import { Invite, InviteSent, Member, Page, PresenceEntry, Role } from '../api/api.models';

/** REST calls on a website's people: members, their presence, and pending invites. */
@Injectable({ providedIn: 'root' })
export class TeamApi {
  private readonly http = inject(HttpClient);

  members(websiteId: string): Promise<Page<Member>> {
    return firstValueFrom(this.http.get<Page<Member>>(`${API}/websites/${websiteId}/members`));
  }

  setRole(websiteId: string, agentId: string, role: Role): Promise<Member> {
    return firstValueFrom(
      this.http.patch<Member>(`${API}/websites/${websiteId}/members/${agentId}`, { role }),
    );
  }

  remove(websiteId: string, agentId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/websites/${websiteId}/members/${agentId}`));
  }

  leave(websiteId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/websites/${websiteId}/members/me`));
  }

  presence(websiteId: string): Promise<{ items: PresenceEntry[] }> {
    return firstValueFrom(
      this.http.get<{ items: PresenceEntry[] }>(`${API}/websites/${websiteId}/presence`),
    );
  }

  invites(websiteId: string): Promise<Page<Invite>> {
    return firstValueFrom(this.http.get<Page<Invite>>(`${API}/websites/${websiteId}/invites`));
  }

  invite(websiteId: string, email: string, role: Role): Promise<InviteSent> {
    return firstValueFrom(
      this.http.post<InviteSent>(`${API}/websites/${websiteId}/invites`, { email, role }),
    );
  }

  revokeInvite(websiteId: string, inviteId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/websites/${websiteId}/invites/${inviteId}`));
  }

  resendInvite(websiteId: string, inviteId: string): Promise<InviteSent> {
    return firstValueFrom(
      this.http.post<InviteSent>(`${API}/websites/${websiteId}/invites/${inviteId}/resend`, {}),
    );
  }
}
