import { describe, expect, it } from 'vitest';
import { firstPreferences, instantRunoff, onScale, percent, ratingStats, scaleSteps, scaleValues, tallyChoices } from './tally.js';

const times = (n: number, ranking: string[]) => Array.from({ length: n }, () => ranking);

describe('percent', () => {
  it('rounds half up to one decimal, and is 0 of nothing', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(1, 16)).toBe(6.3);
    expect(percent(5, 5)).toBe(100);
    expect(percent(0, 7)).toBe(0);
    expect(percent(0, 0)).toBe(0);
  });
});

describe('tallyChoices', () => {
  const options = [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
    { id: 'c', label: 'C' },
  ];

  it('counts each option in option order, with percent of ballots', () => {
    expect(tallyChoices(options, [['a'], ['b'], ['a']])).toEqual([
      { optionId: 'a', label: 'A', count: 2, percent: 66.7 },
      { optionId: 'b', label: 'B', count: 1, percent: 33.3 },
      { optionId: 'c', label: 'C', count: 0, percent: 0 },
    ]);
  });

  it('lets multiple-choice percentages add up past 100, since they are of ballots', () => {
    const rows = tallyChoices(options, [['a', 'b'], ['a', 'c']]);
    expect(rows.map((r) => r.percent)).toEqual([100, 50, 50]);
  });

  it('ignores unknown ids and repeats on a ballot', () => {
    expect(tallyChoices(options, [['a', 'a', 'zzz']]).map((r) => r.count)).toEqual([1, 0, 0]);
  });

  it('takes the first known option of each ranking as its first preference', () => {
    expect(firstPreferences(options, [['zzz', 'b', 'a'], ['a'], ['c', 'a']]).map((r) => r.count)).toEqual([1, 1, 1]);
  });
});

describe('instantRunoff', () => {
  it('has no rounds and no winner without ballots', () => {
    expect(instantRunoff(['a', 'b'], [])).toEqual({ rounds: [], winner: null });
    expect(instantRunoff(['a', 'b'], [[], ['zzz']])).toEqual({ rounds: [], winner: null });
  });

  it('ends in round one when an option has a majority of first preferences', () => {
    const result = instantRunoff(['a', 'b', 'c'], [...times(3, ['a']), ['b'], ['c']]);
    expect(result.winner).toBe('a');
    expect(result.rounds).toEqual([
      {
        round: 1,
        counts: [
          { optionId: 'a', count: 3, percent: 60 },
          { optionId: 'b', count: 1, percent: 20 },
          { optionId: 'c', count: 1, percent: 20 },
        ],
        continuing: 5,
        exhausted: 0,
        eliminated: null,
        tieBreak: null,
      },
    ]);
  });

  it('transfers an eliminated option\'s ballots to their next preference', () => {
    const ballots = [...times(4, ['a', 'b']), ...times(3, ['b', 'a']), ...times(2, ['c', 'b'])];
    const { rounds, winner } = instantRunoff(['a', 'b', 'c'], ballots);
    // The first-preference leader (a, 4 of 9) loses once c's ballots move to b.
    expect(winner).toBe('b');
    expect(rounds).toHaveLength(2);
    expect(rounds[0]).toMatchObject({ eliminated: 'c', tieBreak: null, continuing: 9 });
    expect(rounds[1]!.counts).toEqual([
      { optionId: 'a', count: 4, percent: 44.4 },
      { optionId: 'b', count: 5, percent: 55.6 },
    ]);
    expect(rounds[1]!.eliminated).toBeNull();
  });

  it('needs a majority of continuing ballots, not of all ballots, once some are exhausted', () => {
    // Round 1: a 3, b 2, c 2 (of 7). b and c tie on count and first preferences; c is on fewer ballots.
    // Round 2: a 3, b 3 (of 6; one ballot exhausted). b has fewer first preferences, so b goes.
    // Round 3: a 3 of 3 continuing.
    const ballots = [...times(3, ['a']), ...times(2, ['b']), ['c'], ['c', 'b']];
    const { rounds, winner } = instantRunoff(['a', 'b', 'c'], ballots);
    expect(winner).toBe('a');
    expect(rounds.map((r) => [r.eliminated, r.tieBreak, r.continuing, r.exhausted])).toEqual([
      ['c', 'mentions', 7, 0],
      ['b', 'first_preferences', 6, 1],
      [null, null, 3, 4],
    ]);
    expect(rounds[2]!.counts).toEqual([{ optionId: 'a', count: 3, percent: 100 }]);
  });

  it('eliminates the later option when count, first preferences and mentions all tie', () => {
    const { rounds, winner } = instantRunoff(['a', 'b'], [['a'], ['b']]);
    expect(rounds[0]).toMatchObject({ eliminated: 'b', tieBreak: 'order' });
    expect(winner).toBe('a');
    // The order is the poll's option order, not the ballots'.
    expect(instantRunoff(['b', 'a'], [['a'], ['b']]).winner).toBe('b');
  });

  it('eliminates one option per round, options with no ballots first', () => {
    const { rounds, winner } = instantRunoff(['a', 'b', 'c', 'd'], [...times(2, ['a', 'b']), ...times(2, ['b', 'a']), ['c', 'a']]);
    // d has no ballots at all, so it goes first; then c (1) goes and its ballot moves to a.
    expect(rounds.map((r) => r.eliminated)).toEqual(['d', 'c', null]);
    expect(winner).toBe('a');
  });

  it('ignores unknown option ids and repeated rankings of one option', () => {
    const { rounds, winner } = instantRunoff(['a', 'b'], [['zzz', 'a', 'a'], ['b', 'b'], ['a']]);
    expect(rounds[0]!.counts).toEqual([
      { optionId: 'a', count: 2, percent: 66.7 },
      { optionId: 'b', count: 1, percent: 33.3 },
    ]);
    expect(winner).toBe('a');
  });
});

