import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { HearthError, type BackendAdapter, type CreatePostInput, type Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import { createFeedPost, feedStore, reactToFeedPost, topicsStore, type FeedState, type FeedStore } from './feed-store.js';
import { countingSubscriptions, until } from './test-support.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const mod: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };

let key = 0;
const clients: CommunityClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** The real memory adapter (flood rules lifted), counting live realtime subscriptions. */
function counted() {
  // A clock that ticks per read, so posts made in one test never share a creation time.
  let now = Date.now();
  const adapter = createMemoryAdapter({ clock: () => (now += 1000), community: { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 } } });
  return countingSubscriptions(adapter);
}

function client(adapter: BackendAdapter, viewer: Viewer | null): CommunityClient {
  const c = createCommunityClient({ adapter, viewer, retry: 0 });
  clients.push(c);
  return c;
}

function post(adapter: BackendAdapter, viewer: Viewer, input: Partial<CreatePostInput> = {}) {
  return adapter.feed!.createPost({ space: 'general', body: `Post ${++key}`, idempotencyKey: `k-feed-${String(key).padStart(6, '0')}`, ...input }, { viewer });
}


const untilFeed = (store: FeedStore, test: (state: FeedState) => boolean) =>
  until(store, test, (state) => ({ ...state, posts: state.posts.map((p) => p.body) }));

