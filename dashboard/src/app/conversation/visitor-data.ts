import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../core/api/api-error';

/** What is stored about one visitor, handed out or erased on request (owner/admin). */
@Injectable({ providedIn: 'root' })
export class VisitorData {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  /** Fetches the export and saves it as a JSON file through the browser's download. */
  async download(websiteId: string, visitorId: string): Promise<void> {
    const data = await firstValueFrom(
      this.http.get<unknown>(`${API}/websites/${websiteId}/visitors/${visitorId}/export`),
    );
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = `visitor-${visitorId}.json`;
    link.hidden = true;
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    // The click has started the download by the time timers run.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  erase(websiteId: string, visitorId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${API}/websites/${websiteId}/visitors/${visitorId}`));
  }
}
