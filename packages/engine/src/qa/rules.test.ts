import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/protocol';
import type { AnswerRecord } from './records.js';
import { bountyWinner, checkAnswerBody, compareAnswers, compareKeys, decodeListCursor, encodeListCursor, listKey, rankSimilar } from './rules.js';

const member = (id: string) => ({ id, displayName: id, avatarUrl: null, role: 'member' as const });

function answer(id: string, patch: Partial<AnswerRecord> = {}): AnswerRecord {
  return { id, questionId: 'q', body: id, author: member(`author-${id}`), createdAt: 0, editedAt: null, status: 'published', accepted: false, up: 0, down: 0, ...patch };
}

function fieldOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return HearthError.is(error, 'validation') ? error.field : 'not a validation error';
  }
  return undefined;
}

describe('checkAnswerBody', () => {
  it('trims, and refuses empty or over-long bodies naming body', () => {
    expect(checkAnswerBody('  hi  ')).toBe('hi');
    expect(fieldOf(() => checkAnswerBody('   '))).toBe('body');
    expect(fieldOf(() => checkAnswerBody('x'.repeat(20_001)))).toBe('body');
    // Characters as people count them: 20,000 emoji are allowed although they are 40,000 UTF-16 units.
    expect(checkAnswerBody('😀'.repeat(20_000))).toHaveLength(40_000);
  });
});

describe('compareAnswers', () => {
  it('puts the accepted answer first, then higher score, then the oldest', () => {
    const answers = [
      answer('old-low', { createdAt: 1, up: 1 }),
      answer('new-high', { createdAt: 5, up: 4, down: 1 }),
      answer('accepted', { createdAt: 9, accepted: true, down: 3 }),
      answer('old-high', { createdAt: 2, up: 3 }),
      answer('negative', { createdAt: 0, down: 2 }),
    ];
    expect([...answers].sort(compareAnswers).map((a) => a.id)).toEqual(['accepted', 'old-high', 'new-high', 'old-low', 'negative']);
  });
});

describe('bountyWinner', () => {
  it('picks the best-scoring answer with at least two upvotes, earliest on a tie', () => {
    const answers = [
      answer('one-up', { up: 1, createdAt: 0 }),
      answer('late', { up: 3, down: 1, createdAt: 9 }),
      answer('early', { up: 2, createdAt: 3 }),
      answer('best-but-hidden', { up: 9, status: 'hidden' }),
    ];
    expect(bountyWinner(answers, 'asker')?.id).toBe('early');
    expect(bountyWinner([...answers, answer('top', { up: 5, createdAt: 20 })], 'asker')?.id).toBe('top');
  });

  it('never pays the asker and returns null when nothing qualifies', () => {
    expect(bountyWinner([answer('own', { up: 5, author: member('asker') })], 'asker')).toBeNull();
    expect(bountyWinner([answer('a', { up: 1 })], 'asker')).toBeNull();
    expect(bountyWinner([], 'asker')).toBeNull();
  });
});

describe('rankSimilar', () => {
  const q = (id: string, text: string, createdAt = 0) => ({ id, text, createdAt });
  it('finds Chinese questions sharing words with no spaces between them', () => {
    const found = rankSimilar('如何重置密码', [q('reset', '忘记密码怎么重置'), q('other', '今天天气很好')], (x) => x.text, 5);
    expect(found.map((f) => f.item.id)).toEqual(['reset']);
    expect(found[0]!.score).toBeGreaterThan(0);
    expect(found[0]!.score).toBeLessThanOrEqual(1);
  });

  it('orders best first, drops weak matches and honours the limit', () => {
    const items = [q('some', 'reset something else entirely different words here'), q('exact', 'reset password'), q('none', 'billing')];
    const found = rankSimilar('reset password', items, (x) => x.text, 5);
    expect(found.map((f) => f.item.id)).toEqual(['exact', 'some']);
    expect(found[0]!.score).toBe(1);
    expect(rankSimilar('reset password', items, (x) => x.text, 1)).toHaveLength(1);
    expect(rankSimilar('!!!', items, (x) => x.text, 5)).toEqual([]);
  });
});

describe('list keys and cursors', () => {
  const question = { id: 'q1', createdAt: 100, score: 7 };
  it('round-trips a cursor for its own filter only', () => {
    for (const filter of ['unanswered', 'new', 'top', 'bounty'] as const) {
      const key = listKey(filter, question, 500);
      expect(decodeListCursor(filter, encodeListCursor(filter, key))).toEqual(key);
    }
    expect(fieldOf(() => decodeListCursor('top', encodeListCursor('new', listKey('new', question, null))))).toBe('cursor');
    expect(fieldOf(() => decodeListCursor('new', 'garbage!'))).toBe('cursor');
    expect(fieldOf(() => decodeListCursor('new', btoa('["n","x","q1"]')))).toBe('cursor');
  });

  it('orders new newest first, unanswered oldest first, top by score, bounty by expiry', () => {
    const a = { id: 'a', createdAt: 1, score: 5 };
    const b = { id: 'b', createdAt: 2, score: 1 };
    expect(compareKeys('new', listKey('new', a, null), listKey('new', b, null))).toBeGreaterThan(0);
    expect(compareKeys('unanswered', listKey('unanswered', a, null), listKey('unanswered', b, null))).toBeLessThan(0);
    expect(compareKeys('top', listKey('top', a, null), listKey('top', b, null))).toBeLessThan(0);
    expect(compareKeys('bounty', listKey('bounty', a, 50), listKey('bounty', b, 40))).toBeGreaterThan(0);
  });
});
