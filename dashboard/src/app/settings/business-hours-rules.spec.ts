import { dayProblem, timeZones, toBusinessHours, toWeek } from './business-hours-rules';

describe('dayProblem', () => {
  const r = (start: string, end: string) => ({ start, end });

  it('accepts a closed day, one range, ranges that touch, and 24:00', () => {
    expect(dayProblem([])).toBeNull();
    expect(dayProblem([r('09:00', '17:30')])).toBeNull();
    expect(dayProblem([r('13:00', '18:00'), r('09:00', '13:00')])).toBeNull();
    expect(dayProblem([r('20:00', '24:00')])).toBeNull();
  });

  it.each([['9:00'], ['09:60'], ['25:00'], ['24:30'], ['0900'], ['']])(
    'refuses %s as a time',
    (time) => {
      expect(dayProblem([r(time, '17:00')])).toContain('HH:MM');
    },
  );

  it('refuses a range that does not end after it starts', () => {
    expect(dayProblem([r('17:00', '09:00')])).toBe(
      'A range ends after it starts: 17:00–09:00 does not.',
    );
    expect(dayProblem([r('09:00', '09:00')])).toContain('ends after it starts');
  });

  it('refuses overlapping ranges, whatever their order', () => {
    expect(dayProblem([r('12:00', '18:00'), r('09:00', '13:00')])).toBe(
      'Ranges overlap: 09:00–13:00 and 12:00–18:00.',
    );
  });

  it('refuses more than four ranges', () => {
    const five = ['01', '03', '05', '07', '09'].map((h) => r(`${h}:00`, `${h}:30`));
    expect(dayProblem(five)).toBe('A day has at most 4 ranges.');
  });
});

describe('toWeek and toBusinessHours', () => {
  it('round-trips, sorting ranges and leaving closed days out', () => {
    const week = toWeek({
      timezone: 'Europe/Berlin',
      days: { mon: [['09:00', '17:00']], sat: [] },
    });
    expect(week.mon).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(week.sun).toEqual([]);
    week.tue = [
      { start: '14:00', end: '18:00' },
      { start: ' 08:00', end: '12:00 ' },
    ];
    expect(toBusinessHours('Europe/Berlin', week)).toEqual({
      timezone: 'Europe/Berlin',
      days: {
        mon: [['09:00', '17:00']],
        tue: [
          ['08:00', '12:00'],
          ['14:00', '18:00'],
        ],
      },
    });
  });

  it('starts from an empty week when the website is always open', () => {
    expect(Object.values(toWeek(null)).every((d) => d.length === 0)).toBe(true);
  });
});

describe('timeZones', () => {
  it('lists the browser’s zones and keeps a saved one it does not know', () => {
    expect(timeZones(null)).toContain('Europe/Berlin');
    expect(timeZones('Mars/Olympus')[0]).toBe('Mars/Olympus');
  });
});
