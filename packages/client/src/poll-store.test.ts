import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { HearthError, type BackendAdapter, type CreatePollInput, type Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import { pollQueryKey, pollStore, retractVote, vote } from './poll-store.js';
import { countingSubscriptions, until } from './test-support.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const mod: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };

let key = 0;
const clients: CommunityClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** The real memory adapter, counting live realtime subscriptions. */
function counted(adapter: BackendAdapter = createMemoryAdapter()) {
  return countingSubscriptions(adapter);
}

function client(adapter: BackendAdapter, viewer: Viewer | null): CommunityClient {
  const c = createCommunityClient({ adapter, viewer, retry: 0 });
  clients.push(c);
  return c;
}

async function createPoll(adapter: BackendAdapter, input: Partial<CreatePollInput> = {}) {
  const view = await adapter.polls!.createPoll(
    { question: 'Lunch?', type: 'single', options: ['Pizza', 'Sushi'], idempotencyKey: `k-poll-${String(++key).padStart(6, '0')}`, ...input },
    { viewer: mod },
  );
  return view.poll;
}

/** Resolves with the first state (current or next) that `test` accepts. */

describe('pollStore', () => {
  it('loads the poll as the client viewer sees it, under the documented key', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter);
    const c = client(adapter, ada);
    const store = pollStore(c, poll.id);
    expect(store.getSnapshot().status).toBe('pending');
    const state = await until(store, (s) => s.status === 'success');
    expect(state.view?.poll.question).toBe('Lunch?');
    expect(state.view?.viewerCanVote).toBe(true);
    expect(state.error).toBeNull();
    expect(c.queryClient.getQueryData(pollQueryKey(poll.id, 'ada'))).toBe(state.view);
  });

  it('holds one realtime subscription per poll while observed and drops it with the last listener', async () => {
    const { adapter, live } = counted();
    const poll = await createPoll(adapter);
    const c = client(adapter, ada);
    const a = pollStore(c, poll.id);
    const b = pollStore(c, poll.id);
    expect(live()).toBe(0);
    const stopA = a.subscribe(() => {});
    const stopB = b.subscribe(() => {});
    const stopB2 = b.subscribe(() => {});
    expect(live()).toBe(1);
    stopA();
    stopB();
    expect(live()).toBe(1);
    stopB2();
    stopB2();
    expect(live()).toBe(0);
    // Observed again: joins again.
    const again = a.subscribe(() => {});
    expect(live()).toBe(1);
    again();
    expect(live()).toBe(0);
  });

  it('vote() answers with the ballot and updates the voter’s cached view at once', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter);
    const c = client(adapter, ada);
    const store = pollStore(c, poll.id);
    await until(store, (s) => s.status === 'success');
    const view = await vote(c, { pollId: poll.id, choices: [poll.options[1]!.id] });
    expect(view.viewerBallot?.choices).toEqual([poll.options[1]!.id]);
    expect(store.getSnapshot().view!.viewerBallot).toEqual(view.viewerBallot);
    const state = await until(store, (s) => s.view?.results?.type === 'single');
    expect(state.view!.results!.type === 'single' && state.view!.results!.options.map((o) => o.count)).toEqual([0, 1]);
  });

  it('another client’s vote reaches an observed store through realtime', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter);
    const reader = client(adapter, bob);
    const store = pollStore(reader, poll.id);
    await until(store, (s) => s.status === 'success');
    const stop = store.subscribe(() => {});
    await vote(client(adapter, ada), { pollId: poll.id, choices: [poll.options[0]!.id] });
    const state = await until(store, (s) => s.view?.poll.totalBallots === 1);
    expect(state.view!.results!.type === 'single' && state.view!.results!.options[0]!.count).toBe(1);
    expect(state.view!.viewerBallot).toBeNull();
    stop();
  });

  it('reloads its own view when an event withholds the results (after_vote)', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter, { resultsVisibility: 'after_vote' });
    const c = client(adapter, bob);
    const store = pollStore(c, poll.id);
    const stop = store.subscribe(() => {});
    const first = await until(store, (s) => s.status === 'success');
    expect(first.view!.results).toBeNull();
    expect(first.view!.resultsHiddenReason).toBe('after_vote');
    await vote(c, { pollId: poll.id, choices: [poll.options[0]!.id] });
    expect(store.getSnapshot().view!.results).not.toBeNull();
    // Someone else votes: the event carries no results, so Bob's store reloads his own view.
    await vote(client(adapter, ada), { pollId: poll.id, choices: [poll.options[1]!.id] });
    const state = await until(store, (s) => s.view?.poll.totalBallots === 2);
    expect(state.view!.results!.type === 'single' && state.view!.results!.options.map((o) => o.count)).toEqual([1, 1]);
    stop();
  });

  it('retractVote() withdraws the ballot', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter);
    const c = client(adapter, ada);
    await vote(c, { pollId: poll.id, choices: [poll.options[0]!.id] });
    const view = await retractVote(c, { pollId: poll.id });
    expect(view.viewerBallot).toBeNull();
    expect(view.poll.totalBallots).toBe(0);
  });

  it('a vote on a closed poll rejects with conflict and changes nothing', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter);
    await adapter.polls!.closePoll({ pollId: poll.id }, { viewer: mod });
    const c = client(adapter, ada);
    const error = await vote(c, { pollId: poll.id, choices: [poll.options[0]!.id] }).catch((e: unknown) => e);
    expect(HearthError.is(error, 'conflict')).toBe(true);
    const store = pollStore(c, poll.id);
    const state = await until(store, (s) => s.status === 'success');
    expect(state.view!.poll.totalBallots).toBe(0);
    expect(state.view!.viewerCanVote).toBe(false);
  });

  it('follows a closing poll: the closed view replaces the open one', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter, { resultsVisibility: 'after_close' });
    const c = client(adapter, ada);
    const store = pollStore(c, poll.id);
    const stop = store.subscribe(() => {});
    await until(store, (s) => s.status === 'success');
    expect(store.getSnapshot().view!.resultsHiddenReason).toBe('after_close');
    await adapter.polls!.closePoll({ pollId: poll.id }, { viewer: mod });
    const state = await until(store, (s) => !!s.view?.poll.closed);
    expect(state.view!.results).not.toBeNull();
    expect(state.view!.viewerCanVote).toBe(false);
    stop();
  });

  it('reloads as the new viewer after setViewer', async () => {
    const { adapter } = counted();
    const poll = await createPoll(adapter);
    const c = client(adapter, ada);
    await vote(c, { pollId: poll.id, choices: [poll.options[0]!.id] });
    const store = pollStore(c, poll.id);
    const stop = store.subscribe(() => {});
    await until(store, (s) => !!s.view?.viewerBallot);
    c.setViewer(bob);
    await until(store, (s) => s.status === 'success' && !s.isFetching && s.view?.viewerBallot === null);
    stop();
  });

  it('a failing load lands in error, and refetch recovers', async () => {
    const inner = createMemoryAdapter();
    const poll = await createPoll(inner);
    let fail = true;
    const polls = inner.polls!;
    const adapter = {
      ...inner,
      polls: { ...polls, getPoll: (input: never, ctx: never) => (fail ? Promise.reject(new Error('down')) : polls.getPoll(input, ctx)) },
    } as BackendAdapter;
    const c = client(adapter, ada);
    const store = pollStore(c, poll.id);
    const stop = store.subscribe(() => {});
    const failed = await until(store, (s) => s.status === 'error');
    expect(failed.error?.code).toBe('internal');
    fail = false;
    await store.refetch();
    expect(store.getSnapshot().status).toBe('success');
    stop();
  });

  it('refuses an empty poll id', () => {
    const c = client(createMemoryAdapter(), ada);
    expect(() => pollStore(c, ' ')).toThrow(/poll id/);
  });
});
