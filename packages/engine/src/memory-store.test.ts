import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import { MemoryStore } from './memory-store.js';
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

  it('hands out copies, so callers cannot change stored records', async () => {
    const store = new MemoryStore();
    const post = await store.insertPost(newPost('p1'));
    post.body = 'mutated';
    const read = await store.getPost('p1');
    read!.reactions['👍'] = 5;
    expect(await store.getPost('p1')).toMatchObject({ body: 'p1', reactions: {} });
  });
});
