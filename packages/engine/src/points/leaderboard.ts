import { HearthError, LEADERBOARD_LIMIT, roleAtLeast, type CommunitySettings, type Leaderboard, type LeaderboardPeriod, type LeaderboardRow, type Member } from '@hearth/protocol';
import type { Store } from '../store.js';
import type { MemberRecord } from '../records.js';
import type { PointsLedger } from './points-hooks.js';
import { levelFor, lifetimeOf, periodDays, rankMembers, standing, type Ranked } from './ledger.js';
import type { LedgerRecord } from './records.js';

/** What a board is asked for, after the schema checked it. */
export interface BoardQuery {
  period: LeaderboardPeriod;
  from?: string;
  to?: string;
  limit?: number;
}

/** The first and last day a board covers; `range` must name both, in order. */
export function boardDays(query: BoardQuery, today: string): { from: string | null; to: string | null } {
  if (query.period !== 'range') {
    const extra = query.from !== undefined ? 'from' : query.to !== undefined ? 'to' : null;
    if (extra) throw HearthError.validation(extra, `"${extra}" is only for period "range"; period "${query.period}" has fixed days.`);
    return periodDays(query.period, today);
  }
  if (query.from === undefined) throw HearthError.validation('from', 'A range needs a first day ("from").');
  if (query.to === undefined) throw HearthError.validation('to', 'A range needs a last day ("to").');
  if (query.to < query.from) throw HearthError.validation('to', 'The last day of a range cannot come before its first day.');
  return { from: query.from, to: query.to };
}

/**
 * Builds a leaderboard from the ledger: the period's standing entries summed per member,
 * staff left out when the community says so (by their role as the community knows it
 * now), the top N, and the viewer's own row wherever they stand.
 */
export async function buildBoard(
  store: Store,
  ledger: PointsLedger,
  settings: CommunitySettings,
  query: BoardQuery,
  today: string,
  viewer: Member | null,
): Promise<Leaderboard> {
  const { from, to } = boardDays(query, today);
  const limit = query.limit ?? LEADERBOARD_LIMIT.default;
  const entries: LedgerRecord[] =
    from === null || to === null
      ? await store.collection('ledger').find({ where: { reversed: false } })
      : await store.collection('ledger').find({ where: { day: { gte: from, lte: to }, reversed: false } });
  let ranked = rankMembers(entries);
  const records = new Map((await store.collection('members').getMany(ranked.map((r) => r.memberId))).map((m) => [m.id, m]));
  ranked = boardRanking(ranked, records, settings);

  const top = ranked.slice(0, limit);
  const viewerIndex = viewer ? ranked.findIndex((r) => r.memberId === viewer.id) : -1;
  const shown = top.map((r) => r.memberId);
  if (viewer && (viewerIndex < 0 || viewerIndex >= limit)) shown.push(viewer.id);
  const badges = await ledger.badges.awardsOf(store, shown);
  const lifetime = new Map<string, number>();
  if (from === null) for (const r of ranked) lifetime.set(r.memberId, r.points);
  if (viewer && !records.has(viewer.id)) {
    const record = await store.collection('members').get(viewer.id);
    if (record) records.set(viewer.id, record);
  }
  for (const id of shown) {
    if (lifetime.has(id)) continue;
    // The running sums on the record; only a record from before them needs the member's ledger.
    const kept = records.get(id)?.points?.lifetime;
    lifetime.set(id, kept ?? lifetimeOf(await store.collection('ledger').find({ where: { memberId: id } })));
  }

  const row = (memberId: string, rank: number | null, points: number, fallback?: Member): LeaderboardRow => {
    const record = records.get(memberId);
    return {
      rank,
      member: record ? toMember(record) : (fallback ?? { id: memberId, displayName: memberId, avatarUrl: null, role: 'member' }),
      points,
      level: levelFor(settings.points.levels, lifetime.get(memberId) ?? 0).level,
      title: record?.title ?? null,
      badges: badges.get(memberId) ?? [],
    };
  };

  let viewerRow: LeaderboardRow | null = null;
  if (viewer) {
    if (viewerIndex >= 0) viewerRow = row(viewer.id, viewerIndex + 1, ranked[viewerIndex]!.points, viewer);
    else {
      const own = entries.filter((e) => e.memberId === viewer.id && standing(e)).reduce((sum, e) => sum + e.delta, 0);
      viewerRow = row(viewer.id, null, own, viewer);
    }
  }
  return { period: query.period, from, to, items: top.map((r, i) => row(r.memberId, i + 1, r.points)), viewer: viewerRow };
}

/** A ranking as the board shows it: staff (by their role as the community knows it now) left out when the community says so. */
export function boardRanking(ranked: Ranked[], records: ReadonlyMap<string, MemberRecord>, settings: CommunitySettings): Ranked[] {
  if (!settings.leaderboardExcludesStaff) return ranked;
  return ranked.filter((r) => {
    const m = records.get(r.memberId);
    return !(m !== undefined && roleAtLeast(m.assignedRole ?? m.role, 'moderator'));
  });
}

/** A member record as boards show it. */
export function toMember(record: MemberRecord): Member {
  return { id: record.id, displayName: record.displayName, avatarUrl: record.avatarUrl, role: record.assignedRole ?? record.role };
}
