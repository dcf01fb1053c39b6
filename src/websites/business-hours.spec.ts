import { isOpen, isTimeZone, localTime } from './business-hours';

const berlin = { timezone: 'Europe/Berlin', days: { mon: [['09:00', '17:30']] as [string, string][] } };

describe('business hours', () => {
  it('reads the local weekday and time of a time zone, summer time included', () => {
    // Monday 1 December 2025, 08:00 UTC = 09:00 in Berlin (CET, UTC+1)
    expect(localTime('Europe/Berlin', new Date('2025-12-01T08:00:00Z'))).toEqual({ day: 'mon', time: '09:00' });
    // Monday 30 June 2025, 07:30 UTC = 09:30 in Berlin (CEST, UTC+2)
    expect(localTime('Europe/Berlin', new Date('2025-06-30T07:30:00Z'))).toEqual({ day: 'mon', time: '09:30' });
    expect(localTime('America/Los_Angeles', new Date('2025-12-01T07:59:00Z'))).toEqual({ day: 'sun', time: '23:59' });
  });

  it('is open from the start of a range until just before its end', () => {
    expect(isOpen(berlin, new Date('2025-12-01T07:59:00Z'))).toBe(false);
    expect(isOpen(berlin, new Date('2025-12-01T08:00:00Z'))).toBe(true);
    expect(isOpen(berlin, new Date('2025-12-01T16:29:00Z'))).toBe(true);
    expect(isOpen(berlin, new Date('2025-12-01T16:30:00Z'))).toBe(false);
    expect(isOpen(berlin, new Date('2025-12-02T10:00:00Z'))).toBe(false); // Tuesday: not listed, closed
  });

  it('is always open without hours, and knows real time zones from made-up ones', () => {
    expect(isOpen(null, new Date())).toBe(true);
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
