export { checkIn, checkInStore, communityInfoStore, leaderboardStore, retryFailed } from '@hearth/client';
export type { CheckInState, CommunityInfoState, GamificationState, GamificationStore, LeaderboardState, LeaderboardWidgetPeriod } from '@hearth/client';
