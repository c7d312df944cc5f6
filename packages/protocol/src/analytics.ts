import * as z from 'zod/mini';
import { ContentType } from './community.js';
import { Member } from './member.js';
import { Cursor, PageSize } from './page.js';
import type { CallContext } from './adapter.js';

// Exact metric definitions: docs/analytics.md.

/** Longest range `metrics` accepts, in calendar days (inclusive). */
export const METRICS_MAX_DAYS = 366;

/** Where an opener stands: only `published` ones wait in the zero-reply queue. */
export const OpenerStatus = z.enum(['published', 'pending', 'hidden', 'deleted']);
export type OpenerStatus = z.infer<typeof OpenerStatus>;

/** A calendar day `YYYY-MM-DD` in the community's time zone. */
export const AnalyticsDay = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a calendar date such as 2026-03-01.'));
export type AnalyticsDay = z.infer<typeof AnalyticsDay>;

export const ZeroRepliesInput = z.object({
  /** Only openers at least this old (milliseconds); default 0. At most a year. */
  olderThanMs: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(366 * 86_400_000))),
  /** Only these content types (post covers feed posts and questions). */
  types: z.optional(z.array(ContentType).check(z.minLength(1, 'Name at least one type, or leave types out.'), z.maxLength(4))),
  /** Only openers in this space key or page thread key. */
  location: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ZeroRepliesInput = z.input<typeof ZeroRepliesInput>;

/** One conversation opener nobody has answered yet. */
export const ZeroReplyItem = z.object({
  /** `type:id`. */
  ref: z.string(),
  type: ContentType,
  id: z.string(),
  /** The space key or page thread key it lives in. */
  location: z.string(),
  title: z.nullable(z.string()),
  /** The start of its text (at most 200 characters). */
  excerpt: z.nullable(z.string()),
  author: Member,
  createdAt: z.string(),
  /** Milliseconds since it was posted. */
  ageMs: z.number(),
  /** Past the community's `firstResponseTargetMs` without a reply. */
  overdue: z.boolean(),
});
export type ZeroReplyItem = z.infer<typeof ZeroReplyItem>;

/** A page of the zero-reply queue, oldest first. */
export const ZeroReplyPage = z.object({
  items: z.array(ZeroReplyItem),
  nextCursor: z.nullable(z.string()),
  /** Openers matching the filters, across all pages. */
  total: z.number(),
  /** How many of them are overdue. */
  overdue: z.number(),
  /** The community's first-response target in milliseconds. */
  targetMs: z.number(),
});
export type ZeroReplyPage = z.infer<typeof ZeroReplyPage>;

