import { describe, expect, it } from 'vitest';
import { activeInWindow, bucketByDay, dayRange, isCalendarDay, median, percentile, ratio, retentionCohorts, topCounts } from './stats.js';

describe('median', () => {
  it('is null for no values, the middle value for an odd count, the mean of the middle two for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile (nearest rank)', () => {
  it('takes the value at rank ceil(p/100 * n) of the sorted values', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 91)).toBe(10);
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 1)).toBe(1);
  });

  it('is always an observed value, even for small samples', () => {
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 100], 90)).toBe(100);
    expect(percentile([1, 2, 3], 90)).toBe(3);
    expect(percentile([], 90)).toBeNull();
  });

  it('finds the rank in exact arithmetic: 7% of 100 values is rank 7, not 8 (0.07 * 100 = 7.000000000000001)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 7)).toBe(7);
    expect(percentile(hundred, 14)).toBe(14);
    expect(percentile(Array.from({ length: 50 }, (_, i) => i + 1), 14)).toBe(7);
    for (let n = 1; n <= 200; n++) {
      const values = Array.from({ length: n }, (_, i) => i + 1);
      for (const p of [7, 14, 28, 50, 90, 95, 99]) expect(percentile(values, p)).toBe(Math.max(1, Math.ceil((p * n) / 100)));
    }
  });

  it('rejects percentiles outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('days', () => {
  it('knows real calendar dates', () => {
    expect(isCalendarDay('2026-03-01')).toBe(true);
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-3-1')).toBe(false);
    expect(isCalendarDay('yesterday')).toBe(false);
  });

  it('lists a range inclusively, across months and years', () => {
    expect(dayRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(dayRange('2026-03-01', '2026-03-01')).toEqual(['2026-03-01']);
    expect(dayRange('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('counts distinct members per day and in trailing windows ending each day', () => {
    const byDay = bucketByDay([
      { day: '2026-03-01', memberId: 'a' },
      { day: '2026-03-01', memberId: 'a' },
      { day: '2026-03-01', memberId: 'b' },
      { day: '2026-03-05', memberId: 'a' },
      { day: '2026-03-07', memberId: 'c' },
      { day: '2026-03-08', memberId: 'd' },
    ]);
    expect(byDay.get('2026-03-01')?.size).toBe(2);
    // 7 days ending 03-07: 03-01..03-07 → a, b, c.
    expect(activeInWindow(byDay, '2026-03-07', 7)).toBe(3);
    // 7 days ending 03-08: 03-02..03-08 → a, c, d (b fell out).
    expect(activeInWindow(byDay, '2026-03-08', 7)).toBe(3);
    expect(activeInWindow(byDay, '2026-03-08', 1)).toBe(1);
    expect(activeInWindow(byDay, '2026-03-30', 30)).toBe(4);
    expect(activeInWindow(byDay, '2026-03-31', 30)).toBe(3);
  });
});

describe('retentionCohorts', () => {
  // 2026-03-02 is a Monday; 2026-03-08 a Sunday of the same ISO week.
  const joins = [
    { memberId: 'a', day: '2026-03-02' },
    { memberId: 'b', day: '2026-03-04' },
    { memberId: 'c', day: '2026-03-08' },
    { memberId: 'd', day: '2026-03-09' },
  ];

  it('groups members by ISO join week and counts those active on exactly day n', () => {
    const byDay = bucketByDay([
      { day: '2026-03-03', memberId: 'a' }, // a: D1
      { day: '2026-03-09', memberId: 'a' }, // a: D7
      { day: '2026-03-06', memberId: 'b' }, // b: day 2 only — neither D1 nor D7
      { day: '2026-03-15', memberId: 'c' }, // c: D7
      { day: '2026-04-01', memberId: 'a' }, // a: D30
    ]);
    const [first, second] = retentionCohorts(joins, byDay, '2026-12-31');
    expect(first).toEqual({
      week: '2026-03-02',
      members: 3,
      d1: { eligible: 3, retained: 1, rate: 1 / 3 },
      d7: { eligible: 3, retained: 2, rate: 2 / 3 },
      d30: { eligible: 3, retained: 1, rate: 1 / 3 },
    });
    expect(second).toMatchObject({ week: '2026-03-09', members: 1, d1: { eligible: 1, retained: 0, rate: 0 } });
  });

  it('leaves days not yet lived out of the denominator', () => {
    const byDay = bucketByDay([{ day: '2026-03-03', memberId: 'a' }]);
    const [first, second] = retentionCohorts(joins, byDay, '2026-03-09');
    // a (day 7 = 03-09) and b (03-05) are eligible for D1/D7 as far as lived; c's D7 is 03-15.
    expect(first!.d1).toEqual({ eligible: 3, retained: 1, rate: 1 / 3 });
    expect(first!.d7).toEqual({ eligible: 1, retained: 0, rate: 0 });
    expect(first!.d30).toEqual({ eligible: 0, retained: 0, rate: null });
    expect(second!.d1).toEqual({ eligible: 0, retained: 0, rate: null });
  });
});

describe('small helpers', () => {
  it('ratio is null over nothing', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
  });

  it('topCounts sorts by count, then key, and limits', () => {
    const counts = new Map([
      ['b', 2],
      ['a', 2],
      ['c', 5],
      ['d', 1],
    ]);
    expect(topCounts(counts, 3)).toEqual([
      ['c', 5],
      ['a', 2],
      ['b', 2],
    ]);
  });
});
