// "Had these rules applied this period": the period's ledger replayed under proposed points
// settings, through the same cap arithmetic the ledger awards with. Nothing is written; the
// saved rules only ever apply to points earned after the save.
import { LEADERBOARD_LIMIT, type CommunitySettings, type LeaderboardMove, type LeaderboardPreview, type LeaderboardRow, type PointsSettings } from '@hearth/protocol';
import type { Store } from '../store.js';
import type { MemberRecord } from '../records.js';
import { boardDays, boardRanking, toMember, type BoardQuery } from './leaderboard.js';
import { EARNING_RULES, MILESTONE_RULES, addEarning, bonusOn, capGrant, levelFor, lifetimeOf, rankMembers, type DayEarnings, type Ranked } from './ledger.js';
import type { PointsLedger } from './points-hooks.js';
import type { CheckInRecord, LedgerRecord } from './records.js';

/** Rules a check-in earns; the replay takes them from the check-ins, which are kept even when they earned nothing. */
const CHECK_IN_RULES: ReadonlySet<string> = new Set(['check_in', 'streak_bonus']);

/** One step of a member-day's replay: an award under a rule, or a reversal giving an award's room back. */
type Step = { at: number; order: number; kind: 'award'; entry: LedgerRecord; amount: number } | { at: number; order: number; kind: 'give_back'; id: string };

/**
 * The rule-earned entries of a period as the proposed settings would have written them.
 *
 * Each member-day is replayed in time order as `PointsLedger.earn` awards: every award is
 * priced by its rule under `proposed` (a streak bonus by the check-in's streak against the
 * proposed bonuses), cut by `capGrant` to what the proposed daily caps leave that day, and
 * written only when it pays something or is a milestone (an entry of 0); a reversal gives
 * its entry's room back at the time it happened (`reversedAt`, by the original's id). The
 * replayed entries keep their ids, times and `reversed` marks, so a board ranks them as it
 * ranks the ledger. Admin adjustments are kept as they are; bounty movements and reversals
 * are left out (no board counts them). Check-ins come from `checkins` rather than from their
 * ledger entries, so a check-in that earned nothing then (a rule at 0, a cap spent) is
 * priced too; any other award the caps left nothing of was never written and stays unpaid.
 *
 * @example
 * const replayed = repriceEntries(periodEntries, reversalTimes, periodCheckIns, { ...settings.points, rules: { ...settings.points.rules, reply: 5 } });
 * const board = rankMembers(replayed);
 */
export function repriceEntries(
  entries: readonly LedgerRecord[],
  reversedAt: ReadonlyMap<string, number>,
  checkins: readonly CheckInRecord[],
  proposed: PointsSettings,
): LedgerRecord[] {
  const kept: LedgerRecord[] = [];
  const days = new Map<string, Step[]>();
  const stepsOf = (memberId: string, day: string) => {
    const key = `${memberId}\u0000${day}`;
    let steps = days.get(key);
    if (!steps) days.set(key, (steps = []));
    return steps;
  };
  let order = 0;
  for (const entry of entries) {
    if (entry.rule === 'admin_adjustment') kept.push(entry);
    if (!EARNING_RULES.has(entry.rule) || CHECK_IN_RULES.has(entry.rule)) continue;
    const steps = stepsOf(entry.memberId, entry.day);
    steps.push({ at: entry.at, order: order++, kind: 'award', entry, amount: proposed.rules[entry.rule] ?? 0 });
    // A reversed entry with no reversal on record (an entry of 0) gave nothing back later: it held no room.
    if (entry.reversed) steps.push({ at: reversedAt.get(entry.id) ?? entry.at, order: order++, kind: 'give_back', id: entry.id });
  }
  for (const checkin of checkins) {
    const ref = `checkin:${checkin.day}`;
    const steps = stepsOf(checkin.memberId, checkin.day);
    const made = (rule: string): LedgerRecord => ({
      // The ids the ledger gives a day's check-in entries, so ties rank as they do on the board.
      id: `${checkin.memberId}:${rule}:${ref}`,
      memberId: checkin.memberId,
      delta: 0,
      rule,
      ref,
      at: checkin.at,
      day: checkin.day,
      reason: null,
      reversed: false,
      actorId: checkin.memberId,
      reverses: null,
    });
    steps.push({ at: checkin.at, order: order++, kind: 'award', entry: made('check_in'), amount: proposed.rules.check_in ?? 0 });
    const bonus = bonusOn(proposed.streakBonuses, checkin.streak);
    if (bonus) steps.push({ at: checkin.at, order: order++, kind: 'award', entry: made('streak_bonus'), amount: bonus.points });
  }

  const replayed: LedgerRecord[] = [];
  for (const steps of days.values()) {
    steps.sort((a, b) => a.at - b.at || a.order - b.order);
    let today: DayEarnings = { earned: 0, reactions: 0 };
    const written = new Map<string, LedgerRecord>();
    for (const step of steps) {
      if (step.kind === 'give_back') {
        const entry = written.get(step.id);
        if (entry) today = addEarning(today, entry, -1);
        continue;
      }
      const { entry, amount } = step;
      const milestone = MILESTONE_RULES.has(entry.rule);
      // As `PointsLedger.earn`: a negative rule earns nothing, and so does a cut to nothing unless it is a milestone.
      if (amount < 0) continue;
      const delta = capGrant(amount, entry.rule, today, proposed);
      if (delta <= 0 && !milestone) continue;
      const record = { ...entry, delta };
      today = addEarning(today, record);
      written.set(record.id, record);
      replayed.push(record);
    }
  }
  return [...replayed, ...kept];
}

