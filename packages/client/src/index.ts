export { CommunityClient, createCommunityClient } from './community-client.js';
export { QueryStore } from './query-store.js';
export { Subscribable } from './subscribable.js';
export { createIdempotencyKey } from './idempotency-key.js';
export { checkIn, checkInStore, communityInfoStore, leaderboardStore, retryFailed, LEADERBOARD_KEY } from './leaderboard-store.js';
export { pollStore, pollQueryKey, vote as votePoll, retractVote, closePoll, reopenPoll, createPoll } from './poll-store.js';
export type { PollState, PollStore } from './poll-store.js';
export type {
  CheckInState,
  CommunityInfoState,
  GamificationState,
  GamificationStore,
  LeaderboardOptions,
  LeaderboardState,
  LeaderboardWidgetPeriod,
} from './leaderboard-store.js';
export type {
  ClientEvent,
  CommentNode,
  CommunityClientOptions,
  ReadableStore,
  SessionState,
  ThreadOptions,
  ThreadState,
  ThreadStore,
  WriteAction,
} from './types.js';
export * from './feed-store.js';
export * from './qa-store.js';
export * from './feedback-store.js';
export * from './member-store.js';
export * from './moderation-store.js';
export * from './count-store.js';
export { ObservedQueryStore, callAdapter, retry as retryLoad, retryDelay } from './observed-query.js';
export type { LoadState, LoadStore } from './observed-query.js';
