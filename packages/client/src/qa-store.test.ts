import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { HearthError, type BackendAdapter, type Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import {
  acceptAnswer,
  answerQuestion,
  askQuestion,
  bountyBalanceStore,
  offerBounty,
  questionListStore,
  questionQueryKey,
  questionStore,
  similarQuestions,
  voteAnswer,
  voteQuestion,
} from './qa-store.js';
import { countingSubscriptions, until } from './test-support.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const cy: Viewer = { id: 'cy', displayName: 'Cy' };
const owner: Viewer = { id: 'olga', displayName: 'Olga', role: 'owner' };

const clients: CommunityClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

/** The memory adapter (flood rules lifted, a strictly rising clock), counting live realtime subscriptions. */
function counted() {
  // A clock that never reads the same millisecond twice, so "newest first" has one answer.
  let last = 0;
  const adapter = createMemoryAdapter({ clock: () => (last = Math.max(Date.now(), last + 1)), community: { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 } } });
  return countingSubscriptions(adapter);
}

function client(adapter: BackendAdapter, viewer: Viewer | null): CommunityClient {
  const c = createCommunityClient({ adapter, viewer, retry: 0 });
  clients.push(c);
  return c;
}


async function give(adapter: BackendAdapter, memberId: string, delta: number) {
  await adapter.gamification!.adjustPoints({ memberId, delta, reason: 'Seed', idempotencyKey: `seed-${crypto.randomUUID()}` }, { viewer: owner });
}

