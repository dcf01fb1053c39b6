import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../core/api/api-error';
import { Agent } from '../core/api/api.models';
import { SKIP_AUTH } from '../core/auth/session';

/** The links mailed to an agent carry their own proof; no access token goes with them. */
const anonymous = () => ({ context: new HttpContext().set(SKIP_AUTH, true) });

/** Proving an email address and recovering a password. */
@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  verifyEmail(token: string): Promise<{ agent: Agent }> {
    return firstValueFrom(
      this.http.post<{ agent: Agent }>(`${API}/auth/verify-email`, { token }, anonymous()),
    );
  }

  /** For the signed-in agent; answers 202 once a new link is on its way. */
  resendVerification(): Promise<unknown> {
    return firstValueFrom(this.http.post(`${API}/auth/verify-email/resend`, {}));
  }

  /** 202 whether or not the address has an account. */
  forgotPassword(email: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${API}/auth/password/forgot`, { email }, anonymous()));
  }

  resetPassword(token: string, password: string): Promise<{ agent: Agent }> {
    return firstValueFrom(
      this.http.post<{ agent: Agent }>(
        `${API}/auth/password/reset`,
        { token, password },
        anonymous(),
      ),
    );
  }
}
