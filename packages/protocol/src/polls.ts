import * as z from 'zod/mini';
import type { CallContext } from './adapter.js';
import { IdempotencyKey } from './comments.js';
import { Level } from './community.js';
import { Member, Role } from './member.js';
import type { Page } from './page.js';
import { Cursor, PageSize, pageOf } from './page.js';

/** Limits of a poll, shared by the engine's checks and forms that want to predict them. */
export const POLL_LIMITS = {
  /** Characters (code points, after trimming) in the question. */
  questionMax: 300,
  minOptions: 2,
  maxOptions: 20,
  /** Characters in one option's label. */
  optionMax: 200,
  /** Most values on a rating scale (1–5 by 1 has 5). */
  maxScaleValues: 101,
  /** Characters in `context`. */
  contextMax: 512,
  /** Characters (code points, after trimming) in the description. */
  descriptionMax: 2000,
} as const;

/** `single`: pick one. `multiple`: pick `minPicks`..`maxPicks`. `ranked`: order options (instant-runoff). `rating`: a number on a scale. */
export const POLL_TYPES = ['single', 'multiple', 'ranked', 'rating'] as const;
export const PollType = z.enum(POLL_TYPES);
export type PollType = z.infer<typeof PollType>;

/**
 * Who sees the results: `always` everyone; `after_vote` those who voted, and everyone once
 * closed; `after_close` everyone once closed; `staff_only` staff. Staff and the poll's
 * author always see them.
 */
export const RESULTS_VISIBILITIES = ['always', 'after_vote', 'after_close', 'staff_only'] as const;
export const ResultsVisibility = z.enum(RESULTS_VISIBILITIES);
export type ResultsVisibility = z.infer<typeof ResultsVisibility>;

/** `secret`: nobody sees who voted for what. `public`: anyone who sees the results can list the voters. */
export const PollVoters = z.enum(['secret', 'public']);
export type PollVoters = z.infer<typeof PollVoters>;

/** The scale of a rating poll: `min` to `max` by `step` (both ends included). */
export const RatingScale = z.object({
  min: z.number().check(z.minimum(-1000), z.maximum(1000)),
  max: z.number().check(z.minimum(-1000), z.maximum(1000)),
  step: z.number().check(z.positive('The step must be above 0.'), z.maximum(2000)),
});
export type RatingScale = z.infer<typeof RatingScale>;

/** One option of a poll; its id stays for the poll's life. */
export const PollOption = z.object({ id: z.string(), label: z.string() });
export type PollOption = z.infer<typeof PollOption>;

/** A poll as everyone sees it; results come separately, as the visibility rule allows. */
export const Poll = z.object({
  id: z.string(),
  question: z.string(),
  /** More about the question (Markdown source), or null. */
  description: z.nullable(z.string()),
  type: PollType,
  /** Empty for a rating poll. */
  options: z.array(PollOption),
  /** For `multiple`; null otherwise. */
  minPicks: z.nullable(z.number()),
  maxPicks: z.nullable(z.number()),
  /** For `rating`; null otherwise. */
  scale: z.nullable(RatingScale),
  resultsVisibility: ResultsVisibility,
  voters: PollVoters,
  /** Voters may change or retract their ballot until the poll closes. */
  allowChange: z.boolean(),
  /** When the poll closes by itself, or null. */
  closesAt: z.nullable(z.string()),
  /** When it closed (by hand, or when `closesAt` passed), or null while open. */
  closedAt: z.nullable(z.string()),
  /** Closed now, by the backend's clock. */
  closed: z.boolean(),
  author: Member,
  createdAt: z.string(),
  /** When its question, description, options, deadline or visibility last changed (`editPoll`), or null. */
  editedAt: z.nullable(z.string()),
  /** Where the poll sits (a post ref, a page's thread key), or null. */
  context: z.nullable(z.string()),
  /** Ballots cast; always visible, even while the results are not. */
  totalBallots: z.number(),
});
export type Poll = z.infer<typeof Poll>;

/**
 * One option's tally. `percent` is the share of ballots (not of picks) that chose it,
 * rounded half up to one decimal, so a multiple-choice poll's percentages may add up to
 * more than 100 and a single-choice poll's may miss 100 by a rounding step.
 */
export const OptionTally = z.object({ optionId: z.string(), label: z.string(), count: z.number(), percent: z.number() });
export type OptionTally = z.infer<typeof OptionTally>;

/** How a ranked round's elimination was decided when several options shared the lowest count. */
export const TieBreak = z.enum(['first_preferences', 'mentions', 'order']);
export type TieBreak = z.infer<typeof TieBreak>;

