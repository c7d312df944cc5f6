import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { MemoryStore } from './memory-store.js';
import { DuplicateRecordError } from './collections.js';
import type { NewPostRecord } from './store.js';

const author = { id: 'ada', displayName: 'Ada', avatarUrl: null, role: 'member' as const };

function newPost(id: string, threadId = 't1'): NewPostRecord {
  return { id, threadId, parentId: null, rootId: null, depth: 0, replyTo: null, body: id, author, createdAt: 1, editedAt: null, status: 'published' };
}

describe('MemoryStore', () => {
  it('round-trips a snapshot through JSON, keeping order and reactions', async () => {
    const store = new MemoryStore();
    const engine = createEngine({ store });
    const viewer = { id: 'ada', displayName: 'Ada' };
    const root = await engine.createComment({ threadKey: '/t', body: 'root', idempotencyKey: 'key-00000001' }, viewer);
    await engine.createComment({ threadKey: '/t', body: 'reply', parentId: root.id, idempotencyKey: 'key-00000002' }, viewer);
    await engine.toggleReaction({ postId: root.id, emoji: '👍' }, viewer);

    const copy = MemoryStore.fromJSON(JSON.parse(JSON.stringify(store)));
    const again = createEngine({ store: copy });
    expect(await again.listComments({ threadKey: '/t' }, viewer)).toEqual(await engine.listComments({ threadKey: '/t' }, viewer));
    // Idempotency keys survive too: a retry after reload creates nothing.
    const retry = await again.createComment({ threadKey: '/t', body: 'root', idempotencyKey: 'key-00000001' }, viewer);
    expect(retry.id).toBe(root.id);
    // New posts continue the insertion order instead of reusing it.
    const later = await copy.insertPost(newPost('later', root.threadId));
    expect(later.seq).toBeGreaterThan(Math.max(...store.toJSON().posts.map((p) => p.seq)));
  });

  it('refuses malformed snapshots and keeps its data', async () => {
    const store = new MemoryStore();
    await store.insertThread({ id: 't1', key: '/t', locked: false, createdAt: 1 });
    const good = store.toJSON();
    for (const bad of [null, 'x', {}, { ...good, version: 3 }, { ...good, collections: { members: [{ name: 'no id' }] } }, { ...good, posts: [{ id: 1 }] }, { ...good, threads: 'nope' }]) {
      expect(() => store.load(bad)).toThrow(TypeError);
      expect(() => MemoryStore.fromJSON(bad)).toThrow(TypeError);
    }
    expect(store.toJSON()).toEqual(good);
    expect(store.isEmpty).toBe(false);
    expect(new MemoryStore().isEmpty).toBe(true);
  });

  it('rolls a failed transaction back completely', async () => {
    const store = new MemoryStore();
    await store.insertThread({ id: 't1', key: '/t', locked: false, createdAt: 1 });
    await store.insertPost(newPost('p1'));
    const before = JSON.stringify(store);
    await expect(
      store.transaction(async (tx) => {
        await tx.insertPost(newPost('p2'));
        await tx.updatePost('p1', { body: 'changed' });
        await tx.toggleReaction({ postId: 'p1', memberId: 'bob', emoji: '👍', createdAt: 2 });
        await tx.insertIdempotency({ actorId: 'ada', key: 'k', fingerprint: 'f', postId: 'p2', createdAt: 2 });
        await tx.setThreadLocked('t1', true);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(JSON.stringify(store)).toBe(before);
  });

  it('runs transactions one after another', async () => {
    const store = new MemoryStore();
    const order: string[] = [];
    const slow = store.transaction(async () => {
      order.push('a:start');
      await new Promise((resolve) => setImmediate(resolve));
      order.push('a:end');
    });
    const fast = store.transaction(async () => {
      order.push('b');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['a:start', 'a:end', 'b']);
  });

  it('keeps a transaction\'s writes out of sight until it commits', async () => {
    const store = new MemoryStore();
    await store.insertThread({ id: 't1', key: '/t', locked: false, createdAt: 1 });
    const roots = { threadId: 't1', sort: 'oldest' as const, after: null, limit: 10 };
    let inserted!: () => void;
    let finish!: () => void;
    const halfway = new Promise<void>((resolve) => (inserted = resolve));
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const writing = store.transaction(async (tx) => {
      await tx.insertPost(newPost('p1'));
      // The transaction reads its own write...
      expect(await tx.getPost('p1')).toMatchObject({ body: 'p1' });
      inserted();
      await gate;
      await tx.updatePost('p1', { body: 'done' });
    });
    await halfway;
    // ...while everyone else still sees the store as it was before it began.
    expect(await store.getPost('p1')).toBeNull();
    expect(await store.listRoots(roots)).toEqual([]);
    expect(await store.countPosts('t1', 'published')).toBe(0);
    // A write outside the transaction waits its turn instead of being lost at commit.
    const direct = store.insertPost(newPost('p2'));
    finish();
    await Promise.all([writing, direct]);
    expect((await store.listRoots(roots)).map((p) => [p.id, p.body])).toEqual([
      ['p1', 'done'],
      ['p2', 'p2'],
    ]);
  });

  it('keeps what it was given and hands records out frozen, so no caller changes one by accident', async () => {
    const store = new MemoryStore();
    const given = newPost('p1');
    const post = await store.insertPost(given);
    given.body = 'changed after';
    expect(() => {
      (post as { body: string }).body = 'mutated';
    }).toThrow(TypeError);
    const read = await store.getPost('p1');
    expect(() => {
      read!.reactions['👍'] = 5;
    }).toThrow(TypeError);
    const [root] = await store.listRoots({ threadId: 't1', sort: 'oldest', after: null, limit: 1 });
    expect(Object.isFrozen(root!.author)).toBe(true);
    expect(await store.getPost('p1')).toMatchObject({ body: 'p1', reactions: {} });
  });
});

describe('MemoryStore collections', () => {
  const badge = (id: string, memberId: string, at: number) => ({ id, memberId, badge: 'first_post', at });

  it('inserts once per id, updates, removes, and hands out frozen records', async () => {
    const badges = new MemoryStore().collection('badges');
    await badges.insert(badge('a', 'ada', 1));
    await expect(badges.insert(badge('a', 'ada', 2))).rejects.toBeInstanceOf(DuplicateRecordError);
    const read = await badges.get('a');
    expect(() => {
      read!.at = 99;
    }).toThrow(TypeError);
    expect((await badges.find()).every((record) => Object.isFrozen(record))).toBe(true);
    expect(await badges.get('a')).toEqual(badge('a', 'ada', 1));
    expect(await badges.update('a', { at: 3 })).toEqual(badge('a', 'ada', 3));
    await expect(badges.update('missing', { at: 3 })).rejects.toThrow(/missing/);
    expect(await badges.remove('a')).toBe(true);
    expect(await badges.remove('a')).toBe(false);
    expect(await badges.get('a')).toBeNull();
  });

  it('appends a new record, and an existing id fails without a DuplicateRecordError to catch', async () => {
    const store = new MemoryStore();
    const badges = store.collection('badges');
    const record = badge('a', 'ada', 1);
    await badges.append(record);
    record.at = 99;
    expect(await badges.get('a')).toEqual(badge('a', 'ada', 1));
    const clash = await badges.append(badge('a', 'bob', 2)).catch((error: unknown) => error);
    expect(clash).toBeInstanceOf(Error);
    expect(clash).not.toBeInstanceOf(DuplicateRecordError);
    expect((clash as Error).message).toMatch(/badges.*"a"/);
    await expect(store.transaction(async (tx) => {
      await tx.collection('badges').append(badge('b', 'ada', 2));
      await tx.collection('badges').append(badge('a', 'bob', 3));
    })).rejects.toThrow(/"a"/);
    expect(await badges.find()).toEqual([badge('a', 'ada', 1)]);
  });

  it('finds by conditions in order, ties by id, with offset and limit', async () => {
    const badges = new MemoryStore().collection('badges');
    for (const [id, memberId, at] of [['c', 'ada', 2], ['a', 'bob', 2], ['b', 'ada', 1], ['d', 'cyd', 3]] as const) await badges.insert(badge(id, memberId, at));
    const ids = async (query: Parameters<typeof badges.find>[0]) => (await badges.find(query)).map((b) => b.id);
    expect(await ids({ orderBy: [['at', 'asc']] })).toEqual(['b', 'a', 'c', 'd']);
    expect(await ids({ orderBy: [['at', 'desc']], limit: 2 })).toEqual(['d', 'a']);
    expect(await ids({ orderBy: [['at', 'asc']], offset: 1, limit: 2 })).toEqual(['a', 'c']);
    expect(await ids({ where: { memberId: 'ada' } })).toEqual(['b', 'c']);
    expect(await ids({ where: { memberId: { in: ['bob', 'cyd'] } } })).toEqual(['a', 'd']);
    expect(await ids({ where: { at: { gte: 2, lt: 3 }, memberId: { ne: 'bob' } } })).toEqual(['c']);
    expect(await badges.count({ at: { gt: 1 } })).toBe(3);
    expect(await badges.getMany(['d', 'x', 'a'])).toEqual([badge('d', 'cyd', 3), badge('a', 'bob', 2)]);
  });

  it('keeps collection writes of a transaction private until commit, and drops them on a throw', async () => {
    const store = new MemoryStore();
    await store.collection('badges').insert(badge('kept', 'ada', 1));
    let seenInside: number | undefined;
    await expect(
      store.transaction(async (tx) => {
        await tx.collection('badges').insert(badge('lost', 'ada', 2));
        await tx.collection('badges').update('kept', { at: 5 });
        seenInside = await tx.collection('badges').count();
        expect(await store.collection('badges').count()).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seenInside).toBe(2);
    expect(await store.collection('badges').find()).toEqual([badge('kept', 'ada', 1)]);
    await store.transaction(async (tx) => tx.collection('badges').insert(badge('new', 'bob', 3)));
    expect((await store.collection('badges').find()).map((b) => b.id)).toEqual(['kept', 'new']);
  });

  it('round-trips collections through a snapshot and still loads a comments-only version 1 snapshot', async () => {
    const store = new MemoryStore();
    await store.collection('badges').insert(badge('a', 'ada', 1));
    const copy = MemoryStore.fromJSON(JSON.parse(JSON.stringify(store)));
    expect(await copy.collection('badges').find()).toEqual([badge('a', 'ada', 1)]);
    expect(copy.isEmpty).toBe(false);
    const old = MemoryStore.fromJSON({ version: 1, threads: [], posts: [], reactions: [], idempotency: [], nextSeq: 1 });
    expect(old.isEmpty).toBe(true);
    expect(old.toJSON().version).toBe(2);
  });
});
