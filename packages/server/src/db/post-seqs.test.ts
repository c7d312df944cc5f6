import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Conn } from './driver.js';
import { PostSeqs } from './post-seqs.js';
import { describePostgres } from './test-databases.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../test-services.js';
import { openDatabase } from './index.js';

/** A `post_seqs` of blocks of `size`, as PostgreSQL's nextval hands them out; `gate` holds answers back. */
function sequence(size: number) {
  let next = 1;
  const asked: number[] = [];
  let gate: Promise<void> = Promise.resolve();
  const conn: Conn = {
    async query<R>() {
      const first = next;
      next += size;
      asked.push(first);
      await gate;
      return [{ first: String(first), size: String(size) }] as R[];
    },
    exec: async () => {},
  };
  return { conn, asked, hold: (until: Promise<void>) => (gate = until) };
}

describe('PostSeqs', () => {
  it('hands out every value of a block before taking the next, asking once per block', async () => {
    const { conn, asked } = sequence(3);
    const seqs = new PostSeqs();
    const taken: number[] = [];
    for (let i = 0; i < 7; i++) taken.push(await seqs.take(conn));
    expect(taken).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(asked).toEqual([1, 4, 7]);
    // Within a block the value is there at once, no promise.
    expect(seqs.take(conn)).toBe(8);
  });

  it('gives concurrent takers distinct values when they refill at once', async () => {
    const { conn, asked, hold } = sequence(2);
    const seqs = new PostSeqs();
    let open!: () => void;
    hold(new Promise<void>((resolve) => (open = resolve)));
    const pending = Array.from({ length: 5 }, () => seqs.take(conn));
    open();
    const taken = await Promise.all(pending);
    expect(new Set(taken).size).toBe(5);
    // Every value came from a block the sequence really handed out.
    expect(taken.every((seq) => asked.some((first) => seq >= first && seq < first + 2))).toBe(true);
  });
});

describePostgres('post seq blocks across instances', () => {
  it('never gives two instances on one database the same seq, and each keeps its own order', async () => {
    const schema = randomSchema();
    const [one, two] = [await openDatabase({ dataDir: 'memory://', databaseUrl: TEST_DATABASE_URL, schema }), await openDatabase({ dataDir: 'memory://', databaseUrl: TEST_DATABASE_URL, schema })];
    try {
      const author = { id: 'ada', displayName: 'Ada', avatarUrl: null, role: 'member' as const };
      const post = (id: string) => ({ id, threadId: 't1', parentId: null, rootId: null, depth: 0, replyTo: null, body: id, author, createdAt: 1, editedAt: null, status: 'published' as const });
      const seqs: Record<string, number[]> = { one: [], two: [] };
      for (let i = 0; i < 20; i++) {
        seqs.one!.push((await one.storeFor('c').insertPost(post(`a${i}`))).seq);
        seqs.two!.push((await two.storeFor('c').transaction((tx) => tx.insertPost(post(`b${i}`)))).seq);
      }
      expect(new Set([...seqs.one!, ...seqs.two!]).size).toBe(40);
      for (const list of Object.values(seqs)) expect(list).toEqual([...list].sort((a, b) => a - b));
      // Stored as handed out.
      const roots = await one.storeFor('c').listRoots({ threadId: 't1', sort: 'oldest', after: null, limit: 50 });
      expect(roots.map((p) => p.seq).sort((a, b) => a - b)).toEqual([...seqs.one!, ...seqs.two!].sort((a, b) => a - b));
      // A row inserted by hand, without a seq, still gets one no instance hands out.
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        await client.query(`INSERT INTO posts (community, id, thread_id, depth, body, author, created_at, status) VALUES ('c', 'by-hand', 't1', 0, 'x', '{}', 1, 'published')`);
      } finally {
        await client.end();
      }
      const byHand = (await one.storeFor('c').getPost('by-hand'))!.seq;
      expect([...seqs.one!, ...seqs.two!]).not.toContain(byHand);
      const after = (await two.storeFor('c').insertPost(post('after'))).seq;
      expect(new Set([...seqs.one!, ...seqs.two!, byHand, after]).size).toBe(42);
    } finally {
      await Promise.all([one.close(), two.close()]);
      await dropSchema(schema);
    }
  });
});
