import * as z from 'zod/mini';
import type { CallContext } from './adapter.js';
import { ContentRef, SpaceKey, type MemberCard } from './community.js';
import { Member } from './member.js';
import { Cursor, PageSize, pageOf, type Page } from './page.js';

/** Why a member reports an item. */
export const REPORT_REASONS = ['spam', 'ad', 'abuse', 'off_topic', 'other'] as const;
export const ReportReason = z.enum(REPORT_REASONS);
export type ReportReason = z.infer<typeof ReportReason>;

/** Why the gate held a new item for review instead of publishing it. */
export const HOLD_REASONS = ['pre_moderation', 'new_member_hold'] as const;
export const HoldReason = z.enum(HOLD_REASONS);
export type HoldReason = z.infer<typeof HoldReason>;

/**
 * What a moderator can do to one item. `approve` publishes a held item or keeps a reported
 * one (dismissing its reports); `hide`/`delete` remove it (upholding its reports);
 * `restore` publishes a hidden item again; `move` takes `to` (a space key).
 */
export const MODERATION_ACTIONS = ['approve', 'hide', 'delete', 'restore', 'lock', 'unlock', 'pin', 'unpin', 'feature', 'unfeature', 'move'] as const;
export const ModerationAction = z.enum(MODERATION_ACTIONS);
export type ModerationAction = z.infer<typeof ModerationAction>;

/** The permission each moderation action needs (see `PERMISSIONS`). */
export const ACTION_PERMISSIONS = {
  approve: 'review',
  hide: 'moderate',
  delete: 'moderate',
  restore: 'moderate',
  lock: 'moderate',
  unlock: 'moderate',
  move: 'moderate',
  pin: 'curate',
  unpin: 'curate',
  feature: 'curate',
  unfeature: 'curate',
} as const satisfies Record<ModerationAction, 'review' | 'moderate' | 'curate'>;

/** The id audit entries carry for what Hearth does by itself (hiding after enough reports). */
export const SYSTEM_ACTOR_ID = 'system';

/** Status of a piece of content. */
const ContentStatus = z.enum(['published', 'pending', 'hidden', 'deleted']);

/** One member's report of one item, as staff see it. */
export const Report = z.object({
  id: z.string(),
  target: ContentRef,
  reporter: Member,
  reason: ReportReason,
  note: z.nullable(z.string()),
  /** `open` until a moderator acts: `upheld` (hidden or deleted) or `dismissed` (approved). */
  status: z.enum(['open', 'upheld', 'dismissed']),
  createdAt: z.string(),
  resolvedAt: z.nullable(z.string()),
});
export type Report = z.infer<typeof Report>;

/** Output of `listReports`. */
export const ReportPage = pageOf(Report);

/** What the reporter gets back: their report without others' details. */
export const ReportReceipt = z.object({
  id: z.string(),
  target: ContentRef,
  reason: ReportReason,
  note: z.nullable(z.string()),
  status: z.enum(['open', 'upheld', 'dismissed']),
  createdAt: z.string(),
});
export type ReportReceipt = z.infer<typeof ReportReceipt>;

