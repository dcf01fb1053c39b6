import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../core/api/api-error';
import { CannedResponse, Page } from '../core/api/api.models';

export interface CannedResponseInput {
  shortcut: string;
  title: string | null;
  body: string;
}

@Injectable({ providedIn: 'root' })
export class CannedApi {
  private readonly http = inject(HttpClient);

  list(websiteId: string, q = ''): Promise<Page<CannedResponse>> {
    const params = q.trim() ? new HttpParams().set('q', q.trim()) : undefined;
    return firstValueFrom(
      this.http.get<Page<CannedResponse>>(`${API}/websites/${websiteId}/canned-responses`, {
        params,
      }),
    );
  }

  create(websiteId: string, input: CannedResponseInput): Promise<CannedResponse> {
    // The server takes a missing title for none; null is only for clearing one.
    const { title, ...rest } = input;
    return firstValueFrom(
      this.http.post<CannedResponse>(`${API}/websites/${websiteId}/canned-responses`, {
        ...rest,
        ...(title ? { title } : {}),
      }),
    );
  }

  update(id: string, input: CannedResponseInput): Promise<CannedResponse> {
    return firstValueFrom(
      this.http.patch<CannedResponse>(`${API}/canned-responses/${id}`, {
        ...input,
        title: input.title || null,
      }),
    );
  }

  remove(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/canned-responses/${id}`));
  }
}