/** One round of an instant-runoff count. */
export const RankedRound = z.object({
  /** 1 for the first round. */
  round: z.number(),
  /** Each continuing option's ballots this round; `percent` of continuing ballots. */
  counts: z.array(z.object({ optionId: z.string(), count: z.number(), percent: z.number() })),
  /** Ballots still ranking a continuing option. */
  continuing: z.number(),
  /** Ballots whose every ranked option is eliminated. */
  exhausted: z.number(),
  /** The option eliminated after this round, or null when this round found the winner. */
  eliminated: z.nullable(z.string()),
  /** Set when the lowest count was shared and a tie-break chose whom to eliminate. */
  tieBreak: z.nullable(TieBreak),
});
export type RankedRound = z.infer<typeof RankedRound>;

/** One step of a rating scale and how many ballots chose it. */
export const RatingBucket = z.object({ value: z.number(), count: z.number(), percent: z.number() });
export type RatingBucket = z.infer<typeof RatingBucket>;

/** Results of a poll, by its type. */
export const PollResults = z.discriminatedUnion('type', [
  z.object({ type: z.literal('single'), totalBallots: z.number(), options: z.array(OptionTally) }),
  z.object({ type: z.literal('multiple'), totalBallots: z.number(), options: z.array(OptionTally) }),
  z.object({
    type: z.literal('ranked'),
    totalBallots: z.number(),
    /** First preferences per option. */
    options: z.array(OptionTally),
    rounds: z.array(RankedRound),
    /** The option that reached a majority of continuing ballots, or null with no ballots. */
    winner: z.nullable(z.string()),
  }),
  z.object({
    type: z.literal('rating'),
    totalBallots: z.number(),
    /** Ballots rated (equals `totalBallots`). */
    count: z.number(),
    /** Mean rating rounded to two decimals, or null with no ballots. */
    average: z.nullable(z.number()),
    /** Every step of the scale, lowest first. */
    distribution: z.array(RatingBucket),
  }),
]);
export type PollResults = z.infer<typeof PollResults>;

/** Why results are withheld from this viewer: the visibility rule that hides them. */
export const ResultsHiddenReason = z.enum(['after_vote', 'after_close', 'staff_only']);
export type ResultsHiddenReason = z.infer<typeof ResultsHiddenReason>;

/** The viewer's own ballot. */
export const ViewerBallot = z.object({
  /** Option ids; for `ranked`, most preferred first. Empty for `rating`. */
  choices: z.array(z.string()),
  rating: z.nullable(z.number()),
  votedAt: z.string(),
  updatedAt: z.string(),
});
export type ViewerBallot = z.infer<typeof ViewerBallot>;

/** A poll as one viewer sees it. */
export const PollView = z.object({
  poll: Poll,
  /** Null when the visibility rule hides them from this viewer. */
  results: z.nullable(PollResults),
  /** Why `results` is null; null when results are shown. */
  resultsHiddenReason: z.nullable(ResultsHiddenReason),
  /** The viewer's ballot, or null. */
  viewerBallot: z.nullable(ViewerBallot),
  /** Whether a vote by this viewer would be accepted now (open, allowed, first ballot or `allowChange`). */
  viewerCanVote: z.boolean(),
});
export type PollView = z.infer<typeof PollView>;

/** One voter of a public poll. */
export const PollVoter = z.object({
  voter: Member,
  choices: z.array(z.string()),
  rating: z.nullable(z.number()),
  votedAt: z.string(),
});
export type PollVoter = z.infer<typeof PollVoter>;

/** Output of `listVoters`. */
export const PollVoterPage = pageOf(PollVoter);

const PollId = z.string().check(z.minLength(1, 'Say which poll.'), z.maxLength(128));
const OptionId = z.string().check(z.minLength(1, 'Say which option.'), z.maxLength(128));
// Transport bounds only: the engine counts characters as people do (code points) against POLL_LIMITS.
const Label = z.string().check(z.trim(), z.minLength(1, 'An option needs a label.'), z.maxLength(2000, 'This option is far too long.'));
const IsoDate = z.iso.datetime({ offset: true, error: 'Use an ISO date and time, such as 2030-01-31T18:00:00Z.' });
// Trimmed here; the engine counts its characters against POLL_LIMITS.descriptionMax. Empty means none.
const Description = z.string().check(z.trim(), z.maxLength(20_000, 'The description is far too long.'));

