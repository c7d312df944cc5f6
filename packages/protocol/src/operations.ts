import * as z from 'zod/mini';
import type { AdapterGroups, BackendAdapter, CommentsAdapter } from './adapter.js';
import { Metrics, MetricsInput, ZeroRepliesInput, ZeroReplyPage } from './analytics.js';
import { CreateCommentInput, EditCommentInput, GetThreadInput, ListCommentsInput, PostRefInput, ToggleReactionInput } from './comments.js';
import { BadgeAward, CommunityInfo, CommunitySettings, CreateSpaceInput, EmptyInput, MemberCard, Space, SpaceRefInput, UpdateProfileInput, UpdateSettingsInput } from './community.js';
import { CreatePostInput, DeletePostInput, EditPostInput, FeedPage, FeedPost, GetPostInput, ListPostsInput, ListTopicsInput, ReactToPostInput, TopicCount } from './feed.js';
import {
  Feedback,
  FeedbackDetail,
  FeedbackDetailPage,
  FeedbackPage,
  FeedbackRefInput,
  FeedbackSuggestions,
  ListFeedbackInput,
  MyFeedbackInput,
  Roadmap,
  RoadmapInput,
  SetFeedbackStatusInput,
  SimilarFeedbackInput,
  SubmitFeedbackInput,
  VoteFeedbackInput,
} from './feedback.js';
import { EraseMemberInput, EraseMemberResult, ExportDataInput, ListMembersInput, MemberCardPage, MemberExport, MemberRefInput, SetRoleInput, SetTitleInput } from './members.js';
import { ActInput, AuditEntryPage, DisciplineInput, LiftInput, ListAuditInput, ListQueueInput, ListReportsInput, ModerationResult, QueueItemPage, ReportInput, ReportPage, ReportReceipt } from './moderation.js';
import {
  AdjustPointsInput,
  AdjustPointsResult,
  BadgeGrantInput,
  CheckInResult,
  CheckInStatus,
  GetStandingInput,
  Leaderboard,
  LeaderboardInput,
  ListBadgesInput,
  PointsEmptyInput,
  PointsEntryPage,
  PointsHistoryInput,
  PointsStanding,
} from './points.js';
import { BadgeCatalogueEntry, BadgeCatalogueInput, LeaderboardPreview, PreviewLeaderboardInput } from './leaderboard-preview.js';
import { CreatePollInput, EditPollInput, ListPollsInput, ListVotersInput, PollBreakdown, PollPage, PollRefInput, PollView, PollVoteInput, PollVoterPage, ReopenPollInput } from './polls.js';
import { CommentPage, Post } from './post.js';
import {
  CreateWebhookInput,
  ListWebhookDeliveriesInput,
  RetryWebhookDeliveryInput,
  RotateWebhookSecretInput,
  SendTestWebhookInput,
  UpdateWebhookInput,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookRefInput,
} from './webhooks.js';
import { AccessSettings, AdminKeyCreated, AdminKeyRefInput, CreateAdminKeyInput, RotateSsoSecretInput, SetJwksInput, SetOriginsInput, SsoSecretRotated } from './access.js';
import {
  AcceptInput,
  Answer,
  AnswerInput,
  AnswerRefInput,
  Bounty,
  CloseDuplicateInput,
  EditAnswerInput,
  ListQuestionsInput,
  OfferBountyInput,
  QuestionDetail,
  QuestionRefInput,
  QuestionSummaryPage,
  SettleBountiesInput,
  SettleResult,
  SimilarQuestion,
  SimilarQuestionsInput,
  VoteInput,
  VoteResult,
} from './qa.js';
import { Session } from './session.js';
import { Thread } from './thread.js';
import { WRITES, type OperationKey } from './http.js';

// The contract a transport needs: every operation of `BackendAdapter` with the schema of
// what goes in and what comes back. An HTTP adapter and server both read it, so one table
// decides the routes, what the server parses, and what the client checks on the way back.
// It pulls in every schema, so browser widgets must never import it eagerly.

