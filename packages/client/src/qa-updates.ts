// The Q&A writes and realtime merges, loaded when first needed (see `lazyModule`); qa-store.ts documents the writes.
import type { Answer, Bounty, CommunityEvent, FeedPost, QuestionDetail, SimilarQuestion, Viewer, VoteResult, VoteTally, VoteValue } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { createIdempotencyKey } from './idempotency-key.js';
import { callAdapter as load, groupOf } from './observed-query.js';
import {
  DEFAULT_QA_SPACE,
  QA_KEY,
  checkId,
  qaOf,
  questionQueryKey,
  type AcceptInput,
  type AnswerInput,
  type AnswerVoteInput,
  type AskQuestionInput,
  type BountyInput,
  type QuestionVoteInput,
} from './qa-store.js';

// Asked while a question is being typed, so it comes with the asking.
export function similarQuestions(client: CommunityClient, viewer: Viewer | null, { space, text, limit = 5 }: { space?: string; text: string; limit?: number }): Promise<SimilarQuestion[]> {
  const trimmed = text.trim();
  if (!trimmed) return Promise.resolve([]);
  return client.queryClient.fetchQuery({
    queryKey: [...QA_KEY, 'similar', space ?? null, trimmed, limit, viewer?.id ?? null],
    queryFn: ({ signal }) => load(client, () => qaOf(client).similarQuestions({ ...(space && { space }), text: trimmed, limit }, { viewer, signal })),
    staleTime: 60_000,
    retry: false,
  });
}

export async function askQuestion(client: CommunityClient, viewer: Viewer | null, { space = DEFAULT_QA_SPACE, idempotencyKey, ...rest }: AskQuestionInput): Promise<FeedPost> {
  const post = await load(client, () => {
    const feed = groupOf(client, 'feed', 'feed', 'cannot take questions');
    return feed.createPost({ space, kind: 'question', ...rest, idempotencyKey: idempotencyKey ?? createIdempotencyKey() }, { viewer });
  });
  await client.queryClient.invalidateQueries({ queryKey: [...QA_KEY, 'list', space] });
  return post;
}

export async function answerQuestion(client: CommunityClient, viewer: Viewer | null, { questionId, body, idempotencyKey }: AnswerInput): Promise<Answer> {
  const id = checkId(questionId, 'questionId');
  const answer = await load(client, () => qaOf(client).answer({ questionId: id, body, idempotencyKey: idempotencyKey ?? createIdempotencyKey() }, { viewer }));
  client.queryClient.setQueryData<QuestionDetail>(questionQueryKey(id, viewer?.id ?? null), (detail) =>
    detail && !detail.answers.some((a) => a.id === answer.id)
      ? { ...detail, answers: [...detail.answers, answer], answerCount: detail.answerCount + (answer.status === 'published' ? 1 : 0) }
      : detail,
  );
  await refresh(client, id);
  return answer;
}

export async function voteAnswer(client: CommunityClient, viewer: Viewer | null, { questionId, answerId, value }: AnswerVoteInput): Promise<VoteResult> {
  return castVote(client, viewer, checkId(questionId, 'questionId'), { type: 'answer', id: checkId(answerId, 'answerId') }, value);
}

export async function voteQuestion(client: CommunityClient, viewer: Viewer | null, { questionId, value }: QuestionVoteInput): Promise<VoteResult> {
  const id = checkId(questionId, 'questionId');
  return castVote(client, viewer, id, { type: 'post', id }, value);
}

async function castVote(client: CommunityClient, viewer: Viewer | null, questionId: string, target: { type: 'post' | 'answer'; id: string }, value: VoteValue): Promise<VoteResult> {
  const result = await load(client, () => qaOf(client).vote({ target, value }, { viewer }));
  client.queryClient.setQueryData<QuestionDetail>(questionQueryKey(questionId, viewer?.id ?? null), (detail) => detail && withTally(detail, target, result.votes));
  await refresh(client, questionId);
  return result;
}

export async function acceptAnswer(client: CommunityClient, viewer: Viewer | null, { questionId, answerId }: AcceptInput): Promise<QuestionDetail> {
  const id = checkId(questionId, 'questionId');
  const detail = await load(client, () => qaOf(client).accept({ questionId: id, answerId: checkId(answerId, 'answerId') }, { viewer }));
  client.queryClient.setQueryData(questionQueryKey(id, viewer?.id ?? null), detail);
  await refresh(client, id, true);
  return detail;
}

export async function offerBounty(client: CommunityClient, viewer: Viewer | null, { questionId, amount, idempotencyKey }: BountyInput): Promise<Bounty> {
  const id = checkId(questionId, 'questionId');
  const bounty = await load(client, () => qaOf(client).offerBounty({ questionId: id, amount, idempotencyKey: idempotencyKey ?? createIdempotencyKey() }, { viewer }));
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
export function mergeQuestion(client: CommunityClient, questionId: string, event: CommunityEvent): void {
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
