import { BusinessHours, Weekday } from '../core/api/api.models';

export const WEEKDAYS: { value: Weekday; label: string }[] = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
  { value: 'sat', label: 'Saturday' },
  { value: 'sun', label: 'Sunday' },
];

/** The server's limit of opening ranges on one day. */
export const RANGES_PER_DAY = 4;

export interface OpeningRange {
  start: string;
  end: string;
}

export type WeekRanges = Record<Weekday, OpeningRange[]>;

/** `HH:MM` from 00:00 to 24:00, as the server takes it; 24:00 closes a day at midnight. */
const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** What is wrong with one day's ranges in words, or null when they can be saved. */
export function dayProblem(ranges: OpeningRange[]): string | null {
  for (const range of ranges) {
    const start = range.start.trim();
    const end = range.end.trim();
    if (!CLOCK.test(start) || !CLOCK.test(end)) {
      return 'Write times as HH:MM, like 09:00 or 17:30 (24:00 for midnight).';
    }
    if (start >= end) return `A range ends after it starts: ${start}–${end} does not.`;
  }
  if (ranges.length > RANGES_PER_DAY) return `A day has at most ${RANGES_PER_DAY} ranges.`;
  const sorted = [...ranges].sort((a, b) => a.start.trim().localeCompare(b.start.trim()));
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1];
    const after = sorted[i];
    if (after.start.trim() < before.end.trim()) {
      return `Ranges overlap: ${before.start.trim()}–${before.end.trim()} and ${after.start.trim()}–${after.end.trim()}.`;
    }
  }
  return null;
}

/** The editable week of a website's hours; null (always open) starts as an empty week. */
export function toWeek(hours: BusinessHours | null | undefined): WeekRanges {
  const week = {} as WeekRanges;
  for (const { value } of WEEKDAYS) {
    week[value] = (hours?.days[value] ?? []).map(([start, end]) => ({ start, end }));
  }
  return week;
}

/** What the server stores: each day's ranges in order, days without any left out (closed). */
export function toBusinessHours(timezone: string, week: WeekRanges): BusinessHours {
  const days: BusinessHours['days'] = {};
  for (const { value } of WEEKDAYS) {
    const ranges = week[value]
      .map((r) => [r.start.trim(), r.end.trim()] as [string, string])
      .sort((a, b) => a[0].localeCompare(b[0]));
    if (ranges.length) days[value] = ranges;
  }
  return { timezone, days };
}

/** The time zones this browser knows, with the one in use first among equals kept if unknown. */
export function timeZones(current: string | null): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = known.length ? [...known] : ['UTC'];
  if (current && !zones.includes(current)) zones.unshift(current);
  return zones;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