describe('feedStore', () => {
  it('lists a space, pinned first, and pages on with fetchNextPage', async () => {
    const { adapter } = counted();
    for (let i = 0; i < 5; i++) await post(adapter, ada);
    const pinned = await post(adapter, ada, { body: 'Pinned' });
    await post(adapter, ada, { body: 'Newest' });
    await adapter.moderation!.act({ target: { type: 'post', id: pinned.id }, action: 'pin' }, { viewer: mod });
    const store = feedStore(client(adapter, ada), { space: 'general', pageSize: 3 });
    const first = await untilFeed(store, (s) => s.status === 'success');
    expect(first.posts.map((p) => p.body)).toEqual(['Pinned', 'Newest', 'Post 5']);
    expect(first.hasNextPage).toBe(true);
    const stop = store.subscribe(() => {});
    await store.fetchNextPage();
    await untilFeed(store, (s) => s.posts.length === 6 && !s.isFetchingNextPage);
    await store.fetchNextPage();
    const all = await untilFeed(store, (s) => !s.hasNextPage && !s.isFetching);
    expect(all.posts.map((p) => p.body)).toEqual(['Pinned', 'Newest', 'Post 5', 'Post 4', 'Post 3', 'Post 2', 'Post 1']);
    stop();
  });

  it('filters by topic (as typed, # and case ignored) and kind, and sorts', async () => {
    const { adapter } = counted();
    await post(adapter, ada, { body: 'Web', topics: ['#Web Dev'] });
    const q = await post(adapter, ada, { body: 'Q', kind: 'question', title: 'How?' });
    await post(adapter, ada, { body: 'Plain' });
    await adapter.feed!.reactToPost({ postId: q.id, emoji: '👍' }, { viewer: bob });
    const c = client(adapter, ada);
    expect((await until(feedStore(c, { topic: '#WEB dev' }), (s) => s.status === 'success')).posts.map((p) => p.body)).toEqual(['Web']);
    expect((await until(feedStore(c, { kind: 'question' }), (s) => s.status === 'success')).posts.map((p) => p.body)).toEqual(['Q']);
    expect((await until(feedStore(c, { sort: 'top' }), (s) => s.status === 'success')).posts[0]!.body).toBe('Q');
  });

  it('counts realtime arrivals from others without inserting them until showNewPosts()', async () => {
    const { adapter, live } = counted();
    await post(adapter, ada, { body: 'Old' });
    const store = feedStore(client(adapter, ada), {});
    const stop = store.subscribe(() => {});
    await untilFeed(store, (s) => s.status === 'success');
    expect(live()).toBe(1);
    await post(adapter, bob, { body: 'Fresh' });
    const waiting = await untilFeed(store, (s) => s.newPosts === 1);
    expect(waiting.posts.map((p) => p.body)).toEqual(['Old']);
    store.showNewPosts();
    const shown = store.getSnapshot();
    expect(shown.newPosts).toBe(0);
    expect(shown.posts.map((p) => p.body)).toEqual(['Fresh', 'Old']);
    stop();
    expect(live()).toBe(0);
  });

  it('an arrival that does not match the filter is no news', async () => {
    const { adapter } = counted();
    const store = feedStore(client(adapter, ada), { topic: 'news' });
    const stop = store.subscribe(() => {});
    await untilFeed(store, (s) => s.status === 'success');
    await post(adapter, bob, { body: 'Other topic', topics: ['misc'] });
    await post(adapter, bob, { body: 'News!', topics: ['News'] });
    await untilFeed(store, (s) => s.newPosts === 1);
    stop();
  });

  it('merges reactions and reply counts from others into posts already shown', async () => {
    const { adapter } = counted();
    const p = await post(adapter, ada, { body: 'Hello' });
    const store = feedStore(client(adapter, ada), {});
    const stop = store.subscribe(() => {});
    await untilFeed(store, (s) => s.status === 'success');
    await adapter.feed!.reactToPost({ postId: p.id, emoji: '👍' }, { viewer: bob });
    await untilFeed(store, (s) => s.posts[0]!.reactions['👍'] === 1);
    await adapter.createComment({ threadKey: p.threadKey, body: 'A reply', idempotencyKey: 'k-reply-000001' }, { viewer: bob });
    await untilFeed(store, (s) => s.posts[0]!.replyCount === 1);
    stop();
  });

  it('a post hidden or deleted by staff leaves the lists of those who may not read it', async () => {
    const { adapter } = counted();
    const hidden = await post(adapter, bob, { body: 'To hide' });
    const deleted = await post(adapter, bob, { body: 'To delete' });
    await post(adapter, bob, { body: 'Stays' });
    const store = feedStore(client(adapter, ada), {});
    const stop = store.subscribe(() => {});
    await untilFeed(store, (s) => s.posts.length === 3);
    await adapter.moderation!.act({ target: { type: 'post', id: hidden.id }, action: 'hide' }, { viewer: mod });
    await adapter.moderation!.act({ target: { type: 'post', id: deleted.id }, action: 'delete' }, { viewer: mod });
    const state = await untilFeed(store, (s) => s.posts.length === 1 && !s.isFetching);
    expect(state.posts.map((p) => p.body)).toEqual(['Stays']);
    stop();
  });

  it('createFeedPost puts the writer’s post on top at once, never counts it as new, and earns points', async () => {
    const { adapter } = counted();
    await post(adapter, bob, { body: 'Old' });
    const c = client(adapter, ada);
    const store = feedStore(c, {});
    const stop = store.subscribe(() => {});
    await untilFeed(store, (s) => s.status === 'success');
    const before = (await adapter.members!.getCard({ memberId: 'ada' }, { viewer: ada }).catch(() => null))?.lifetimePoints ?? 0;
    const created = await createFeedPost(c, { space: 'general', title: 'Mine', body: 'My post', topics: ['#Intro'] });
    expect(store.getSnapshot().posts[0]!.id).toBe(created.id);
    const settled = await untilFeed(store, (s) => !s.isFetching);
    expect(settled.newPosts).toBe(0);
    expect(settled.posts.map((p) => p.body)).toEqual(['My post', 'Old']);
    const card = await adapter.members!.getCard({ memberId: 'ada' }, { viewer: ada });
    expect(card.lifetimePoints).toBeGreaterThan(before);
    stop();
  });

  it('createFeedPost retried with the same key posts once, and rejects with the HearthError', async () => {
    const { adapter } = counted();
    const c = client(adapter, ada);
    const a = await createFeedPost(c, { space: 'general', body: 'Once', idempotencyKey: 'k-same-000001' });
    const b = await createFeedPost(c, { space: 'general', body: 'Once', idempotencyKey: 'k-same-000001' });
    expect(b.id).toBe(a.id);
    const error = await createFeedPost(c, { space: 'general', kind: 'announcement', body: 'Hear ye' }).catch((e: unknown) => e);
    expect(HearthError.is(error, 'forbidden')).toBe(true);
  });

  it('reactToFeedPost updates the cached post with the viewer’s reaction', async () => {
    const { adapter } = counted();
    const p = await post(adapter, bob, { body: 'React to me' });
    const c = client(adapter, ada);
    const store = feedStore(c, {});
    const stop = store.subscribe(() => {});
    await untilFeed(store, (s) => s.status === 'success');
    await reactToFeedPost(c, { postId: p.id, emoji: '👍' });
    expect(store.getSnapshot().posts[0]!.viewerReactions).toEqual(['👍']);
    expect(store.getSnapshot().posts[0]!.reactions['👍']).toBe(1);
    stop();
  });

  it('topicsStore lists topics most used first', async () => {
    const { adapter } = counted();
    await post(adapter, ada, { topics: ['web', 'css'] });
    await post(adapter, ada, { topics: ['web'] });
    const store = topicsStore(client(adapter, ada), { space: 'general' });
    const stop = store.subscribe(() => {});
    const state = await new Promise<NonNullable<ReturnType<typeof store.getSnapshot>['data']>>((resolve) => {
      const off = store.subscribe((s) => s.data && (off(), resolve(s.data)));
    });
    expect(state.map((t) => t.topic)).toEqual(['web', 'css']);
    stop();
  });
});
