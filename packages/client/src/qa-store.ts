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
  type VoteTally,
  type VoteValue,
} from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { callAdapter as load, holdChannel, ObservedQueryStore, retry, retryDelay, type LoadState, type LoadStore } from './observed-query.js';

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

function qaOf(client: CommunityClient) {
  const group = client.adapter.capabilities.qa ? client.adapter.qa : undefined;
  if (!group) throw new HearthError('unavailable', `The ${client.adapter.name} backend has no Q&A.`, { unsupported: true });
  return group;
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
    (c) => hold(c, questionChannel(id), (event) => mergeQuestion(c, id, event)),
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
        load(client, () => {
          const points = client.adapter.capabilities.gamification ? client.adapter.gamification : undefined;
          if (!points) throw new HearthError('unavailable', `The ${client.adapter.name} backend has no points.`, { unsupported: true });
          return points.getStanding({}, { viewer, signal });
        }),
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
export function similarQuestions(client: CommunityClient, { space, text, limit = 5 }: { space?: string; text: string; limit?: number }): Promise<SimilarQuestion[]> {
  const viewer = client.viewer;
  const trimmed = text.trim();
  if (!trimmed) return Promise.resolve([]);
  return client.queryClient.fetchQuery({
    queryKey: [...QA_KEY, 'similar', space ?? null, trimmed, limit, viewer?.id ?? null],
    queryFn: ({ signal }) => load(client, () => qaOf(client).similarQuestions({ ...(space && { space }), text: trimmed, limit }, { viewer, signal })),
    staleTime: 60_000,
    retry: false,
  });
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
export async function askQuestion(client: CommunityClient, { space = DEFAULT_QA_SPACE, idempotencyKey, ...rest }: AskQuestionInput): Promise<FeedPost> {
  const viewer = client.viewer;
  const key = idempotencyKey ?? (await newKey());
  const post = await load(client, () => {
    const feed = client.adapter.capabilities.feed ? client.adapter.feed : undefined;
    if (!feed) throw new HearthError('unavailable', `The ${client.adapter.name} backend cannot take questions.`, { unsupported: true });
    return feed.createPost({ space, kind: 'question', ...rest, idempotencyKey: key }, { viewer });
  });
  await client.queryClient.invalidateQueries({ queryKey: [...QA_KEY, 'list', space] });
  return post;
}

/**
 * Answers a question as the client's viewer: the answer goes into the cached question at
 * once (a held one too, which only its author sees), then the question and lists reload.
 *
 * @example
 * const answer = await answerQuestion(client, { questionId, body: 'Settings → Security.' });
 */
export async function answerQuestion(client: CommunityClient, { questionId, body, idempotencyKey }: { questionId: string; body: string; idempotencyKey?: string }): Promise<Answer> {
  const viewer = client.viewer;
  const id = checkId(questionId, 'questionId');
  const key = idempotencyKey ?? (await newKey());
  const answer = await load(client, () => qaOf(client).answer({ questionId: id, body, idempotencyKey: key }, { viewer }));
  client.queryClient.setQueryData<QuestionDetail>(questionQueryKey(id, viewer?.id ?? null), (detail) =>
    detail && !detail.answers.some((a) => a.id === answer.id)
      ? { ...detail, answers: [...detail.answers, answer], answerCount: detail.answerCount + (answer.status === 'published' ? 1 : 0) }
      : detail,
  );
  await refresh(client, id);
  return answer;
}

/**
 * Votes an answer up (1), down (-1) or back (0) as the client's viewer; the new tally goes
 * into the cached question at once. Rejects with `forbidden` on one's own answer.
 *
 * @example
 * await voteAnswer(client, { questionId, answerId, value: 1 });
 */
export async function voteAnswer(client: CommunityClient, { questionId, answerId, value }: { questionId: string; answerId: string; value: VoteValue }): Promise<VoteResult> {
  return castVote(client, checkId(questionId, 'questionId'), { type: 'answer', id: checkId(answerId, 'answerId') }, value);
}

/**
 * Votes a question up (1), down (-1) or back (0) as the client's viewer, like `voteAnswer`.
 * Rejects with `forbidden` on one's own question.
 *
 * @example
 * await voteQuestion(client, { questionId, value: -1 });
 */
export async function voteQuestion(client: CommunityClient, { questionId, value }: { questionId: string; value: VoteValue }): Promise<VoteResult> {
  const id = checkId(questionId, 'questionId');
  return castVote(client, id, { type: 'post', id }, value);
}

async function castVote(client: CommunityClient, questionId: string, target: { type: 'post' | 'answer'; id: string }, value: VoteValue): Promise<VoteResult> {
  const viewer = client.viewer;
  const result = await load(client, () => qaOf(client).vote({ target, value }, { viewer }));
  client.queryClient.setQueryData<QuestionDetail>(questionQueryKey(questionId, viewer?.id ?? null), (detail) => detail && withTally(detail, target, result.votes));
  await refresh(client, questionId);
  return result;
}

/**
 * Accepts an answer (the asker or a moderator; a later call changes it). An open bounty is
 * paid to the answer's author in time; the viewer's balance and every leaderboard reload.
 *
 * @example
 * const detail = await acceptAnswer(client, { questionId, answerId });
 */
export async function acceptAnswer(client: CommunityClient, { questionId, answerId }: { questionId: string; answerId: string }): Promise<QuestionDetail> {
  const viewer = client.viewer;
  const id = checkId(questionId, 'questionId');
  const detail = await load(client, () => qaOf(client).accept({ questionId: id, answerId: checkId(answerId, 'answerId') }, { viewer }));
  client.queryClient.setQueryData(questionQueryKey(id, viewer?.id ?? null), detail);
  await refresh(client, id, true);
  return detail;
}

/**
 * Offers a bounty of 50–500 of the asker's points on their question (escrowed at once,
 * never refunded). Rejects with `conflict` naming `amount` (with `details.balance`) when
 * the balance is short.
 *
 * @example
 * const bounty = await offerBounty(client, { questionId, amount: 100 });
 */
export async function offerBounty(client: CommunityClient, { questionId, amount, idempotencyKey }: { questionId: string; amount: number; idempotencyKey?: string }): Promise<Bounty> {
  const viewer = client.viewer;
  const id = checkId(questionId, 'questionId');
  const key = idempotencyKey ?? (await newKey());
  const bounty = await load(client, () => qaOf(client).offerBounty({ questionId: id, amount, idempotencyKey: key }, { viewer }));
  client.queryClient.setQueryData<QuestionDetail>(questionQueryKey(id, viewer?.id ?? null), (detail) => detail && { ...detail, bounty, bounties: [bounty, ...detail.bounties] });
  await refresh(client, id, true);
  return bounty;
}

/** Reloads the question (every viewer's copy), the lists, and with `points` balances and boards. */
async function refresh(client: CommunityClient, questionId: string, points = false): Promise<void> {
  const { queryClient } = client;
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: [...QA_KEY, 'question', questionId] }),
    queryClient.invalidateQueries({ queryKey: [...QA_KEY, 'list'] }),
    points && queryClient.invalidateQueries({ queryKey: [...QA_KEY, 'balance'] }),
    points && queryClient.invalidateQueries({ queryKey: ['hearth', 'leaderboard'] }),
  ]);
}

