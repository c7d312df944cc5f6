import { describe, expect, it } from 'vitest';
import type { Conn } from './driver.js';
import { ReadBatch } from './read-batch.js';

/** A connection that records what it is sent and answers with `answer`. */
function spy(answer: (sql: string, params: readonly unknown[]) => unknown[]) {
  const sent: Array<{ sql: string; params: readonly unknown[] }> = [];
  const conn: Conn = {
    query: async <R>(sql: string, params: readonly unknown[] = []) => {
      sent.push({ sql, params });
      return answer(sql, params) as R[];
    },
    exec: async () => {},
  };
  return { conn, sent };
}

describe('ReadBatch', () => {
  it('sends reads asked in one turn as one statement and hands each its own row', async () => {
    const { conn, sent } = spy(() => [
      { q: 2, r: { id: 'c' } },
      { q: 0, r: { id: 'a' } },
    ]);
    const reads = new ReadBatch('c1', conn);
    const results = await Promise.all(['a', 'b', 'c'].map((id) => reads.one((p) => `SELECT data AS r FROM members WHERE community = $1 AND id = ${p(id)}`)));
    expect(results).toEqual([{ id: 'a' }, null, { id: 'c' }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params).toEqual(['c1', 'a', 'b', 'c']);
    expect(sent[0]!.sql).toContain('UNION ALL');
  });

  it('sends a read asked alone as it is, and later reads as a new statement', async () => {
    const { conn, sent } = spy((_, params) => (params[1] === 'a' ? [{ r: { id: 'a' } }] : []));
    const reads = new ReadBatch('c1', conn);
    expect(await reads.one((p) => `SELECT data AS r FROM members WHERE community = $1 AND id = ${p('a')}`)).toEqual({ id: 'a' });
    expect(await reads.one((p) => `SELECT data AS r FROM members WHERE community = $1 AND id = ${p('b')}`)).toBeNull();
    expect(sent.map((s) => s.sql)).toEqual(['SELECT data AS r FROM members WHERE community = $1 AND id = $2', 'SELECT data AS r FROM members WHERE community = $1 AND id = $2']);
  });

  it('fails every read of a statement that failed', async () => {
    const { conn } = spy(() => {
      throw new Error('connection lost');
    });
    const reads = new ReadBatch('c1', conn);
    const results = await Promise.allSettled([1, 2].map((n) => reads.one((p) => `SELECT data AS r FROM members WHERE community = $1 AND id = ${p(String(n))}`)));
    expect(results.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual(['connection lost', 'connection lost']);
  });
});
