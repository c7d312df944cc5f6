import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/protocol';
import { decodeMemberCursor, encodeMemberCursor, nameMatcher } from './member-list.js';

describe('member list cursors', () => {
  it('round-trips any member id, including non-Latin ones', () => {
    for (const id of ['u1', '王小明', 'guest:😀', 'a'.repeat(128)]) {
      const cursor = encodeMemberCursor({ joinedAt: 1_700_000_000_000, id });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeMemberCursor(cursor)).toEqual({ joinedAt: 1_700_000_000_000, id });
    }
  });

  it('rejects anything it did not make as a validation error on cursor', () => {
    const comments = btoa(JSON.stringify(['o', 1, 2]));
    for (const bad of ['not-a-cursor', comments, btoa(JSON.stringify(['m', 'x', 'u1'])), btoa(JSON.stringify(['m', 1, '']))]) {
      let error: unknown;
      try {
        decodeMemberCursor(bad);
      } catch (e) {
        error = e;
      }
      expect(HearthError.is(error, 'validation')).toBe(true);
      expect((error as HearthError).field).toBe('cursor');
    }
  });
});

describe('nameMatcher', () => {
  const person = (displayName: string, id = 'id') => ({ id, displayName });

  it('matches anywhere in the name, ignoring case and full-width forms', () => {
    const match = nameMatcher('ada');
    expect(match(person('Ada Lovelace'))).toBe(true);
    expect(match(person('Bob ADA'))).toBe(true);
    expect(match(person('Ａｄａ'))).toBe(true);
    expect(match(person('Bob'))).toBe(false);
  });

  it('matches CJK names by substring, and exact ids', () => {
    expect(nameMatcher('小明')(person('王小明'))).toBe(true);
    expect(nameMatcher('小红')(person('王小明'))).toBe(false);
    expect(nameMatcher('u-42')(person('Someone', 'u-42'))).toBe(true);
    expect(nameMatcher('u-4')(person('Someone', 'u-42'))).toBe(false);
  });

  it('matches everyone for an empty or blank query', () => {
    expect(nameMatcher('')(person('Anyone'))).toBe(true);
    expect(nameMatcher('   ')(person('Anyone'))).toBe(true);
  });
});
