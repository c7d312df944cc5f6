import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS, DEFAULT_LEVELS, POINT_RULES } from '@hearth/protocol';
import {
  aliveStreak,
  balanceOf,
  bonusOn,
  capGrant,
  dayEarnings,
  decodeHistoryCursor,
  earnedOf,
  encodeHistoryCursor,
  lastDayOfMonth,
  nextMonth,
  levelFor,
  lifetimeOf,
  nextBonus,
  periodDays,
  previousMonth,
  rankMembers,
  reversible,
  streakOn,
} from './ledger.js';
import { earnedBadges, mayEarnBadge } from './badges.js';
import type { LedgerRecord } from './records.js';

let n = 0;
function entry(patch: Partial<LedgerRecord> & Pick<LedgerRecord, 'delta' | 'rule'>): LedgerRecord {
  n += 1;
  return { id: `e${String(n).padStart(4, '0')}`, memberId: 'ada', ref: null, at: n * 1000, day: '2030-01-01', reason: null, reversed: false, actorId: null, reverses: null, ...patch };
}

const caps = DEFAULT_COMMUNITY_SETTINGS.points;
const bonuses = caps.streakBonuses;

describe('balance and lifetime points', () => {
  it('sums every delta for the balance, and leaves bounty movements out of lifetime points', () => {
    const entries = [
      entry({ rule: 'post', delta: 5 }),
      entry({ rule: 'answer_accepted', delta: 15 }),
      entry({ rule: 'bounty_escrow', delta: -10 }),
      entry({ rule: 'bounty_award', delta: 10, memberId: 'ada' }),
      entry({ rule: 'admin_adjustment', delta: -3 }),
      entry({ rule: 'reply', delta: 2, reversed: true }),
      entry({ rule: 'reversal', delta: -2 }),
    ];
    expect(balanceOf(entries)).toBe(5 + 15 - 10 + 10 - 3 + 2 - 2);
    expect(lifetimeOf(entries)).toBe(5 + 15 - 3 + 2 - 2);
  });

  it('reverses only rule-earned entries still standing', () => {
    expect(reversible(entry({ rule: 'reply', delta: 2 }))).toBe(true);
    expect(reversible(entry({ rule: 'streak_bonus', delta: 5 }))).toBe(true);
    expect(reversible(entry({ rule: 'reply', delta: 2, reversed: true }))).toBe(false);
    for (const rule of ['reversal', 'admin_adjustment', 'bounty_escrow', 'bounty_award']) expect(reversible(entry({ rule, delta: 1 }))).toBe(false);
  });
});

describe('daily caps', () => {
  it('grants in full below the cap, partly up to it, and nothing past it', () => {
    expect(capGrant(5, 'post', dayEarnings([]), caps)).toBe(5);
    expect(capGrant(5, 'post', dayEarnings([entry({ rule: 'post', delta: 197 })]), caps)).toBe(3);
    expect(capGrant(5, 'post', dayEarnings([entry({ rule: 'post', delta: 200 })]), caps)).toBe(0);
    expect(capGrant(0, 'post', dayEarnings([]), caps)).toBe(0);
  });

  it('leaves admin adjustments, bounties and reversed entries out of what the cap counts', () => {
    const today = [
      entry({ rule: 'admin_adjustment', delta: 500 }),
      entry({ rule: 'bounty_award', delta: 100 }),
      entry({ rule: 'post', delta: 150, reversed: true }),
      entry({ rule: 'reversal', delta: -150 }),
      entry({ rule: 'reply', delta: 190 }),
    ];
    expect(earnedOf(today)).toBe(190);
    expect(capGrant(15, 'answer_accepted', dayEarnings(today), caps)).toBe(10);
  });

  it('caps reactions and upvotes together at the reaction cap, within the daily cap', () => {
    const today = [entry({ rule: 'reaction_received', delta: 12 }), entry({ rule: 'upvote_received', delta: 7 })];
    expect(capGrant(1, 'upvote_received', dayEarnings(today), caps)).toBe(1);
    expect(capGrant(1, 'reaction_received', dayEarnings([...today, entry({ rule: 'upvote_received', delta: 1 })]), caps)).toBe(0);
    // Other rules are not held back by the reaction cap.
    expect(capGrant(5, 'post', dayEarnings([...today, entry({ rule: 'upvote_received', delta: 1 })]), caps)).toBe(5);
    expect(capGrant(1, 'reaction_received', dayEarnings([entry({ rule: 'post', delta: 200 })]), caps)).toBe(0);
  });
});

