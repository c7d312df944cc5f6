import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAdapterConformance } from '@hearth/adapter-testkit';
import { HearthError, threadChannel, type CommunityEvent } from '@hearth/protocol';
import { MemoryStore } from '@hearth/engine';
import { createMemoryAdapter } from './memory-adapter.js';
import { demoSeed } from './demo-seed.js';

runAdapterConformance({ create: (opts) => createMemoryAdapter(opts) });

const ada = { id: 'ada', displayName: 'Ada' };
let keys = 0;
const create = (threadKey: string, body: string) => ({ threadKey, body, idempotencyKey: `test-key-${++keys}` });

function fakeStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createMemoryAdapter: persistence', () => {
  it('saves after every write and loads the saved data in a new adapter', async () => {
    const storage = fakeStorage();
    const first = createMemoryAdapter({ persist: { key: 'hearth', storage } });
    expect(first.capabilities.persistence).toBe('local');
    const post = await first.createComment(create('/p', 'remember me'), { viewer: ada });
    expect(storage.data.get('hearth')).toContain('remember me');
    await first.toggleReaction({ postId: post.id, emoji: '👍' }, { viewer: ada });

    const second = createMemoryAdapter({ persist: { key: 'hearth', storage } });
    const page = await second.listComments({ threadKey: '/p' }, { viewer: ada });
    expect(page.items).toEqual([expect.objectContaining({ id: post.id, body: 'remember me', reactions: { '👍': 1 }, viewerReactions: ['👍'] })]);
  });

  it('ignores a corrupt snapshot with a warning instead of crashing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const corrupt of ['{not json', '{"version":1,"threads":"nope"}', '42']) {
      const adapter = createMemoryAdapter({ persist: { key: 'hearth', storage: fakeStorage({ hearth: corrupt }) } });
      expect((await adapter.listComments({ threadKey: '/p' }, { viewer: null })).items).toEqual([]);
      await adapter.createComment(create('/p', 'fresh start'), { viewer: ada });
    }
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/unreadable/);
  });

  it('follows writes made in another tab and announces them', async () => {
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    const storage = fakeStorage();
    const tabA = createMemoryAdapter({ persist: { key: 'hearth', storage } });
    const tabB = createMemoryAdapter({ persist: { key: 'hearth', storage } });
    const events: CommunityEvent[] = [];
    const heard = new Promise<void>((resolve) =>
      tabB.subscribe(threadChannel('/tabs'), (event) => {
        events.push(event);
        resolve();
      }),
    );
    const post = await tabA.createComment(create('/tabs', 'from tab A'), { viewer: ada });
    // Tab A's own hub delivers locally; the browser tells tab B through a storage event.
    target.dispatchEvent(Object.assign(new Event('storage'), { key: 'hearth', newValue: storage.getItem('hearth'), storageArea: storage }));
    await heard;
    expect(events).toEqual([expect.objectContaining({ type: 'post.created', post: expect.objectContaining({ id: post.id, body: 'from tab A' }) })]);
    expect((await tabB.listComments({ threadKey: '/tabs' }, { viewer: null })).items.map((p) => p.id)).toEqual([post.id]);
    tabA.close?.();
    tabB.close?.();
    vi.unstubAllGlobals();
  });
});

