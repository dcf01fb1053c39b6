import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API } from '../core/api/api-error';
import { CsatReport } from '../core/api/api.models';

/** The website's reports; dates are `YYYY-MM-DD`, and `to` includes that whole day. */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  csat(websiteId: string, range: { from?: string; to?: string }): Promise<CsatReport> {
    let params = new HttpParams();
    if (range.from) params = params.set('from', range.from);
    if (range.to) params = params.set('to', range.to);
    return firstValueFrom(
      this.http.get<CsatReport>(`${API}/websites/${websiteId}/reports/csat`, { params }),
    );
  }
}
