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
export { FEED_KEY, createFeedPost, feedQueryKey, feedStore, normalizeFeedTopic, reactToFeedPost, topicsStore } from './feed-store.js';
export type { FeedOptions, FeedState, FeedStore, TopicsOptions } from './feed-store.js';
export {
  DEFAULT_QA_SPACE,
  QA_KEY,
  acceptAnswer,
  answerQuestion,
  askQuestion,
  bountyBalanceStore,
  offerBounty,
  questionListQueryKey,
  questionListStore,
  questionQueryKey,
  questionStore,
  similarQuestions,
  voteAnswer,
  voteQuestion,
} from './qa-store.js';
export type { AskQuestionInput, QuestionListOptions, QuestionListState, QuestionState } from './qa-store.js';
export { FEEDBACK_KEY, feedbackListStore, myFeedbackStore, roadmapStore, similarFeedback, submitFeedback, voteFeedback } from './feedback-store.js';
export type { FeedbackListOptions, FeedbackListState, MyFeedbackState, RoadmapState } from './feedback-store.js';
export { MEMBER_CARD_KEY, memberCardQueryKey, memberCardStore } from './member-store.js';
export type { MemberCardState } from './member-store.js';
export { banMember, moderateContent, moderationOffer, muteMember, reportContent } from './moderation-store.js';
export type { ModeratedState, ModerationOffer } from './moderation-store.js';
export { THREAD_COUNT_KEY, threadCountQueryKey, threadCountStore } from './count-store.js';
export type { ThreadCountState } from './count-store.js';
export { ObservedQueryStore, callAdapter, retry as retryLoad, retryDelay } from './observed-query.js';
export { toHearthError } from './to-hearth-error.js';
export type { LoadState, LoadStore } from './observed-query.js';