describe('createMemoryAdapter: two tabs', () => {
  // Each tab has its own store; they share storage and hear each other through storage events.
  function twoTabs() {
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    const storage = fakeStorage();
    const tabA = createMemoryAdapter({ persist: { key: 'hearth', storage } });
    const tabB = createMemoryAdapter({ persist: { key: 'hearth', storage } });
    /** What a browser does after a save: tell the other tabs, which merge in a few microtasks. */
    const tell = async () => {
      target.dispatchEvent(Object.assign(new Event('storage'), { key: 'hearth', newValue: storage.getItem('hearth'), storageArea: storage }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    const ids = async (tab: typeof tabA) => (await tab.listComments({ threadKey: '/tabs' }, { viewer: ada })).items.map((p) => p.id).sort();
    return { storage, tabA, tabB, tell, ids };
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('keeps both tabs\' comments when both write before hearing each other', async () => {
    const { storage, tabA, tabB, tell, ids } = twoTabs();
    const heard: CommunityEvent[] = [];
    tabA.subscribe(threadChannel('/tabs'), (event) => heard.push(event));
    const a = await tabA.createComment(create('/tabs', 'from A'), { viewer: ada });
    const b = await tabB.createComment(create('/tabs', 'from B'), { viewer: { id: 'bob', displayName: 'Bob' } });
    await tell();
    const both = [a.id, b.id].sort();
    expect(await ids(tabA)).toEqual(both);
    expect(await ids(tabB)).toEqual(both);
    const stored = JSON.parse(storage.getItem('hearth')!) as { posts: Array<{ id: string; seq: number }> };
    expect(stored.posts.map((p) => p.id).sort()).toEqual(both);
    expect(new Set(stored.posts.map((p) => p.seq)).size).toBe(2);
    expect(heard).toContainEqual(expect.objectContaining({ type: 'post.created', post: expect.objectContaining({ id: b.id }) }));
  });

  it('does not bring back a reaction removed in one tab when the other saves an older copy', async () => {
    const { tabA, tabB, tell } = twoTabs();
    const post = await tabA.createComment(create('/tabs', 'react to me'), { viewer: ada });
    await tabA.toggleReaction({ postId: post.id, emoji: '👍' }, { viewer: ada });
    await tell();
    // B removes the reaction; A, which has not heard yet, writes something else.
    await tabB.toggleReaction({ postId: post.id, emoji: '👍' }, { viewer: ada });
    await tabA.createComment(create('/tabs', 'unrelated'), { viewer: ada });
    await tell();
    for (const tab of [tabA, tabB]) {
      const page = await tab.listComments({ threadKey: '/tabs' }, { viewer: ada });
      expect(page.items).toHaveLength(2);
      expect(page.items.find((p) => p.id === post.id)).toMatchObject({ reactions: {}, viewerReactions: [] });
    }
  });
});

describe('createMemoryAdapter: seed', () => {
  it('fills an empty store with the demo conversation', async () => {
    const adapter = createMemoryAdapter({ seed: demoSeed });
    const page = await adapter.listComments({ threadKey: '/demo' }, { viewer: null });
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    expect(page.replies.length).toBeGreaterThanOrEqual(2);
    const bodies = [...page.items, ...page.replies].map((p) => p.body).join('\n');
    expect(bodies).toContain('```');
    expect(bodies).toMatch(/\[[^\]]+\]\(https:\/\//);
    expect(page.items.some((p) => Object.keys(p.reactions).length > 0)).toBe(true);
    expect(page.thread.commentCount).toBe(page.items.length + page.replies.length);
    // Older comments come first, as they were written before the adapter started.
    expect(page.items.map((p) => p.createdAt)).toEqual([...page.items.map((p) => p.createdAt)].sort());
  });

  it('seeds the brand demo community through the rules: feed, questions, a named poll, feedback, points', async () => {
    const adapter = createMemoryAdapter({ seed: demoSeed });
    const ctx = { viewer: null };
    const feed = await adapter.feed!.listPosts({ space: 'general', sort: 'new' }, ctx);
    // The announcement is pinned on top; the trip report is featured.
    expect(feed.items[0]).toMatchObject({ kind: 'announcement', pinned: true });
    expect(feed.items.some((post) => post.featured && post.title?.includes('Kungsleden'))).toBe(true);
    const questions = await adapter.qa!.listQuestions({ space: 'qa', filter: 'bounty' }, ctx);
    expect(questions.items.map((q) => q.question.title)).toContain('How do I re-waterproof a rain jacket?');
    const poll = await adapter.polls!.getPoll({ pollId: 'demo-poll' }, ctx);
    expect(poll.results?.totalBallots).toBe(3);
    const roadmap = await adapter.feedback!.roadmap({}, ctx);
    expect(JSON.stringify(roadmap)).toContain('Show pack weight in grams and ounces');
    const board = await adapter.gamification!.leaderboard({ period: 'all' }, ctx);
    // Maya's grant and posts put her first; points were earned, never written directly.
    expect(board.items[0]?.member.id).toBe('demo-maya');
    expect(board.items.length).toBeGreaterThanOrEqual(4);
    // A member joins with their first act, so the card's date comes before all they wrote.
    const maya = await adapter.members!.getCard({ memberId: 'demo-maya' }, ctx);
    const mayaPosts = feed.items.filter((post) => post.author.id === 'demo-maya').map((post) => post.createdAt);
    expect(maya.joinedAt! <= [...mayaPosts].sort()[0]!).toBe(true);
  });

  it('seeds only an empty store, and only once when adapters share it', async () => {
    const store = new MemoryStore();
    const one = createMemoryAdapter({ store, seed: demoSeed });
    const two = createMemoryAdapter({ store, seed: demoSeed });
    const count = async () => (await one.getThread({ threadKey: '/demo' }, { viewer: null })).commentCount;
    const seeded = await count();
    await two.getThread({ threadKey: '/demo' }, { viewer: null });
    expect(await count()).toBe(seeded);

    const storage = fakeStorage();
    const persisted = createMemoryAdapter({ seed: demoSeed, persist: { key: 'demo', storage } });
    await persisted.createComment(create('/demo', 'mine'), { viewer: ada });
    const reopened = createMemoryAdapter({ seed: demoSeed, persist: { key: 'demo', storage } });
    expect((await reopened.getThread({ threadKey: '/demo' }, { viewer: null })).commentCount).toBe(seeded + 1);
  });

  it('seeds weeks of history the analytics charts show: join-week cohorts coming back on day 1, 7 and 30, two variants, two polls', async () => {
    const adapter = createMemoryAdapter({ seed: demoSeed });
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const m = await adapter.analytics!.metrics({ from: day(89), to: day(0) }, { viewer: { id: 'ops', displayName: 'Ops', role: 'admin' } });
    expect(m.retention.length).toBeGreaterThanOrEqual(10);
    for (const n of ['d1', 'd7', 'd30'] as const) expect(m.retention.some((c) => c[n].retained > 0)).toBe(true);
    expect(m.retention.some((c) => c.d1.rate === 0)).toBe(true);
    expect(m.days.filter((d) => d.activeMembers > 0).length).toBeGreaterThan(30);
    expect(m.variants.map((v) => v.variant)).toEqual(['control', 'quick-start', null]);
    expect(m.polls.polls).toHaveLength(2);
    expect(m.responses.firstStaffReply.count).toBeGreaterThan(0);
    expect(m.responses.zeroReply).toBeGreaterThan(0);
  });

  it('refuses a seed member who returns before joining or on no day at all', () => {
    const seed = (returns: number[], joinedDaysAgo?: number) => ({ members: [{ id: 'x', displayName: 'X', returns, ...(joinedDaysAgo === undefined ? {} : { joinedDaysAgo }) }], threads: [] });
    expect(() => createMemoryAdapter({ seed: seed([1]) })).toThrow('has returns but no joinedDaysAgo');
    expect(() => createMemoryAdapter({ seed: seed([7], 7) })).toThrow('returns on day 7: use whole days from 1 to 6, before today');
    expect(() => createMemoryAdapter({ seed: seed([0.5], 7) })).toThrow('returns on day 0.5');
  });

  it('loads a seed given as a function only for an empty store, and leaves out a loaded one that is not valid, with a warning', async () => {
    let loads = 0;
    const load = async () => {
      loads++;
      return demoSeed;
    };
    const store = new MemoryStore();
    const adapter = createMemoryAdapter({ store, seed: load });
    expect((await adapter.getThread({ threadKey: '/demo' }, { viewer: null })).commentCount).toBeGreaterThan(0);
    await createMemoryAdapter({ store, seed: load }).getThread({ threadKey: '/demo' }, { viewer: null });
    expect(loads).toBe(1);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const bad = createMemoryAdapter({ seed: async () => ({ members: [], threads: [{ key: '/x', comments: [{ author: 'ghost', body: 'boo', minutesAgo: 1 }] }] }) });
      expect((await bad.getThread({ threadKey: '/x' }, { viewer: null })).commentCount).toBe(0);
      expect(String(warn.mock.calls[0]?.[1])).toMatch(/ghost/);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses a seed that names an unknown member', () => {
    expect(() => createMemoryAdapter({ seed: { members: [], threads: [{ key: '/x', comments: [{ author: 'ghost', body: 'boo', minutesAgo: 1 }] }] } })).toThrow(
      /ghost/,
    );
  });
});

describe('createMemoryAdapter: subscribe', () => {
  it('delivers once the write is stored, so a listener can read it back', async () => {
    const adapter = createMemoryAdapter();
    const seen = new Promise<string[]>((resolve) =>
      adapter.subscribe(threadChannel('/s'), () => {
        void adapter.listComments({ threadKey: '/s' }, { viewer: null }).then((page) => resolve(page.items.map((p) => p.body)));
      }),
    );
    await adapter.createComment(create('/s', 'hi'), { viewer: ada });
    expect(await seen).toEqual(['hi']);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const adapter = createMemoryAdapter();
    adapter.subscribe(threadChannel('/s'), () => {
      throw new Error('listener bug');
    });
    const heard = new Promise<CommunityEvent>((resolve) => adapter.subscribe(threadChannel('/s'), resolve));
    // Listeners run outside the writer's stack, so the throw cannot fail the write.
    await expect(adapter.createComment(create('/s', 'hi'), { viewer: ada })).resolves.toMatchObject({ body: 'hi' });
    expect((await heard).type).toBe('post.created');
    expect(error).toHaveBeenCalled();
  });

  it('shares events between adapters over one store, and close() stops only its own listeners', async () => {
    const store = new MemoryStore();
    const writer = createMemoryAdapter({ store });
    const reader = createMemoryAdapter({ store });
    const closed = createMemoryAdapter({ store });
    const silent: CommunityEvent[] = [];
    closed.subscribe(threadChannel('/s'), (event) => silent.push(event));
    closed.close?.();
    const heard = new Promise<CommunityEvent>((resolve) => reader.subscribe(threadChannel('/s'), resolve));
    const post = await writer.createComment(create('/s', 'shared'), { viewer: ada });
    expect(await heard).toMatchObject({ type: 'post.created', post: { id: post.id } });
    expect(silent).toEqual([]);
  });
});

describe('createMemoryAdapter: contract details', () => {
  it('declares its name and capabilities', () => {
    expect(createMemoryAdapter()).toMatchObject({
      name: 'memory',
      capabilities: {
        realtime: true,
        moderation: true,
        reactions: true,
        uploads: false,
        analytics: true,
        persistence: 'memory',
        community: true,
        feed: true,
        qa: true,
        polls: true,
        feedback: true,
        gamification: true,
      },
    });
  });

  it('rejects an aborted call with HearthError unavailable', async () => {
    const adapter = createMemoryAdapter();
    const controller = new AbortController();
    controller.abort();
    const error = await adapter.createComment(create('/a', 'x'), { viewer: ada, signal: controller.signal }).catch((e: unknown) => e);
    expect(HearthError.is(error, 'unavailable')).toBe(true);
    expect((error as HearthError).details.aborted).toBe(true);
  });

  it('trusts the viewer\'s claimed role', async () => {
    const adapter = createMemoryAdapter();
    const post = await adapter.createComment(create('/r', 'x'), { viewer: ada });
    const hidden = await adapter.hideComment({ postId: post.id }, { viewer: { id: 'anyone', displayName: 'Anyone', role: 'admin' } });
    expect(hidden.status).toBe('hidden');
  });
});
