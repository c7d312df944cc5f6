import { expect, it } from 'vitest';
import { DuplicateRecordError, MemoryStore, createEngine, type NewPostRecord, type PostRecord, type RootKey, type Store } from '@hearth/engine';
import type { CommentSort } from '@hearth/protocol';
import { describeEachDatabase } from './test-databases.js';

const author = { id: 'ada', displayName: 'Ada', avatarUrl: null, role: 'member' as const };

function newPost(id: string, overrides: Partial<NewPostRecord> = {}): NewPostRecord {
  return { id, threadId: 't1', parentId: null, rootId: null, depth: 0, replyTo: null, body: id, author, createdAt: 1, editedAt: null, status: 'published', ...overrides };
}

const badge = (id: string, memberId: string, at: number) => ({ id, memberId, badge: 'first_post' as const, at });

/** Everything the thread `t1` holds, read through the Store interface. */
async function threadState(store: Store) {
  const roots = await store.listRoots({ threadId: 't1', sort: 'oldest', after: null, limit: 100 });
  return {
    thread: await store.getThread('t1'),
    roots,
    descendants: await store.listDescendants(roots.map((p) => p.id)),
    reactions: await store.listMemberReactions('bob', roots.map((p) => p.id)),
    idempotency: await store.getIdempotency('ada', 'k'),
  };
}

