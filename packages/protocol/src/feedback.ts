import * as z from 'zod/mini';
import type { CallContext } from './adapter.js';
import { IdempotencyKey } from './comments.js';
import { SpaceKey } from './community.js';
import { Member } from './member.js';
import { Cursor, PageSize, pageOf, type Page } from './page.js';
import { countChars } from './rules.js';
import { httpUrlOf } from './http-url.js';

/** What a feedback item is about. */
export const FEEDBACK_KINDS = ['idea', 'bug', 'praise', 'question', 'other'] as const;
export const FeedbackKind = z.enum(FEEDBACK_KINDS);
export type FeedbackKind = z.infer<typeof FeedbackKind>;

/**
 * Where a feedback item stands, as staff set it. `open` is new and untriaged; `duplicate`
 * points at the original through `duplicateOf`.
 */
export const FEEDBACK_STATUSES = ['open', 'under_review', 'planned', 'in_progress', 'done', 'declined', 'duplicate'] as const;
export const FeedbackStatus = z.enum(FEEDBACK_STATUSES);
export type FeedbackStatus = z.infer<typeof FeedbackStatus>;

/** The roadmap's columns, in board order. */
export const ROADMAP_STATUSES = ['under_review', 'planned', 'in_progress', 'done'] as const;

/** How the public board is ordered: most votes, newest, or most recently updated (status or reply). */
export const FEEDBACK_SORTS = ['votes', 'new', 'updated'] as const;
export const FeedbackSort = z.enum(FEEDBACK_SORTS);
export type FeedbackSort = z.infer<typeof FeedbackSort>;

/** Moderation visibility: held for review, published, hidden by staff, or deleted. */
export const FeedbackVisibility = z.enum(['published', 'pending', 'hidden', 'deleted']);
export type FeedbackVisibility = z.infer<typeof FeedbackVisibility>;

/** Length limits of feedback text, in characters as a person counts them (code points). */
export const FEEDBACK_LIMITS = { title: 150, body: 5000, reply: 5000, pageUrl: 2048, pageTitle: 300, email: 254 } as const;

const FeedbackId = z.string().check(z.minLength(1, 'Say which feedback item.'), z.maxLength(128));

/** Trimmed text of at most `max` characters (code points); at least one when `required`. */
function text(max: number, what: string, required: boolean) {
  return z.string().check(
    z.trim(),
    z.maxLength(max * 2, `${what} is longer than ${max.toLocaleString('en-US')} characters.`),
    z.refine((value) => !required || value.length > 0, `${what} is empty.`),
    z.refine((value) => countChars(value) <= max, `${what} is longer than ${max.toLocaleString('en-US')} characters.`),
  );
}

const HttpUrl = z.string().check(
  z.trim(),
  z.maxLength(FEEDBACK_LIMITS.pageUrl, `The page address is longer than ${FEEDBACK_LIMITS.pageUrl} characters.`),
  z.refine((value) => httpUrlOf(value) !== null, 'The page address must be an http(s) URL.'),
);

/** One status change with its official reply, as the item's history shows it. */
export const FeedbackStatusChange = z.object({
  id: z.string(),
  from: FeedbackStatus,
  to: FeedbackStatus,
  /** The official reply (Markdown) staff wrote with the change, or null. */
  reply: z.nullable(z.string()),
  /** With `to: 'duplicate'`: the original item. */
  duplicateOf: z.nullable(z.string()),
  actor: Member,
  at: z.string(),
});
export type FeedbackStatusChange = z.infer<typeof FeedbackStatusChange>;

/** The latest official reply on an item. */
export const FeedbackReply = z.object({
  body: z.string(),
  /** The status the item moved to with this reply. */
  status: FeedbackStatus,
  author: Member,
  at: z.string(),
});
export type FeedbackReply = z.infer<typeof FeedbackReply>;

/**
 * A feedback item as the viewer sees it. `email` is shown to staff only; `viewerVoted` is
 * false for anonymous readers and in realtime events.
 */
