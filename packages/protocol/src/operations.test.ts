import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ADAPTER_GROUPS } from './adapter.js';
import { OPERATIONS } from './operations.js';

const rows = Object.entries(OPERATIONS);

describe('OPERATIONS', () => {
  it('gives every operation a zod schema for its input and its output', () => {
    for (const [key, op] of rows) {
      expect(op.input, `${key}.input`).toBeInstanceOf(z.ZodMiniType);
      expect(op.output, `${key}.output`).toBeInstanceOf(z.ZodMiniType);
      expect(typeof op.write, `${key}.write`).toBe('boolean');
    }
  });

  it('keys comment methods by name and group methods by group.name, each pair once', () => {
    for (const [key, op] of rows) expect(key).toBe(op.group === null ? op.name : `${op.group}.${op.name}`);
    const pairs = rows.map(([, op]) => `${op.group}/${op.name}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('names only real groups, and every group has operations', () => {
    const groups = new Set(rows.map(([, op]) => op.group).filter((g) => g !== null));
    expect([...groups].sort()).toEqual([...ADAPTER_GROUPS].sort());
  });

  it('lists the comment methods of the adapter itself', () => {
    const comments = rows.filter(([, op]) => op.group === null).map(([key]) => key);
    expect(comments.sort()).toEqual(['createComment', 'deleteComment', 'editComment', 'getSession', 'getThread', 'hideComment', 'listComments', 'toggleReaction', 'unhideComment']);
  });

  it('marks creates (anything taking an idempotency key) as writes and get/list lookups as reads', () => {
    for (const [key, op] of rows) {
      const shape = (op.input as unknown as { def: { shape?: Record<string, unknown> } }).def.shape ?? {};
      if ('idempotencyKey' in shape) expect(op.write, key).toBe(true);
      if (/^(get|list|similar)/.test(op.name)) expect(op.write, key).toBe(false);
    }
    expect(OPERATIONS['feed.createPost'].write).toBe(true);
    expect(OPERATIONS['moderation.act'].write).toBe(true);
    expect(OPERATIONS.listComments.write).toBe(false);
  });

  it('checks a response as a client would: a good one passes, a broken one names the field', () => {
    const session = { viewer: null, settings: { maxDepth: 3, editWindowMs: 0, reactions: ['👍'], bodyMinLength: 1, bodyMaxLength: 10 } };
    expect(z.safeParse(OPERATIONS.getSession.output, session).success).toBe(true);
    const broken = z.safeParse(OPERATIONS['members.listMembers'].output, { items: [{ member: { id: 'a' } }], nextCursor: null });
    expect(broken.success).toBe(false);
    expect(broken.error?.issues.map((i) => i.path.join('.'))).toContain('items.0.member.displayName');
  });
});
