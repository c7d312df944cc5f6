import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/protocol';
import { compareBoard, decodeBoardCursor, encodeBoardCursor, pageBoard, rankSimilar, type BoardKey } from './board.js';

const item = (id: string, votes: number, createdAt: number, updatedAt = createdAt): BoardKey => ({ id, votes, createdAt, updatedAt });

describe('compareBoard', () => {
  const a = item('a', 3, 100, 500);
  const b = item('b', 5, 200, 300);
  const c = item('c', 5, 300, 400);

  it('orders by votes, then newest', () => {
    expect([a, b, c].sort((x, y) => compareBoard('votes', x, y)).map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('orders newest first, and by last update', () => {
    expect([a, b, c].sort((x, y) => compareBoard('new', x, y)).map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect([a, b, c].sort((x, y) => compareBoard('updated', x, y)).map((i) => i.id)).toEqual(['a', 'c', 'b']);
  });

  it('breaks full ties by id so the order is total', () => {
    const x = item('x', 1, 100);
    const y = item('y', 1, 100);
    expect(compareBoard('votes', x, y)).toBeGreaterThan(0);
    expect(compareBoard('votes', y, x)).toBeLessThan(0);
    expect(compareBoard('votes', x, x)).toBe(0);
  });
});

describe('board cursors', () => {
  it('round-trips a key, ids with any characters included', () => {
    const key = item('反馈/1', 4, 1000, 2000);
    expect(decodeBoardCursor('votes', encodeBoardCursor('votes', key))).toEqual(key);
  });

  it('refuses a cursor of another sort or a malformed one, naming cursor', () => {
    const cursor = encodeBoardCursor('new', item('a', 0, 1));
    for (const [sort, bad] of [['votes', cursor], ['new', 'not-base64!'], ['new', btoa('[1,2]')], ['new', btoa('["n","x",1,1,"a"]')]] as const) {
      let error: unknown;
      try {
        decodeBoardCursor(sort, bad);
      } catch (e) {
        error = e;
      }
      expect(HearthError.is(error, 'validation')).toBe(true);
      expect((error as HearthError).field).toBe('cursor');
    }
  });
});

describe('pageBoard', () => {
  it('pages through ties without gaps or repeats', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(`i${i}`, i % 3, 100));
    const seen: string[] = [];
    let after: BoardKey | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: ReturnType<typeof pageBoard<BoardKey>> = pageBoard('votes', items, after, 3);
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      after = decodeBoardCursor('votes', page.nextCursor);
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen.slice(0, 3).every((id) => Number(id.slice(1)) % 3 === 2)).toBe(true);
  });

  it('has no next page when the last page is exactly full', () => {
    expect(pageBoard('new', [item('a', 0, 1), item('b', 0, 2)], null, 2).nextCursor).toBeNull();
  });
});

describe('rankSimilar', () => {
  const candidate = (id: string, text: string, status: 'open' | 'done' | 'declined' = 'open', votes = 0) => ({ ...item(id, votes, 1), status, text });

  it('finds alike English text while it is typed', () => {
    const ranked = rankSimilar('dark mo', [candidate('a', 'Dark mode please'), candidate('b', 'CSV export')], 5);
    expect(ranked.map((r) => r.item.id)).toEqual(['a']);
    expect(ranked[0]!.score).toBeGreaterThanOrEqual(0.3);
  });

  it('finds Chinese text that shares words, with no spaces to split on', () => {
    const ranked = rankSimilar('登录失败', [candidate('a', '无法登录，手机上一直转圈'), candidate('b', '付款页面打不开')], 5);
    expect(ranked.map((r) => r.item.id)).toEqual(['a']);
  });

  it('puts done and declined items after open ones, then the most alike, then the most voted', () => {
    const ranked = rankSimilar('offline mode', [
      candidate('done', 'offline mode', 'done', 50),
      candidate('half', 'offline sync', 'open', 0),
      candidate('full', 'offline mode for mobile', 'open', 0),
      candidate('voted', 'offline mode on tablets', 'open', 9),
      candidate('declined', 'offline mode', 'declined'),
    ], 10);
    expect(ranked.map((r) => r.item.id)).toEqual(['voted', 'full', 'half', 'done', 'declined']);
  });

  it('suggests nothing for text without terms, and honours the limit', () => {
    expect(rankSimilar('  ?! ', [candidate('a', 'anything')], 5)).toEqual([]);
    expect(rankSimilar('offline', [candidate('a', 'offline'), candidate('b', 'offline too')], 1)).toHaveLength(1);
  });
});