export const Feedback = z.object({
  id: z.string(),
  /** The feedback board's space key (`feedback` by default). */
  space: z.string(),
  kind: FeedbackKind,
  title: z.nullable(z.string()),
  body: z.string(),
  /** 1–5 stars, or null. */
  rating: z.nullable(z.number().check(z.int())),
  /** 0–10 "how likely are you to recommend us", or null. */
  nps: z.nullable(z.number().check(z.int())),
  pageUrl: z.nullable(z.string()),
  pageTitle: z.nullable(z.string()),
  author: Member,
  /** A guest's contact email; null for everyone but staff. */
  email: z.nullable(z.string()),
  status: FeedbackStatus,
  /** The original item when `status` is `duplicate`. */
  duplicateOf: z.nullable(z.string()),
  voteCount: z.number().check(z.int(), z.nonnegative()),
  viewerVoted: z.boolean(),
  /** The latest official reply, or null. */
  officialReply: z.nullable(FeedbackReply),
  visibility: FeedbackVisibility,
  /** On the author's own item while it waits for review: why it is held. */
  heldReason: z.optional(z.string()),
  createdAt: z.string(),
  /** The last status change or official reply (the creation time until then). */
  updatedAt: z.string(),
});
export type Feedback = z.infer<typeof Feedback>;

/** An item with its whole status history (oldest first), official replies included. */
export const FeedbackDetail = z.extend(Feedback, { history: z.array(FeedbackStatusChange) });
export type FeedbackDetail = z.infer<typeof FeedbackDetail>;

/** One "did you mean" suggestion while someone types new feedback. */
export const FeedbackSuggestion = z.object({
  feedback: Feedback,
  /** How alike the texts are, 0–1. */
  score: z.number(),
});
export type FeedbackSuggestion = z.infer<typeof FeedbackSuggestion>;

/** Output of `listFeedback`: a page of the board. */
export const FeedbackPage = pageOf(Feedback);
/** Output of `myFeedback`: a page of the viewer's items with their histories. */
export const FeedbackDetailPage = pageOf(FeedbackDetail);
/** Output of `similarFeedback`: most alike first. */
export const FeedbackSuggestions = z.array(FeedbackSuggestion);

/** One column of the roadmap, most votes first. */
export const RoadmapColumn = z.object({ status: FeedbackStatus, items: z.array(Feedback) });
export type RoadmapColumn = z.infer<typeof RoadmapColumn>;

/** The public roadmap of a board: under review, planned, in progress, done. */
export const Roadmap = z.object({ space: z.string(), columns: z.array(RoadmapColumn) });
export type Roadmap = z.infer<typeof Roadmap>;

export const SubmitFeedbackInput = z.object({
  kind: FeedbackKind,
  title: z.optional(z.nullable(text(FEEDBACK_LIMITS.title, 'The title', false))),
  body: text(FEEDBACK_LIMITS.body, 'Feedback', true),
  rating: z.optional(z.nullable(z.number().check(z.int('A rating is a whole number of stars.'), z.minimum(1, 'Rate from 1 to 5.'), z.maximum(5, 'Rate from 1 to 5.')))),
  nps: z.optional(z.nullable(z.number().check(z.int('A score is a whole number.'), z.minimum(0, 'Score from 0 to 10.'), z.maximum(10, 'Score from 0 to 10.')))),
  /** The page the widget was on. */
  pageUrl: z.optional(z.nullable(HttpUrl)),
  pageTitle: z.optional(z.nullable(text(FEEDBACK_LIMITS.pageTitle, 'The page title', false))),
  /** Guests only, where the community allows guest feedback; shown to staff only. */
  email: z.optional(
    z.nullable(
      z.string().check(z.trim(), z.maxLength(FEEDBACK_LIMITS.email, 'This email address is too long.'), z.regex(z.regexes.email, 'Enter an email address such as name@example.com.')),
    ),
  ),
  /** A space of kind `feedback`; the built-in `feedback` board by default. */
  space: z.optional(SpaceKey),
  idempotencyKey: IdempotencyKey,
});
export type SubmitFeedbackInput = z.input<typeof SubmitFeedbackInput>;

export const FeedbackRefInput = z.object({ feedbackId: FeedbackId });
export type FeedbackRefInput = z.input<typeof FeedbackRefInput>;

const OneOrMany = <T extends z.ZodMiniType>(item: T, message: string) =>
  z.union([item, z.array(item).check(z.minLength(1, message), z.maxLength(10))], { error: message });

