import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { HearthError, threadChannel, type BackendAdapter, type CallContext, type CommunityEvent, type Post, type Viewer } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import type { CommentNode, ReadableStore, ThreadState, ThreadStore } from './types.js';

const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const mod: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };

type Method = Exclude<keyof BackendAdapter, 'name' | 'capabilities' | 'subscribe' | 'close'>;
type Rule = (args: unknown[], through: () => Promise<unknown>) => Promise<unknown>;

/**
 * The real memory adapter behind a thin "network" that counts calls, counts realtime
 * listeners, and lets a test break or stall chosen calls. The client is never mocked.
 */
// The client's tests write many comments within one minute; the flood rules are the engine's to test.
const BURSTS = { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 } };

function network(adapter: BackendAdapter = createMemoryAdapter({ community: BURSTS })) {
  const calls = new Map<string, unknown[][]>();
  const rules = new Map<string, Rule[]>();
  let listeners = 0;
  const proxy = new Proxy(adapter, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'subscribe') {
        return (channel: string, listener: Parameters<BackendAdapter['subscribe']>[1]) => {
          const off = target.subscribe(channel, listener);
          listeners++;
          let on = true;
          return () => {
            if (on) listeners--;
            on = false;
            off();
          };
        };
      }
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'close') return value;
      return (...args: unknown[]) => {
        calls.set(prop, [...(calls.get(prop) ?? []), args]);
        const through = () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        const rule = rules.get(prop)?.shift();
        return rule ? rule(args, through) : through();
      };
    },
  });
  return {
    adapter: proxy,
    real: adapter,
    calls: (method: Method) => calls.get(method) ?? [],
    listeners: () => listeners,
    /** The next call of `method` runs `rule` instead of going straight through. */
    next(method: Method, rule: Rule) {
      rules.set(method, [...(rules.get(method) ?? []), rule]);
    },
  };
}

/** A promise a test resolves by hand, to hold a call "on the wire". */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const clients: CommunityClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function client(adapter: BackendAdapter, viewer: Viewer | null = ada, retry = 0) {
  const c = createCommunityClient({ adapter, viewer, retry, retryDelay: () => 0 });
  clients.push(c);
  return c;
}

/** Resolves with the first value that satisfies `predicate`, now or later. */
function until<T>(store: ReadableStore<T>, predicate: (state: T) => boolean): Promise<T> {
  const now = store.getSnapshot();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    let done = false;
    const stop = store.subscribe((state) => {
      if (done || !predicate(state)) return;
      done = true;
      queueMicrotask(() => stop());
      resolve(state);
    });
  });
}

const loaded = (store: ThreadStore) => until(store, (s) => s.status === 'success' && !s.isFetching);
const bodies = (nodes: CommentNode[]) => nodes.map((n) => n.post.body);
const find = (state: ThreadState, body: string) => flatten(state.comments).filter((n) => n.post.body === body);
const flatten = (nodes: CommentNode[]): CommentNode[] => nodes.flatMap((n) => [n, ...flatten(n.replies)]);

let keys = 0;
async function seed(adapter: BackendAdapter, threadKey: string, body: string, as: Viewer = bob, parentId: string | null = null): Promise<Post> {
  return adapter.createComment({ threadKey, body, parentId, idempotencyKey: `seed-key-${++keys}` }, { viewer: as });
}

