import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../core/api/api-error';
import { InviteAcceptance, InviteInspection } from '../core/api/api.models';
import { SKIP_AUTH } from '../core/auth/session';

const anonymous = () => ({ context: new HttpContext().set(SKIP_AUTH, true) });

/** The invited person's side: what an invite is for, and taking it. */
@Injectable({ providedIn: 'root' })
export class InviteApi {
  private readonly http = inject(HttpClient);

  inspect(token: string): Promise<InviteInspection> {
    return firstValueFrom(
      this.http.post<InviteInspection>(`${API}/invites/inspect`, { token }, anonymous()),
    );
  }

  /**
   * Signed in, the request carries the access token so the server can tell whose account joins.
   * Signed out it must not: a 401 there means "log in first", not "refresh the token".
   */
  accept(
    body: { token: string; name?: string; password?: string },
    signedIn: boolean,
  ): Promise<InviteAcceptance> {
    return firstValueFrom(
      this.http.post<InviteAcceptance>(`${API}/invites/accept`, body, signedIn ? {} : anonymous()),
    );
  }
}
