import { describe, expect, it } from 'vitest';
import { HearthError, spaceChannel, type CommunityEvent, type FeedPost, type Viewer } from '@hearth/protocol';
import { createEngine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';
import type { ContentHandler } from '../core/core.js';
import { cleanEvent, cleanImages, cleanTitle, cleanTopics } from './rules.js';
import { compareKeys, decodeFeedCursor, encodeFeedCursor, hotScore, pageOfPosts } from './ordering.js';
import type { FeedPostRecord } from './records.js';

const HOUR = 3_600_000;
const START = Date.UTC(2030, 0, 1, 12);
const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const mod: Viewer = { id: 'mod', displayName: 'Mo', role: 'moderator' };

function setup() {
  let now = START;
  let n = 0;
  const events: CommunityEvent[] = [];
  const engine = createEngine({ store: new MemoryStore(), clock: () => now, ids: () => `id${String(++n).padStart(4, '0')}`, publish: (e) => events.push(e) });
  let keys = 0;
  const create = (viewer: Viewer, extra: Record<string, unknown> = {}) =>
    engine.feed.createPost({ space: 'general', body: 'hello', idempotencyKey: `key-${++keys}-xxxxxxxx`, ...extra }, viewer);
  const handler = engine.core.content.get('post') as ContentHandler;
  const act = <T>(fn: (h: ContentHandler, tx: Parameters<ContentHandler['load']>[0], emit: (e: CommunityEvent) => void) => Promise<T>) =>
    engine.core.write((tx, emit) => fn(handler, tx, emit));
  const list = async (extra: Record<string, unknown> = {}, viewer: Viewer | null = null) => engine.feed.listPosts({ space: 'general', ...extra }, viewer);
  return { engine, events, create, act, list, advance: (ms: number) => (now += ms), now: () => now };
}

describe('feed rules', () => {
  it('normalises topics CJK-safely, de-duplicates, and bounds count and length', () => {
    expect(cleanTopics(['#新手 入门', '＃新手　入门', '#AI', 'ai', ' Web Dev '])).toEqual(['新手-入门', 'ai', 'web-dev']);
    expect(() => cleanTopics(['#'])).toThrow(expect.objectContaining({ details: { issues: [expect.objectContaining({ path: 'topics.0' })] } }));
    expect(() => cleanTopics(['ok', 'x'.repeat(33)])).toThrow(HearthError);
    expect(cleanTopics(['汉'.repeat(32)])).toEqual(['汉'.repeat(32)]);
    expect(() => cleanTopics(['a', 'b', 'c', 'd', 'e', 'f'])).toThrow(expect.objectContaining({ field: 'topics' }));
    expect(cleanTopics(['a', 'b', 'c', 'd', 'e', '#A', 'B'])).toHaveLength(5);
  });

  it('accepts only http(s) image links', () => {
    expect(cleanImages([' https://cdn.example/a.png '])).toEqual(['https://cdn.example/a.png']);
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/relative.png', 'ftp://x/y']) {
      expect(() => cleanImages(['https://ok.example/1.png', bad])).toThrow(expect.objectContaining({ field: 'images.1' }));
    }
  });

  it('requires titles on questions and event times on events only', () => {
    expect(cleanTitle('  ', 'discussion')).toBeNull();
    expect(() => cleanTitle(' ', 'question')).toThrow(expect.objectContaining({ field: 'title' }));
    expect(cleanEvent({ startsAt: '2030-02-01T10:00:00+08:00', location: ' Hall ' }, 'event')).toEqual({ startsAt: Date.UTC(2030, 1, 1, 2), location: 'Hall' });
    expect(() => cleanEvent(null, 'event')).toThrow(expect.objectContaining({ field: 'event.startsAt' }));
    expect(() => cleanEvent({ startsAt: '2030-02-01T10:00:00Z' }, 'discussion')).toThrow(expect.objectContaining({ field: 'event' }));
  });
});