function withTally(detail: QuestionDetail, target: { type: 'post' | 'answer'; id: string }, votes: VoteTally): QuestionDetail {
  if (target.type === 'post') return target.id === detail.question.id ? { ...detail, votes } : detail;
  return { ...detail, answers: detail.answers.map((a) => (a.id === target.id ? { ...a, votes } : a)) };
}

/** Puts a question channel event into every cached copy of the question, or reloads them. */
function mergeQuestion(client: CommunityClient, questionId: string, event: CommunityEvent): void {
  if (!event.type.startsWith('qa.') || !('questionId' in event) || event.questionId !== questionId) return;
  const filters = { queryKey: [...QA_KEY, 'question', questionId] };
  if (event.type === 'qa.votes.changed') {
    // Counts are everyone's; each viewer's own vote stays as their copy has it.
    for (const [key, detail] of client.queryClient.getQueriesData<QuestionDetail>(filters)) {
      if (!detail) continue;
      const own = event.target.type === 'post' ? detail.votes : detail.answers.find((a) => a.id === event.target.id)?.votes;
      if (!own) continue;
      const votes = { ...own, up: event.up, down: event.down, score: event.up - event.down };
      client.queryClient.setQueryData(key, withTally(detail, event.target, votes));
    }
    return;
  }
  void client.queryClient.invalidateQueries(filters);
}

// The key maker comes with the client's write path; most pages never load it.
async function newKey(): Promise<string> {
  return (await import('./idempotency-key.js')).createIdempotencyKey();
}

function checkId(id: string, field: string): string {
  const trimmed = id?.trim();
  if (!trimmed || trimmed.length > 128) throw HearthError.validation(field, 'An id is 1 to 128 characters.');
  return trimmed;
}
