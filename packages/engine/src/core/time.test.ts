import { describe, expect, it } from 'vitest';
import { calendarDay } from './time.js';

/** The day as a fresh formatter gives it, with nothing remembered between calls. */
function reference(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

describe('calendarDay', () => {
  it('turns the day at midnight in the zone, not in UTC', () => {
    expect(calendarDay(Date.UTC(2026, 11, 3, 15, 59, 59, 999), 'Asia/Shanghai')).toBe('2026-12-03');
    expect(calendarDay(Date.UTC(2026, 11, 3, 16), 'Asia/Shanghai')).toBe('2026-12-04');
    expect(calendarDay(Date.UTC(2026, 11, 3, 15, 59, 59, 999), 'Asia/Shanghai')).toBe('2026-12-03');
    expect(calendarDay(Date.UTC(2026, 11, 3, 16), 'UTC')).toBe('2026-12-03');
  });

  it('keeps days of 23 and 25 hours whole across daylight-saving changes', () => {
    const zone = 'America/New_York';
    // 2026-03-08 has 23 hours there, 2026-11-01 has 25.
    expect(calendarDay(Date.UTC(2026, 2, 8, 4, 59), zone)).toBe('2026-03-07');
    expect(calendarDay(Date.UTC(2026, 2, 8, 5), zone)).toBe('2026-03-08');
    expect(calendarDay(Date.UTC(2026, 2, 9, 3, 59), zone)).toBe('2026-03-08');
    expect(calendarDay(Date.UTC(2026, 2, 9, 4), zone)).toBe('2026-03-09');
    expect(calendarDay(Date.UTC(2026, 10, 2, 4, 59), zone)).toBe('2026-11-01');
    expect(calendarDay(Date.UTC(2026, 10, 2, 5), zone)).toBe('2026-11-02');
  });

  it('agrees with a fresh formatter for instants in any order, in zones with odd offsets and midnight changes', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Havana', 'Australia/Lord_Howe', 'Pacific/Apia'];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const start = Date.UTC(2011, 0, 1);
    for (let i = 0; i < 3000; i++) {
      const zone = zones[Math.floor(random() * zones.length)]!;
      // Runs of nearby instants (as a busy server sees them) mixed with jumps across years.
      const at = i % 3 === 0 ? start + Math.floor(random() * 16 * 365 * 86_400_000) : start + Math.floor(random() * 86_400_000 * 3);
      expect(calendarDay(at, zone), `${new Date(at).toISOString()} in ${zone}`).toBe(reference(at, zone));
    }
  });
});
