import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { ApiError } from '../core/api/api-error';
import { CsatReport } from '../core/api/api.models';
import { averageText, csatBars } from './csat-bars';
import { ReportsApi } from './reports-api';

/** The visitors' satisfaction ratings over a date range: count, average and the 1–5 spread. */
@Component({
  selector: 'zd-reports-page',
  templateUrl: './reports-page.html',
  styleUrl: './reports-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  private readonly api = inject(ReportsApi);
  readonly websiteId = input.required<string>();

  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly report = signal<CsatReport | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal('');
  protected readonly rangeError = computed(() => {
    const from = this.from();
    const to = this.to();
    return from && to && from > to ? 'The “from” date is after the “to” date.' : '';
  });
  protected readonly bars = computed(() => {
    const report = this.report();
    return report ? csatBars(report) : [];
  });
  protected readonly average = computed(() => {
    const report = this.report();
    return report ? averageText(report) : '—';
  });
  private request = 0;

  constructor() {
    effect(() => {
      const id = this.websiteId();
      const from = this.from();
      const to = this.to();
      untracked(() => {
        if (!this.rangeError()) void this.load(id, from, to);
      });
    });
  }

  protected setFrom(value: string): void {
    this.from.set(value);
  }

  protected setTo(value: string): void {
    this.to.set(value);
  }

  private async load(websiteId: string, from: string, to: string): Promise<void> {
    const request = ++this.request;
    this.loading.set(true);
    this.error.set('');
    try {
      const report = await this.api.csat(websiteId, { from, to });
      if (request === this.request) this.report.set(report);
    } catch (error) {
      if (request === this.request) this.error.set(ApiError.from(error).message);
    } finally {
      if (request === this.request) this.loading.set(false);
    }
  }
}