describe('levels', () => {
  it('finds the highest level reached and the next one', () => {
    expect(levelFor(DEFAULT_LEVELS, 0)).toMatchObject({ level: { level: 1 }, next: { level: 2 } });
    expect(levelFor(DEFAULT_LEVELS, 49).level.level).toBe(1);
    expect(levelFor(DEFAULT_LEVELS, 50)).toMatchObject({ level: { level: 2 }, next: { level: 3, minPoints: 200 } });
    expect(levelFor(DEFAULT_LEVELS, 5000)).toMatchObject({ level: { level: 6 }, next: null });
    expect(levelFor(DEFAULT_LEVELS, -20).level.level).toBe(1);
  });

  it('reads levels in point order whatever order they are given in', () => {
    const shuffled = [DEFAULT_LEVELS[3]!, DEFAULT_LEVELS[0]!, DEFAULT_LEVELS[5]!, DEFAULT_LEVELS[1]!];
    expect(levelFor(shuffled, 600)).toMatchObject({ level: { level: 4 }, next: { level: 6 } });
  });
});

describe('streaks', () => {
  it('extends a streak from yesterday and starts over after a gap', () => {
    expect(streakOn('2030-03-01', null)).toBe(1);
    expect(streakOn('2030-03-01', { day: '2030-02-28', streak: 6 })).toBe(7);
    expect(streakOn('2030-03-01', { day: '2030-02-27', streak: 6 })).toBe(1);
    expect(streakOn('2032-03-01', { day: '2032-02-29', streak: 2 })).toBe(3);
  });

  it('keeps a streak alive through today when yesterday was checked in', () => {
    expect(aliveStreak({ day: '2030-01-02', streak: 4 }, '2030-01-02')).toBe(4);
    expect(aliveStreak({ day: '2030-01-01', streak: 4 }, '2030-01-02')).toBe(4);
    expect(aliveStreak({ day: '2029-12-31', streak: 4 }, '2030-01-02')).toBe(0);
    expect(aliveStreak(null, '2030-01-02')).toBe(0);
  });

  it('pays bonuses on exactly their day and points to the next', () => {
    expect(bonusOn(bonuses, 7)).toEqual({ days: 7, points: 5 });
    expect(bonusOn(bonuses, 8)).toBeNull();
    expect(bonusOn(bonuses, 14)).toBeNull();
    expect(bonusOn(bonuses, 30)).toEqual({ days: 30, points: 20 });
    expect(nextBonus(bonuses, 0)).toEqual({ days: 7, points: 5, checkIns: 7 });
    expect(nextBonus(bonuses, 6)).toEqual({ days: 7, points: 5, checkIns: 1 });
    expect(nextBonus(bonuses, 7)).toEqual({ days: 30, points: 20, checkIns: 23 });
    expect(nextBonus(bonuses, 30)).toBeNull();
  });
});

describe('periods', () => {
  it('runs weeks Monday to Sunday and months by the calendar', () => {
    expect(periodDays('week', '2030-01-06')).toEqual({ from: '2029-12-31', to: '2030-01-06' }); // a Sunday
    expect(periodDays('week', '2029-12-31')).toEqual({ from: '2029-12-31', to: '2030-01-06' }); // a Monday
    expect(periodDays('month', '2032-02-10')).toEqual({ from: '2032-02-01', to: '2032-02-29' });
    expect(periodDays('all', '2030-01-01')).toEqual({ from: null, to: null });
    expect(lastDayOfMonth('2030-12')).toBe('2030-12-31');
    expect(nextMonth('2030-12')).toBe('2031-01');
    expect(nextMonth('2024-01')).toBe('2024-02');
    expect(previousMonth('2030-01-15')).toBe('2029-12');
    expect(previousMonth('2030-03-31')).toBe('2030-02');
  });
});

