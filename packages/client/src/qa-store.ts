import {
  HearthError,
  questionChannel,
  spaceChannel,
  type Answer,
  type Bounty,
  type CommunityEvent,
  type FeedPost,
  type Page,
  type PointsStanding,
  type QuestionDetail,
  type QuestionFilter,
  type QuestionSummary,
  type SimilarQuestion,
  type VoteResult,
  type VoteValue,
} from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { lazyModule } from './lazy-module.js';
import { callAdapter as load, groupOf, holdChannel, ObservedQueryStore, retry, retryDelay, type LoadState, type LoadStore } from './observed-query.js';

/** The prefix of every Q&A query; invalidating it refreshes every list and question. */
export const QA_KEY = ['hearth', 'qa'] as const;

/** The built-in Q&A space. */
export const DEFAULT_QA_SPACE = 'qa';

/** Options for `questionListStore`. */
export interface QuestionListOptions {
  /** The space (default `qa`). */
  space?: string;
  /** `new` (default), `unanswered`, `top` or `bounty`. */
  filter?: QuestionFilter;
  /** How many questions, 1 to 100 (default 20). */
  limit?: number;
}

/** A question list as a store holds it. */
export type QuestionListState = LoadState<Page<QuestionSummary>>;
/** One question with its answers as a store holds it. */
export type QuestionState = LoadState<QuestionDetail>;

const STALE_TIME = 30_000;

/** Cache key of one list: `['hearth', 'qa', 'list', space, filter, limit, viewerId]`. */
export function questionListQueryKey(space: string, filter: QuestionFilter, limit: number, viewerId: string | null): readonly unknown[] {
  return [...QA_KEY, 'list', space, filter, limit, viewerId];
}

/** Cache key of one question as a viewer sees it: `['hearth', 'qa', 'question', id, viewerId]`. */
export function questionQueryKey(questionId: string, viewerId: string | null): readonly unknown[] {
  return [...QA_KEY, 'question', questionId, viewerId];
}

/** The adapter's Q&A, or an `unavailable` error naming the adapter. */
export function qaOf(client: CommunityClient) {
  return groupOf(client, 'qa', 'qa', 'has no Q&A');
}

// One handler per client and channel, however many stores follow it: the first store's.
const hold = (client: CommunityClient, channel: string, on: (event: CommunityEvent) => void): (() => void) => holdChannel(client, channel, on, 'qa');

/**
 * A live list of a space's questions by `filter`, one page of `limit`. While observed it
 * follows `spaceChannel(space)` and reloads when a question there is created or changes
 * (answers, votes, acceptance and bounties all move the question's feed post).
 *
 * @example
 * const list = questionListStore(client, { space: 'qa', filter: 'unanswered' });
 * const stop = list.subscribe(({ data }) => data && render(data.items));
 */
export function questionListStore(client: CommunityClient, { space = DEFAULT_QA_SPACE, filter = 'new', limit }: QuestionListOptions = {}): LoadStore<Page<QuestionSummary>> {
  const top = Number.isFinite(limit) ? Math.min(100, Math.max(1, Math.round(limit!))) : 20;
  return new ObservedQueryStore<Page<QuestionSummary>>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: questionListQueryKey(space, filter, top, viewer?.id ?? null),
        queryFn: ({ signal }) => load(client, () => qaOf(client).listQuestions({ space, filter, limit: top }, { viewer, signal })),
        staleTime: STALE_TIME,
        retry,
        retryDelay,
        // Another filter or a longer page: keep the old rows up while the new ones load.
        placeholderData: (previous) => previous,
      };
    },
    (c) =>
      hold(c, spaceChannel(space), (event) => {
        if ((event.type === 'feed.post.created' || event.type === 'feed.post.updated') && event.post.kind === 'question') {
          void c.queryClient.invalidateQueries({ queryKey: [...QA_KEY, 'list', space] });
        }
      }),
  );
}

/**
 * One question with its answers (accepted first, then by votes), its votes and bounty, live:
 * while observed it follows `questionChannel(questionId)`. Vote counts are merged straight
 * in (the viewer's own vote kept); new answers, acceptance, bounties and closing reload it.
 *
 * @example
 * const question = questionStore(client, 'post_1');
 * question.subscribe(({ data }) => data && render(data.question, data.answers));
 */
export function questionStore(client: CommunityClient, questionId: string): LoadStore<QuestionDetail> {
  const id = checkId(questionId, 'questionId');
  return new ObservedQueryStore<QuestionDetail>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: questionQueryKey(id, viewer?.id ?? null),
        queryFn: ({ signal }) => load(client, () => qaOf(client).getQuestion({ questionId: id }, { viewer, signal })),
        staleTime: STALE_TIME,
        retry,
        retryDelay,
      };
    },
    (c) => hold(c, questionChannel(id), updates.on((m, event) => m.mergeQuestion(c, id, event))),
  );
}

/**
 * The viewer's points balance (what a bounty is paid from), reloaded after each Q&A write
 * that moves points. Signed out it stays pending. Key: `['hearth', 'qa', 'balance', viewerId]`.
 *
 * @example
 * bountyBalanceStore(client).subscribe(({ data }) => data && show(data.balance));
 */
