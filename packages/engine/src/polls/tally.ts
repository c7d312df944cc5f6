// Pure counting: no store, no clock. Results are always recomputed from the ballot rows, so
// two tabs or two servers that merged ballots agree on the numbers.
import type { OptionTally, RankedRound, RatingBucket, RatingScale, TieBreak } from '@hearth/protocol';

/** `count` as a share of `total` in percent, rounded half up to one decimal; 0 when `total` is 0. */
export function percent(count: number, total: number): number {
  if (total <= 0) return 0;
  // Integer maths first, so 1/8 gives 12.5 and not 12.499999.
  return Math.round((count * 1000) / total) / 10;
}

/**
 * How many ballots chose each option, in the poll's option order; `percent` is of
 * ballots, so a multiple-choice poll's percentages can add up to more than 100.
 */
export function tallyChoices(options: ReadonlyArray<{ id: string; label: string }>, ballots: ReadonlyArray<readonly string[]>): OptionTally[] {
  const counts = new Map(options.map((o) => [o.id, 0]));
  for (const choices of ballots) {
    for (const id of new Set(choices)) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
  }
  return options.map((o) => ({ optionId: o.id, label: o.label, count: counts.get(o.id)!, percent: percent(counts.get(o.id)!, ballots.length) }));
}

/** The first preferences per option, in option order (the first round of a ranked poll, as tallies). */
export function firstPreferences(options: ReadonlyArray<{ id: string; label: string }>, rankings: ReadonlyArray<readonly string[]>): OptionTally[] {
  return tallyChoices(
    options,
    rankings.map((r) => {
      const first = r.find((id) => options.some((o) => o.id === id));
      return first === undefined ? [] : [first];
    }),
  );
}

/** The outcome of an instant-runoff count. */
export interface RunoffResult {
  rounds: RankedRound[];
  /** Null only when there are no ballots. */
  winner: string | null;
}

/**
 * Instant-runoff voting. Each round every ballot counts for its most preferred option that
 * is still in the count; a ballot with none left is exhausted. An option with more than
 * half of the continuing ballots wins. Otherwise the option with the fewest ballots this
 * round is eliminated and its ballots move to their next preference. When several share
 * the fewest, the one with the fewest first preferences (round one) goes; then the one
 * mentioned on the fewest ballots at any rank; then the one listed later in the poll.
 * Exactly one option is eliminated per round, so an even split between the last two is
 * decided by those tie-breaks, and the round says which one decided it.
 *
 * Option ids a ballot names that the poll does not have, and repeats, are ignored.
 */
export function instantRunoff(optionIds: readonly string[], rankings: ReadonlyArray<readonly string[]>): RunoffResult {
  const order = new Map(optionIds.map((id, index) => [id, index]));
  const ballots = rankings.map((r) => [...new Set(r)].filter((id) => order.has(id))).filter((r) => r.length > 0);
  if (ballots.length === 0) return { rounds: [], winner: null };

  const firsts = new Map(optionIds.map((id) => [id, 0]));
  const mentions = new Map(optionIds.map((id) => [id, 0]));
  for (const ballot of ballots) {
    firsts.set(ballot[0]!, firsts.get(ballot[0]!)! + 1);
    for (const id of ballot) mentions.set(id, mentions.get(id)! + 1);
  }

  const continuing = new Set(optionIds);
  const rounds: RankedRound[] = [];
  for (let round = 1; continuing.size > 0; round++) {
    const counts = new Map([...continuing].map((id) => [id, 0]));
    let exhausted = 0;
    for (const ballot of ballots) {
      const top = ballot.find((id) => continuing.has(id));
      if (top === undefined) exhausted += 1;
      else counts.set(top, counts.get(top)! + 1);
    }
    const live = ballots.length - exhausted;
    const ordered = optionIds.filter((id) => continuing.has(id));
    const row = ordered.map((optionId) => ({ optionId, count: counts.get(optionId)!, percent: percent(counts.get(optionId)!, live) }));
    const leader = row.reduce((best, r) => (r.count > best.count ? r : best), row[0]!);
    if (leader.count * 2 > live) {
      rounds.push({ round, counts: row, continuing: live, exhausted, eliminated: null, tieBreak: null });
      return { rounds, winner: leader.optionId };
    }
    const { loser, tieBreak } = lowest(ordered, counts, firsts, mentions, order);
    rounds.push({ round, counts: row, continuing: live, exhausted, eliminated: loser, tieBreak });
    continuing.delete(loser);
  }
  // Unreachable: a non-empty ballot always leaves a continuing option with its vote.
  return { rounds, winner: null };
}