describe('ranking', () => {
  it('orders by total, ties to whoever reached it first, and leaves out non-positive totals', () => {
    const ranked = rankMembers([
      entry({ memberId: 'bo', rule: 'post', delta: 10, at: 2000 }),
      entry({ memberId: 'ada', rule: 'post', delta: 10, at: 1000 }),
      entry({ memberId: 'cy', rule: 'post', delta: 30, at: 500 }),
      entry({ memberId: 'dee', rule: 'post', delta: 20, at: 100 }),
      entry({ memberId: 'dee', rule: 'admin_adjustment', delta: -10, at: 3000 }),
      entry({ memberId: 'eve', rule: 'admin_adjustment', delta: -5, at: 100 }),
      entry({ memberId: 'fay', rule: 'post', delta: 5, at: 100 }),
      entry({ memberId: 'fay', rule: 'admin_adjustment', delta: -5, at: 200 }),
    ]);
    expect(ranked.map((r) => [r.memberId, r.points, r.reachedAt])).toEqual([
      ['cy', 30, 500],
      ['ada', 10, 1000],
      ['bo', 10, 2000],
      ['dee', 10, 3000],
    ]);
  });

  it('ignores reversed entries, reversals and bounty movements', () => {
    const ranked = rankMembers([
      entry({ memberId: 'ada', rule: 'post', delta: 5, at: 100, reversed: true }),
      entry({ memberId: 'ada', rule: 'reversal', delta: -5, at: 900 }),
      entry({ memberId: 'ada', rule: 'reply', delta: 2, at: 200 }),
      entry({ memberId: 'ada', rule: 'bounty_award', delta: 50, at: 300 }),
      entry({ memberId: 'bo', rule: 'bounty_escrow', delta: -50, at: 300 }),
    ]);
    expect(ranked).toEqual([{ memberId: 'ada', points: 2, reachedAt: 200 }]);
  });

  it('counts a total reached only once every entry of the same instant has landed', () => {
    const ranked = rankMembers([
      entry({ memberId: 'ada', rule: 'admin_adjustment', delta: 10, at: 100 }),
      entry({ memberId: 'ada', rule: 'admin_adjustment', delta: 5, at: 200 }),
      entry({ memberId: 'ada', rule: 'admin_adjustment', delta: -5, at: 200 }),
    ]);
    expect(ranked[0]).toMatchObject({ points: 10, reachedAt: 100 });
  });
});

describe('badge criteria', () => {
  it('earns badges from standing entries and the longest streak', () => {
    expect(earnedBadges({ entries: [], longestStreak: 0 })).toEqual([]);
    const accepted = Array.from({ length: 10 }, () => entry({ rule: 'answer_accepted', delta: 15 }));
    expect(earnedBadges({ entries: [entry({ rule: 'post', delta: 5 }), ...accepted, entry({ rule: 'feedback_done', delta: 10 })], longestStreak: 30 })).toEqual([
      'first_post',
      'first_accepted_answer',
      'accepted_10',
      'streak_7',
      'streak_30',
      'feedback_adopted',
    ]);
    expect(earnedBadges({ entries: [entry({ rule: 'post', delta: 5, reversed: true }), ...accepted.slice(1)], longestStreak: 7 })).toEqual(['first_accepted_answer', 'streak_7']);
  });

  it('no entry under a rule whose award skips the badge check can earn a badge', () => {
    // Awards under these rules do not look at badges at all; a criterion that counts one must list it in BADGE_RULES.
    const skipped = POINT_RULES.filter((rule) => !mayEarnBadge(rule));
    expect(skipped).toContain('reply');
    for (const rule of skipped) {
      expect(earnedBadges({ entries: Array.from({ length: 40 }, () => entry({ rule, delta: 5 })), longestStreak: 0 }), rule).toEqual([]);
    }
  });
});

describe('history cursors', () => {
  it('round-trips and refuses anything else', () => {
    expect(decodeHistoryCursor(encodeHistoryCursor({ at: 123, id: 'x/y+z' }))).toEqual({ at: 123, id: 'x/y+z' });
    expect(() => decodeHistoryCursor('not-a-cursor')).toThrow(expect.objectContaining({ code: 'validation', field: 'cursor' }));
    expect(() => decodeHistoryCursor(btoa(JSON.stringify(['o', 1, 2])))).toThrow(expect.objectContaining({ code: 'validation', field: 'cursor' }));
  });
});