describeEachDatabase('SqlStore', ({ kind, open, shared, store: fresh }) => {

  it('stores threads once per id and key, finds them by key, and locks them', async () => {
    const store = await fresh();
    await store.insertThread({ id: 't1', key: '/a', locked: false, createdAt: 5 });
    await expect(store.insertThread({ id: 't1', key: '/b', locked: false, createdAt: 5 })).rejects.toThrow(/t1/);
    await expect(store.insertThread({ id: 't2', key: '/a', locked: false, createdAt: 5 })).rejects.toThrow(/\/a/);
    expect(await store.getThreadByKey('/a')).toEqual({ id: 't1', key: '/a', locked: false, createdAt: 5 });
    await store.setThreadLocked('t1', true);
    expect(await store.getThread('t1')).toMatchObject({ locked: true });
    await expect(store.setThreadLocked('nope', true)).rejects.toThrow(/nope/);
    expect(await store.getThread('nope')).toBeNull();
  });

  it('hands out posts with increasing seq, updates them, and refuses duplicates and unknown ids', async () => {
    const store = await fresh();
    const reply = { id: 'p1', authorName: 'Ada' };
    const first = await store.insertPost(newPost('p1'));
    const second = await store.insertPost(newPost('p2', { parentId: 'p1', rootId: 'p1', depth: 1, replyTo: reply, createdAt: 2 ** 41 }));
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(first).toMatchObject({ reactions: {}, score: 0 });
    expect(await store.getPost('p2')).toEqual(second);
    await expect(store.insertPost(newPost('p1'))).rejects.toThrow(/p1/);
    expect(await store.updatePost('p1', { body: 'edited', editedAt: 9 })).toEqual({ ...first, body: 'edited', editedAt: 9 });
    expect(await store.updatePost('p1', { status: 'hidden' })).toMatchObject({ body: 'edited', status: 'hidden', editedAt: 9 });
    await expect(store.updatePost('missing', { body: 'x' })).rejects.toThrow(/missing/);
  });

  it('hands out copies, so callers cannot change stored records', async () => {
    const store = await fresh();
    const post = await store.insertPost(newPost('p1'));
    post.body = 'mutated';
    const read = await store.getPost('p1');
    read!.reactions['👍'] = 5;
    expect(await store.getPost('p1')).toMatchObject({ body: 'p1', reactions: {} });
    const record = badge('a', 'ada', 1);
    await store.collection('badges').insert(record);
    record.at = 99;
    expect(await store.collection('badges').get('a')).toEqual(badge('a', 'ada', 1));
  });

  it('toggles reactions, keeping counts and score exact', async () => {
    const store = await fresh();
    await store.insertPost(newPost('p1'));
    const react = (memberId: string, emoji: string) => store.toggleReaction({ postId: 'p1', memberId, emoji, createdAt: 3 });
    expect(await react('bob', '👍')).toEqual({ active: true, count: 1 });
    expect(await react('cyd', '👍')).toEqual({ active: true, count: 2 });
    expect(await react('bob', '🎉')).toEqual({ active: true, count: 1 });
    expect(await react('bob', '👍')).toEqual({ active: false, count: 1 });
    expect(await store.getPost('p1')).toMatchObject({ reactions: { '👍': 1, '🎉': 1 }, score: 2 });
    expect(await react('bob', '🎉')).toEqual({ active: false, count: 0 });
    expect((await store.getPost('p1'))!.reactions).toEqual({ '👍': 1 });
    expect(await store.listMemberReactions('cyd', ['p1', 'other'])).toEqual([{ postId: 'p1', memberId: 'cyd', emoji: '👍', createdAt: 3 }]);
    await expect(store.toggleReaction({ postId: 'ghost', memberId: 'bob', emoji: '👍', createdAt: 3 })).rejects.toThrow(/ghost/);
    expect(await store.listMemberReactions('bob', ['ghost'])).toEqual([]);
    await store.insertPost(newPost('p2'));
    await store.toggleReaction({ postId: 'p2', memberId: 'bob', emoji: '🎉', createdAt: 4 });
    const byPost = (rows: Array<{ postId: string; memberId: string; emoji: string }>) => rows.map((r) => `${r.postId}:${r.memberId}:${r.emoji}`).sort();
    expect(byPost(await store.listReactions(['p1', 'p2', 'ghost']))).toEqual(['p1:cyd:👍', 'p2:bob:🎉']);
    expect(byPost(await store.listReactions(['p2']))).toEqual(['p2:bob:🎉']);
    expect(await store.listReactions([])).toEqual([]);
  });

  it('stores an idempotency record once per actor and key', async () => {
    const store = await fresh();
    const record = { actorId: 'ada', key: 'k', fingerprint: 'f', postId: 'p1', createdAt: 2 };
    await store.insertIdempotency(record);
    await expect(store.insertIdempotency({ ...record, postId: 'p2' })).rejects.toThrow(/k/);
    await store.insertIdempotency({ ...record, actorId: 'bob' });
    expect(await store.getIdempotency('ada', 'k')).toEqual(record);
    expect(await store.getIdempotency('ada', 'other')).toBeNull();
  });

  it('lists descendants in (createdAt, seq) order and counts posts by status', async () => {
    const store = await fresh();
    await store.insertPost(newPost('r1'));
    await store.insertPost(newPost('r2'));
    await store.insertPost(newPost('b', { parentId: 'r1', rootId: 'r1', depth: 1, createdAt: 5 }));
    await store.insertPost(newPost('a', { parentId: 'r2', rootId: 'r2', depth: 1, createdAt: 3 }));
    await store.insertPost(newPost('c', { parentId: 'b', rootId: 'r1', depth: 2, createdAt: 5, status: 'hidden' }));
    await store.insertPost(newPost('x', { threadId: 't2', parentId: 'y', rootId: 'y', depth: 1 }));
    expect((await store.listDescendants(['r1', 'r2'])).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect((await store.listDescendants(['r1'])).map((p) => p.id)).toEqual(['b', 'c']);
    expect(await store.listDescendants([])).toEqual([]);
    expect(await store.countPosts('t1', 'published')).toBe(4);
    expect(await store.countPosts('t1', 'hidden')).toBe(1);
    expect(await store.countPosts('t2', 'hidden')).toBe(0);
  });

  it('pages top-level posts in every sort exactly as the memory store does', async () => {
    const store = await fresh();
    const memory = new MemoryStore();
    // Equal times and equal scores, so the tie-breakers decide.
    const plan: Array<[string, number, number]> = [['a', 3, 1], ['b', 1, 2], ['c', 3, 0], ['d', 2, 2], ['e', 1, 0], ['f', 3, 2], ['g', 2, 1]];
    for (const [id, createdAt, score] of plan) {
      for (const s of [store, memory]) {
        await s.insertPost(newPost(id, { createdAt }));
        for (let i = 0; i < score; i += 1) await s.toggleReaction({ postId: id, memberId: `m${i}`, emoji: '👍', createdAt });
      }
    }
    await store.insertPost(newPost('reply', { parentId: 'a', rootId: 'a', depth: 1 }));
    await store.insertPost(newPost('elsewhere', { threadId: 't2' }));
    const pages = async (s: Store, sort: CommentSort) => {
      const seen: string[][] = [];
      let after: RootKey | null = null;
      for (;;) {
        const page: PostRecord[] = await s.listRoots({ threadId: 't1', sort, after, limit: 3 });
        if (page.length === 0) return seen;
        seen.push(page.map((p) => p.id));
        const last = page.at(-1)!;
        after = { score: last.score, createdAt: last.createdAt, seq: last.seq };
      }
    };
    for (const sort of ['oldest', 'newest', 'top'] as const) expect(await pages(store, sort), sort).toEqual(await pages(memory, sort));
    expect((await pages(store, 'top')).flat()).toEqual(['b', 'd', 'f', 'g', 'a', 'e', 'c']);
  });

  it('rolls a failed transaction back completely', async () => {
    const store = await fresh();
    await store.insertThread({ id: 't1', key: '/t', locked: false, createdAt: 1 });
    await store.insertPost(newPost('p1'));
    await store.collection('badges').insert(badge('kept', 'ada', 1));
    const before = await threadState(store);
    await expect(
      store.transaction(async (tx) => {
        await tx.insertPost(newPost('p2'));
        await tx.updatePost('p1', { body: 'changed' });
        await tx.toggleReaction({ postId: 'p1', memberId: 'bob', emoji: '👍', createdAt: 2 });
        await tx.insertIdempotency({ actorId: 'ada', key: 'k', fingerprint: 'f', postId: 'p2', createdAt: 2 });
        await tx.setThreadLocked('t1', true);
        await tx.collection('badges').insert(badge('lost', 'ada', 2));
        await tx.collection('badges').update('kept', { at: 5 });
        expect(await tx.collection('badges').count()).toBe(2);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await threadState(store)).toEqual(before);
    expect(await store.collection('badges').find()).toEqual([badge('kept', 'ada', 1)]);
  });

  it('reads a transaction\'s own collection writes back, frozen, and keeps what it was given', async () => {
    const store = await fresh();
    await store.collection('badges').insert(badge('a', 'ada', 1));
    const seen = await store.transaction(async (tx) => {
      const badges = tx.collection('badges');
      const before = await badges.get('a');
      expect(() => {
        before!.at = 50;
      }).toThrow(TypeError);
      const given = badge('c', 'cyd', 4);
      await badges.insert(given);
      given.at = 40;
      expect(await badges.get('c')).toEqual(badge('c', 'cyd', 4));
      await badges.remove('c');
      await badges.update('a', { at: 2 });
      const updated = await badges.get('a');
      await badges.put(badge('b', 'bob', 3));
      const put = await tx.collection('badges').get('b');
      await badges.remove('a');
      return { before, updated, put, removed: await badges.get('a'), again: await badges.get('b') };
    });
    expect(seen).toEqual({ before: badge('a', 'ada', 1), updated: badge('a', 'ada', 2), put: badge('b', 'bob', 3), removed: null, again: badge('b', 'bob', 3) });
    expect(await store.collection('badges').find()).toEqual([badge('b', 'bob', 3)]);
  });

  it('sends held writes before any statement that reads their table, so a transaction always sees its own writes', async () => {
    const store = await fresh();
    await store.collection('members').insert({ id: 'ada', displayName: 'Ada', publishedCount: 0, title: 'Old' } as never);
    const seen = await store.transaction(async (tx) => {
      const members = tx.collection('members');
      const ledger = tx.collection('ledger');
      await members.get('ada');
      // Updates of a record the transaction has, merged: a field set, one set again, one unset.
      await members.update('ada', { publishedCount: 1 } as never);
      const merged = await members.update('ada', { publishedCount: 2, title: undefined } as never);
      await ledger.append({ id: 'e1', memberId: 'ada', delta: 5, day: '2026-12-03' } as never);
      await ledger.append({ id: 'e2', memberId: 'bob', delta: 1, day: '2026-12-03' } as never);
      // An update after an append rewrites the record the append will send.
      await ledger.update('e2', { delta: 3 } as never);
      await tx.insertIdempotency({ actorId: 'ada', key: 'k', fingerprint: 'f', postId: 'p1', createdAt: 2 });
      return {
        merged,
        found: (await members.find({ where: { publishedCount: 2 } as never })).map((m) => m.id),
        counted: await members.count(),
        ledger: await ledger.find({ orderBy: [['id', 'asc']] }),
        many: (await members.getMany(['ada'])).map((m) => (m as unknown as { publishedCount: number }).publishedCount),
        key: await tx.getIdempotency('ada', 'k'),
        // Written after the first statement sent the held ones: held again, sent at commit.
        late: await members.update('ada', { publishedCount: 3 } as never),
      };
    });
    expect(seen.merged).toEqual({ id: 'ada', displayName: 'Ada', publishedCount: 2 });
    expect(seen).toMatchObject({ found: ['ada'], counted: 1, many: [2], key: { postId: 'p1' }, late: { publishedCount: 3 } });
    expect(seen.ledger).toEqual([
      { id: 'e1', memberId: 'ada', delta: 5, day: '2026-12-03' },
      { id: 'e2', memberId: 'bob', delta: 3, day: '2026-12-03' },
    ]);
    expect(await store.collection('members').get('ada')).toEqual({ id: 'ada', displayName: 'Ada', publishedCount: 3 });
    expect(await store.collection('ledger').count()).toBe(2);
    expect(await store.getIdempotency('ada', 'k')).toMatchObject({ fingerprint: 'f', postId: 'p1' });
  });

  it('answers reads asked together in a transaction exactly as reads asked one by one', async () => {
    const store = await fresh();
    await store.insertThread({ id: 't1', key: '/t', locked: true, createdAt: 4 });
    const post = await store.insertPost(newPost('p1', { replyTo: { id: 'p0', authorId: 'bob', displayName: 'Bob' } as never }));
    await store.insertIdempotency({ actorId: 'ada', key: 'k', fingerprint: 'f', postId: 'p1', createdAt: 2 });
    await store.collection('members').insert({ id: 'ada', displayName: 'Ada' } as never);
    const ask = (tx: Store) =>
      [
        () => tx.getIdempotency('ada', 'k'),
        () => tx.getIdempotency('ada', 'nope'),
        () => tx.getThreadByKey('/t'),
        () => tx.getThread('nope'),
        () => tx.getPost('p1'),
        () => tx.collection('members').get('ada'),
        () => tx.collection('members').get('nobody'),
      ] as const;
    const together = await store.transaction((tx) => Promise.all(ask(tx).map((read) => read())));
    const oneByOne = await store.transaction(async (tx) => {
      const out = [];
      for (const read of ask(tx)) out.push(await read());
      return out;
    });
    expect(together).toEqual(oneByOne);
    expect(together).toEqual([
      { actorId: 'ada', key: 'k', fingerprint: 'f', postId: 'p1', createdAt: 2 },
      null,
      { id: 't1', key: '/t', locked: true, createdAt: 4 },
      null,
      post,
      { id: 'ada', displayName: 'Ada' },
      null,
    ]);
  });

  it('fails the whole transaction when a held append or idempotency record clashes, and writes none of it', async () => {
    const store = await fresh();
    await store.collection('ledger').insert({ id: 'e1', memberId: 'ada', delta: 5 } as never);
    await store.insertIdempotency({ actorId: 'ada', key: 'k', fingerprint: 'f', postId: 'p1', createdAt: 1 });
    await store.collection('members').insert({ id: 'ada', displayName: 'Ada', publishedCount: 0 } as never);
    const attempt = (write: (tx: Store) => Promise<void>) =>
      store.transaction(async (tx) => {
        await tx.collection('members').get('ada');
        await tx.collection('members').update('ada', { publishedCount: 9 } as never);
        await tx.collection('ledger').append({ id: 'e2', memberId: 'ada', delta: 1 } as never);
        await write(tx);
      });
    await expect(attempt((tx) => tx.collection('ledger').append({ id: 'e1', memberId: 'bob', delta: 1 } as never))).rejects.toThrow(/ledger.*"e1"/);
    await expect(attempt((tx) => tx.insertIdempotency({ actorId: 'ada', key: 'k', fingerprint: 'g', postId: 'p2', createdAt: 2 }))).rejects.toThrow(/k already used/);
    // A post insert waits with the other writes too: an id already stored fails them all.
    await store.insertPost(newPost('p0'));
    await expect(attempt((tx) => tx.insertPost(newPost('p0', { body: 'again' })).then(() => {}))).rejects.toThrow(/Post p0 already exists/);
    expect(await store.getPost('p0')).toMatchObject({ body: 'p0' });
    // The same id appended twice in one transaction clashes at once.
    await expect(attempt(async (tx) => tx.collection('ledger').append({ id: 'e2', memberId: 'ada', delta: 1 } as never))).rejects.toThrow(/"e2"/);
    expect(await store.collection('ledger').find()).toEqual([{ id: 'e1', memberId: 'ada', delta: 5 }]);
    expect(await store.collection('members').get('ada')).toMatchObject({ publishedCount: 0 });
    expect(await store.getIdempotency('ada', 'k')).toMatchObject({ fingerprint: 'f', postId: 'p1' });
    // Outside a transaction an append is one statement of its own, with the same error.
    await expect(store.collection('ledger').append({ id: 'e1', memberId: 'bob', delta: 1 } as never)).rejects.toThrow(/ledger.*"e1"/);
    await store.collection('ledger').append({ id: 'e3', memberId: 'bob', delta: 1 } as never);
    expect(await store.collection('ledger').count()).toBe(2);
  });

  it('lets concurrent transactions append and update one member with held writes, losing and doubling nothing', async () => {
    const store = await fresh();
    await store.collection('members').insert({ id: 'ada', displayName: 'Ada', publishedCount: 0 } as never);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.transaction(async (tx) => {
          const members = tx.collection('members');
          const record = (await members.get('ada')) as unknown as { publishedCount: number };
          await tx.collection('ledger').append({ id: `e${i}`, memberId: 'ada', delta: 1 } as never);
          await tx.insertIdempotency({ actorId: 'ada', key: `k${i}`, fingerprint: 'f', postId: `p${i}`, createdAt: i });
          await members.update('ada', { publishedCount: record.publishedCount + 1 } as never);
        }),
      ),
    );
    expect(await store.collection('members').get('ada')).toMatchObject({ publishedCount: 12 });
    expect(await store.collection('ledger').count()).toBe(12);
  });

  it('commits a transaction whole, and a reader never sees half of one', async () => {
    const store = await fresh();
    let inserted!: () => void;
    let finish!: () => void;
    const halfway = new Promise<void>((resolve) => (inserted = resolve));
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const writing = store.transaction(async (tx) => {
      await tx.insertPost(newPost('p1'));
      expect(await tx.getPost('p1')).toMatchObject({ body: 'p1' });
      inserted();
      await gate;
      await tx.updatePost('p1', { body: 'done' });
      await tx.collection('badges').insert(badge('b1', 'ada', 1));
    });
    await halfway;
    // PostgreSQL answers from before the transaction; PGlite waits for it to finish.
    const reading = Promise.all([store.getPost('p1'), store.collection('badges').count()]);
    const snapshot = store.transaction(async (tx) => [await tx.getPost('p1'), await tx.collection('badges').count()] as const);
    const direct = store.insertPost(newPost('p2'));
    finish();
    const [[post, badges], [seenPost, seenBadges]] = await Promise.all([reading, snapshot, writing, direct]);
    // Lone reads are two statements on two connections, so the commit may land between them,
    // either way round; what none may see is the write half done: the first body.
    expect(post?.body).not.toBe('p1');
    expect([0, 1]).toContain(badges);
    // Reads in one transaction share a snapshot: the write whole, or none of it.
    if (seenPost) expect([seenPost.body, seenBadges]).toEqual(['done', 1]);
    else expect(seenBadges).toBe(0);
    expect((await store.listRoots({ threadId: 't1', sort: 'oldest', after: null, limit: 10 })).map((p) => [p.id, p.body])).toEqual([
      ['p1', 'done'],
      ['p2', 'p2'],
    ]);
  });

  it('surfaces a duplicate insert inside a transaction as in memory, and the rest still commits', async () => {
    const store = await fresh();
    await store.collection('ballots').insert({ id: 'poll:ada', pollId: 'poll', memberId: 'ada', optionIds: ['x'], createdAt: 1 } as never);
    await store.transaction(async (tx) => {
      await expect(tx.collection('ballots').insert({ id: 'poll:ada', pollId: 'poll', memberId: 'ada', optionIds: ['y'], createdAt: 2 } as never)).rejects.toBeInstanceOf(DuplicateRecordError);
      await expect(tx.insertPost(newPost('p1'))).resolves.toMatchObject({ id: 'p1' });
      await expect(tx.insertPost(newPost('p1'))).rejects.toThrow(/p1/);
    });
    expect(await store.getPost('p1')).not.toBeNull();
  });

  it('counts concurrent read-increment-write transactions exactly once each', async () => {
    const store = await fresh();
    const members = store.collection('members');
    await members.insert({ id: 'ada', displayName: 'Ada', publishedCount: 0 } as never);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transaction(async (tx) => {
          const record = await tx.collection('members').get('ada');
          await tx.collection('members').update('ada', { publishedCount: record!.publishedCount + 1 });
        }),
      ),
    );
    expect((await members.get('ada'))!.publishedCount).toBe(20);
  });

  it('lets exactly one of many concurrent inserts of the same id win', async () => {
    const store = await fresh();
    const ballot = (n: number) => ({ id: 'poll:ada', pollId: 'poll', memberId: 'ada', optionIds: [`o${n}`], createdAt: n }) as never;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) =>
        store.transaction(async (tx) => {
          if ((await tx.collection('ballots').count({ pollId: 'poll' })) > 0) throw new DuplicateRecordError('ballots', 'poll:ada');
          await tx.collection('ballots').insert(ballot(n));
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateRecordError);
    expect(await store.collection('ballots').count()).toBe(1);
  });

  it('counts concurrent reaction toggles by different members exactly', async () => {
    const store = await fresh();
    await store.insertPost(newPost('p1'));
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.transaction((tx) => tx.toggleReaction({ postId: 'p1', memberId: `m${i}`, emoji: '👍', createdAt: 1 }))));
    expect(await store.getPost('p1')).toMatchObject({ reactions: { '👍': 12 }, score: 12 });
  });

  it('refuses a nested transaction and a handle used after its transaction', async () => {
    const store = await fresh();
    // Takes this database's first block of post seqs, so a late insert below needs no statement to fail on.
    await store.insertPost(newPost('early'));
    let kept: Store | undefined;
    await expect(store.transaction(async (tx) => tx.transaction(async () => 1))).rejects.toThrow(/re-entrant/);
    await store.transaction(async (tx) => {
      kept = tx;
    });
    // A write through the store itself (not the handle) inside a transaction would be a second
    // transaction, not atomic with the first: refused (on PostgreSQL, outside production).
    await expect(store.transaction(async () => store.insertThread({ id: 'inner', key: '/inner', locked: false, createdAt: 1 }))).rejects.toThrow(/re-entrant/);
    expect(await store.getThread('inner')).toBeNull();
    await expect(kept!.insertPost(newPost('late'))).rejects.toThrow(/finished/);
    await expect(kept!.collection('ledger').append({ id: 'late', memberId: 'ada', delta: 1 } as never)).rejects.toThrow(/finished/);
    await expect(kept!.insertIdempotency({ actorId: 'ada', key: 'late', fingerprint: 'f', postId: 'late', createdAt: 1 })).rejects.toThrow(/finished/);
    // Nor through the handle of a transaction that failed.
    await expect(
      store.transaction(async (tx) => {
        kept = tx;
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    await expect(kept!.insertPost(newPost('late'))).rejects.toThrow(/finished/);
    expect(await store.getPost('late')).toBeNull();
    expect(await store.collection('ledger').count()).toBe(0);
    expect(await store.getIdempotency('ada', 'late')).toBeNull();
  });

  it('gives posts held with a transaction\'s writes the same rows and seq order as posts inserted alone', async () => {
    const store = await fresh();
    const alone = await store.insertPost(newPost('p1'));
    const held = await store.transaction(async (tx) => {
      const post = await tx.insertPost(newPost('p2', { createdAt: 1 }));
      // Read back inside the transaction: the held insert goes out first.
      expect(await tx.getPost('p2')).toEqual(post);
      const reply = await tx.insertPost(newPost('p3', { parentId: 'p2', rootId: 'p2', depth: 1 }));
      expect(await tx.listDescendants(['p2'])).toEqual([reply]);
      return [post, reply];
    });
    expect(held[0]!.seq).toBeGreaterThan(alone.seq);
    expect(held[1]!.seq).toBeGreaterThan(held[0]!.seq);
    expect(await store.listRoots({ threadId: 't1', sort: 'oldest', after: null, limit: 10 })).toEqual([alone, held[0]]);
    expect(await store.getPost('p3')).toEqual(held[1]);
  });

  it('keeps communities apart: the same ids and keys live side by side, unseen by each other', async () => {
    const db = await shared();
    const suffix = Math.random().toString(36).slice(2);
    const one = db.storeFor(`one-${suffix}`);
    const two = db.storeFor(`two-${suffix}`);
    for (const [store, body] of [[one, 'first'], [two, 'second']] as const) {
      await store.insertThread({ id: 't1', key: '/same', locked: false, createdAt: 1 });
      await store.insertPost(newPost('p1', { body }));
      await store.toggleReaction({ postId: 'p1', memberId: 'bob', emoji: '👍', createdAt: 1 });
      await store.insertIdempotency({ actorId: 'ada', key: 'k', fingerprint: body, postId: 'p1', createdAt: 1 });
      await store.collection('badges').insert(badge('b1', body, 1));
    }
    await two.toggleReaction({ postId: 'p1', memberId: 'cyd', emoji: '👍', createdAt: 1 });
    await one.collection('badges').insert(badge('only-one', 'first', 2));
    expect((await one.getPost('p1'))!).toMatchObject({ body: 'first', score: 1 });
    expect((await two.getPost('p1'))!).toMatchObject({ body: 'second', score: 2 });
    expect((await one.getIdempotency('ada', 'k'))!.fingerprint).toBe('first');
    expect(await one.countPosts('t1', 'published')).toBe(1);
    expect((await two.collection('badges').find()).map((b) => b.memberId)).toEqual(['second']);
    expect(await two.collection('badges').get('only-one')).toBeNull();
    expect(await db.storeFor(`three-${suffix}`).getThreadByKey('/same')).toBeNull();
  });

  it(`runs the engine's own example with the same results as the memory store (${kind})`, async () => {
    const run = async (store: Store) => {
      let now = Date.UTC(2026, 0, 1);
      let n = 0;
      const engine = createEngine({ store, clock: () => (now += 1000), ids: () => `id-${String((n += 1)).padStart(4, '0')}` });
      const ada = { id: 'ada', displayName: 'Ada' };
      const bob = { id: 'bob', displayName: 'Bob' };
      const root = await engine.createComment({ threadKey: '/hello', body: 'Hi!', idempotencyKey: 'key-00000001' }, ada);
      const again = await engine.createComment({ threadKey: '/hello', body: 'Hi!', idempotencyKey: 'key-00000001' }, ada);
      const reply = await engine.createComment({ threadKey: '/hello', body: 'Hello back', parentId: root.id, idempotencyKey: 'key-00000002' }, bob);
      await engine.createComment({ threadKey: '/hello', body: 'Second', idempotencyKey: 'key-00000003' }, bob);
      await engine.toggleReaction({ postId: root.id, emoji: '👍' }, bob);
      await engine.toggleReaction({ postId: reply.id, emoji: '🎉' }, ada);
      await engine.editComment({ postId: reply.id, body: 'Hello back!' }, bob);
      const views = [];
      for (const sort of ['oldest', 'newest', 'top'] as const) views.push(await engine.listComments({ threadKey: '/hello', sort }, ada));
      views.push(await engine.listComments({ threadKey: '/hello', limit: 1 }, null));
      return { again: again.id === root.id, views, thread: await engine.getThread({ threadKey: '/hello' }, bob) };
    };
    // A database of its own, so `seq` (inside page cursors) counts from 1 as in memory.
    expect(await run((await open()).storeFor('c1'))).toEqual(await run(new MemoryStore()));
  });
});