/** Input of `createPoll`. */
export const CreatePollInput = z.object({
  question: z.string().check(z.trim(), z.minLength(1, 'Ask a question.'), z.maxLength(3000, 'The question is far too long.')),
  /** More about the question, up to 2,000 characters (Markdown source). */
  description: z.optional(z.nullable(Description)),
  type: PollType,
  /** 2–20 unique labels; required except for `rating`, which takes none. */
  options: z.optional(z.array(Label).check(z.maxLength(POLL_LIMITS.maxOptions, `A poll has at most ${POLL_LIMITS.maxOptions} options.`))),
  /** `multiple` only: fewest options a ballot picks (default 1). */
  minPicks: z.optional(z.number().check(z.int('Use a whole number.'))),
  /** `multiple` only: most options a ballot picks (default: all of them). */
  maxPicks: z.optional(z.number().check(z.int('Use a whole number.'))),
  /** `rating` only: default 1 to 5 by 1. */
  scale: z.optional(RatingScale),
  /** When the poll closes by itself; must be in the future. */
  closesAt: z.optional(z.nullable(IsoDate)),
  /** Default `always`. */
  resultsVisibility: z.optional(ResultsVisibility),
  /** Default `secret`. */
  voters: z.optional(PollVoters),
  /** Default true: voters may change or retract their ballot until the poll closes. */
  allowChange: z.optional(z.boolean()),
  context: z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(POLL_LIMITS.contextMax)))),
  idempotencyKey: IdempotencyKey,
});
export type CreatePollInput = z.input<typeof CreatePollInput>;

/** Names one poll. */
export const PollRefInput = z.object({ pollId: PollId });
export type PollRefInput = z.input<typeof PollRefInput>;

/** Input of `vote`: `choices` for single, multiple and ranked polls, `rating` for rating polls. */
export const PollVoteInput = z.object({
  pollId: PollId,
  /** `single`: exactly one option id; `multiple`: minPicks..maxPicks ids; `ranked`: 1..n ids, most preferred first. */
  choices: z.optional(z.array(OptionId).check(z.maxLength(POLL_LIMITS.maxOptions, 'More choices than a poll has options.'))),
  /** `rating`: a value on the scale. */
  rating: z.optional(z.number()),
});
export type PollVoteInput = z.input<typeof PollVoteInput>;

/** Input of `reopenPoll`. */
export const ReopenPollInput = z.object({
  pollId: PollId,
  /** A new closing time in the future, or null for none. Left out: kept if still ahead, else cleared. */
  closesAt: z.optional(z.nullable(IsoDate)),
});
export type ReopenPollInput = z.input<typeof ReopenPollInput>;

