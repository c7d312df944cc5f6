import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import type { BackendAdapter, SubmitFeedbackInput, Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import {
  FEEDBACK_KEY,
  feedbackListStore,
  myFeedbackStore,
  roadmapStore,
  similarFeedback,
  submitFeedback,
  voteFeedback,
} from './feedback-store.js';
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
function counted(adapter: BackendAdapter = createMemoryAdapter({ community: { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 } } })) {
  return countingSubscriptions(adapter);
}

function client(adapter: BackendAdapter, viewer: Viewer | null): CommunityClient {
  const c = createCommunityClient({ adapter, viewer, retry: 0 });
  clients.push(c);
  return c;
}

function submit(adapter: BackendAdapter, viewer: Viewer, input: Partial<SubmitFeedbackInput> = {}) {
  return adapter.feedback!.submitFeedback(
    { kind: 'idea', body: 'Please add a dark theme.', idempotencyKey: `k-fb-${String(++key).padStart(8, '0')}`, ...input },
    { viewer },
  );
}

/** Resolves with the first state (current or next) that `test` accepts. */

describe('feedbackListStore', () => {
  it('loads the board sorted by votes under the documented key, filtered by status', async () => {
    const { adapter } = counted();
    const a = await submit(adapter, ada, { body: 'First idea' });
    const b = await submit(adapter, ada, { body: 'Second idea' });
    await adapter.feedback!.voteFeedback({ feedbackId: b.id, active: true }, { viewer: bob });
    await adapter.feedback!.setFeedbackStatus({ feedbackId: a.id, status: 'planned' }, { viewer: mod });
    const c = client(adapter, bob);
    const all = await until(feedbackListStore(c), (s) => s.status === 'success');
    expect(all.data!.items.map((i) => i.body)).toEqual(['Second idea', 'First idea']);
    expect(all.data!.items[0]!.viewerVoted).toBe(true);
    expect(c.queryClient.getQueryData([...FEEDBACK_KEY, 'list', 'feedback', null, null, 'votes', 20, 'bob'])).toBe(all.data);
    const planned = await until(feedbackListStore(c, { status: ['planned'] }), (s) => s.status === 'success');
    expect(planned.data!.items.map((i) => i.body)).toEqual(['First idea']);
    const newest = await until(feedbackListStore(c, { sort: 'new' }), (s) => s.status === 'success');
    expect(newest.data!.items.map((i) => i.body)).toEqual(['Second idea', 'First idea']);
  });

  it('holds one realtime subscription per board while observed and drops it with the last listener', async () => {
    const { adapter, live } = counted();
    const c = client(adapter, ada);
    const list = feedbackListStore(c);
    const roadmap = roadmapStore(c);
    const mine = myFeedbackStore(c);
    expect(live()).toBe(0);
    const stops = [list.subscribe(() => {}), roadmap.subscribe(() => {}), mine.subscribe(() => {})];
    expect(live()).toBe(1);
    const other = feedbackListStore(c, { space: 'ideas' }).subscribe(() => {});
    expect(live()).toBe(2);
    other();
    for (const stop of stops) stop();
    expect(live()).toBe(0);
  });

  it('another member’s status change reaches an observed board through realtime', async () => {
    const { adapter } = counted();
    const item = await submit(adapter, ada);
    const c = client(adapter, bob);
    const store = feedbackListStore(c);
    const stop = store.subscribe(() => {});
    await until(store, (s) => s.status === 'success');
    await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'in_progress', reply: 'On it.' }, { viewer: mod });
    const state = await until(store, (s) => s.data?.items[0]?.status === 'in_progress');
    expect(state.data!.items[0]!.officialReply?.body).toBe('On it.');
    stop();
  });
});