describe('qa store', () => {
  it('askQuestion puts a question in the space, and an observed list follows it', async () => {
    const { adapter } = counted();
    const c = client(adapter, ada);
    const list = questionListStore(c, { filter: 'new' });
    const stop = list.subscribe(() => {});
    await until(list, (s) => s.status === 'success');
    expect(list.getSnapshot().data!.items).toHaveLength(0);
    // Asked through another client: reaches this list through realtime.
    const q = await askQuestion(client(adapter, bob), { title: 'How do I reset my password?', body: 'Lost my phone.' });
    expect(q.kind).toBe('question');
    const state = await until(list, (s) => s.data?.items.length === 1);
    expect(state.data!.items[0]!.question.id).toBe(q.id);
    stop();
  });

  it('filters: unanswered leaves out answered questions, bounty holds only open bounties', async () => {
    const { adapter } = counted();
    const asker = client(adapter, ada);
    const answered = await askQuestion(asker, { title: 'Answered one', body: 'Body' });
    const open = await askQuestion(asker, { title: 'Still open', body: 'Body' });
    await answerQuestion(client(adapter, bob), { questionId: answered.id, body: 'Here you go.' });
    await give(adapter, 'ada', 200);
    await offerBounty(asker, { questionId: open.id, amount: 100 });
    const titles = async (filter: 'unanswered' | 'bounty' | 'new') => {
      const state = await until(questionListStore(asker, { filter }), (s) => s.status === 'success' && !s.isFetching);
      return state.data!.items.map((i) => i.question.title);
    };
    expect(await titles('unanswered')).toEqual(['Still open']);
    expect(await titles('bounty')).toEqual(['Still open']);
    expect(await titles('new')).toEqual(['Still open', 'Answered one']);
  });

  it('a question store holds one subscription while observed and follows answers and votes from others', async () => {
    const { adapter, live } = counted();
    const q = await askQuestion(client(adapter, ada), { title: 'Which plan?', body: 'Body' });
    const reader = client(adapter, cy);
    const a = questionStore(reader, q.id);
    const b = questionStore(reader, q.id);
    const stopA = a.subscribe(() => {});
    const stopB = b.subscribe(() => {});
    expect(live()).toBe(1);
    await until(a, (s) => s.status === 'success');
    const answer = await answerQuestion(client(adapter, bob), { questionId: q.id, body: 'The yearly one.' });
    await until(a, (s) => s.data?.answers.length === 1);
    await voteAnswer(client(adapter, ada), { questionId: q.id, answerId: answer.id, value: 1 });
    const state = await until(a, (s) => s.data?.answers[0]?.votes.up === 1);
    expect(state.data!.answers[0]!.votes.viewerVote).toBe(0);
    stopA();
    expect(live()).toBe(1);
    stopB();
    expect(live()).toBe(0);
  });

  it('voteAnswer and voteQuestion update the voter’s cached question at once; one’s own is refused', async () => {
    const { adapter } = counted();
    const q = await askQuestion(client(adapter, ada), { title: 'Vote me', body: 'Body' });
    const answer = await answerQuestion(client(adapter, bob), { questionId: q.id, body: 'Answer' });
    const voter = client(adapter, cy);
    const store = questionStore(voter, q.id);
    await until(store, (s) => s.status === 'success');
    await voteAnswer(voter, { questionId: q.id, answerId: answer.id, value: -1 });
    const cached = voter.queryClient.getQueryData<{ answers: Array<{ votes: { down: number; viewerVote: number } }> }>(questionQueryKey(q.id, 'cy'));
    expect(cached!.answers[0]!.votes).toMatchObject({ down: 1, viewerVote: -1 });
    const result = await voteQuestion(voter, { questionId: q.id, value: 1 });
    expect(result.votes).toMatchObject({ up: 1, score: 1, viewerVote: 1 });
    const own = await voteAnswer(client(adapter, bob), { questionId: q.id, answerId: answer.id, value: 1 }).catch((e: unknown) => e);
    expect(HearthError.is(own, 'forbidden')).toBe(true);
    expect((own as HearthError).message).toMatch(/own answer/);
  });

  it('acceptAnswer pays an open bounty to the answerer, puts the accepted answer first, and can change', async () => {
    const { adapter } = counted();
    const asker = client(adapter, ada);
    const q = await askQuestion(asker, { title: 'Bounty question', body: 'Body' });
    await give(adapter, 'ada', 300);
    const balance = bountyBalanceStore(asker);
    const stop = balance.subscribe(() => {});
    const before = (await until(balance, (s) => s.status === 'success')).data!.balance;
    await offerBounty(asker, { questionId: q.id, amount: 100 });
    await until(balance, (s) => s.data?.balance === before - 100);
    const first = await answerQuestion(client(adapter, bob), { questionId: q.id, body: 'First' });
    const second = await answerQuestion(client(adapter, cy), { questionId: q.id, body: 'Second' });
    const cyBefore = (await adapter.gamification!.getStanding({ memberId: 'cy' }, { viewer: owner })).balance;
    const detail = await acceptAnswer(asker, { questionId: q.id, answerId: second.id });
    expect(detail.answers[0]!.id).toBe(second.id);
    expect(detail.bounty).toMatchObject({ status: 'paid', paidTo: 'cy', paidAmount: 100 });
    const cyAfter = (await adapter.gamification!.getStanding({ memberId: 'cy' }, { viewer: owner })).balance;
    expect(cyAfter - cyBefore).toBeGreaterThanOrEqual(100);
    const changed = await acceptAnswer(asker, { questionId: q.id, answerId: first.id });
    expect(changed.acceptedAnswerId).toBe(first.id);
    expect(changed.bounty?.paidTo).toBe('cy');
    stop();
  });

  it('offerBounty beyond the balance rejects with conflict naming the balance', async () => {
    const { adapter } = counted();
    const asker = client(adapter, ada);
    const q = await askQuestion(asker, { title: 'Poor asker', body: 'Body' });
    const error = await offerBounty(asker, { questionId: q.id, amount: 500 }).catch((e: unknown) => e);
    expect(HearthError.is(error, 'conflict')).toBe(true);
    expect(typeof (error as HearthError).details?.balance).toBe('number');
  });

  it('similarQuestions finds Chinese questions by their characters', async () => {
    const { adapter } = counted();
    const c = client(adapter, ada);
    await askQuestion(c, { title: '忘记密码怎么重置', body: '手机丢了' });
    await askQuestion(c, { title: 'Shipping to Canada', body: 'How long?' });
    const found = await similarQuestions(c, { space: 'qa', text: '如何重置密码' });
    expect(found.map((s) => s.question.title)).toEqual(['忘记密码怎么重置']);
    expect(await similarQuestions(c, { text: '  ' })).toEqual([]);
  });

  it('a failing list lands in error and refetch recovers', async () => {
    const inner = createMemoryAdapter();
    let fail = true;
    const qa = inner.qa!;
    const adapter = { ...inner, qa: { ...qa, listQuestions: (i: never, ctx: never) => (fail ? Promise.reject(new Error('down')) : qa.listQuestions(i, ctx)) } } as BackendAdapter;
    const list = questionListStore(client(adapter, ada));
    const stop = list.subscribe(() => {});
    expect((await until(list, (s) => s.status === 'error')).error?.code).toBe('internal');
    fail = false;
    await list.refetch();
    expect(list.getSnapshot().status).toBe('success');
    stop();
  });

  it('refuses an empty question id', () => {
    const c = client(createMemoryAdapter(), ada);
    expect(() => questionStore(c, ' ')).toThrow(/id/);
  });
});