export function bountyBalanceStore(client: CommunityClient): LoadStore<PointsStanding> {
  return new ObservedQueryStore<PointsStanding>(client, () => {
    const viewer = client.viewer;
    return {
      queryKey: [...QA_KEY, 'balance', viewer?.id ?? null],
      queryFn: ({ signal }) =>
        load(client, () => groupOf(client, 'gamification', 'gamification', 'has no points').getStanding({}, { viewer, signal })),
      enabled: !!viewer,
      staleTime: STALE_TIME,
      retry,
      retryDelay,
    };
  });
}

/**
 * Questions like `text` (a title being typed), best first; works for Chinese. Answers for
 * the same text come from the cache for a minute.
 *
 * @example
 * const similar = await similarQuestions(client, { space: 'qa', text: '如何重置密码' });
 */
export function similarQuestions(client: CommunityClient, input: { space?: string; text: string; limit?: number }): Promise<SimilarQuestion[]> {
  return updates.call(client, 'similarQuestions', input);
}

/** What `askQuestion` takes. */
export interface AskQuestionInput {
  /** The space (default `qa`). */
  space?: string;
  title: string;
  /** Markdown. */
  body: string;
  topics?: string[];
  /** Made here unless given; the same key never asks twice. */
  idempotencyKey?: string;
}

/**
 * Asks a question (a feed post of kind `question`) as the client's viewer and refreshes
 * that space's lists. Rejects with the HearthError (`validation` naming `title` or `body`, ...).
 *
 * @example
 * const question = await askQuestion(client, { title: 'How do I reset my password?', body: 'I lost my phone.' });
 */
export function askQuestion(client: CommunityClient, input: AskQuestionInput): Promise<FeedPost> {
  return updates.call(client, 'askQuestion', input);
}

/** What `answerQuestion` takes. */
export interface AnswerInput {
  /** The question answered. */
  questionId: string;
  /** Markdown. */
  body: string;
  /** Made here unless given; the same key never answers twice. */
  idempotencyKey?: string;
}

/** What `voteAnswer` takes. */
export interface AnswerVoteInput {
  /** The question the answer belongs to. */
  questionId: string;
  /** The answer voted on. */
  answerId: string;
  /** Up (1), down (-1) or back (0). */
  value: VoteValue;
}

/** What `voteQuestion` takes. */
export interface QuestionVoteInput {
  /** The question voted on. */
  questionId: string;
  /** Up (1), down (-1) or back (0). */
  value: VoteValue;
}

/** What `acceptAnswer` takes. */
export interface AcceptInput {
  /** The question. */
  questionId: string;
  /** The answer accepted. */
  answerId: string;
}

/** What `offerBounty` takes. */
export interface BountyInput {
  /** The question. */
  questionId: string;
  /** Points, 50 to 500. */
  amount: number;
  /** Made here unless given; the same key never offers twice. */
  idempotencyKey?: string;
}

/**
 * Answers a question as the client's viewer: the answer goes into the cached question at
 * once (a held one too, which only its author sees), then the question and lists reload.
 *
 * @example
 * const answer = await answerQuestion(client, { questionId, body: 'Settings → Security.' });
 */
export function answerQuestion(client: CommunityClient, input: AnswerInput): Promise<Answer> {
  return updates.call(client, 'answerQuestion', input);
}

/**
 * Votes an answer up (1), down (-1) or back (0) as the client's viewer; the new tally goes
 * into the cached question at once. Rejects with `forbidden` on one's own answer.
 *
 * @example
 * await voteAnswer(client, { questionId, answerId, value: 1 });
 */
export function voteAnswer(client: CommunityClient, input: AnswerVoteInput): Promise<VoteResult> {
  return updates.call(client, 'voteAnswer', input);
}

/**
 * Votes a question up (1), down (-1) or back (0) as the client's viewer, like `voteAnswer`.
 * Rejects with `forbidden` on one's own question.
 *
 * @example
 * await voteQuestion(client, { questionId, value: -1 });
 */
export function voteQuestion(client: CommunityClient, input: QuestionVoteInput): Promise<VoteResult> {
  return updates.call(client, 'voteQuestion', input);
}

/**
 * Accepts an answer (the asker or a moderator; a later call changes it). An open bounty is
 * paid to the answer's author in time; the viewer's balance and every leaderboard reload.
 *
 * @example
 * const detail = await acceptAnswer(client, { questionId, answerId });
 */
export function acceptAnswer(client: CommunityClient, input: AcceptInput): Promise<QuestionDetail> {
  return updates.call(client, 'acceptAnswer', input);
}

/**
 * Offers a bounty of 50–500 of the asker's points on their question (escrowed at once,
 * never refunded). Rejects with `conflict` naming `amount` (with `details.balance`) when
 * the balance is short.
 *
 * @example
 * const bounty = await offerBounty(client, { questionId, amount: 100 });
 */
export function offerBounty(client: CommunityClient, input: BountyInput): Promise<Bounty> {
  return updates.call(client, 'offerBounty', input);
}

/** The writes and realtime merges, loaded on the first one. */
const updates = lazyModule(() => import('./qa-updates.js'));

/** The trimmed id; a `validation` error naming `field` when it cannot be one. */
export function checkId(id: string, field: string): string {
  const trimmed = id?.trim();
  if (!trimmed || trimmed.length > 128) throw HearthError.validation(field, 'An id is 1 to 128 characters.');
  return trimmed;
}