describe('feed ordering', () => {
  const post = (id: string, over: Partial<FeedPostRecord> = {}): FeedPostRecord => ({
    id, spaceId: 's', kind: 'discussion', title: null, body: id, topics: [], images: [], event: null, author: { id: 'a', displayName: 'A', avatarUrl: null, role: 'member' },
    authorId: 'a', createdAt: START, editedAt: null, status: 'published', heldReason: null, pinnedAt: null, featured: false, locked: false, replyCount: 0,
    reactions: {}, score: 0, lastActivityAt: START, acceptedAnswerId: null, duplicateOf: null, searchText: '', ...over,
  });

  it('decays hot by age and weighs replies double', () => {
    expect(hotScore(post('p'), START)).toBeCloseTo(1 / Math.pow(2, 1.5));
    expect(hotScore(post('p', { score: 3, replyCount: 2 }), START + 2 * HOUR)).toBeCloseTo(8 / 8);
    // A day-old post with 10 points ranks below a fresh one with 1.
    expect(hotScore(post('old', { score: 10, createdAt: START - 24 * HOUR }), START)).toBeLessThan(hotScore(post('new', { score: 1 }), START));
  });

  it('pages with pins first and no duplicates or gaps, through cursors that round-trip', () => {
    const posts = Array.from({ length: 9 }, (_, i) => post(`p${i}`, { createdAt: START + i, pinnedAt: i === 2 ? 5 : i === 7 ? 3 : null }));
    const seen: string[] = [];
    let after = null;
    for (let guard = 0; guard < 10; guard++) {
      const { items, next } = pageOfPosts(posts, 'new', 2, START, 'list', after);
      seen.push(...items.map((p) => p.id));
      if (!next) break;
      after = decodeFeedCursor(encodeFeedCursor(next), 'new', 'list');
    }
    expect(seen).toEqual(['p7', 'p2', 'p8', 'p6', 'p5', 'p4', 'p3', 'p1', 'p0']);
    expect(compareKeys([1, 'a'], [1, 'b'])).toBeLessThan(0);
  });

  it('refuses cursors of another sort or list, and garbage', () => {
    const cursor = encodeFeedCursor({ sort: 'hot', list: 'a', at: START, pinned: false, key: [-1.5, -START, 'x'] });
    expect(decodeFeedCursor(cursor, 'hot', 'a').key).toEqual([-1.5, -START, 'x']);
    for (const [text, sort, list] of [[cursor, 'new', 'a'], [cursor, 'hot', 'b'], ['%%%', 'hot', 'a'], [btoa('[1,2]'), 'hot', 'a']] as const) {
      expect(() => decodeFeedCursor(text, sort, list)).toThrow(expect.objectContaining({ field: 'cursor' }));
    }
  });
});