/**
 * The board of a period as it stands beside the board the proposed points settings would
 * have given it, each ranked as `buildBoard` ranks (staff left out when the community says
 * so), and every member's move between the two. Levels: the board's by the current levels,
 * the proposed one's and the moves' by the proposed levels, both from the members' lifetime
 * points, which a save does not change.
 */
export async function previewBoard(
  store: Store,
  ledger: PointsLedger,
  settings: CommunitySettings,
  proposed: PointsSettings,
  query: BoardQuery,
  today: string,
): Promise<LeaderboardPreview> {
  const { from, to } = boardDays(query, today);
  const limit = query.limit ?? LEADERBOARD_LIMIT.default;
  const ledgerRows = store.collection('ledger');
  const all = from === null || to === null;
  // Reversed entries too: until their reversal they held room under the caps of their day.
  const entries: LedgerRecord[] = all ? await ledgerRows.find() : await ledgerRows.find({ where: { day: { gte: from, lte: to } } });
  // A reversal comes at or after what it cancels, so those of the period's entries are on or after its first day.
  const reversals = all ? entries.filter((e) => e.rule === 'reversal') : await ledgerRows.find({ where: { rule: 'reversal', day: { gte: from } } });
  const reversedAt = new Map<string, number>();
  for (const r of reversals) if (typeof r.reverses === 'string') reversedAt.set(r.reverses, r.at);
  const checkins = all ? await store.collection('checkins').find() : await store.collection('checkins').find({ where: { day: { gte: from, lte: to } } });

  const nowRanked = rankMembers(entries);
  const nextRanked = rankMembers(repriceEntries(entries, reversedAt, checkins, proposed));
  const ids = new Set([...nowRanked, ...nextRanked].map((r) => r.memberId));
  const records = new Map((await store.collection('members').getMany([...ids])).map((m) => [m.id, m]));
  const now = boardRanking(nowRanked, records, settings);
  const next = boardRanking(nextRanked, records, settings);
  const nowTop = now.slice(0, limit);
  const nextTop = next.slice(0, limit);

  const shown = [...new Set([...nextTop, ...nowTop].map((r) => r.memberId))];
  const badges = await ledger.badges.awardsOf(store, shown);
  const lifetime = new Map<string, number>();
  for (const id of shown) {
    // The running sums on the record; only a record from before them needs the member's ledger.
    const sums = records.get(id)?.points?.lifetime;
    lifetime.set(id, sums ?? lifetimeOf(await ledgerRows.find({ where: { memberId: id } })));
  }
  const row = (r: Ranked, rank: number, levels: PointsSettings['levels']): LeaderboardRow => rowOf(records.get(r.memberId), r, rank, levelFor(levels, lifetime.get(r.memberId) ?? 0).level, badges);

  const placing = (ranking: Ranked[], memberId: string) => {
    const index = ranking.findIndex((r) => r.memberId === memberId);
    return index < 0 ? { rank: null, points: 0 } : { rank: index + 1, points: ranking[index]!.points };
  };
  const moves: LeaderboardMove[] = shown.map((memberId) => ({
    memberId,
    now: placing(now, memberId),
    proposed: placing(next, memberId),
    level: levelFor(proposed.levels, lifetime.get(memberId) ?? 0).level,
  }));
  // Proposed order; those who would fall off the ranking altogether last, by their rank now.
  const position = (rank: number | null) => rank ?? Number.MAX_SAFE_INTEGER;
  moves.sort((a, b) => position(a.proposed.rank) - position(b.proposed.rank) || position(a.now.rank) - position(b.now.rank));

  return {
    period: query.period,
    from,
    to,
    current: nowTop.map((r, i) => row(r, i + 1, settings.points.levels)),
    proposed: nextTop.map((r, i) => row(r, i + 1, proposed.levels)),
    moves,
  };
}

function rowOf(record: MemberRecord | undefined, ranked: Ranked, rank: number, level: LeaderboardRow['level'], badges: Map<string, LeaderboardRow['badges']>): LeaderboardRow {
  return {
    rank,
    member: record ? toMember(record) : { id: ranked.memberId, displayName: ranked.memberId, avatarUrl: null, role: 'member' },
    points: ranked.points,
    level,
    title: record?.title ?? null,
    badges: badges.get(ranked.memberId) ?? [],
  };
}