export const MetricsInput = z.object({
  /** First day, inclusive (`YYYY-MM-DD`, community time zone). */
  from: AnalyticsDay,
  /** Last day, inclusive; at most 366 days after `from`. */
  to: AnalyticsDay,
  /** Only activity by members in this experiment variant. */
  variant: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type MetricsInput = z.input<typeof MetricsInput>;

/** One day of activity. */
export const DayMetrics = z.object({
  day: z.string(),
  /** Distinct members with any activity that day (DAU). */
  activeMembers: z.number(),
  /** Distinct active members in the 7 days ending that day. */
  weeklyActiveMembers: z.number(),
  /** Distinct active members in the 30 days ending that day. */
  monthlyActiveMembers: z.number(),
  newMembers: z.number(),
  /** `post.created`: feed posts and questions. */
  posts: z.number(),
  /** `comment.created` + `answer.created`. */
  replies: z.number(),
  /** `reaction.added` + up-votes (`vote.cast` with value > 0). */
  reactions: z.number(),
});
export type DayMetrics = z.infer<typeof DayMetrics>;

/** Share of a cohort active on day n after joining. */
export const RetentionPoint = z.object({
  /** Cohort members whose day n is on or before the report's last day (and today). */
  eligible: z.number(),
  /** Of those, members active on exactly day n. */
  retained: z.number(),
  /** retained / eligible, or null when nobody is eligible yet. */
  rate: z.nullable(z.number()),
});
export type RetentionPoint = z.infer<typeof RetentionPoint>;

/** Members who joined in one ISO week (Monday first, community time zone). */
export const RetentionCohort = z.object({
  /** The Monday of the join week. */
  week: z.string(),
  /** Members who joined that week within the report's range. */
  members: z.number(),
  d1: RetentionPoint,
  d7: RetentionPoint,
  d30: RetentionPoint,
});
export type RetentionCohort = z.infer<typeof RetentionCohort>;

/** Time-to-reply statistics over openers that got one. */
export const ReplyTimes = z.object({
  /** Openers in the range that got one by the end of the report. */
  count: z.number(),
  /** Median milliseconds (mean of the two middle values for an even count), or null. */
  medianMs: z.nullable(z.number()),
  /** Nearest-rank 90th percentile in milliseconds, or null. */
  p90Ms: z.nullable(z.number()),
});
export type ReplyTimes = z.infer<typeof ReplyTimes>;

/** How conversation openers created in the range were answered. */
export const ResponseMetrics = z.object({
  /** Published openers created in the range. */
  openers: z.number(),
  /** Of those, the ones with no reply by the end of the report. */
  zeroReply: z.number(),
  /** zeroReply / openers, or null with no openers. */
  zeroReplyRate: z.nullable(z.number()),
  /** Share of openers first answered within `firstResponseTargetMs`, or null with no openers. */
  withinTargetRate: z.nullable(z.number()),
  targetMs: z.number(),
  firstReply: ReplyTimes,
  firstStaffReply: ReplyTimes,
});
export type ResponseMetrics = z.infer<typeof ResponseMetrics>;

/** Participation in one poll during the range. */
export const PollMetricsItem = z.object({
  pollId: z.string(),
  question: z.nullable(z.string()),
  /** Ballots cast or changed in the range (`poll.voted`). */
  ballots: z.number(),
  /** Distinct voters in the range. */
  voters: z.number(),
});
export type PollMetricsItem = z.infer<typeof PollMetricsItem>;

export const PollMetrics = z.object({
  polls: z.array(PollMetricsItem),
  /** Distinct members who voted in any poll in the range. */
  voters: z.number(),
  /** voters / active members in the range, or null with no active members. */
  participation: z.nullable(z.number()),
});
export type PollMetrics = z.infer<typeof PollMetrics>;

export const ContributorMetrics = z.object({
  member: Member,
  /** Contribution events in the range (every event but `member.joined`). */
  events: z.number(),
  /** Net points earned in the range (ledger entries dated in it). */
  points: z.number(),
});
export type ContributorMetrics = z.infer<typeof ContributorMetrics>;

export const TopicMetrics = z.object({ topic: z.string(), posts: z.number() });
export type TopicMetrics = z.infer<typeof TopicMetrics>;

export const FeedbackStatusCount = z.object({ status: z.string(), count: z.number() });
export type FeedbackStatusCount = z.infer<typeof FeedbackStatusCount>;

/** One experiment variant's share of the range (null: viewers without a variant). */
export const VariantMetrics = z.object({
  variant: z.nullable(z.string()),
  activeMembers: z.number(),
  events: z.number(),
});
export type VariantMetrics = z.infer<typeof VariantMetrics>;

/** The community's numbers over a range of calendar days. */
export const Metrics = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  /** The variant filter applied, or null. */
  variant: z.nullable(z.string()),
  days: z.array(DayMetrics),
  totals: z.object({
    /** Distinct members active on any day of the range. */
    activeMembers: z.number(),
    /** Distinct members active in the 7 days ending `to` (WAU at `to`). */
    weeklyActiveMembers: z.number(),
    /** Distinct members active in the 30 days ending `to` (MAU at `to`). */
    monthlyActiveMembers: z.number(),
    newMembers: z.number(),
    posts: z.number(),
    replies: z.number(),
    reactions: z.number(),
    /** Every activity event in the range. */
    events: z.number(),
  }),
  retention: z.array(RetentionCohort),
  responses: ResponseMetrics,
  /** Current counts of published feedback by status, every status listed. */
  feedbackByStatus: z.array(FeedbackStatusCount),
  polls: PollMetrics,
  /** Up to 10, most events first. */
  topContributors: z.array(ContributorMetrics),
  /** Up to 10, most posts first. */
  topTopics: z.array(TopicMetrics),
  /** Every variant seen in the range (ignoring the variant filter), for comparison. */
  variants: z.array(VariantMetrics),
});
export type Metrics = z.infer<typeof Metrics>;

/**
 * The zero-reply queue and the community's numbers (capability `analytics`).
 *
 * @example
 * const queue = await adapter.analytics!.zeroReplies({ olderThanMs: 3_600_000 }, { viewer: moderator });
 * const week = await adapter.analytics!.metrics({ from: '2026-03-02', to: '2026-03-08' }, { viewer: admin });
 * console.log(week.totals.activeMembers, week.responses.firstReply.medianMs);
 */
export interface AnalyticsAdapter {
  /** Published openers nobody else has replied to, oldest first, with age and target (`review`). */
  zeroReplies(input: ZeroRepliesInput, ctx: CallContext): Promise<ZeroReplyPage>;
  /** Activity, growth, retention, response times, feedback, polls and contributors over days (`view_insights`). */
  metrics(input: MetricsInput, ctx: CallContext): Promise<Metrics>;
}

/** Realtime events of analytics: the operator inbox hears every opener change. */
export const ANALYTICS_EVENTS = [
  z.object({
    type: z.literal('analytics.opener.changed'),
    id: z.string(),
    /** `inbox` (see `inboxChannel`). */
    channel: z.string(),
    /** The opener's `type:id`. */
    ref: z.string(),
    /** Replies by others than its author; 0 means it waits in the zero-reply queue. */
    replyCount: z.number(),
    status: OpenerStatus,
  }),
] as const;