describe('voteFeedback', () => {
  it('updates the voter’s cached board at once and the count stays after the reload', async () => {
    const { adapter } = counted();
    const item = await submit(adapter, ada);
    const c = client(adapter, bob);
    const store = feedbackListStore(c);
    const stop = store.subscribe(() => {});
    await until(store, (s) => s.status === 'success');
    const voted = await voteFeedback(c, { feedbackId: item.id, active: true });
    expect(voted).toMatchObject({ voteCount: 1, viewerVoted: true });
    expect(store.getSnapshot().data!.items[0]).toMatchObject({ voteCount: 1, viewerVoted: true });
    await until(store, (s) => !s.isFetching);
    expect(store.getSnapshot().data!.items[0]).toMatchObject({ voteCount: 1, viewerVoted: true });
    await voteFeedback(c, { feedbackId: item.id, active: false });
    expect(store.getSnapshot().data!.items[0]).toMatchObject({ voteCount: 0, viewerVoted: false });
    stop();
  });

  it('rejects a vote on one’s own item with a HearthError', async () => {
    const { adapter } = counted();
    const item = await submit(adapter, ada);
    await expect(voteFeedback(client(adapter, ada), { feedbackId: item.id, active: true })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('roadmapStore', () => {
  it('groups published items into the four roadmap columns', async () => {
    const { adapter } = counted();
    const a = await submit(adapter, ada, { body: 'Planned one' });
    const b = await submit(adapter, ada, { body: 'Shipped one' });
    await submit(adapter, ada, { body: 'Still open' });
    await adapter.feedback!.setFeedbackStatus({ feedbackId: a.id, status: 'planned' }, { viewer: mod });
    await adapter.feedback!.setFeedbackStatus({ feedbackId: b.id, status: 'done' }, { viewer: mod });
    const state = await until(roadmapStore(client(adapter, null)), (s) => s.status === 'success');
    expect(state.data!.columns.map((c) => [c.status, c.items.map((i) => i.body)])).toEqual([
      ['under_review', []],
      ['planned', ['Planned one']],
      ['in_progress', []],
      ['done', ['Shipped one']],
    ]);
  });
});

describe('submitFeedback and myFeedbackStore', () => {
  it('puts the new item at the top of my feedback at once, with a key made for it', async () => {
    const { adapter } = counted();
    const c = client(adapter, ada);
    const mine = myFeedbackStore(c);
    const stop = mine.subscribe(() => {});
    await until(mine, (s) => s.status === 'success');
    expect(mine.getSnapshot().data!.items).toEqual([]);
    const item = await submitFeedback(c, { kind: 'bug', body: 'Login fails', pageUrl: 'https://shop.example/cart', pageTitle: 'Cart' });
    expect(item).toMatchObject({ kind: 'bug', pageUrl: 'https://shop.example/cart', pageTitle: 'Cart', status: 'open' });
    expect(mine.getSnapshot().data!.items.map((i) => i.id)).toEqual([item.id]);
    stop();
  });

  it('never creates twice for one idempotency key', async () => {
    const { adapter } = counted();
    const c = client(adapter, ada);
    const input = { kind: 'idea' as const, body: 'Once only', idempotencyKey: 'k-fb-same-key-01' };
    const first = await submitFeedback(c, input);
    const again = await submitFeedback(c, input);
    expect(again.id).toBe(first.id);
    const page = await adapter.feedback!.myFeedback({}, { viewer: ada });
    expect(page.items).toHaveLength(1);
  });

  it('shows a moderator’s status change and official reply live, with the history', async () => {
    const { adapter } = counted();
    const c = client(adapter, ada);
    const item = await submitFeedback(c, { kind: 'idea', body: 'Dark mode' });
    const mine = myFeedbackStore(c);
    const stop = mine.subscribe(() => {});
    await until(mine, (s) => s.status === 'success');
    await adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Coming in May.' }, { viewer: mod });
    const state = await until(mine, (s) => s.data?.items[0]?.history.length === 1);
    expect(state.data!.items[0]).toMatchObject({ status: 'planned', officialReply: { body: 'Coming in May.' } });
    expect(state.data!.items[0]!.history[0]).toMatchObject({ from: 'open', to: 'planned', reply: 'Coming in May.' });
    stop();
  });

  it('stays pending signed out, asking the backend nothing', async () => {
    const { adapter } = counted();
    let asked = 0;
    const spy = new Proxy(adapter, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'feedback') return value;
        const group = value as NonNullable<BackendAdapter['feedback']>;
        return { ...group, myFeedback: (input: never, ctx: never) => (asked++, group.myFeedback(input, ctx)) };
      },
    });
    const mine = myFeedbackStore(client(spy, null));
    const stop = mine.subscribe(() => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(mine.getSnapshot().status).toBe('pending');
    expect(asked).toBe(0);
    stop();
  });
});

describe('similarFeedback', () => {
  it('suggests alike items, and nothing for empty text', async () => {
    const { adapter } = counted();
    await submit(adapter, bob, { title: 'Dark mode', body: 'Please add a dark theme to the app.' });
    const c = client(adapter, ada);
    const similar = await similarFeedback(c, 'dark theme for the app');
    expect(similar.map((s) => s.feedback.title)).toEqual(['Dark mode']);
    expect(await similarFeedback(c, '   ')).toEqual([]);
  });
});