describe('reading a thread', () => {
  it('loads pages of top-level comments with replies nested oldest first', async () => {
    const net = network();
    const first = await seed(net.real, '/t', 'one');
    for (const body of ['two', 'three', 'four', 'five']) await seed(net.real, '/t', body);
    await seed(net.real, '/t', 'reply b', ada, first.id);
    await seed(net.real, '/t', 'reply a', bob, first.id);

    const store = client(net.adapter).thread('/t', { pageSize: 2 });
    let state = await loaded(store);
    expect(bodies(state.comments)).toEqual(['one', 'two']);
    expect(bodies(state.comments[0]!.replies)).toEqual(['reply b', 'reply a']);
    expect(state.thread?.commentCount).toBe(7);
    expect(state.hasNextPage).toBe(true);

    await store.fetchNextPage();
    await store.fetchNextPage();
    state = store.getSnapshot();
    expect(bodies(state.comments)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(state.hasNextPage).toBe(false);
    expect(net.calls('listComments')).toHaveLength(3);
  });

  it('shares one request between stores for the same thread and sort', async () => {
    const net = network();
    await seed(net.real, '/t', 'hello');
    const c = client(net.adapter);
    const a = c.thread('/t', { sort: 'newest' });
    const b = c.thread(' /t ', { sort: 'newest' });
    const [sa, sb] = await Promise.all([loaded(a), loaded(b)]);
    expect(bodies(sa.comments)).toEqual(['hello']);
    expect(sb.comments).toEqual(sa.comments);
    expect(net.calls('listComments')).toHaveLength(1);

    await loaded(c.thread('/t', { sort: 'oldest' }));
    expect(net.calls('listComments')).toHaveLength(2);
  });

  it('passes the viewer and an abort signal to the adapter', async () => {
    const net = network();
    await loaded(client(net.adapter).thread('/t'));
    const ctx = net.calls('listComments')[0]![1] as CallContext;
    expect(ctx.viewer).toEqual(ada);
    expect(ctx.signal).toBeInstanceOf(AbortSignal);
  });

  it('reports a load failure as a HearthError, wrapping foreign errors', async () => {
    const net = network();
    net.next('listComments', async () => {
      throw new Error('socket hang up');
    });
    const state = await until(client(net.adapter).thread('/t'), (s) => s.status === 'error');
    expect(HearthError.is(state.error, 'internal')).toBe(true);
    expect(state.error?.message).toContain('memory');
    expect(state.error?.message).toContain('socket hang up');
  });

  it('rejects a bad thread key or page size with a validation error', () => {
    const c = client(network().adapter);
    expect(() => c.thread('  ')).toThrow(expect.objectContaining({ code: 'validation', field: 'threadKey' }));
    expect(() => c.thread('/t', { pageSize: 0 })).toThrow(expect.objectContaining({ field: 'pageSize' }));
  });
});

describe('creating a comment', () => {
  it('shows the comment in every cached sort before the adapter answers, then the real one', async () => {
    const net = network();
    await seed(net.real, '/t', 'older');
    const c = client(net.adapter);
    const oldest = c.thread('/t');
    const newest = c.thread('/t', { sort: 'newest' });
    await Promise.all([loaded(oldest), loaded(newest), c.preloadWrites()]);

    const wire = gate();
    net.next('createComment', async (_args, through) => {
      await wire.opened;
      return through();
    });
    const created = c.createComment({ threadKey: '/t', body: '  Mine  ' });

    const [last] = oldest.getSnapshot().comments.slice(-1);
    expect(last!.post.body).toBe('Mine');
    expect(last!.post.id).toMatch(/^optimistic:/);
    expect(last!.post.author.displayName).toBe('Ada');
    expect(last!.optimistic).toBe(true);
    expect(bodies(newest.getSnapshot().comments)).toEqual(['Mine', 'older']);
    expect(oldest.getSnapshot().thread?.commentCount).toBe(2);

    wire.open();
    const post = await created;
    for (const store of [oldest, newest]) {
      const state = store.getSnapshot();
      expect(find(state, 'Mine').map((n) => [n.post.id, n.optimistic])).toEqual([[post.id, false]]);
      expect(state.thread?.commentCount).toBe(2);
    }
  });

  it('places an optimistic reply under its parent', async () => {
    const net = network();
    const parent = await seed(net.real, '/t', 'parent');
    const c = client(net.adapter);
    const store = c.thread('/t');
    await Promise.all([loaded(store), c.preloadWrites()]);
    const created = c.createComment({ threadKey: '/t', parentId: parent.id, body: 'a reply' });
    const [node] = store.getSnapshot().comments;
    expect(bodies(node!.replies)).toEqual(['a reply']);
    expect(node!.replies[0]!.optimistic).toBe(true);
    await created;
    expect(store.getSnapshot().comments[0]!.replies.map((n) => n.optimistic)).toEqual([false]);
  });

  it('rolls back exactly and rejects with the error when the adapter refuses', async () => {
    const net = network();
    await seed(net.real, '/t', 'existing');
    const c = client(net.adapter);
    const store = c.thread('/t');
    const [before] = await Promise.all([loaded(store), c.preloadWrites()]);
    net.next('createComment', async () => {
      throw new HearthError('rate_limited', 'Slow down a little.', { retryAfterMs: 5000 });
    });

    const events: string[] = [];
    c.subscribe((event) => events.push(`${event.type} ${event.type === 'viewer.changed' ? '' : event.action}`));
    const attempt = c.createComment({ threadKey: '/t', body: 'too fast' });
    expect(find(store.getSnapshot(), 'too fast')).toHaveLength(1);
    await expect(attempt).rejects.toMatchObject({ code: 'rate_limited', message: 'Slow down a little.' });

    expect(events).toEqual(['write.failed createComment']);
    const after = store.getSnapshot();
    expect(after.comments).toEqual(before.comments);
    expect(after.thread).toEqual(before.thread);
    const page = await net.real.listComments({ threadKey: '/t' }, { viewer: ada });
    expect(page.items.map((p) => p.body)).toEqual(['existing']);
  });

  it('turns a network failure into `unavailable` and anything else into `internal`', async () => {
    const net = network();
    const c = client(net.adapter);
    net.next('createComment', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(c.createComment({ threadKey: '/t', body: 'x' })).rejects.toMatchObject({ name: 'HearthError', code: 'unavailable' });
    net.next('createComment', async () => {
      throw new RangeError('bad things');
    });
    await expect(c.createComment({ threadKey: '/t', body: 'x' })).rejects.toMatchObject({ code: 'internal' });
  });

  it('rejects an empty body before showing or sending anything', async () => {
    const net = network();
    const c = client(net.adapter);
    const store = c.thread('/t');
    const before = await loaded(store);
    await expect(c.createComment({ threadKey: '/t', body: '   ' })).rejects.toMatchObject({ code: 'validation', field: 'body' });
    expect(store.getSnapshot()).toBe(before);
    expect(net.calls('createComment')).toHaveLength(0);
  });

  it('shows the first write before the adapter answers even when the write code was not preloaded', async () => {
    const net = network();
    const c = client(net.adapter);
    const store = c.thread('/t');
    await loaded(store);
    const wire = gate();
    net.next('createComment', async (_args, through) => {
      await wire.opened;
      return through();
    });
    const created = c.createComment({ threadKey: '/t', body: 'lazy but quick' });
    const shown = await until(store, (s) => find(s, 'lazy but quick').length > 0);
    expect(find(shown, 'lazy but quick')[0]!.optimistic).toBe(true);
    wire.open();
    const post = await created;
    expect(find(store.getSnapshot(), 'lazy but quick').map((n) => [n.post.id, n.optimistic])).toEqual([[post.id, false]]);
  });

  it('words a too-short or too-long body as the engine does, not as if it were empty', async () => {
    const net = network(createMemoryAdapter({ settings: { bodyMinLength: 3, bodyMaxLength: 4 }, community: BURSTS }));
    const c = client(net.adapter);
    await until(c.session(), (s) => s.status === 'success');
    await expect(c.createComment({ threadKey: '/t', body: ' hi ' })).rejects.toMatchObject({
      code: 'validation',
      field: 'body',
      message: 'Comment is shorter than 3 characters.',
    });
    await expect(c.createComment({ threadKey: '/t', body: 'hello' })).rejects.toMatchObject({
      message: 'Comment is longer than 4 characters.',
    });
    expect(net.calls('createComment')).toHaveLength(0);
  });

  it('counts characters in code points, as the engine does', async () => {
    const net = network(createMemoryAdapter({ settings: { bodyMinLength: 3, bodyMaxLength: 4 }, community: BURSTS }));
    const c = client(net.adapter);
    await until(c.session(), (s) => s.status === 'success');
    // Four code points but seven UTF-16 units: the engine takes it, so the client must.
    const post = await c.createComment({ threadKey: '/t', body: '👍👍👍!' });
    expect(post.body).toBe('👍👍👍!');
    // Two code points in four units: short of three for both.
    await expect(c.createComment({ threadKey: '/t', body: '👍👍' })).rejects.toMatchObject({ field: 'body' });
    expect(net.calls('createComment')).toHaveLength(1);
  });

  it('retries a lost response with the same idempotency key and posts once', async () => {
    const net = network();
    const c = createCommunityClient({ adapter: net.adapter, viewer: ada, retry: 2, retryDelay: () => 0 });
    clients.push(c);
    net.next('createComment', async (_args, through) => {
      await through(); // the backend saved it, then the connection dropped
      throw new TypeError('NetworkError when attempting to fetch resource.');
    });
    const post = await c.createComment({ threadKey: '/t', body: 'only once' });

    const sent = net.calls('createComment').map(([input]) => (input as { idempotencyKey: string }).idempotencyKey);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    const page = await net.real.listComments({ threadKey: '/t' }, { viewer: ada });
    expect(page.items.map((p) => p.id)).toEqual([post.id]);
  });

  it('hands back the idempotency key so a manual retry cannot duplicate', async () => {
    const net = network();
    const c = client(net.adapter);
    const store = c.thread('/t');
    await loaded(store);
    net.next('createComment', async (_args, through) => {
      await through();
      throw new TypeError('Failed to fetch');
    });
    const error: HearthError = await c.createComment({ threadKey: '/t', body: 'typed with care' }).then(
      () => expect.unreachable('the create should have failed'),
      (e: HearthError) => e,
    );
    expect(error.code).toBe('unavailable');
    const idempotencyKey = error.details.idempotencyKey as string;
    expect(idempotencyKey).toEqual(expect.any(String));

    const post = await c.createComment({ threadKey: '/t', body: 'typed with care', idempotencyKey });
    const page = await net.real.listComments({ threadKey: '/t' }, { viewer: ada });
    expect(page.items.map((p) => p.id)).toEqual([post.id]);
    const state = await until(store, (s) => find(s, 'typed with care').every((n) => !n.optimistic));
    expect(find(state, 'typed with care')).toHaveLength(1);
    expect(state.thread?.commentCount).toBe(1);
  });
});

describe('realtime', () => {
  it('shows each client the other\'s comments, and its own exactly once', async () => {
    const net = network();
    const a = client(net.adapter, ada);
    const b = client(net.adapter, bob);
    const sa = a.thread('/t');
    const sb = b.thread('/t');
    await Promise.all([loaded(sa), loaded(sb)]);

    const post = await a.createComment({ threadKey: '/t', body: 'hi from Ada' });
    const seen = await until(sb, (s) => find(s, 'hi from Ada').length > 0);
    expect(find(seen, 'hi from Ada')[0]!.post.id).toBe(post.id);
    expect(seen.thread?.commentCount).toBe(1);

    await b.createComment({ threadKey: '/t', body: 'hi back' });
    const mine = await until(sa, (s) => find(s, 'hi back').length > 0);
    // Both echoes have been delivered to Ada by now.
    expect(find(mine, 'hi from Ada')).toHaveLength(1);
    expect(bodies(mine.comments)).toEqual(['hi from Ada', 'hi back']);
    expect(mine.thread?.commentCount).toBe(2);
    expect(net.listeners()).toBe(2);
  });

  it('does not duplicate when the echo of a create arrives before its response', async () => {
    const net = network();
    const a = client(net.adapter, ada);
    const sa = a.thread('/t');
    const sb = client(net.adapter, bob).thread('/t');
    await Promise.all([loaded(sa), loaded(sb)]);

    const wire = gate();
    net.next('createComment', async (_args, through) => {
      const post = await through();
      await wire.opened;
      return post;
    });
    const created = a.createComment({ threadKey: '/t', body: 'echo first' });
    await until(sb, (s) => find(s, 'echo first').length > 0);
    const during = find(sa.getSnapshot(), 'echo first');
    expect(during).toHaveLength(1);
    expect(during[0]!.post.id).not.toMatch(/^optimistic:/);

    wire.open();
    const post = await created;
    expect(find(sa.getSnapshot(), 'echo first').map((n) => n.post.id)).toEqual([post.id]);
    expect(sa.getSnapshot().thread?.commentCount).toBe(1);
  });

  it('merges reactions from others without touching the viewer\'s own state', async () => {
    const net = network();
    const target = await seed(net.real, '/t', 'react to me');
    const sa = client(net.adapter, ada).thread('/t');
    const b = client(net.adapter, bob);
    await loaded(sa);
    await b.toggleReaction({ threadKey: '/t', postId: target.id, emoji: '👍' });
    const state = await until(sa, (s) => s.comments[0]!.post.reactions['👍'] === 1);
    expect(state.comments[0]!.post.viewerReactions).toEqual([]);
  });

  it('removes a comment hidden by a moderator for members, and keeps it for staff', async () => {
    const net = network();
    const target = await seed(net.real, '/t', 'spam spam');
    await seed(net.real, '/t', 'fine');
    const member = client(net.adapter, ada).thread('/t');
    const staff = client(net.adapter, mod);
    const staffView = staff.thread('/t');
    await Promise.all([loaded(member), loaded(staffView)]);

    await staff.hideComment({ threadKey: '/t', postId: target.id });
    const state = await until(member, (s) => s.comments.length === 1);
    expect(bodies(state.comments)).toEqual(['fine']);
    expect(state.thread?.commentCount).toBe(1);
    const hidden = staffView.getSnapshot().comments[0]!.post;
    expect([hidden.status, hidden.body]).toEqual(['hidden', 'spam spam']);
  });

  it('brings back an unhidden comment for members who never had it loaded, in its place', async () => {
    const net = network();
    await seed(net.real, '/t', 'first');
    const target = await seed(net.real, '/t', 'second');
    await seed(net.real, '/t', 'third');
    await net.real.hideComment({ postId: target.id }, { viewer: mod });
    const oldest = client(net.adapter, ada).thread('/t');
    const newest = client(net.adapter, bob).thread('/t', { sort: 'newest' });
    expect(bodies((await loaded(oldest)).comments)).toEqual(['first', 'third']);
    await loaded(newest);

    await client(net.adapter, mod).unhideComment({ threadKey: '/t', postId: target.id });
    const state = await until(oldest, (s) => s.comments.length === 3 && !s.isFetching);
    expect(bodies(state.comments)).toEqual(['first', 'second', 'third']);
    expect(state.thread?.commentCount).toBe(3);
    const other = await until(newest, (s) => s.comments.length === 3 && !s.isFetching);
    expect(bodies(other.comments)).toEqual(['third', 'second', 'first']);
  });

  it('stays off realtime when the adapter has none, and still shows its own writes', async () => {
    const net = network();
    const quiet = Object.create(net.adapter, {
      capabilities: { value: { ...net.adapter.capabilities, realtime: false } },
    }) as BackendAdapter;
    const c = client(quiet);
    const store = c.thread('/t');
    await loaded(store);
    await c.createComment({ threadKey: '/t', body: 'still here' });
    expect(net.listeners()).toBe(0);
    expect(bodies(store.getSnapshot().comments)).toEqual(['still here']);
    expect(store.getSnapshot().thread).toMatchObject({ commentCount: 1, id: expect.any(String) });
  });

  it('queues events that arrive before the merge code loads, and applies them in order', async () => {
    const net = network();
    let deliver!: (event: CommunityEvent) => void;
    const held = Object.create(net.adapter, {
      subscribe: { value: (_channel: string, listener: typeof deliver) => ((deliver = listener), () => {}) },
    }) as BackendAdapter;
    const c = client(held, ada);
    const store = c.thread('/t');
    await loaded(store);
    const post = await seed(net.real, '/t', 'draft');
    const edited = await net.real.editComment({ postId: post.id, body: 'final' }, { viewer: bob });
    const channel = threadChannel('/t');
    // Three events in one task, before this client has loaded the code that merges them.
    deliver({ type: 'post.created', id: 'e1', channel, post });
    deliver({ type: 'post.updated', id: 'e2', channel, post: edited });
    deliver({ type: 'reaction.changed', id: 'e3', channel, postId: post.id, emoji: '👍', count: 1, memberId: 'bob', active: true });
    expect(store.getSnapshot().comments).toEqual([]);

    await c.preloadWrites();
    const state = store.getSnapshot();
    expect(state.comments.map((n) => [n.post.body, n.post.reactions])).toEqual([['final', { '👍': 1 }]]);
    expect(state.thread?.commentCount).toBe(1);
    // Merged, not reloaded: an update applied before its create would have forced a reload.
    expect(net.calls('listComments')).toHaveLength(1);
  });

  it('subscribes once per thread and leaves no listener behind', async () => {
    const net = network();
    const c = client(net.adapter);
    for (let i = 0; i < 100; i++) {
      const one = c.thread('/t');
      const two = c.thread('/t', { sort: 'newest' });
      expect(net.listeners()).toBe(1);
      one.destroy();
      expect(net.listeners()).toBe(1);
      two.destroy();
      expect(net.listeners()).toBe(0);
    }
    const kept = c.thread('/t');
    c.thread('/other').destroy();
    expect(net.listeners()).toBe(1);
    c.destroy();
    expect(net.listeners()).toBe(0);
    expect(kept.getSnapshot()).toBeDefined();
  });
});

describe('keeping merged changes', () => {
  it('keeps a realtime comment that arrives while an older page load is on the wire', async () => {
    const net = network();
    await seed(net.real, '/t', 'first');
    const sa = client(net.adapter, ada).thread('/t');
    await loaded(sa);
    const wire = gate();
    net.next('listComments', async (_args, through) => {
      const stale = await through();
      await wire.opened;
      return stale;
    });
    const reloading = sa.refetch();
    const sb = client(net.adapter, bob).thread('/t', { sort: 'newest' });
    await loaded(sb);
    await seed(net.real, '/t', 'while loading');
    await until(sb, (s) => find(s, 'while loading').length > 0);
    expect(find(sa.getSnapshot(), 'while loading')).toHaveLength(1);

    wire.open();
    await reloading;
    const state = await until(sa, (s) => !s.isFetching);
    expect(bodies(state.comments)).toEqual(['first', 'while loading']);
    expect(state.thread?.commentCount).toBe(2);
  });
});

describe('new comments while more pages remain', () => {
  /** Five comments, 'c1' oldest, and a reader with the first two pages of two loaded. */
  async function setup(sort: 'oldest' | 'top' | 'newest', viewer: Viewer = ada) {
    const net = network();
    for (const body of ['c1', 'c2', 'c3', 'c4', 'c5']) await seed(net.real, '/t', body);
    const c = client(net.adapter, viewer);
    const store = c.thread('/t', { sort, pageSize: 2 });
    await Promise.all([loaded(store), c.preloadWrites()]);
    await store.fetchNextPage();
    expect(store.getSnapshot().hasNextPage).toBe(true);
    return { net, c, store };
  }
  const loadAll = async (store: ThreadStore) => {
    while (store.getSnapshot().hasNextPage) await store.fetchNextPage();
    return store.getSnapshot();
  };

  for (const sort of ['oldest', 'top'] as const) {
    it(`leaves someone else's new comment to paging under ${sort}, moving only the count`, async () => {
      const { net, store } = await setup(sort);
      const before = bodies(store.getSnapshot().comments);
      await seed(net.real, '/t', 'from Bob');
      const counted = await until(store, (s) => s.thread?.commentCount === 6);
      expect(bodies(counted.comments)).toEqual(before);
      const all = await loadAll(store);
      expect(find(all, 'from Bob')).toHaveLength(1);
      expect(bodies(all.comments).at(-1)).toBe('from Bob');
      expect(bodies(all.comments)).toHaveLength(6);
    });

    it(`shows the viewer's own new comment at once under ${sort}, and once in its place when its page loads`, async () => {
      const { c, store } = await setup(sort);
      await c.createComment({ threadKey: '/t', body: 'mine' });
      const shown = await until(store, (s) => s.thread?.commentCount === 6);
      expect(bodies(shown.comments)).toEqual([...bodies(shown.comments).slice(0, 4), 'mine']);
      // A reaction on it still reaches the copy shown.
      await c.toggleReaction({ threadKey: '/t', postId: find(shown, 'mine')[0]!.post.id, emoji: '👍' });
      expect(find(store.getSnapshot(), 'mine')[0]!.post.viewerReactions).toEqual(['👍']);
      // So does a reply to it.
      await c.createComment({ threadKey: '/t', parentId: find(shown, 'mine')[0]!.post.id, body: 'my reply' });
      expect(bodies(find(store.getSnapshot(), 'mine')[0]!.replies)).toEqual(['my reply']);
      const all = await loadAll(store);
      expect(find(all, 'mine')).toHaveLength(1);
      expect(bodies(find(all, 'mine')[0]!.replies)).toEqual(['my reply']);
      expect(bodies(all.comments)).toHaveLength(6);
      expect(bodies(all.comments).at(-1)).toBe('mine');
      expect(all.thread?.commentCount).toBe(7);
    });
  }

  it('still shows others\' new comments at once under newest, and replies to loaded comments', async () => {
    const { net, store } = await setup('newest');
    const [top] = store.getSnapshot().comments;
    await seed(net.real, '/t', 'from Bob');
    await seed(net.real, '/t', 'reply from Bob', bob, top!.post.id);
    const state = await until(store, (s) => find(s, 'reply from Bob').length > 0);
    expect(bodies(state.comments)[0]).toBe('from Bob');
    expect(bodies(state.comments[1]!.replies)).toEqual(['reply from Bob']);
  });

  it('shows a pending comment once when the page that holds it loads before the response', async () => {
    const net = network();
    const quiet = Object.create(net.adapter, {
      capabilities: { value: { ...net.adapter.capabilities, realtime: false } },
    }) as BackendAdapter;
    for (const body of ['c1', 'c2', 'c3']) await seed(net.real, '/t', body);
    const c = client(quiet, ada);
    const store = c.thread('/t', { pageSize: 2 });
    await Promise.all([loaded(store), c.preloadWrites()]);
    const [stored, wire] = [gate(), gate()];
    net.next('createComment', async (_args, through) => {
      const post = await through();
      stored.open();
      await wire.opened;
      return post;
    });
    const created = c.createComment({ threadKey: '/t', body: 'mine' });
    await stored.opened;
    await store.fetchNextPage();
    expect(find(store.getSnapshot(), 'mine')).toHaveLength(1);
    expect(bodies(store.getSnapshot().comments)).toEqual(['c1', 'c2', 'c3', 'mine']);
    expect(store.getSnapshot().thread?.commentCount).toBe(4);
    wire.open();
    await created;
    expect(find(store.getSnapshot(), 'mine')).toHaveLength(1);
    expect(store.getSnapshot().thread?.commentCount).toBe(4);
  });
});

describe('changing a comment', () => {
  async function setup() {
    const net = network();
    const target = await seed(net.real, '/t', 'original', ada);
    await seed(net.real, '/t', 'after it');
    const c = client(net.adapter, ada);
    const store = c.thread('/t');
    const [before] = await Promise.all([loaded(store), c.preloadWrites()]);
    return { net, c, store, before, target };
  }
  const refuse = async () => {
    throw new HearthError('forbidden', 'You cannot do that here.');
  };

  it('edits at once, and rolls back on failure', async () => {
    const { net, c, store, before, target } = await setup();
    const wire = gate();
    net.next('editComment', async (_args, through) => {
      await wire.opened;
      return through();
    });
    const edit = c.editComment({ threadKey: '/t', postId: target.id, body: 'improved' });
    expect(store.getSnapshot().comments[0]).toMatchObject({ optimistic: true, post: { body: 'improved' } });
    wire.open();
    await edit;
    expect(store.getSnapshot().comments[0]).toMatchObject({ optimistic: false, post: { body: 'improved' } });

    net.next('editComment', refuse);
    const settled = store.getSnapshot();
    const failing = c.editComment({ threadKey: '/t', postId: target.id, body: 'not allowed' });
    expect(store.getSnapshot().comments[0]!.post.body).toBe('not allowed');
    await expect(failing).rejects.toMatchObject({ code: 'forbidden' });
    expect(store.getSnapshot().comments).toEqual(settled.comments);
    expect(before.comments[0]!.post.body).toBe('original');
  });

  it('deletes at once, and puts it back in place on failure', async () => {
    const { net, c, store, before, target } = await setup();
    net.next('deleteComment', refuse);
    const failing = c.deleteComment({ threadKey: '/t', postId: target.id });
    expect(bodies(store.getSnapshot().comments)).toEqual(['after it']);
    expect(store.getSnapshot().thread?.commentCount).toBe(1);
    await expect(failing).rejects.toMatchObject({ code: 'forbidden' });
    expect(store.getSnapshot().comments).toEqual(before.comments);
    expect(store.getSnapshot().thread).toEqual(before.thread);

    await c.deleteComment({ threadKey: '/t', postId: target.id });
    const state = await loaded(store);
    expect(bodies(state.comments)).toEqual(['after it']);
    expect(state.thread?.commentCount).toBe(1);
  });

  it('toggles a reaction at once, and rolls back on failure', async () => {
    const { net, c, store, before, target } = await setup();
    // Subscribed after `store`, so once it has an event, `store` has it too.
    const witness = client(net.adapter, bob).thread('/t');
    await loaded(witness);
    net.next('toggleReaction', async () => {
      throw new TypeError('Failed to fetch');
    });
    const failing = c.toggleReaction({ threadKey: '/t', postId: target.id, emoji: '🎉' });
    expect(store.getSnapshot().comments[0]!.post).toMatchObject({ reactions: { '🎉': 1 }, viewerReactions: ['🎉'] });
    await expect(failing).rejects.toMatchObject({ code: 'unavailable' });
    expect(store.getSnapshot().comments).toEqual(before.comments);
    expect(net.calls('toggleReaction')).toHaveLength(1);

    await c.toggleReaction({ threadKey: '/t', postId: target.id, emoji: '🎉' });
    expect(store.getSnapshot().comments[0]!.post).toMatchObject({ reactions: { '🎉': 1 }, viewerReactions: ['🎉'] });
    const off = c.toggleReaction({ threadKey: '/t', postId: target.id, emoji: '🎉' });
    expect(store.getSnapshot().comments[0]!.post).toMatchObject({ reactions: {}, viewerReactions: [] });
    await off;
    // Our own realtime echoes have landed by now; they must not flip anything back.
    await until(witness, (s) => s.comments[0]!.post.reactions['🎉'] === undefined);
    expect(store.getSnapshot().comments[0]!.post).toMatchObject({ reactions: {}, viewerReactions: [] });
  });
});

describe('reacting from two tabs', () => {
  it('sends the state it shows, so a change made meanwhile in another tab is not flipped back', async () => {
    const net = network();
    const target = await seed(net.real, '/t', 'react to me');
    const c = client(net.adapter, ada);
    const store = c.thread('/t');
    await Promise.all([loaded(store), c.preloadWrites()]);
    // Ada's other tab turns 👍 on while this tab's request, made when it showed off, is on the wire.
    net.next('toggleReaction', async (_args, through) => {
      await net.real.toggleReaction({ postId: target.id, emoji: '👍' }, { viewer: ada });
      return through();
    });
    const post = await c.toggleReaction({ threadKey: '/t', postId: target.id, emoji: '👍' });
    expect(net.calls('toggleReaction')[0]![0]).toEqual({ postId: target.id, emoji: '👍', active: true });
    expect(post).toMatchObject({ reactions: { '👍': 1 }, viewerReactions: ['👍'] });
    expect(store.getSnapshot().comments[0]!.post).toMatchObject({ reactions: { '👍': 1 }, viewerReactions: ['👍'] });
  });
});

describe('viewer and session', () => {
  it('reloads viewer-specific state when the viewer changes', async () => {
    const net = network();
    const target = await seed(net.real, '/t', 'liked');
    await net.real.toggleReaction({ postId: target.id, emoji: '👍' }, { viewer: ada });
    const c = client(net.adapter, ada);
    const store = c.thread('/t');
    expect((await loaded(store)).comments[0]!.post.viewerReactions).toEqual(['👍']);

    c.setViewer(bob);
    let state = await until(store, (s) => !s.isFetching && s.comments[0]?.post.viewerReactions.length === 0);
    expect(state.comments[0]!.post.reactions).toEqual({ '👍': 1 });
    expect((net.calls('listComments').at(-1)![1] as CallContext).viewer).toEqual(bob);

    c.setViewer(ada);
    state = await until(store, (s) => !s.isFetching && s.comments[0]?.post.viewerReactions.length === 1);
    expect(state.comments[0]!.post.viewerReactions).toEqual(['👍']);
  });

  it('loads the session and follows the viewer', async () => {
    const c = client(network().adapter, ada);
    const session = c.session();
    expect(session.getSnapshot()).toMatchObject({ status: 'pending', session: null });
    const first = await until(session, (s) => s.status === 'success');
    expect(first.session?.viewer).toMatchObject({ id: 'ada', displayName: 'Ada', role: 'member' });
    expect(session.getSnapshot()).toBe(first);

    c.setViewer(bob);
    const next = await until(session, (s) => s.session?.viewer?.id === 'bob');
    expect(next.session?.settings.reactions).toContain('👍');
    expect(c.viewer).toEqual(bob);
  });
});