export const ListFeedbackInput = z.object({
  space: z.optional(SpaceKey),
  /** One status or several; every status when absent. */
  status: z.optional(OneOrMany(FeedbackStatus, `Pick statuses from: ${FEEDBACK_STATUSES.join(', ')}.`)),
  /** One kind or several; every kind when absent. */
  kind: z.optional(OneOrMany(FeedbackKind, `Pick kinds from: ${FEEDBACK_KINDS.join(', ')}.`)),
  sort: z.optional(FeedbackSort),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListFeedbackInput = z.input<typeof ListFeedbackInput>;

export const RoadmapInput = z.object({
  space: z.optional(SpaceKey),
  /** Most items per column (default 50). */
  limit: z.optional(PageSize),
});
export type RoadmapInput = z.input<typeof RoadmapInput>;

export const VoteFeedbackInput = z.object({
  feedbackId: FeedbackId,
  /** The state the viewer's upvote should be in; setting it twice changes nothing. */
  active: z.boolean(),
});
export type VoteFeedbackInput = z.input<typeof VoteFeedbackInput>;

export const SetFeedbackStatusInput = z.object({
  feedbackId: FeedbackId,
  status: FeedbackStatus,
  /** The official reply, Markdown; the submitter sees it in `myFeedback`. */
  reply: z.optional(z.nullable(text(FEEDBACK_LIMITS.reply, 'The reply', true))),
  /** The original item; required with status `duplicate`, refused otherwise. */
  duplicateOf: z.optional(z.nullable(FeedbackId)),
});
export type SetFeedbackStatusInput = z.input<typeof SetFeedbackStatusInput>;

export const SimilarFeedbackInput = z.object({
  /** What the person has typed so far (title and body). */
  text: z.string().check(z.trim(), z.maxLength(FEEDBACK_LIMITS.body + FEEDBACK_LIMITS.title + 1, 'This text is too long to search for.')),
  space: z.optional(SpaceKey),
  /** Most suggestions (default 5, at most 20). */
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(20))),
  /** Include done and declined items (after the open ones); default true. */
  includeClosed: z.optional(z.boolean()),
});
export type SimilarFeedbackInput = z.input<typeof SimilarFeedbackInput>;

export const MyFeedbackInput = z.object({ cursor: z.optional(Cursor), limit: z.optional(PageSize) });
export type MyFeedbackInput = z.input<typeof MyFeedbackInput>;

/**
 * Feedback boards (like Fider or Canny): members and, where allowed, guests send ideas,
 * bugs, praise and questions with an optional rating or NPS score; members upvote; staff
 * move items through statuses with official replies, merge duplicates, and show a roadmap.
 *
 * @example
 * const item = await adapter.feedback!.submitFeedback(
 *   { kind: 'idea', title: 'Dark mode', body: 'Please add a dark theme.', idempotencyKey: key },
 *   { viewer },
 * );
 * await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Coming in May.' }, { viewer: moderator });
 */
export interface FeedbackAdapter {
  /** Sends feedback (members; guests where `feedbackGuests` is on); the same `idempotencyKey` never creates twice. */
  submitFeedback(input: SubmitFeedbackInput, ctx: CallContext): Promise<FeedbackDetail>;
  /** One item with its votes and status history; `not_found` when the viewer may not see it. */
  getFeedback(input: FeedbackRefInput, ctx: CallContext): Promise<FeedbackDetail>;
  /** The public board: filtered by status and kind, sorted by votes, newest or last updated. */
  listFeedback(input: ListFeedbackInput, ctx: CallContext): Promise<Page<Feedback>>;
  /** The roadmap: under review, planned, in progress and done columns, most votes first. */
  roadmap(input: RoadmapInput, ctx: CallContext): Promise<Roadmap>;
  /** Sets the viewer's upvote on or off (members; never on one's own item). */
  voteFeedback(input: VoteFeedbackInput, ctx: CallContext): Promise<Feedback>;
  /** Moves an item to a status with an optional official reply (moderators and up). Audited. */
  setFeedbackStatus(input: SetFeedbackStatusInput, ctx: CallContext): Promise<FeedbackDetail>;
  /** Items like the text being typed, most alike first, so people vote instead of repeating. */
  similarFeedback(input: SimilarFeedbackInput, ctx: CallContext): Promise<FeedbackSuggestion[]>;
  /** The viewer's own items with their statuses and official replies, newest first. */
  myFeedback(input: MyFeedbackInput, ctx: CallContext): Promise<Page<FeedbackDetail>>;
}

/** Realtime events of a feedback board (`feedbackChannel(space)`); items carry the public view. */
export const FEEDBACK_EVENTS = [
  z.object({ type: z.literal('feedback.created'), id: z.string(), channel: z.string(), feedback: Feedback }),
  /** Status, official reply, votes or visibility changed; a hidden or deleted item comes with its text left out. */
  z.object({ type: z.literal('feedback.updated'), id: z.string(), channel: z.string(), feedback: Feedback }),
] as const;
