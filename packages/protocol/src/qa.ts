import * as z from 'zod/mini';
import type { CallContext } from './adapter.js';
import { IdempotencyKey } from './comments.js';
import { SpaceKey } from './community.js';
import { FeedPost } from './feed.js';
import { Member } from './member.js';
import { Cursor, PageSize, pageOf, type Page } from './page.js';
import { PostStatus } from './post.js';

// Questions are feed posts of kind `question` (`feed.createPost`); this group adds what makes
// them Q&A: answers, votes, the accepted answer, bounties and duplicate closing.

const Id = (what: string) => z.string().check(z.minLength(1, `Say which ${what}.`), z.maxLength(128));

/** Bounty bounds in points: at least `min`, at most `max`, and never above the asker's balance. */
export const BOUNTY_LIMITS = { min: 50, max: 500 } as const;
/** How long a bounty stays open, then how long an accept still pays it in full, in milliseconds. */
export const BOUNTY_PERIOD = { openMs: 7 * 24 * 60 * 60 * 1000, graceMs: 24 * 60 * 60 * 1000 } as const;
/** Upvotes an answer needs to take half an expired bounty. */
export const BOUNTY_MIN_UPVOTES = 2;

/** An answer body as typed; the engine trims it and checks 1–20,000 characters. */
const AnswerBody = z.string().check(z.maxLength(100_000, 'Answer is far too long.'));

/** A vote: 1 up, -1 down, 0 takes the viewer's vote back. */
export const VoteValue = z.union([z.literal(1), z.literal(-1), z.literal(0)], { error: 'Vote 1 (up), -1 (down) or 0 (take the vote back).' });
export type VoteValue = z.infer<typeof VoteValue>;

/** What a vote is on: a question (`post`, its feed post id) or an answer. */
export const VoteTarget = z.object({
  type: z.enum(['post', 'answer'], { error: 'Vote on a question (post) or an answer.' }),
  id: Id('question or answer'),
});
export type VoteTarget = z.infer<typeof VoteTarget>;

/** Up and down votes on one question or answer, and the viewer's own (0 for none). */
export const VoteTally = z.object({
  up: z.number().check(z.int(), z.nonnegative()),
  down: z.number().check(z.int(), z.nonnegative()),
  /** `up - down`, what answers sort by. */
  score: z.number().check(z.int()),
  viewerVote: VoteValue,
});
export type VoteTally = z.infer<typeof VoteTally>;

/** An answer as the viewer sees it. */
export const Answer = z.object({
  id: z.string(),
  questionId: z.string(),
  /** Markdown source. */
  body: z.string(),
  author: Member,
  createdAt: z.string(),
  editedAt: z.nullable(z.string()),
  status: PostStatus,
  accepted: z.boolean(),
  votes: VoteTally,
  /** On the author's own new answer when it waits for review: why. */
  heldReason: z.optional(z.string()),
});
export type Answer = z.infer<typeof Answer>;

/**
 * A bounty. `open` until accepted (paid in full up to `graceUntil`) or settled after
 * `graceUntil`: `paid` (accepted in time), `expired` (half to the top answer with enough
 * upvotes when there is one: `paidTo` set; otherwise nothing). Escrowed points are never refunded.
 */
export const Bounty = z.object({
  id: z.string(),
  questionId: z.string(),
  /** The asker who offered it. */
  offeredBy: z.string(),
  amount: z.number().check(z.int(), z.positive()),
  createdAt: z.string(),
  /** End of the open period (7 days). */
  expiresAt: z.string(),
  /** End of the grace period (24 h more): an accept until then still pays in full. */
  graceUntil: z.string(),
  status: z.enum(['open', 'paid', 'expired']),
  /** Who was paid, or null. */
  paidTo: z.nullable(z.string()),
  /** The answer that was paid, or null. */
  answerId: z.nullable(z.string()),
  paidAmount: z.number().check(z.int(), z.nonnegative()),
  settledAt: z.nullable(z.string()),
});
export type Bounty = z.infer<typeof Bounty>;

/** A question in a list: as the feed shows it, plus its answers, acceptance and bounty. */
export const QuestionSummary = z.object({
  question: FeedPost,
  /** Published answers. */
  answerCount: z.number().check(z.int(), z.nonnegative()),
  /** Whether an answer is accepted. */
  accepted: z.boolean(),
  votes: VoteTally,
  /** The open bounty, else the latest settled one, else null. */
  bounty: z.nullable(Bounty),
});
export type QuestionSummary = z.infer<typeof QuestionSummary>;

