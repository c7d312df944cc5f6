export { ERROR_CODES, HearthError } from './errors.js';
export type { ErrorCode, ErrorDetails, FieldIssue } from './errors.js';
export { parseInput } from './parse.js';
export { ROLES, roleAtLeast } from './roles.js';
export { Role, Member, Viewer } from './member.js';
export { ThreadKey, Thread } from './thread.js';
export { POST_STATUSES, PostStatus, COMMENT_SORTS, CommentSort, ReplyTarget, Post, CommentPage } from './post.js';
export { Cursor, PAGE_SIZE, PageSize, pageOf } from './page.js';
export type { Page } from './page.js';
export { CommentSettings } from './settings.js';
export { DEFAULT_COMMENT_SETTINGS } from './defaults.js';
export {
  IdempotencyKey,
  ListCommentsInput,
  GetThreadInput,
  CreateCommentInput,
  EditCommentInput,
  PostRefInput,
  ToggleReactionInput,
} from './comments.js';
export { CommunityEvent } from './events.js';
export { threadChannel, pollChannel, leaderboardChannel } from './channels.js';
export { spaceChannel, questionChannel, feedbackChannel, memberChannel, postThreadKey, inboxChannel, moderationChannel, isStaffChannel } from './community-channels.js';
export { canRead, countChars } from './rules.js';
export { checkBody } from './check-body.js';
export type { EventListener } from './events.js';
export type { AdapterCapabilities, AdapterGroups, BackendAdapter, CallContext, CommentsAdapter } from './adapter.js';
export { Session } from './session.js';
export { ADAPTER_GROUPS } from './adapter.js';
export { PERMISSIONS, PERMISSION_NAMES, GUEST_CONDITIONS, allows, highestAssignable, assignableRoles, outranks, roleChangeRefusal } from './permissions.js';
export { PERMISSION_MEANINGS, permissionMatrix } from './permission-matrix.js';
export type { Permission } from './permissions.js';
export { ACTIVITY_TYPES } from './activity.js';
export type { ActivityType } from './activity.js';
export { CONTENT_TYPES, POINT_RULES, DEFAULT_LEVELS, DEFAULT_COMMUNITY_SETTINGS, refKey } from './community-defaults.js';
export * from './community.js';
export * from './members.js';
export * from './feed.js';
export * from './qa.js';
export * from './polls.js';
export * from './feedback.js';
export * from './moderation.js';
export { BADGES, BADGE_IDS, badgeDefinition, localName } from './badges.js';
export type { BadgeDefinition, BadgeId, BadgeTitle } from './badges.js';
export * from './points.js';
export * from './leaderboard-preview.js';
export * from './analytics.js';
export * from './webhooks.js';
export * from './access.js';
export { OPERATIONS } from './operations.js';
export type { OperationName, OperationSpec } from './operations.js';
export { WRITES, HTTP_PREFIX, EVENTS_PATH, GUEST_SESSION_PATH, PING_INTERVAL_MS, HTTP_HEADERS, httpRoute, readQuery, eventsQuery, statusOfCode, codeOfStatus } from './http.js';
export type { OperationKey, HttpErrorBody } from './http.js';
