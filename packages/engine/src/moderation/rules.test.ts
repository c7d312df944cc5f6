import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/protocol';
import { describeWait, findBannedWord, linkLimitFor } from './rules.js';
import { decodePosition, encodePosition, scanPage } from './paging.js';
import { excerpt, parseRef, summarize } from './views.js';

describe('findBannedWord', () => {
  it('finds a Chinese word inside a sentence with no spaces', () => {
    expect(findBannedWord('这是一个广告帖子，快来买', ['广告'])).toBe('广告');
    expect(findBannedWord('这是一个正常的帖子', ['广告'])).toBeNull();
  });

  it('ignores case both ways', () => {
    expect(findBannedWord('Buy SPAM now', ['spam'])).toBe('spam');
    expect(findBannedWord('buy spam now', ['SpAm'])).toBe('SpAm');
  });

  it('matches full-width letters and compatibility forms after NFKC', () => {
    expect(findBannedWord('ｓｐａｍ here', ['spam'])).toBe('spam');
    expect(findBannedWord('ＳＰＡＭ here', ['spam'])).toBe('spam');
    expect(findBannedWord('plain spam', ['ｓｐａｍ'])).toBe('ｓｐａｍ');
  });

  it('returns the first listed word that matches, and nothing for an empty list', () => {
    expect(findBannedWord('spam and 广告', ['广告', 'spam'])).toBe('广告');
    expect(findBannedWord('anything', [])).toBeNull();
  });

  it('does not treat a blank word as matching everything', () => {
    expect(findBannedWord('hello', ['  '])).toBeNull();
  });
});

describe('linkLimitFor', () => {
  const settings = { newMemberPosts: 3, linkLimitNewMember: 1, linkLimit: 10 };
  it('gives new members the new-member limit until they have published enough', () => {
    expect(linkLimitFor(0, settings)).toEqual({ limit: 1, newMember: true });
    expect(linkLimitFor(2, settings)).toEqual({ limit: 1, newMember: true });
    expect(linkLimitFor(3, settings)).toEqual({ limit: 10, newMember: false });
  });
});

describe('describeWait', () => {
  it('rounds up to the unit a person reads', () => {
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(45_000)).toBe('45 seconds');
    expect(describeWait(61_000)).toBe('2 minutes');
    expect(describeWait(10 * 60_000)).toBe('10 minutes');
    expect(describeWait(60 * 60_000)).toBe('1 hour');
    expect(describeWait(3 * 86_400_000)).toBe('3 days');
  });
});

describe('cursors', () => {
  it('round-trips a position, ids with any characters included', () => {
    const cursor = encodePosition('audit', { at: 123, id: '评论:a/b+c' });
    expect(decodePosition('audit', cursor)).toEqual({ at: 123, id: '评论:a/b+c' });
  });

  it('refuses a cursor of another list or a malformed one, naming cursor', () => {
    const cursor = encodePosition('audit', { at: 1, id: 'x' });
    for (const bad of [cursor, 'nope', '!!!', btoa('[1,2]')]) {
      let error: unknown;
      try {
        decodePosition('reports', bad);
      } catch (e) {
        error = e;
      }
      expect(HearthError.is(error, 'validation')).toBe(true);
      expect((error as HearthError).field).toBe('cursor');
    }
  });

  it('pages in order with ties broken by id, skipping what accept refuses', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => ({ id: `r${i}`, at: Math.floor(i / 3) }));
    const read = async (after: ReturnType<typeof decodePosition> | null) =>
      scanPage<{ id: string; at: number }, string>({
        direction: 'asc',
        after,
        limit: 2,
        at: (r) => r.at,
        fetch: async (offset, count) => rows.filter((r) => !after || r.at >= after.at).slice(offset, offset + count),
        accept: async (r) => (r.id === 'r4' ? null : r.id),
      });
    const seen: string[] = [];
    let after = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await read(after);
      seen.push(...page.items);
      if (!page.more) break;
      after = page.last;
    }
    expect(seen).toEqual(['r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7', 'r8']);
  });
});

describe('views', () => {
  it('splits a ref at the first colon only', () => {
    expect(parseRef('comment:a:b')).toEqual({ type: 'comment', id: 'a:b' });
  });

  it('cuts excerpts by character, never halving an emoji', () => {
    expect(excerpt('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
    expect(excerpt('short', 5)).toBe('short');
  });

  it('sums open reports by reason with notes oldest first', () => {
    const base = { ref: 'comment:1', status: 'open' as const, resolvedAt: null };
    const summary = summarize([
      { ...base, id: 'b', reporterId: 'b', reason: 'ad', note: 'second', createdAt: 2000 },
      { ...base, id: 'a', reporterId: 'a', reason: 'spam', note: 'first', createdAt: 1000 },
      { ...base, id: 'c', reporterId: 'c', reason: 'ad', note: null, createdAt: 3000 },
    ]);
    expect(summary).toEqual({ count: 3, reasons: { ad: 2, spam: 1 }, notes: ['first', 'second'], firstAt: new Date(1000).toISOString(), lastAt: new Date(3000).toISOString() });
  });
});