/** Output of `listQuestions`. */
export const QuestionSummaryPage = pageOf(QuestionSummary);

/** A question with every answer the viewer may read. */
export const QuestionDetail = z.object({
  question: FeedPost,
  /** Accepted first, then by score (up − down) high to low, then oldest first. */
  answers: z.array(Answer),
  answerCount: z.number().check(z.int(), z.nonnegative()),
  acceptedAnswerId: z.nullable(z.string()),
  votes: VoteTally,
  /** The open bounty, else the latest settled one, else null. */
  bounty: z.nullable(Bounty),
  /** Every bounty ever offered on it, newest first. */
  bounties: z.array(Bounty),
  /** When closed as a duplicate: the original question, which takes the answers instead. */
  duplicateOf: z.nullable(z.object({ id: z.string(), title: z.nullable(z.string()) })),
  /** Whether it takes new answers now (not closed as a duplicate, not locked). */
  answerable: z.boolean(),
});
export type QuestionDetail = z.infer<typeof QuestionDetail>;

/** The result of a vote: the target's tally as it now stands. */
export const VoteResult = z.object({ target: VoteTarget, questionId: z.string(), votes: VoteTally });
export type VoteResult = z.infer<typeof VoteResult>;

/** A question that looks like the text, with how alike (0–1, higher is closer). */
export const SimilarQuestion = z.object({ question: FeedPost, answerCount: z.number(), accepted: z.boolean(), score: z.number() });
export type SimilarQuestion = z.infer<typeof SimilarQuestion>;

/** What a sweep of expired bounties settled. */
export const SettleResult = z.object({ settled: z.array(Bounty) });
export type SettleResult = z.infer<typeof SettleResult>;

/** Which questions a list holds and in what order. */
export const QUESTION_FILTERS = ['unanswered', 'new', 'top', 'bounty'] as const;
export const QuestionFilter = z.enum(QUESTION_FILTERS, { error: 'Filter by unanswered, new, top or bounty.' });
export type QuestionFilter = z.infer<typeof QuestionFilter>;

export const ListQuestionsInput = z.object({
  /** Only this space; every space when left out (the console's queues across the community). */
  space: z.optional(SpaceKey),
  /**
   * `unanswered`: no published answer, none accepted, not closed or locked, oldest first; `new`: newest first;
   * `top`: highest score first; `bounty`: open bounties, soonest expiry first. Default `new`.
   */
  filter: z.optional(QuestionFilter),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListQuestionsInput = z.input<typeof ListQuestionsInput>;

export const QuestionRefInput = z.object({ questionId: Id('question') });
export type QuestionRefInput = z.input<typeof QuestionRefInput>;

export const AnswerInput = z.object({ questionId: Id('question'), body: AnswerBody, idempotencyKey: IdempotencyKey });
export type AnswerInput = z.input<typeof AnswerInput>;

export const EditAnswerInput = z.object({ answerId: Id('answer'), body: AnswerBody });
export type EditAnswerInput = z.input<typeof EditAnswerInput>;

export const AnswerRefInput = z.object({ answerId: Id('answer') });
export type AnswerRefInput = z.input<typeof AnswerRefInput>;

export const VoteInput = z.object({ target: VoteTarget, value: VoteValue });
export type VoteInput = z.input<typeof VoteInput>;

export const AcceptInput = z.object({ questionId: Id('question'), answerId: Id('answer') });
export type AcceptInput = z.input<typeof AcceptInput>;

export const OfferBountyInput = z.object({
  questionId: Id('question'),
  amount: z.number({ error: 'Offer a whole number of points.' }).check(
    z.int('Offer a whole number of points.'),
    z.minimum(BOUNTY_LIMITS.min, `A bounty is at least ${BOUNTY_LIMITS.min} points.`),
    z.maximum(BOUNTY_LIMITS.max, `A bounty is at most ${BOUNTY_LIMITS.max} points.`),
  ),
  /** Makes a retry return the first bounty instead of a conflict. */
  idempotencyKey: z.optional(IdempotencyKey),
});
export type OfferBountyInput = z.input<typeof OfferBountyInput>;

export const CloseDuplicateInput = z.object({ questionId: Id('question'), originalId: Id('original question') });
export type CloseDuplicateInput = z.input<typeof CloseDuplicateInput>;

export const SimilarQuestionsInput = z.object({
  /** Only this space; every space when left out. */
  space: z.optional(SpaceKey),
  text: z.string().check(z.trim(), z.minLength(1, 'Type a question to compare.'), z.maxLength(2000)),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(20))),
});
export type SimilarQuestionsInput = z.input<typeof SimilarQuestionsInput>;

