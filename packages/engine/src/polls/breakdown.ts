// A poll's ballots split by who cast them: the voter's role and level as they stand at the
// read. Pure: the service looks the voters up and hands their facts in.
import { ROLES, type BreakdownGroup, type Level, type PollBreakdown, type Role } from '@hearth/protocol';
import type { BallotRecord, PollRecord } from './records.js';
import { DEFAULT_SCALE } from './poll-rules.js';
import { firstPreferences, ratingStats, tallyChoices } from './tally.js';

/** One ballot and what its voter is now: their role, and their level (null for a guest, who has none). */
export interface VoterFacts {
  ballot: BallotRecord;
  role: Role;
  level: Level | null;
}

/**
 * The breakdown of `poll` by role and by level. With `minGroup` above 1 (secret polls), no
 * group smaller than it is shown: small groups are merged into `other`, and while `other` is
 * still too small the next smallest groups join it, so no group's choices can be worked out
 * by subtracting the shown groups from the results everyone staff sees.
 */
export function breakdownOf(poll: PollRecord, voters: readonly VoterFacts[], minGroup: number): PollBreakdown {
  const byRole = groupBy(voters, (v) => v.role);
  const roles: Array<[string, Seed]> = ROLES.filter((role) => byRole.has(role)).map((role) => [role, { role, level: null, facts: byRole.get(role)! }]);

  const byLevel = groupBy(voters, (v) => (v.level === null ? 'guests' : String(v.level.level)));
  const levels = [...byLevel.entries()]
    .filter(([key]) => key !== 'guests')
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([key, facts]): [string, Seed] => [key, { role: null, level: facts[0]!.level, facts }]);
  if (byLevel.has('guests')) levels.push(['guests', { role: null, level: null, facts: byLevel.get('guests')! }]);

  return {
    pollId: poll.id,
    type: poll.type,
    totalBallots: voters.length,
    minGroupSize: minGroup,
    byRole: protect(roles, minGroup).map((g) => present(poll, g)),
    byLevel: protect(levels, minGroup).map((g) => present(poll, g)),
  };
}

/** A group before merging: its role or level, and its voters. */
interface Seed {
  role: Role | null;
  level: Level | null;
  facts: VoterFacts[];
}

interface Group {
  key: string;
  role: Role | null;
  level: Level | null;
  merged: string[];
  facts: VoterFacts[];
}

function groupBy(voters: readonly VoterFacts[], key: (v: VoterFacts) => string): Map<string, VoterFacts[]> {
  const groups = new Map<string, VoterFacts[]>();
  for (const voter of voters) {
    const k = key(voter);
    const list = groups.get(k);
    if (list) list.push(voter);
    else groups.set(k, [voter]);
  }
  return groups;
}

/** The groups in order, those under `min` merged into a trailing `other` of at least `min` (or of everyone). */
export function protect(groups: ReadonlyArray<[string, Seed]>, min: number): Group[] {
  const all: Group[] = groups.map(([key, g]) => ({ key, role: g.role, level: g.level, merged: [], facts: g.facts }));
  const small = new Set(all.filter((g) => g.facts.length < min).map((g) => g.key));
  if (small.size === 0) return all;
  let size = all.filter((g) => small.has(g.key)).reduce((n, g) => n + g.facts.length, 0);
  // Shown groups join `other`, smallest first (later in order on a tie), until it is big enough.
  const shown = all.filter((g) => !small.has(g.key)).sort((a, b) => a.facts.length - b.facts.length || all.indexOf(b) - all.indexOf(a));
  while (size < min && shown.length > 0) {
    const next = shown.shift()!;
    small.add(next.key);
    size += next.facts.length;
  }
  const merged = all.filter((g) => small.has(g.key));
  const other: Group = { key: 'other', role: null, level: null, merged: merged.map((g) => g.key), facts: merged.flatMap((g) => g.facts) };
  return [...all.filter((g) => !small.has(g.key)), other];
}

function present(poll: PollRecord, group: Group): BreakdownGroup {
  const ballots = group.facts.map((f) => f.ballot);
  const base = { key: group.key, role: group.role, level: group.level ? { ...group.level, names: { ...group.level.names } } : null, ballots: ballots.length, merged: group.merged };
  switch (poll.type) {
    case 'single':
    case 'multiple':
      return { ...base, options: tallyChoices(poll.options, ballots.map((b) => b.choices)), average: null, distribution: [] };
    case 'ranked':
      return { ...base, options: firstPreferences(poll.options, ballots.map((b) => b.choices)), average: null, distribution: [] };
    case 'rating': {
      const stats = ratingStats(poll.scale ?? DEFAULT_SCALE, ballots.flatMap((b) => (b.rating === null ? [] : [b.rating])));
      return { ...base, options: [], average: stats.average, distribution: stats.distribution };
    }
  }
}