/** Open reports of one item, summed. */
export const ReportSummary = z.object({
  /** Distinct members with an open report. */
  count: z.number().check(z.int(), z.nonnegative()),
  /** Open reports by reason (reasons nobody gave are left out). */
  reasons: z.record(z.string(), z.number()),
  /** Notes reporters left, oldest first (at most 10). */
  notes: z.array(z.string()),
  firstAt: z.nullable(z.string()),
  lastAt: z.nullable(z.string()),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

/** One item of the review queue. */
export const QueueItem = z.object({
  target: ContentRef,
  author: Member,
  status: ContentStatus,
  /** Title and body as text, at most 500 characters. */
  excerpt: z.string(),
  /** The space key or thread key it lives in. */
  location: z.string(),
  createdAt: z.string(),
  /** When it joined the queue: held, or first reported. Oldest first. */
  queuedAt: z.string(),
  /** Why the gate held it; null for reported items. */
  heldReason: z.nullable(HoldReason),
  reports: ReportSummary,
});
export type QueueItem = z.infer<typeof QueueItem>;

/** Output of `listQueue`. */
export const QueueItemPage = pageOf(QueueItem);

/** One entry of the audit log. */
export const AuditEntry = z.object({
  id: z.string(),
  action: z.string(),
  /** Who acted; `SYSTEM_ACTOR_ID` for what Hearth did by itself. */
  actor: Member,
  /** `type:id` of the item, `member:<id>`, `thread:<key>`, `space:<key>` or `community`. */
  target: z.string(),
  reason: z.nullable(z.string()),
  at: z.string(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Output of `listAudit`. */
export const AuditEntryPage = pageOf(AuditEntry);

/** What a moderation action did. */
export const ModerationResult = z.object({
  target: ContentRef,
  action: ModerationAction,
  /** The item's status afterwards. */
  status: ContentStatus,
  /** False when the item already was as asked (nothing changed, nothing audited). */
  changed: z.boolean(),
  /** The audit entry written, or null when nothing changed. */
  audit: z.nullable(AuditEntry),
});
export type ModerationResult = z.infer<typeof ModerationResult>;

const Reason = z.string().check(z.trim(), z.maxLength(500));
const MemberId = z.string().check(z.minLength(1, 'Say which member.'), z.maxLength(128));
/** Longest mute or ban one call sets: 100 years (as good as permanent). */
const MAX_DURATION_MS = 100 * 365 * 24 * 60 * 60 * 1000;

export const ReportInput = z.object({
  target: ContentRef,
  reason: ReportReason,
  /** What the moderators should know, up to 500 characters. */
  note: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});
export type ReportInput = z.input<typeof ReportInput>;

export const ListQueueInput = z.object({
  kind: z.enum(['pending', 'reported']),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListQueueInput = z.input<typeof ListQueueInput>;

export const ActInput = z.object({
  target: ContentRef,
  action: ModerationAction,
  /** Why, for the audit log (and the author, where a widget shows it). */
  reason: z.optional(Reason),
  /** The space key to move to; only with `move`. */
  to: z.optional(SpaceKey),
});
export type ActInput = z.input<typeof ActInput>;

/** A mute or ban: until an ISO date-time in the future, or for `durationMs`; give exactly one. */
export const DisciplineInput = z.object({
  memberId: MemberId,
  until: z.optional(z.iso.datetime({ offset: true, message: 'Give an ISO date-time, such as 2030-01-31T12:00:00Z.' })),
  durationMs: z.optional(z.number().check(z.int(), z.minimum(1000, 'At least one second.'), z.maximum(MAX_DURATION_MS, 'At most 100 years.'))),
  reason: Reason.check(z.minLength(1, 'Say why, for the audit log.')),
});
export type DisciplineInput = z.input<typeof DisciplineInput>;

export const LiftInput = z.object({ memberId: MemberId, reason: z.optional(Reason) });
export type LiftInput = z.input<typeof LiftInput>;

export const ListAuditInput = z.object({
  action: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  actorId: z.optional(MemberId),
  /** `type:id`, `member:<id>`, ... exactly as entries carry it. */
  target: z.optional(z.string().check(z.minLength(1), z.maxLength(300))),
  /** ISO date-time; entries at or after it. */
  from: z.optional(z.iso.datetime({ offset: true })),
  /** ISO date-time; entries before it. */
  to: z.optional(z.iso.datetime({ offset: true })),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListAuditInput = z.input<typeof ListAuditInput>;

export const ListReportsInput = z.object({
  /** One item's reports; every report when left out. */
  target: z.optional(ContentRef),
  status: z.optional(z.enum(['open', 'upheld', 'dismissed'])),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListReportsInput = z.input<typeof ListReportsInput>;

/**
 * Reports, the review queue, moderation actions, mutes and bans, the audit log. The gate
 * every new post passes (pre-moderation, new-member holds, banned words, link limits,
 * flood rules, mutes) runs inside the content operations; see docs/moderation.md.
 *
 * @example
 * await adapter.moderation!.report({ target: { type: 'comment', id }, reason: 'spam' }, { viewer });
 * const queue = await adapter.moderation!.listQueue({ kind: 'reported' }, { viewer: moderator });
 * await adapter.moderation!.act({ target: queue.items[0]!.target, action: 'hide', reason: 'Ad' }, { viewer: moderator });
 */
export interface ModerationAdapter {
  /** Reports an item (permission `report`), once per member per item; a repeat returns the first report. */
  report(input: ReportInput, ctx: CallContext): Promise<ReportReceipt>;
  /** Held items or items with open reports, oldest first (permission `review`). */
  listQueue(input: ListQueueInput, ctx: CallContext): Promise<Page<QueueItem>>;
  /** Approves, hides, deletes, restores, locks, pins, features or moves an item; audited. */
  act(input: ActInput, ctx: CallContext): Promise<ModerationResult>;
  /** Stops a member posting until a time (permission `discipline`); audited. */
  mute(input: DisciplineInput, ctx: CallContext): Promise<MemberCard>;
  /** Lifts a mute (permission `discipline`); audited. */
  unmute(input: LiftInput, ctx: CallContext): Promise<MemberCard>;
  /** Bars a member from every write until a time (permission `discipline`); audited. */
  ban(input: DisciplineInput, ctx: CallContext): Promise<MemberCard>;
  /** Lifts a ban (permission `discipline`); audited. */
  unban(input: LiftInput, ctx: CallContext): Promise<MemberCard>;
  /** The audit log, newest first, filtered (permission `view_insights`). */
  listAudit(input: ListAuditInput, ctx: CallContext): Promise<Page<AuditEntry>>;
  /** Reports, newest first: one item's, or all (permission `review`). */
  listReports(input: ListReportsInput, ctx: CallContext): Promise<Page<Report>>;
}

/** Realtime events of moderation, on `moderationChannel()`, for staff consoles. */
export const MODERATION_EVENTS = [
  z.object({
    type: z.literal('moderation.changed'),
    id: z.string(),
    channel: z.string(),
    /** `type:id` of the item, or `member:<id>`. */
    target: z.string(),
    /** A `ModerationAction`, `mute`/`unmute`/`ban`/`unban`, `held`, `reported` or `auto_hide`. */
    action: z.string(),
  }),
] as const;
