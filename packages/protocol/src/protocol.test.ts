import { describe, expect, it } from 'vitest';
import { CreateCommentInput, HearthError, parseInput, roleAtLeast } from './index.js';

describe('parseInput', () => {
  it('returns the parsed value for good input', () => {
    const input = parseInput(CreateCommentInput, { threadKey: ' /a ', body: 'hi', idempotencyKey: 'k-12345678' });
    expect(input.threadKey).toBe('/a');
  });

  it('throws a validation error naming every failing field', () => {
    let error: unknown;
    try {
      parseInput(CreateCommentInput, { threadKey: '', body: 5, idempotencyKey: 'k-12345678' });
    } catch (e) {
      error = e;
    }
    expect(HearthError.is(error, 'validation')).toBe(true);
    const e = error as HearthError;
    expect(e.details.issues?.map((i) => i.path)).toEqual(['threadKey', 'body']);
    expect(e.field).toBe('threadKey');
    expect(e.message).toMatch(/^threadKey: /);
  });
});

describe('HearthError', () => {
  it('survives a JSON round trip', () => {
    const original = new HearthError('rate_limited', 'Slow down.', { retryAfterMs: 3000 });
    const copy = HearthError.fromJSON(JSON.parse(JSON.stringify(original)));
    expect(copy).toBeInstanceOf(HearthError);
    expect(copy.toJSON()).toEqual(original.toJSON());
  });

  it('turns an unknown code into internal', () => {
    expect(HearthError.fromJSON({ code: 'teapot', message: 'x' }).code).toBe('internal');
  });

  it('is() recognises errors by name across bundles, and by code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'HearthError', code: 'forbidden' });
    expect(HearthError.is(foreign)).toBe(true);
    expect(HearthError.is(foreign, 'forbidden')).toBe(true);
    expect(HearthError.is(foreign, 'conflict')).toBe(false);
    expect(HearthError.is(new Error('x'))).toBe(false);
  });
});

describe('roleAtLeast', () => {
  it('orders roles from owner down to guest', () => {
    expect(roleAtLeast('admin', 'moderator')).toBe(true);
    expect(roleAtLeast('moderator', 'moderator')).toBe(true);
    expect(roleAtLeast('volunteer', 'moderator')).toBe(false);
    expect(roleAtLeast('guest', 'member')).toBe(false);
  });
});