// Operation names (comment methods by name, `getSession` taking `{}` on the wire, group
// methods as `group.method`) come from http.ts, whose schema-free WRITES table holds each
// operation's `write` flag for browser code that must not load this table.

/** The adapter method an operation name stands for. */
type MethodOf<K extends string> = K extends `${infer G}.${infer N}`
  ? G extends keyof AdapterGroups
    ? N extends keyof AdapterGroups[G]
      ? AdapterGroups[G][N]
      : never
    : never
  : K extends 'getSession'
    ? (input: z.input<typeof EmptyInput>, ...rest: Parameters<BackendAdapter['getSession']>) => ReturnType<BackendAdapter['getSession']>
    : K extends keyof CommentsAdapter
      ? CommentsAdapter[K]
      : never;

type AnyMethod = (input: never, ...rest: never[]) => Promise<unknown>;
type InputOf<M> = M extends (input: infer I, ...rest: never[]) => unknown ? I : never;
type OutputOf<M> = M extends AnyMethod ? Awaited<ReturnType<M>> : never;

/**
 * One row of the table. The schemas are typed against the interface, so a schema whose
 * input or output drifts from the method it describes fails to compile.
 */
export interface OperationSpec<G extends keyof AdapterGroups | null = keyof AdapterGroups | null, N extends string = string, I = unknown, O = unknown> {
  /** The optional group it belongs to, or null for the comment methods on the adapter itself. */
  readonly group: G;
  /** The method name on the adapter (or on its group). */
  readonly name: N;
  /** What the engine parses; the server parses the request with it. */
  readonly input: z.ZodMiniType<unknown, I>;
  /** What comes back; a client checks responses with it. */
  readonly output: z.ZodMiniType<O>;
  /** Changes state (a transport sends it as a write, never retries it blindly, never caches it). */
  readonly write: boolean;
}

/** What the table must hold: exactly one row per adapter method, each naming itself. */
type OperationTable = {
  readonly [K in OperationKey]: K extends `${infer G extends keyof AdapterGroups}.${infer N}`
    ? OperationSpec<G, N, InputOf<MethodOf<K>>, OutputOf<MethodOf<K>>>
    : OperationSpec<null, K, InputOf<MethodOf<K>>, OutputOf<MethodOf<K>>>;
};

/** The rows as written below; `write` joins them from WRITES. */
type OperationRows = { readonly [K in OperationKey]: Omit<OperationTable[K], 'write'> };

/** Adds each row's `write` flag from WRITES, so the flag has one source. */
function withWrites<const T extends OperationRows>(rows: T): { readonly [K in keyof T]: T[K] & { readonly write: (typeof WRITES)[K & OperationKey] } } {
  const table: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(rows)) table[key] = { ...row, write: WRITES[key as OperationKey] };
  return table as { readonly [K in keyof T]: T[K] & { readonly write: (typeof WRITES)[K & OperationKey] } };
}

/**
 * Every operation of `BackendAdapter`: its group, method name, input and output schemas,
 * and whether it changes state. Comment methods are keyed by name, group methods by
 * `group.name`.
 *
 * @example
 * const op = OPERATIONS['feed.createPost'];
 * const result = z.safeParse(op.output, await response.json());
 * if (!result.success) throw new Error(`feed.createPost answered outside its schema`);
 */