describe('rating scales', () => {
  it('lists every value of a scale without floating-point noise', () => {
    expect(scaleValues({ min: 1, max: 5, step: 1 })).toEqual([1, 2, 3, 4, 5]);
    expect(scaleValues({ min: 0, max: 1, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(scaleValues({ min: -2, max: 2, step: 2 })).toEqual([-2, 0, 2]);
    expect(scaleSteps({ min: 1, max: 4, step: 2 })).toBeNull();
    expect(scaleSteps({ min: 0, max: 10, step: 0.5 })).toBe(20);
  });

  it('accepts values on a step and refuses values between steps or outside', () => {
    const tenths = { min: 0, max: 1, step: 0.1 };
    expect(onScale(tenths, 0.3)).toBe(0.3);
    expect(onScale(tenths, 0.1 + 0.2)).toBe(0.3);
    expect(onScale(tenths, 0.35)).toBeNull();
    expect(onScale(tenths, 1.1)).toBeNull();
    expect(onScale(tenths, -0.1)).toBeNull();
    expect(onScale({ min: 1, max: 5, step: 1 }, Number.NaN)).toBeNull();
  });

  it('averages to two decimals and counts every step', () => {
    expect(ratingStats({ min: 1, max: 5, step: 1 }, [5, 4, 4])).toEqual({
      count: 3,
      average: 4.33,
      distribution: [
        { value: 1, count: 0, percent: 0 },
        { value: 2, count: 0, percent: 0 },
        { value: 3, count: 0, percent: 0 },
        { value: 4, count: 2, percent: 66.7 },
        { value: 5, count: 1, percent: 33.3 },
      ],
    });
  });

  it('has no average without ratings', () => {
    const stats = ratingStats({ min: 0, max: 10, step: 5 }, []);
    expect(stats).toEqual({ count: 0, average: null, distribution: [0, 5, 10].map((value) => ({ value, count: 0, percent: 0 })) });
  });

  it('averages half steps exactly', () => {
    expect(ratingStats({ min: 0, max: 5, step: 0.5 }, [4.5, 3.5, 5]).average).toBe(4.33);
    expect(ratingStats({ min: 0, max: 5, step: 0.5 }, [4.5, 3.5]).average).toBe(4);
  });
});
