import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from './api-error';

export interface DemoStatus {
  enabled: boolean;
  url: string;
}

/** Whether the server has a demo page (development, or ZENDO_DEMO=1); asked once per load. */
@Injectable({ providedIn: 'root' })
export class DemoApi {
  private readonly http = inject(HttpClient);
  private status: Promise<DemoStatus> | null = null;

  get(): Promise<DemoStatus> {
    this.status ??= firstValueFrom(this.http.get<DemoStatus>(`${API}/demo/status`)).catch(() => {
      // Only a hint: without an answer there is no link, and the next empty inbox asks again.
      this.status = null;
      return { enabled: false, url: '/demo' };
    });
    return this.status;
  }
}