export const OPERATIONS = withWrites({
  getSession: { group: null, name: 'getSession', input: EmptyInput, output: Session },
  getThread: { group: null, name: 'getThread', input: GetThreadInput, output: Thread },
  listComments: { group: null, name: 'listComments', input: ListCommentsInput, output: CommentPage },
  createComment: { group: null, name: 'createComment', input: CreateCommentInput, output: Post },
  editComment: { group: null, name: 'editComment', input: EditCommentInput, output: Post },
  deleteComment: { group: null, name: 'deleteComment', input: PostRefInput, output: Post },
  hideComment: { group: null, name: 'hideComment', input: PostRefInput, output: Post },
  unhideComment: { group: null, name: 'unhideComment', input: PostRefInput, output: Post },
  toggleReaction: { group: null, name: 'toggleReaction', input: ToggleReactionInput, output: Post },

  'community.getInfo': { group: 'community', name: 'getInfo', input: EmptyInput, output: CommunityInfo },
  'community.getSettings': { group: 'community', name: 'getSettings', input: EmptyInput, output: CommunitySettings },
  'community.updateSettings': { group: 'community', name: 'updateSettings', input: UpdateSettingsInput, output: CommunitySettings },
  'community.listSpaces': { group: 'community', name: 'listSpaces', input: EmptyInput, output: z.array(Space) },
  'community.getSpace': { group: 'community', name: 'getSpace', input: SpaceRefInput, output: Space },
  'community.createSpace': { group: 'community', name: 'createSpace', input: CreateSpaceInput, output: Space },
  'community.updateProfile': { group: 'community', name: 'updateProfile', input: UpdateProfileInput, output: MemberCard },

  'members.getCard': { group: 'members', name: 'getCard', input: MemberRefInput, output: MemberCard },
  'members.listMembers': { group: 'members', name: 'listMembers', input: ListMembersInput, output: MemberCardPage },
  'members.setRole': { group: 'members', name: 'setRole', input: SetRoleInput, output: MemberCard },
  'members.setTitle': { group: 'members', name: 'setTitle', input: SetTitleInput, output: MemberCard },
  'members.exportData': { group: 'members', name: 'exportData', input: ExportDataInput, output: MemberExport },
  'members.eraseMember': { group: 'members', name: 'eraseMember', input: EraseMemberInput, output: EraseMemberResult },

  'feed.createPost': { group: 'feed', name: 'createPost', input: CreatePostInput, output: FeedPost },
  'feed.getPost': { group: 'feed', name: 'getPost', input: GetPostInput, output: FeedPost },
  'feed.listPosts': { group: 'feed', name: 'listPosts', input: ListPostsInput, output: FeedPage },
  'feed.editPost': { group: 'feed', name: 'editPost', input: EditPostInput, output: FeedPost },
  'feed.deletePost': { group: 'feed', name: 'deletePost', input: DeletePostInput, output: FeedPost },
  'feed.reactToPost': { group: 'feed', name: 'reactToPost', input: ReactToPostInput, output: FeedPost },
  'feed.listTopics': { group: 'feed', name: 'listTopics', input: ListTopicsInput, output: z.array(TopicCount) },

  'qa.listQuestions': { group: 'qa', name: 'listQuestions', input: ListQuestionsInput, output: QuestionSummaryPage },
  'qa.getQuestion': { group: 'qa', name: 'getQuestion', input: QuestionRefInput, output: QuestionDetail },
  'qa.answer': { group: 'qa', name: 'answer', input: AnswerInput, output: Answer },
  'qa.editAnswer': { group: 'qa', name: 'editAnswer', input: EditAnswerInput, output: Answer },
  'qa.deleteAnswer': { group: 'qa', name: 'deleteAnswer', input: AnswerRefInput, output: Answer },
  'qa.vote': { group: 'qa', name: 'vote', input: VoteInput, output: VoteResult },
  'qa.accept': { group: 'qa', name: 'accept', input: AcceptInput, output: QuestionDetail },
  'qa.offerBounty': { group: 'qa', name: 'offerBounty', input: OfferBountyInput, output: Bounty },
  'qa.settleBounties': { group: 'qa', name: 'settleBounties', input: SettleBountiesInput, output: SettleResult },
  'qa.closeDuplicate': { group: 'qa', name: 'closeDuplicate', input: CloseDuplicateInput, output: QuestionDetail },
  'qa.reopen': { group: 'qa', name: 'reopen', input: QuestionRefInput, output: QuestionDetail },
  'qa.similarQuestions': { group: 'qa', name: 'similarQuestions', input: SimilarQuestionsInput, output: z.array(SimilarQuestion) },

  'polls.createPoll': { group: 'polls', name: 'createPoll', input: CreatePollInput, output: PollView },
  'polls.getPoll': { group: 'polls', name: 'getPoll', input: PollRefInput, output: PollView },
  'polls.vote': { group: 'polls', name: 'vote', input: PollVoteInput, output: PollView },
  'polls.retractVote': { group: 'polls', name: 'retractVote', input: PollRefInput, output: PollView },
  'polls.closePoll': { group: 'polls', name: 'closePoll', input: PollRefInput, output: PollView },
  'polls.reopenPoll': { group: 'polls', name: 'reopenPoll', input: ReopenPollInput, output: PollView },
  'polls.listVoters': { group: 'polls', name: 'listVoters', input: ListVotersInput, output: PollVoterPage },
  'polls.listPolls': { group: 'polls', name: 'listPolls', input: ListPollsInput, output: PollPage },
  'polls.editPoll': { group: 'polls', name: 'editPoll', input: EditPollInput, output: PollView },
  'polls.breakdown': { group: 'polls', name: 'breakdown', input: PollRefInput, output: PollBreakdown },

  'feedback.submitFeedback': { group: 'feedback', name: 'submitFeedback', input: SubmitFeedbackInput, output: FeedbackDetail },
  'feedback.getFeedback': { group: 'feedback', name: 'getFeedback', input: FeedbackRefInput, output: FeedbackDetail },
  'feedback.listFeedback': { group: 'feedback', name: 'listFeedback', input: ListFeedbackInput, output: FeedbackPage },
  'feedback.roadmap': { group: 'feedback', name: 'roadmap', input: RoadmapInput, output: Roadmap },
  'feedback.voteFeedback': { group: 'feedback', name: 'voteFeedback', input: VoteFeedbackInput, output: Feedback },
  'feedback.setFeedbackStatus': { group: 'feedback', name: 'setFeedbackStatus', input: SetFeedbackStatusInput, output: FeedbackDetail },
  'feedback.similarFeedback': { group: 'feedback', name: 'similarFeedback', input: SimilarFeedbackInput, output: FeedbackSuggestions },
  'feedback.myFeedback': { group: 'feedback', name: 'myFeedback', input: MyFeedbackInput, output: FeedbackDetailPage },

  'moderation.report': { group: 'moderation', name: 'report', input: ReportInput, output: ReportReceipt },
  'moderation.listQueue': { group: 'moderation', name: 'listQueue', input: ListQueueInput, output: QueueItemPage },
  'moderation.act': { group: 'moderation', name: 'act', input: ActInput, output: ModerationResult },
  'moderation.mute': { group: 'moderation', name: 'mute', input: DisciplineInput, output: MemberCard },
  'moderation.unmute': { group: 'moderation', name: 'unmute', input: LiftInput, output: MemberCard },
  'moderation.ban': { group: 'moderation', name: 'ban', input: DisciplineInput, output: MemberCard },
  'moderation.unban': { group: 'moderation', name: 'unban', input: LiftInput, output: MemberCard },
  'moderation.listAudit': { group: 'moderation', name: 'listAudit', input: ListAuditInput, output: AuditEntryPage },
  'moderation.listReports': { group: 'moderation', name: 'listReports', input: ListReportsInput, output: ReportPage },

  'gamification.checkIn': { group: 'gamification', name: 'checkIn', input: PointsEmptyInput, output: CheckInResult },
  'gamification.getCheckIn': { group: 'gamification', name: 'getCheckIn', input: PointsEmptyInput, output: CheckInStatus },
  'gamification.leaderboard': { group: 'gamification', name: 'leaderboard', input: LeaderboardInput, output: Leaderboard },
  'gamification.pointsHistory': { group: 'gamification', name: 'pointsHistory', input: PointsHistoryInput, output: PointsEntryPage },
  'gamification.getStanding': { group: 'gamification', name: 'getStanding', input: GetStandingInput, output: PointsStanding },
  'gamification.adjustPoints': { group: 'gamification', name: 'adjustPoints', input: AdjustPointsInput, output: AdjustPointsResult },
  'gamification.listBadges': { group: 'gamification', name: 'listBadges', input: ListBadgesInput, output: z.array(BadgeAward) },
  'gamification.grantBadge': { group: 'gamification', name: 'grantBadge', input: BadgeGrantInput, output: PointsStanding },
  'gamification.revokeBadge': { group: 'gamification', name: 'revokeBadge', input: BadgeGrantInput, output: PointsStanding },
  'gamification.previewLeaderboard': { group: 'gamification', name: 'previewLeaderboard', input: PreviewLeaderboardInput, output: LeaderboardPreview },
  'gamification.badgeCatalogue': { group: 'gamification', name: 'badgeCatalogue', input: BadgeCatalogueInput, output: z.array(BadgeCatalogueEntry) },

  'analytics.zeroReplies': { group: 'analytics', name: 'zeroReplies', input: ZeroRepliesInput, output: ZeroReplyPage },
  'analytics.metrics': { group: 'analytics', name: 'metrics', input: MetricsInput, output: Metrics },

  'webhooks.listWebhooks': { group: 'webhooks', name: 'listWebhooks', input: EmptyInput, output: z.array(WebhookEndpoint) },
  'webhooks.createWebhook': { group: 'webhooks', name: 'createWebhook', input: CreateWebhookInput, output: WebhookEndpointWithSecret },
  'webhooks.updateWebhook': { group: 'webhooks', name: 'updateWebhook', input: UpdateWebhookInput, output: WebhookEndpoint },
  'webhooks.deleteWebhook': { group: 'webhooks', name: 'deleteWebhook', input: WebhookRefInput, output: WebhookEndpoint },
  'webhooks.rotateWebhookSecret': { group: 'webhooks', name: 'rotateWebhookSecret', input: RotateWebhookSecretInput, output: WebhookEndpointWithSecret },
  'webhooks.sendTestWebhook': { group: 'webhooks', name: 'sendTestWebhook', input: SendTestWebhookInput, output: WebhookDelivery },
  'webhooks.listWebhookDeliveries': { group: 'webhooks', name: 'listWebhookDeliveries', input: ListWebhookDeliveriesInput, output: WebhookDeliveryPage },
  'webhooks.retryWebhookDelivery': { group: 'webhooks', name: 'retryWebhookDelivery', input: RetryWebhookDeliveryInput, output: WebhookDelivery },

  'access.getAccess': { group: 'access', name: 'getAccess', input: EmptyInput, output: AccessSettings },
  'access.setOrigins': { group: 'access', name: 'setOrigins', input: SetOriginsInput, output: AccessSettings },
  'access.createAdminKey': { group: 'access', name: 'createAdminKey', input: CreateAdminKeyInput, output: AdminKeyCreated },
  'access.revokeAdminKey': { group: 'access', name: 'revokeAdminKey', input: AdminKeyRefInput, output: AccessSettings },
  'access.rotateSsoSecret': { group: 'access', name: 'rotateSsoSecret', input: RotateSsoSecretInput, output: SsoSecretRotated },
  'access.endSsoRotation': { group: 'access', name: 'endSsoRotation', input: EmptyInput, output: AccessSettings },
  'access.removeSsoSecret': { group: 'access', name: 'removeSsoSecret', input: EmptyInput, output: AccessSettings },
  'access.setJwks': { group: 'access', name: 'setJwks', input: SetJwksInput, output: AccessSettings },
} as const satisfies OperationRows) satisfies OperationTable;

/** The name of one operation: a comment method (`listComments`) or `group.method` (`feed.createPost`). */
export type OperationName = keyof typeof OPERATIONS;

// `satisfies` checks each schema one way only (a schema may ask for more than the method
// takes, or return less than it promises); this holds both ways, and names the rows that drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Drift = {
  [K in OperationName]: Same<z.input<(typeof OPERATIONS)[K]['input']>, InputOf<MethodOf<K>>> extends true
    ? Same<z.output<(typeof OPERATIONS)[K]['output']>, OutputOf<MethodOf<K>>> extends true
      ? never
      : K
    : K;
}[OperationName];
true satisfies [Drift] extends [never] ? true : { schemasDriftFromTheInterface: Drift };
