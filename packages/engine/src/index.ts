export { Engine, createEngine } from './engine.js';
export type { CommentPageRecords, EngineOptions, LockThreadInput } from './engine.js';
export type { Actor } from './core/core.js';
export { MemoryStore } from './memory-store.js';
export { WebhooksService, MAX_WEBHOOK_ENDPOINTS } from './webhooks/webhooks-service.js';
export type { WebhookHooks } from './webhooks/webhooks-service.js';
export { Core, toMember } from './core/core.js';
export type { Acting, ContentHandler, ContentItem, CoreOptions, Emit, GateHooks, OpenerHooks, PointsHooks, PointsSummary, ScreenInput, ThreadHooks } from './core/core.js';
export type { EngineGroup } from './core/group.js';
export { DuplicateRecordError, applyQuery, matches, compareValues, isCondition } from './collections.js';
export { deepFreeze, jsonCopy } from './core/json-copy.js';
export type { Collection, Condition, FindQuery, Where } from './collections.js';
export { COLLECTION_NAMES } from './records.js';
export type { ActivityRecord, CollectionName, MemberRecord, Records, SettingsRecord, SpaceRecord } from './records.js';
export type { FeedPostRecord, FeedReactionRecord } from './feed/records.js';
export type { AnswerRecord, BountyRecord, VoteRecord } from './qa/records.js';
export type { BallotRecord, PollRecord } from './polls/records.js';
export type { FeedbackRecord, FeedbackUpdateRecord, FeedbackVoteRecord } from './feedback/records.js';
export type { AuditRecord, QueueRecord, ReportRecord } from './moderation/records.js';
export type { BadgeRecord, CheckInRecord, LedgerRecord } from './points/records.js';
export type { OpenerRecord } from './analytics/records.js';
export type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookPayloadRecord, WebhookSecretRecord } from './webhooks/records.js';
export type { MemorySnapshot } from './memory-store.js';
export type {
  IdempotencyRecord,
  ListRootsQuery,
  NewPostRecord,
  PostPatch,
  PostRecord,
  ReactionRecord,
  RootKey,
  Store,
  ThreadRecord,
} from './store.js';
