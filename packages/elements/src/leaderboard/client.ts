import type { LeaderboardWidgetPeriod } from '@hearth/client';

export { checkIn, checkInStore, communityInfoStore, leaderboardStore, retryFailed } from '@hearth/client';
export type { CheckInState, CommunityInfoState, GamificationState, GamificationStore, LeaderboardState, LeaderboardWidgetPeriod } from '@hearth/client';

/** The periods the widget offers, in the order of its tabs. */
export const PERIODS: readonly LeaderboardWidgetPeriod[] = ['week', 'month', 'all'];
