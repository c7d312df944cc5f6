import {
  leaderboardChannel,
  type CheckInResult,
  type CheckInStatus,
  type CommunityInfo,
  type Leaderboard,
} from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { lazyModule } from './lazy-module.js';
import { callAdapter as load, groupOf, holdChannel, ObservedQueryStore, retry, retryDelay, type GamificationState, type GamificationStore } from './observed-query.js';

/** The periods a leaderboard widget offers (a `range` of days is for the console). */
export type LeaderboardWidgetPeriod = 'week' | 'month' | 'all';

/** Options for `leaderboardStore`. */
export interface LeaderboardOptions {
  /** `week` (default), `month` or `all` time. */
  period?: LeaderboardWidgetPeriod;
  /** Top N, 1 to 100 (default 10). */
  limit?: number;
}

/** A leaderboard as a store holds it. */
export type LeaderboardState = GamificationState<Leaderboard>;
/** The viewer's check-in state as a store holds it. */
export type CheckInState = GamificationState<CheckInStatus>;
/** The community's public info (points rules, caps, streak bonuses, levels) as a store holds it. */
export type CommunityInfoState = GamificationState<CommunityInfo>;

/** The prefix of every leaderboard and check-in query; invalidating it refreshes them all. */
export const LEADERBOARD_KEY = ['hearth', 'leaderboard'] as const;

export type { GamificationState, GamificationStore };

/** Holds `client`'s leaderboard subscription (one reload per event for every store over it); returns the release. */
function holdRealtime(client: CommunityClient): () => void {
  return holdChannel(
    client,
    leaderboardChannel(),
    (event) => {
      // Points moved somewhere: every board and the viewer's own state may have changed.
      if (event.type === 'leaderboard.changed' || event.type === 'points.changed') {
        void client.queryClient.invalidateQueries({ queryKey: LEADERBOARD_KEY });
      }
    },
    'leaderboard',
  );
}

const STALE_TIME = 30_000;
// LEADERBOARD_LIMIT's values: that constant sits beside the zod schemas in points.ts, and
// importing it would carry them into every page with a leaderboard.
const LIMIT = { default: 10, max: 100 } as const;

/** The adapter's points and leaderboards, or an `unavailable` error naming the adapter. */
export function gamificationOf(client: CommunityClient) {
  return groupOf(client, 'gamification', 'gamification', 'has no points or leaderboards');
}

/** The top of a leaderboard clamped to what the backend serves. */
function clampLimit(limit: number | undefined): number {
  return Number.isFinite(limit) ? Math.min(LIMIT.max, Math.max(1, Math.round(limit!))) : LIMIT.default;
}

/**
 * A live leaderboard: the top `limit` members of `period` and the viewer's own row. While
 * observed it follows the leaderboard channel and reloads whenever points move; the last
 * listener leaving releases the subscription. Stores for the same period, limit and viewer
 * share one request and one cache entry (`['hearth', 'leaderboard', 'board', period, limit, viewerId]`).
 *
 * @example
 * const board = leaderboardStore(client, { period: 'month', limit: 10 });
 * const stop = board.subscribe(({ data }) => data && render(data.items, data.viewer));
 */
export function leaderboardStore(client: CommunityClient, { period = 'week', limit }: LeaderboardOptions = {}): GamificationStore<Leaderboard> {
  const top = clampLimit(limit);
  return new ObservedQueryStore<Leaderboard>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: [...LEADERBOARD_KEY, 'board', period, top, viewer?.id ?? null],
        queryFn: ({ signal }) => load(client, () => gamificationOf(client).leaderboard({ period, limit: top }, { viewer, signal })),
        staleTime: STALE_TIME,
        retry,
        retryDelay,
        // Another period or viewer: keep the old rows up while the new ones load.
        placeholderData: (previous) => previous,
      };
    },
    holdRealtime,
  );
}

/**
 * The viewer's check-in state (checked in today, streak, next bonus), live like
 * `leaderboardStore`. Signed out, it stays pending: there is nobody to check in.
 * Key: `['hearth', 'leaderboard', 'check-in', viewerId]`.
 *
 * @example
 * checkInStore(client).subscribe(({ data }) => (button.disabled = !!data?.checkedInToday));
 */
export function checkInStore(client: CommunityClient): GamificationStore<CheckInStatus> {
  return new ObservedQueryStore<CheckInStatus>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: [...LEADERBOARD_KEY, 'check-in', viewer?.id ?? null],
        queryFn: ({ signal }) => load(client, () => gamificationOf(client).getCheckIn({}, { viewer, signal })),
        enabled: !!viewer,
        staleTime: STALE_TIME,
        retry,
        retryDelay,
      };
    },
    holdRealtime,
  );
}

/**
 * The community's public info: the points rules, caps, streak bonuses and levels a widget
 * explains. Key: `['hearth', 'community', 'info', viewerId]`; `refetch()` when showing the
 * rules, since settings changes are not announced in realtime.
 *
 * @example
 * communityInfoStore(client).subscribe(({ data }) => data && showRules(data.points));
 */
export function communityInfoStore(client: CommunityClient): GamificationStore<CommunityInfo> {
  return new ObservedQueryStore<CommunityInfo>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: ['hearth', 'community', 'info', viewer?.id ?? null],
        queryFn: ({ signal }) =>
          load(client, () => groupOf(client, 'community', 'community', 'has no community settings').getInfo({}, { viewer, signal })),
        staleTime: STALE_TIME,
        retry,
        retryDelay,
      };
    },
  );
}

/**
 * Checks the viewer in for today, then refreshes every leaderboard and the check-in state.
 * Rejects with a HearthError (`conflict` when already checked in today).
 *
 * @example
 * const { streak, earned } = await checkIn(client);
 */
export function checkIn(client: CommunityClient): Promise<CheckInResult> {
  return updates.call(client, 'checkIn', undefined);
}

/** The check-in, loaded on the first one. */
const updates = lazyModule(() => import('./leaderboard-updates.js'));

/** Reloads every query of `client` that failed and is still shown (a widget's Retry). */
export async function retryFailed(client: CommunityClient): Promise<void> {
  await client.queryClient.refetchQueries({ queryKey: ['hearth'], type: 'active', predicate: (query) => query.state.status === 'error' });
}