export const SettleBountiesInput = z.object({});
export type SettleBountiesInput = z.input<typeof SettleBountiesInput>;

/**
 * Q&A on questions (feed posts of kind `question`): answers, votes, the accepted answer,
 * bounties, duplicates and "similar questions". Expired bounties settle on every call that
 * touches their question.
 *
 * @example
 * const q = await adapter.feed!.createPost({ space: 'qa', kind: 'question', title: 'Reset my password?', body: '…', idempotencyKey }, ctx);
 * const a = await adapter.qa!.answer({ questionId: q.id, body: 'Settings → Security.', idempotencyKey: key2 }, other);
 * await adapter.qa!.vote({ target: { type: 'answer', id: a.id }, value: 1 }, third);
 * await adapter.qa!.accept({ questionId: q.id, answerId: a.id }, ctx);
 */
export interface QaAdapter {
  /** Questions of a space (or of every space), by filter (`unanswered`, `new`, `top`, `bounty`), one page at a time. */
  listQuestions(input: ListQuestionsInput, ctx: CallContext): Promise<Page<QuestionSummary>>;
  /** A question with its answers (accepted first, then by score, then oldest), votes and bounty. */
  getQuestion(input: QuestionRefInput, ctx: CallContext): Promise<QuestionDetail>;
  /** Answers a question; the same `idempotencyKey` never answers twice. Closed questions take none (`conflict`). */
  answer(input: AnswerInput, ctx: CallContext): Promise<Answer>;
  /** Replaces an answer's body: its author, or a moderator. */
  editAnswer(input: EditAnswerInput, ctx: CallContext): Promise<Answer>;
  /** Soft-deletes an answer (its author, or a moderator); what it earned is reversed. */
  deleteAnswer(input: AnswerRefInput, ctx: CallContext): Promise<Answer>;
  /** Votes a question or answer up (1), down (-1) or back (0); one vote per member, never on one's own. */
  vote(input: VoteInput, ctx: CallContext): Promise<VoteResult>;
  /** Accepts an answer (the asker or a moderator), replacing any earlier one; pays an open bounty in time. */
  accept(input: AcceptInput, ctx: CallContext): Promise<QuestionDetail>;
  /** Escrows 50–500 of the asker's points on their question for 7 days plus 24 h grace. */
  offerBounty(input: OfferBountyInput, ctx: CallContext): Promise<Bounty>;
  /** Settles every bounty past its grace period (staff who review). */
  settleBounties(input: SettleBountiesInput, ctx: CallContext): Promise<SettleResult>;
  /** Closes a question as a duplicate of another (moderators); it takes no new answers. */
  closeDuplicate(input: CloseDuplicateInput, ctx: CallContext): Promise<QuestionDetail>;
  /** Reopens a question closed as a duplicate (moderators). */
  reopen(input: QuestionRefInput, ctx: CallContext): Promise<QuestionDetail>;
  /** Published questions like `text`, best first, with a 0–1 score; works for Chinese text. */
  similarQuestions(input: SimilarQuestionsInput, ctx: CallContext): Promise<SimilarQuestion[]>;
}

const QuestionEventBase = { id: z.string(), channel: z.string(), questionId: z.string() };

/** Realtime events of Q&A, on `questionChannel(questionId)`. Answers carry no viewer vote (`viewerVote: 0`). */
export const QA_EVENTS = [
  z.object({ type: z.literal('qa.answer.created'), ...QuestionEventBase, answer: Answer }),
  /** Edited, accepted or not, hidden, restored, deleted (then with an empty body). */
  z.object({ type: z.literal('qa.answer.updated'), ...QuestionEventBase, answer: Answer }),
  z.object({
    type: z.literal('qa.votes.changed'),
    ...QuestionEventBase,
    target: VoteTarget,
    up: z.number(),
    down: z.number(),
  }),
  z.object({ type: z.literal('qa.accepted'), ...QuestionEventBase, answerId: z.string(), previousAnswerId: z.nullable(z.string()) }),
  z.object({ type: z.literal('qa.bounty.changed'), ...QuestionEventBase, bounty: Bounty }),
  /** Closed as a duplicate of `duplicateOf`, or reopened (null). */
  z.object({ type: z.literal('qa.question.closed'), ...QuestionEventBase, duplicateOf: z.nullable(z.string()) }),
] as const;
