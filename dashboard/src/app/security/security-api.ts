import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../core/api/api-error';
import { KeyRotation } from '../core/api/api.models';

/** Rotating a website's credentials (owner/admin). */
@Injectable({ providedIn: 'root' })
export class SecurityApi {
  private readonly http = inject(HttpClient);

  /** A new public key; the old one keeps working until its grace ends. */
  rotateKey(websiteId: string): Promise<KeyRotation> {
    return firstValueFrom(
      this.http.post<KeyRotation>(`${API}/websites/${websiteId}/key/rotate`, {}),
    );
  }

  /** A new identity secret, answered this once and never again. */
  rotateIdentitySecret(websiteId: string): Promise<{ identitySecret: string }> {
    return firstValueFrom(
      this.http.post<{ identitySecret: string }>(
        `${API}/websites/${websiteId}/identity-secret/rotate`,
        {},
      ),
    );
  }
}
