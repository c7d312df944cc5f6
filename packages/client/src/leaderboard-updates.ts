// The check-in, loaded on the first one (see `lazyModule`); leaderboard-store.ts documents it.
import type { CheckInResult, CheckInStatus, Viewer } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { gamificationOf, LEADERBOARD_KEY } from './leaderboard-store.js';
import { callAdapter as load } from './observed-query.js';

export async function checkIn(client: CommunityClient, viewer: Viewer | null): Promise<CheckInResult> {
  const result = await load(client, () => gamificationOf(client).checkIn({}, { viewer }));
  const { day, checkedInToday, streak, longestStreak, nextBonus } = result;
  // Shown at once; the refetch below confirms it.
  client.queryClient.setQueryData<CheckInStatus>([...LEADERBOARD_KEY, 'check-in', viewer?.id ?? null], { day, checkedInToday, streak, longestStreak, nextBonus });
  await client.queryClient.invalidateQueries({ queryKey: LEADERBOARD_KEY });
  return result;
}
