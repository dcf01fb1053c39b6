export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours in a time zone: per weekday, ranges of local time `[["09:00", "17:30"]]`; a missing day is closed. */
export interface BusinessHours {
  timezone: string;
  days: Partial<Record<Weekday, [string, string][]>>;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and `HH:MM` at `at` in `zone`, through Intl (the runtime's time zone data, not hand-written offsets). */
export function localTime(zone: string, at: Date): { day: Weekday; time: string } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: parts.weekday.toLowerCase().slice(0, 3) as Weekday, time: `${parts.hour}:${parts.minute}` };
}

/** Open at `at`? No hours set means always open. A range includes its start and excludes its end. */
export function isOpen(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const { day, time } = localTime(hours.timezone, at);
  return (hours.days[day] ?? []).some(([start, end]) => start <= time && time < end);
}