describe('feed content handler', () => {
  it('pins several posts in order, ahead of every sort, and unpins', async () => {
    const { create, act, list, advance } = setup();
    const posts: FeedPost[] = [];
    for (let i = 0; i < 5; i++) {
      advance(1000);
      posts.push(await create(ada, { body: `post ${i}` }));
    }
    const [a, b, c, d, e] = posts as [FeedPost, FeedPost, FeedPost, FeedPost, FeedPost];
    // Two pins in the same millisecond still keep the order they were made in.
    await act((h, tx, emit) => h.pin!(tx, b.id, true, START, emit));
    await act((h, tx, emit) => h.pin!(tx, d.id, true, START, emit));
    await act((h, tx, emit) => h.pin!(tx, a.id, true, START, emit));
    for (const sort of ['new', 'top', 'hot', 'unanswered']) {
      const page = await list({ sort });
      expect(page.items.slice(0, 3).map((p) => [p.id, p.pinned, p.pinOrder])).toEqual([[b.id, true, 1], [d.id, true, 2], [a.id, true, 3]]);
    }
    expect((await list()).items.slice(3).map((p) => [p.id, p.pinned, p.pinOrder])).toEqual([[e.id, false, null], [c.id, false, null]]);
    // Paging by two still shows each post once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(cursor ? { limit: 2, cursor } : { limit: 2 });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([b.id, d.id, a.id, e.id, c.id]);
    await act((h, tx, emit) => h.pin!(tx, d.id, false, START, emit));
    expect((await list()).items.map((p) => [p.id, p.pinOrder])).toEqual([[b.id, 1], [a.id, 2], [e.id, null], [d.id, null], [c.id, null]]);
  });

  it('features, locks (replies refused) and moves posts, announcing each on the space channel', async () => {
    const { engine, events, create, act, list } = setup();
    const post = await create(ada, { title: 'Movable', topics: ['#Move'] });
    events.length = 0;
    await act((h, tx, emit) => h.feature!(tx, post.id, true, emit));
    expect((await engine.feed.getPost({ postId: post.id }, null)).featured).toBe(true);
    await act((h, tx, emit) => h.lock!(tx, post.id, true, emit));
    const hooks = engine.core.threads.get('post')!;
    await expect(engine.core.write(async (tx) => hooks.beforeReply(tx, post.id, await engine.core.act(tx, bob)))).rejects.toMatchObject({ code: 'forbidden' });
    await act((h, tx, emit) => h.lock!(tx, post.id, false, emit));
    await engine.core.write(async (tx) => hooks.beforeReply(tx, post.id, await engine.core.act(tx, bob)));
    await engine.community.createSpace({ key: 'news', kind: 'feed', name: 'News' }, { id: 'own', displayName: 'Own', role: 'owner' });
    await engine.community.createSpace({ key: 'ask', kind: 'qa', name: 'Ask' }, { id: 'own', displayName: 'Own', role: 'owner' });
    await expect(act((h, tx, emit) => h.move!(tx, post.id, 'ask', emit))).rejects.toMatchObject({ code: 'validation' });
    await expect(act((h, tx, emit) => h.move!(tx, post.id, 'nowhere', emit))).rejects.toMatchObject({ code: 'not_found' });
    await act((h, tx, emit) => h.move!(tx, post.id, 'news', emit));
    expect((await list()).items).toEqual([]);
    expect((await list({ space: 'news' })).items.map((p) => [p.id, p.space, p.featured])).toEqual([[post.id, 'news', true]]);
    const updates = events.filter((e) => e.type === 'feed.post.updated');
    expect(updates.map((e) => e.channel)).toEqual([spaceChannel('general'), spaceChannel('general'), spaceChannel('general'), spaceChannel('news'), spaceChannel('general')]);
  });

  it('moves status with its side effects: hidden reverses points, restoring awards again', async () => {
    const { engine, create, act } = setup();
    const post = await create(ada);
    const ref = `post:${post.id}`;
    const ledger = async () => (await engine.core.store.collection('ledger').find({ where: { ref } })).map((r) => [r.rule, r.delta]);
    const published = async () => (await engine.core.store.collection('members').get('ada'))!.publishedCount;
    expect(await published()).toBe(1);
    const pointsOn = (await ledger()).length > 0;
    await act(async (h, tx, emit) => h.setStatus(tx, post.id, 'hidden', emit, await engine.core.act(tx, mod)));
    expect(await published()).toBe(0);
    await expect(engine.feed.getPost({ postId: post.id }, ada)).rejects.toMatchObject({ code: 'not_found' });
    expect((await engine.feed.getPost({ postId: post.id }, mod)).status).toBe('hidden');
    await act(async (h, tx, emit) => h.setStatus(tx, post.id, 'published', emit, await engine.core.act(tx, mod)));
    expect(await published()).toBe(1);
    if (pointsOn) expect((await ledger()).reduce((sum, [, delta]) => sum + Number(delta), 0)).toBe(5);
    const item = await engine.core.write((tx) => engine.core.content.get('post')!.load(tx, post.id));
    expect(item).toMatchObject({ type: 'post', id: post.id, status: 'published', location: 'general', author: { id: 'ada' } });
  });

  it('counts replies through the thread hooks and keeps last activity', async () => {
    const { engine, create, advance, now } = setup();
    const post = await create(ada);
    const hooks = engine.core.threads.get('post')!;
    advance(HOUR);
    const replier = { id: 'bob', displayName: 'Bob', avatarUrl: null, role: 'member' as const };
    await engine.core.write((tx) => hooks.replied(tx, post.id, { replier, at: now(), delta: 1 }));
    await engine.core.write((tx) => hooks.replied(tx, post.id, { replier, at: now(), delta: 1 }));
    let read = await engine.feed.getPost({ postId: post.id }, null);
    expect(read).toMatchObject({ replyCount: 2, lastActivityAt: new Date(now()).toISOString() });
    await engine.core.write((tx) => hooks.replied(tx, post.id, { replier, at: now(), delta: -1 }));
    read = await engine.feed.getPost({ postId: post.id }, null);
    expect(read.replyCount).toBe(1);
    expect((await engine.feed.listPosts({ space: 'general', sort: 'unanswered' }, null)).items).toEqual([]);
    await expect(engine.core.write(async (tx) => hooks.beforeReply(tx, 'missing', await engine.core.act(tx, bob)))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('feed activity', () => {
  it('tracks creates with hash, kind, space and topics, and every later change', async () => {
    const { engine, create, advance } = setup();
    const post = await create(ada, { title: 'Tracked', topics: ['#一', '#Two'] });
    advance(1000);
    await engine.feed.editPost({ postId: post.id, body: 'changed' }, ada);
    await engine.feed.reactToPost({ postId: post.id, emoji: '👍' }, bob);
    await engine.feed.reactToPost({ postId: post.id, emoji: '👍' }, bob);
    await engine.feed.deletePost({ postId: post.id }, ada);
    const rows = await engine.core.store.collection('activity').find({ where: { ref: `post:${post.id}` }, orderBy: [['at', 'asc']] });
    expect(rows.map((r) => [r.type, r.memberId])).toEqual([
      ['post.created', 'ada'],
      ['post.updated', 'ada'],
      ['reaction.added', 'bob'],
      ['reaction.removed', 'bob'],
      ['post.deleted', 'ada'],
    ]);
    expect(rows[0]!.data).toEqual({ hash: expect.any(String), kind: 'discussion', space: 'general', topics: '一,two' });
    expect(rows[2]!.data).toEqual({ emoji: '👍' });
    const opener = await engine.core.store.collection('openers').get(`post:${post.id}`);
    if (opener) expect(opener).toMatchObject({ type: 'post', itemId: post.id, location: 'general' });
  });

  it('uses the engine\'s reaction set and edit window', async () => {
    let now = START;
    const engine = createEngine({ store: new MemoryStore(), clock: () => now, settings: { reactions: ['🔥'], editWindowMs: 60_000 } });
    const post = await engine.feed.createPost({ space: 'general', body: 'x', idempotencyKey: 'key-00000001' }, ada);
    await expect(engine.feed.reactToPost({ postId: post.id, emoji: '👍' }, bob)).rejects.toMatchObject({ code: 'validation' });
    expect((await engine.feed.reactToPost({ postId: post.id, emoji: '🔥' }, bob)).reactions).toEqual({ '🔥': 1 });
    now += 61_000;
    await expect(engine.feed.editPost({ postId: post.id, body: 'late' }, ada)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
