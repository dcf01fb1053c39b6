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
import { Website, Weekday } from '../core/api/api.models';
import { WebsitesStore } from '../core/websites/websites-store';
import {
  browserTimeZone,
  dayProblem,
  RANGES_PER_DAY,
  timeZones,
  toBusinessHours,
  toWeek,
  WeekRanges,
  WEEKDAYS,
} from './business-hours-rules';

const GREETING_MAX = 500;

/** When the website counts as open, and what the widget says to visitors while it is not. */
@Component({
  selector: 'zd-business-hours-settings',
  templateUrl: './business-hours-settings.html',
  styleUrl: './business-hours-settings.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BusinessHoursSettings {
  private readonly websites = inject(WebsitesStore);
  readonly website = input.required<Website>();
  readonly canEdit = input(false);

  protected readonly weekdays = WEEKDAYS;
  protected readonly maxRanges = RANGES_PER_DAY;
  protected readonly greetingMax = GREETING_MAX;
  protected readonly alwaysOpen = signal(true);
  protected readonly timezone = signal(browserTimeZone());
  protected readonly week = signal<WeekRanges>(toWeek(null));
  protected readonly greeting = signal('');
  protected readonly zones = computed(() => timeZones(this.timezone()));
  /** Problems found here before saving, by day. */
  protected readonly problems = computed(() => {
    const week = this.week();
    const found = new Map<Weekday, string>();
    if (this.alwaysOpen()) return found;
    for (const { value } of WEEKDAYS) {
      const problem = dayProblem(week[value]);
      if (problem) found.set(value, problem);
    }
    return found;
  });
  /** Problems the server named, by field: `timezone`, a weekday, `offlineGreeting`. */
  protected readonly serverErrors = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly showProblems = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly saved = signal('');
  private shownId: string | null = null;
  private dirty = false;

  constructor() {
    // A newer copy of the website refills the form only while the agent has not changed it.
    effect(() => {
      const website = this.website();
      untracked(() => {
        const other = website.id !== this.shownId;
        if (other || !this.dirty) this.fill(website);
        if (other) {
          this.saved.set('');
          this.error.set('');
        }
        this.shownId = website.id;
      });
    });
  }

  protected dayError(day: Weekday): string {
    return (
      (this.showProblems() ? this.problems().get(day) : undefined) ??
      this.serverErrors().get(day) ??
      ''
    );
  }

  protected setAlwaysOpen(on: boolean): void {
    this.touch();
    this.alwaysOpen.set(on);
  }

  protected setTimezone(zone: string): void {
    this.touch();
    this.timezone.set(zone);
  }

  protected setGreeting(text: string): void {
    this.touch();
    this.greeting.set(text);
  }

  protected addRange(day: Weekday): void {
    this.touch();
    this.week.update((week) => {
      const ranges = week[day];
      const last = ranges.at(-1);
      const next = last ? { start: last.end, end: '24:00' } : { start: '09:00', end: '17:00' };
      return { ...week, [day]: [...ranges, next] };
    });
  }

  protected removeRange(day: Weekday, index: number): void {
    this.touch();
    this.week.update((week) => ({ ...week, [day]: week[day].filter((_, i) => i !== index) }));
  }

  protected setTime(day: Weekday, index: number, which: 'start' | 'end', value: string): void {
    this.touch();
    this.week.update((week) => ({
      ...week,
      [day]: week[day].map((range, i) => (i === index ? { ...range, [which]: value } : range)),
    }));
  }

  protected async submit(): Promise<void> {
    this.showProblems.set(true);
    this.saved.set('');
    this.error.set('');
    if (this.problems().size || this.greeting().length > GREETING_MAX) {
      this.error.set('Check the highlighted days before saving.');
      return;
    }
    this.busy.set(true);
    this.serverErrors.set(new Map());
    try {
      const greeting = this.greeting().trim();
      const updated = await this.websites.update(this.website().id, {
        businessHours: this.alwaysOpen() ? null : toBusinessHours(this.timezone(), this.week()),
        offlineGreeting: greeting || null,
      });
      this.dirty = false;
      this.fill(updated);
      this.saved.set('Business hours saved.');
    } catch (error) {
      this.showServerError(ApiError.from(error));
    } finally {
      this.busy.set(false);
    }
  }

  private showServerError(error: ApiError): void {
    const found = new Map<string, string>();
    let unmatched = !error.details.length;
    for (const detail of error.details) {
      const [root, part, day] = detail.field.split('.');
      if (root === 'offlineGreeting') found.set('offlineGreeting', detail.message);
      else if (root === 'businessHours' && part === 'timezone')
        found.set('timezone', detail.message);
      else if (root === 'businessHours' && part === 'days' && day) found.set(day, detail.message);
      else unmatched = true;
    }
    this.serverErrors.set(found);
    if (unmatched) this.error.set(error.message);
  }

  private touch(): void {
    this.dirty = true;
    this.saved.set('');
  }

  private fill(website: Website): void {
    const hours = website.businessHours ?? null;
    this.alwaysOpen.set(hours === null);
    this.timezone.set(hours?.timezone ?? browserTimeZone());
    this.week.set(toWeek(hours));
    this.greeting.set(website.offlineGreeting ?? '');
    this.showProblems.set(false);
    this.serverErrors.set(new Map());
  }
}
