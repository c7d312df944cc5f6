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
import { ListMembersInput, MemberCardPage, MemberRefInput, SetRoleInput, SetTitleInput } from './members.js';
import { ActInput, AuditEntryPage, DisciplineInput, LiftInput, ListAuditInput, ListQueueInput, ListReportsInput, ModerationResult, QueueItemPage, ReportInput, ReportPage, ReportReceipt } from './moderation.js';
import {
  AdjustPointsInput,
  AdjustPointsResult,
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
import { CreatePollInput, ListVotersInput, PollRefInput, PollView, PollVoteInput, PollVoterPage, ReopenPollInput } from './polls.js';
import { CommentPage, Post } from './post.js';
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

// The contract a transport needs: every operation of `BackendAdapter` with the schema of
// what goes in and what comes back. An HTTP adapter and server both read it, so one table
// decides the routes, what the server parses, and what the client checks on the way back.
// It pulls in every schema, so browser widgets must never import it eagerly.

/** Comment operations, keyed by method name; `getSession` takes no input on the adapter, `{}` on the wire. */
type CommentOperation = keyof CommentsAdapter | 'getSession';
/** Group operations, keyed `group.method`. */
type GroupOperation = { [G in keyof AdapterGroups]: `${G}.${Extract<keyof AdapterGroups[G], string>}` }[keyof AdapterGroups];

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
  readonly [K in CommentOperation | GroupOperation]: K extends `${infer G extends keyof AdapterGroups}.${infer N}`
    ? OperationSpec<G, N, InputOf<MethodOf<K>>, OutputOf<MethodOf<K>>>
    : OperationSpec<null, K, InputOf<MethodOf<K>>, OutputOf<MethodOf<K>>>;
};

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
export const OPERATIONS = {
  getSession: { group: null, name: 'getSession', input: EmptyInput, output: Session, write: false },
  getThread: { group: null, name: 'getThread', input: GetThreadInput, output: Thread, write: false },
  listComments: { group: null, name: 'listComments', input: ListCommentsInput, output: CommentPage, write: false },
  createComment: { group: null, name: 'createComment', input: CreateCommentInput, output: Post, write: true },
  editComment: { group: null, name: 'editComment', input: EditCommentInput, output: Post, write: true },
  deleteComment: { group: null, name: 'deleteComment', input: PostRefInput, output: Post, write: true },
  hideComment: { group: null, name: 'hideComment', input: PostRefInput, output: Post, write: true },
  unhideComment: { group: null, name: 'unhideComment', input: PostRefInput, output: Post, write: true },
  toggleReaction: { group: null, name: 'toggleReaction', input: ToggleReactionInput, output: Post, write: true },

  'community.getInfo': { group: 'community', name: 'getInfo', input: EmptyInput, output: CommunityInfo, write: false },
  'community.getSettings': { group: 'community', name: 'getSettings', input: EmptyInput, output: CommunitySettings, write: false },
  'community.updateSettings': { group: 'community', name: 'updateSettings', input: UpdateSettingsInput, output: CommunitySettings, write: true },
  'community.listSpaces': { group: 'community', name: 'listSpaces', input: EmptyInput, output: z.array(Space), write: false },
  'community.getSpace': { group: 'community', name: 'getSpace', input: SpaceRefInput, output: Space, write: false },
  'community.createSpace': { group: 'community', name: 'createSpace', input: CreateSpaceInput, output: Space, write: true },
  'community.updateProfile': { group: 'community', name: 'updateProfile', input: UpdateProfileInput, output: MemberCard, write: true },

  'members.getCard': { group: 'members', name: 'getCard', input: MemberRefInput, output: MemberCard, write: false },
  'members.listMembers': { group: 'members', name: 'listMembers', input: ListMembersInput, output: MemberCardPage, write: false },
  'members.setRole': { group: 'members', name: 'setRole', input: SetRoleInput, output: MemberCard, write: true },
  'members.setTitle': { group: 'members', name: 'setTitle', input: SetTitleInput, output: MemberCard, write: true },

  'feed.createPost': { group: 'feed', name: 'createPost', input: CreatePostInput, output: FeedPost, write: true },
  'feed.getPost': { group: 'feed', name: 'getPost', input: GetPostInput, output: FeedPost, write: false },
  'feed.listPosts': { group: 'feed', name: 'listPosts', input: ListPostsInput, output: FeedPage, write: false },
  'feed.editPost': { group: 'feed', name: 'editPost', input: EditPostInput, output: FeedPost, write: true },
  'feed.deletePost': { group: 'feed', name: 'deletePost', input: DeletePostInput, output: FeedPost, write: true },
  'feed.reactToPost': { group: 'feed', name: 'reactToPost', input: ReactToPostInput, output: FeedPost, write: true },
  'feed.listTopics': { group: 'feed', name: 'listTopics', input: ListTopicsInput, output: z.array(TopicCount), write: false },

  // Reads of a question settle its expired bounties on the way; that is upkeep the clock
  // makes due, not a change the caller asks for, so they stay reads.
  'qa.listQuestions': { group: 'qa', name: 'listQuestions', input: ListQuestionsInput, output: QuestionSummaryPage, write: false },
  'qa.getQuestion': { group: 'qa', name: 'getQuestion', input: QuestionRefInput, output: QuestionDetail, write: false },
  'qa.answer': { group: 'qa', name: 'answer', input: AnswerInput, output: Answer, write: true },
  'qa.editAnswer': { group: 'qa', name: 'editAnswer', input: EditAnswerInput, output: Answer, write: true },
  'qa.deleteAnswer': { group: 'qa', name: 'deleteAnswer', input: AnswerRefInput, output: Answer, write: true },
  'qa.vote': { group: 'qa', name: 'vote', input: VoteInput, output: VoteResult, write: true },
  'qa.accept': { group: 'qa', name: 'accept', input: AcceptInput, output: QuestionDetail, write: true },
  'qa.offerBounty': { group: 'qa', name: 'offerBounty', input: OfferBountyInput, output: Bounty, write: true },
  'qa.settleBounties': { group: 'qa', name: 'settleBounties', input: SettleBountiesInput, output: SettleResult, write: true },
  'qa.closeDuplicate': { group: 'qa', name: 'closeDuplicate', input: CloseDuplicateInput, output: QuestionDetail, write: true },
  'qa.reopen': { group: 'qa', name: 'reopen', input: QuestionRefInput, output: QuestionDetail, write: true },
  'qa.similarQuestions': { group: 'qa', name: 'similarQuestions', input: SimilarQuestionsInput, output: z.array(SimilarQuestion), write: false },

  'polls.createPoll': { group: 'polls', name: 'createPoll', input: CreatePollInput, output: PollView, write: true },
  'polls.getPoll': { group: 'polls', name: 'getPoll', input: PollRefInput, output: PollView, write: false },
  'polls.vote': { group: 'polls', name: 'vote', input: PollVoteInput, output: PollView, write: true },
  'polls.retractVote': { group: 'polls', name: 'retractVote', input: PollRefInput, output: PollView, write: true },
  'polls.closePoll': { group: 'polls', name: 'closePoll', input: PollRefInput, output: PollView, write: true },
  'polls.reopenPoll': { group: 'polls', name: 'reopenPoll', input: ReopenPollInput, output: PollView, write: true },
  'polls.listVoters': { group: 'polls', name: 'listVoters', input: ListVotersInput, output: PollVoterPage, write: false },

  'feedback.submitFeedback': { group: 'feedback', name: 'submitFeedback', input: SubmitFeedbackInput, output: FeedbackDetail, write: true },
  'feedback.getFeedback': { group: 'feedback', name: 'getFeedback', input: FeedbackRefInput, output: FeedbackDetail, write: false },
  'feedback.listFeedback': { group: 'feedback', name: 'listFeedback', input: ListFeedbackInput, output: FeedbackPage, write: false },
  'feedback.roadmap': { group: 'feedback', name: 'roadmap', input: RoadmapInput, output: Roadmap, write: false },
  'feedback.voteFeedback': { group: 'feedback', name: 'voteFeedback', input: VoteFeedbackInput, output: Feedback, write: true },
  'feedback.setFeedbackStatus': { group: 'feedback', name: 'setFeedbackStatus', input: SetFeedbackStatusInput, output: FeedbackDetail, write: true },
  'feedback.similarFeedback': { group: 'feedback', name: 'similarFeedback', input: SimilarFeedbackInput, output: FeedbackSuggestions, write: false },
  'feedback.myFeedback': { group: 'feedback', name: 'myFeedback', input: MyFeedbackInput, output: FeedbackDetailPage, write: false },

  'moderation.report': { group: 'moderation', name: 'report', input: ReportInput, output: ReportReceipt, write: true },
  'moderation.listQueue': { group: 'moderation', name: 'listQueue', input: ListQueueInput, output: QueueItemPage, write: false },
  'moderation.act': { group: 'moderation', name: 'act', input: ActInput, output: ModerationResult, write: true },
  'moderation.mute': { group: 'moderation', name: 'mute', input: DisciplineInput, output: MemberCard, write: true },
  'moderation.unmute': { group: 'moderation', name: 'unmute', input: LiftInput, output: MemberCard, write: true },
  'moderation.ban': { group: 'moderation', name: 'ban', input: DisciplineInput, output: MemberCard, write: true },
  'moderation.unban': { group: 'moderation', name: 'unban', input: LiftInput, output: MemberCard, write: true },
  'moderation.listAudit': { group: 'moderation', name: 'listAudit', input: ListAuditInput, output: AuditEntryPage, write: false },
  'moderation.listReports': { group: 'moderation', name: 'listReports', input: ListReportsInput, output: ReportPage, write: false },

  'gamification.checkIn': { group: 'gamification', name: 'checkIn', input: PointsEmptyInput, output: CheckInResult, write: true },
  'gamification.getCheckIn': { group: 'gamification', name: 'getCheckIn', input: PointsEmptyInput, output: CheckInStatus, write: false },
  'gamification.leaderboard': { group: 'gamification', name: 'leaderboard', input: LeaderboardInput, output: Leaderboard, write: false },
  'gamification.pointsHistory': { group: 'gamification', name: 'pointsHistory', input: PointsHistoryInput, output: PointsEntryPage, write: false },
  'gamification.getStanding': { group: 'gamification', name: 'getStanding', input: GetStandingInput, output: PointsStanding, write: false },
  'gamification.adjustPoints': { group: 'gamification', name: 'adjustPoints', input: AdjustPointsInput, output: AdjustPointsResult, write: true },
  'gamification.listBadges': { group: 'gamification', name: 'listBadges', input: ListBadgesInput, output: z.array(BadgeAward), write: false },

  'analytics.zeroReplies': { group: 'analytics', name: 'zeroReplies', input: ZeroRepliesInput, output: ZeroReplyPage, write: false },
  'analytics.metrics': { group: 'analytics', name: 'metrics', input: MetricsInput, output: Metrics, write: false },
} as const satisfies OperationTable;

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