/** Input of `listVoters`. */
export const ListVotersInput = z.object({
  pollId: PollId,
  /** Only voters who chose (single, multiple) or ranked (ranked) this option. */
  optionId: z.optional(OptionId),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListVotersInput = z.input<typeof ListVotersInput>;

/** Which polls `listPolls` returns: `open` (taking ballots now), `closed`, or all of them. */
export const POLL_STATUSES = ['open', 'closed'] as const;
export const PollStatus = z.enum(POLL_STATUSES, { error: 'List open or closed polls (or leave status out for both).' });
export type PollStatus = z.infer<typeof PollStatus>;

/** Input of `listPolls`. */
export const ListPollsInput = z.object({
  /** Only open or only closed polls, by the backend's clock; both when left out. */
  status: z.optional(PollStatus),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListPollsInput = z.input<typeof ListPollsInput>;

/** Output of `listPolls`: polls newest first. */
export const PollPage = pageOf(Poll);

/** One option of an edited poll: an existing option by `id` (its label corrected or kept), or a new one without. */
export const EditPollOption = z.object({ id: z.optional(OptionId), label: Label });
export type EditPollOption = z.input<typeof EditPollOption>;

/**
 * Input of `editPoll`: only the fields given change. The type, scale, picks, voters and
 * `allowChange` stay as created, since ballots were cast under them.
 */
export const EditPollInput = z.object({
  pollId: PollId,
  question: z.optional(z.string().check(z.trim(), z.minLength(1, 'Ask a question.'), z.maxLength(3000, 'The question is far too long.'))),
  /** Empty or null removes it. */
  description: z.optional(z.nullable(Description)),
  /**
   * Every option, in the order to show them: existing ones by id, new ones without. An
   * option left out is removed, which only an option no ballot chose may be; the label of an
   * option with votes may only be corrected (case, spacing, punctuation, a typo), not replaced.
   */
  options: z.optional(z.array(EditPollOption).check(z.maxLength(POLL_LIMITS.maxOptions, `A poll has at most ${POLL_LIMITS.maxOptions} options.`))),
  /** A new deadline in the future, or null for none; an open poll only (reopen a closed one). */
  closesAt: z.optional(z.nullable(IsoDate)),
  resultsVisibility: z.optional(ResultsVisibility),
});
export type EditPollInput = z.input<typeof EditPollInput>;

/**
 * A secret poll's breakdown shows no group of fewer ballots than this: smaller groups are
 * merged into `other` (with more groups until it reaches the size), so no voter's choice can
 * be read off a group of one or two, nor worked out from the totals.
 */
export const BREAKDOWN_MIN_GROUP = 5;

/** What a breakdown splits ballots by. */
export const BreakdownDimension = z.enum(['role', 'level']);
export type BreakdownDimension = z.infer<typeof BreakdownDimension>;

/**
 * One group of voters in a breakdown: a role, a level, `guests` (by level: guests have none)
 * or `other` (small groups merged). For choice polls `options` holds per-option counts (for
 * ranked polls, first preferences), `percent` of the group's ballots; for rating polls
 * `average` and `distribution` are set and `options` is empty.
 */
export const BreakdownGroup = z.object({
  /** The role (`moderator`), the level number (`3`), `guests` or `other`. */
  key: z.string(),
  /** The role, for a role group. */
  role: z.nullable(Role),
  /** The level as the community defines it now, for a level group. */
  level: z.nullable(Level),
  /** Ballots in the group. */
  ballots: z.number(),
  /** For `other`: the keys of the groups merged into it. */
  merged: z.array(z.string()),
  options: z.array(OptionTally),
  average: z.nullable(z.number()),
  distribution: z.array(RatingBucket),
});
export type BreakdownGroup = z.infer<typeof BreakdownGroup>;

/** Output of `breakdown`: a poll's ballots by the voters' role and level as they stand now. */
export const PollBreakdown = z.object({
  pollId: z.string(),
  type: PollType,
  totalBallots: z.number(),
  /** The smallest group shown: `BREAKDOWN_MIN_GROUP` for a secret poll, 1 for a public one. */
  minGroupSize: z.number(),
  /** By role, most powerful first, then `other`. */
  byRole: z.array(BreakdownGroup),
  /** By level, lowest first, then `guests`, then `other`. */
  byLevel: z.array(BreakdownGroup),
});
export type PollBreakdown = z.infer<typeof PollBreakdown>;

/**
 * Polls: single choice, multiple choice, ranked choice (instant-runoff) and rating, with
 * result visibility rules, secret or public voters, deadlines and guest ballots.
 *
 * @example
 * const view = await adapter.polls!.createPoll(
 *   { question: 'Lunch?', type: 'single', options: ['Pizza', 'Sushi'], idempotencyKey: 'k-00000001' },
 *   { viewer: moderator },
 * );
 * await adapter.polls!.vote({ pollId: view.poll.id, choices: [view.poll.options[0]!.id] }, { viewer });
 */
export interface PollsAdapter {
  /** Creates a poll (staff: `create_poll`); the same `idempotencyKey` never creates twice. */
  createPoll(input: CreatePollInput, ctx: CallContext): Promise<PollView>;
  /** A poll, with results when the visibility rule lets this viewer see them. */
  getPoll(input: PollRefInput, ctx: CallContext): Promise<PollView>;
  /** Casts the viewer's ballot, or replaces it when the poll allows changes; `conflict` once closed. */
  vote(input: PollVoteInput, ctx: CallContext): Promise<PollView>;
  /** Withdraws the viewer's ballot (only while open, and only when the poll allows changes). */
  retractVote(input: PollRefInput, ctx: CallContext): Promise<PollView>;
  /** Closes the poll now (its author, or moderators). Closing a closed poll changes nothing. */
  closePoll(input: PollRefInput, ctx: CallContext): Promise<PollView>;
  /** Opens a closed poll again (its author, or moderators); a passed `closesAt` is replaced or cleared. */
  reopenPoll(input: ReopenPollInput, ctx: CallContext): Promise<PollView>;
  /** Who voted, in the order they first voted (public polls, for viewers who may see the results). */
  listVoters(input: ListVotersInput, ctx: CallContext): Promise<Page<PollVoter>>;
  /** The community's polls, newest first, open or closed or both (staff who review). */
  listPolls(input: ListPollsInput, ctx: CallContext): Promise<Page<Poll>>;
  /**
   * Changes a poll's question, description, options, deadline or results visibility (its
   * author or a moderator, with `create_poll`); refuses removing or replacing an option
   * that has votes. Audited as `poll.edit`.
   */
  editPoll(input: EditPollInput, ctx: CallContext): Promise<PollView>;
  /** A poll's results by voter role and level (`view_insights`); secret polls in groups of at least `BREAKDOWN_MIN_GROUP`. */
  breakdown(input: PollRefInput, ctx: CallContext): Promise<PollBreakdown>;
}

/** Realtime events of polls, on `pollChannel(pollId)`. */
export const POLL_EVENTS = [
  z.object({
    type: z.literal('poll.updated'),
    id: z.string(),
    channel: z.string(),
    pollId: z.string(),
    totalBallots: z.number(),
    closed: z.boolean(),
    /**
     * The results when everyone may see them (`always`, or a closed `after_vote` /
     * `after_close` poll); otherwise null, and a receiver calls `getPoll` for its own view.
     */
    results: z.nullable(PollResults),
  }),
] as const;
