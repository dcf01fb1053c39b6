import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from './api-error';
import { Agent, EmailNotifications, MeResponse } from './api.models';

/** The signed-in agent's own account settings. */
@Injectable({ providedIn: 'root' })
export class MeApi {
  private readonly http = inject(HttpClient);

  me(): Promise<MeResponse> {
    return firstValueFrom(this.http.get<MeResponse>(`${API}/me`));
  }

  async setEmailNotifications(email: EmailNotifications): Promise<Agent> {
    const { agent } = await firstValueFrom(
      this.http.patch<{ agent: Agent }>(`${API}/me`, { notifications: { email } }),
    );
    return agent;
  }
}