function lowest(
  ordered: readonly string[],
  counts: ReadonlyMap<string, number>,
  firsts: ReadonlyMap<string, number>,
  mentions: ReadonlyMap<string, number>,
  order: ReadonlyMap<string, number>,
): { loser: string; tieBreak: TieBreak | null } {
  const fewest = (ids: readonly string[], by: ReadonlyMap<string, number>) => {
    const min = Math.min(...ids.map((id) => by.get(id)!));
    return ids.filter((id) => by.get(id) === min);
  };
  let tied = fewest(ordered, counts);
  if (tied.length === 1) return { loser: tied[0]!, tieBreak: null };
  tied = fewest(tied, firsts);
  if (tied.length === 1) return { loser: tied[0]!, tieBreak: 'first_preferences' };
  tied = fewest(tied, mentions);
  if (tied.length === 1) return { loser: tied[0]!, tieBreak: 'mentions' };
  const later = tied.reduce((a, b) => (order.get(b)! > order.get(a)! ? b : a));
  return { loser: later, tieBreak: 'order' };
}

/** Decimal places needed to write `n` exactly (at most 10). */
function decimals(n: number): number {
  if (Number.isInteger(n)) return 0;
  const text = String(n);
  const e = text.match(/e-(\d+)$/);
  if (e) return Math.min(10, Number(e[1]));
  return Math.min(10, (text.split('.')[1] ?? '').length);
}

/** How many steps from `min` to `max` (so a 1–5 by 1 scale has 4 steps and 5 values), or null when `step` does not divide the range. */
export function scaleSteps(scale: RatingScale): number | null {
  const steps = (scale.max - scale.min) / scale.step;
  const whole = Math.round(steps);
  return Math.abs(steps - whole) < 1e-9 ? whole : null;
}

/** Every value on the scale, lowest first, written without floating-point noise (0.1 steps give 0.3, not 0.30000000000000004). */
export function scaleValues(scale: RatingScale): number[] {
  const steps = scaleSteps(scale);
  if (steps === null || steps < 0) return [];
  const places = Math.max(decimals(scale.min), decimals(scale.step));
  return Array.from({ length: steps + 1 }, (_, i) => Number((scale.min + i * scale.step).toFixed(places)));
}

/** The scale value `value` stands for, or null when it is off the scale or between steps. */
export function onScale(scale: RatingScale, value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const values = scaleValues(scale);
  const index = (value - scale.min) / scale.step;
  const whole = Math.round(index);
  if (Math.abs(index - whole) > 1e-9 || whole < 0 || whole >= values.length) return null;
  return values[whole]!;
}

/** Rating results: how many rated, the mean (two decimals, null with none), and every step's count. */
export function ratingStats(scale: RatingScale, ratings: readonly number[]): { count: number; average: number | null; distribution: RatingBucket[] } {
  const values = scaleValues(scale);
  const counts = new Map(values.map((v) => [v, 0]));
  let sum = 0;
  let count = 0;
  for (const rating of ratings) {
    const value = onScale(scale, rating);
    if (value === null) continue;
    counts.set(value, counts.get(value)! + 1);
    sum += value;
    count += 1;
  }
  return {
    count,
    average: count === 0 ? null : Math.round((sum * 100) / count) / 100,
    distribution: values.map((value) => ({ value, count: counts.get(value)!, percent: percent(counts.get(value)!, count) })),
  };
}
