import { describe, expect, it, vi } from 'vitest';

// Browser code imports these for role checks and fallback rules; if they reached zod, the
// schemas (not tree-shakeable) would ride along into every widget's bundle.
vi.mock('zod/mini', () => {
  throw new Error('zod was loaded');
});
vi.mock('zod', () => {
  throw new Error('zod was loaded');
});

describe('zod-free shared rules', () => {
  it('loads roles, defaults and channels without zod', async () => {
    const { ROLES, roleAtLeast } = await import('./roles.js');
    const { DEFAULT_COMMENT_SETTINGS } = await import('./defaults.js');
    const { threadChannel } = await import('./channels.js');
    expect(ROLES[0]).toBe('owner');
    expect(roleAtLeast('admin', 'moderator')).toBe(true);
    expect(DEFAULT_COMMENT_SETTINGS.maxDepth).toBe(3);
    expect(threadChannel('/a')).toBe('thread:/a');
  });

  it('loads the body and visibility rules without zod', async () => {
    const { canRead, countChars } = await import('./rules.js');
    const { checkBody } = await import('./check-body.js');
    expect(countChars(' 👍🏽 ')).toBe(2);
    expect(checkBody('  hi  ', { bodyMinLength: 1, bodyMaxLength: 10 })).toBe('hi');
    expect(canRead({ status: 'hidden', author: { id: 'a' } }, 'a', false)).toBe(false);
  });
});

describe('checkBody', () => {
  const limits = { bodyMinLength: 3, bodyMaxLength: 5 };
  const failure = async (raw: string) => {
    const { checkBody } = await import('./check-body.js');
    try {
      checkBody(raw, limits);
    } catch (error) {
      return error as { code: string; field: string; message: string };
    }
    throw new Error('accepted');
  };

  it('counts code points after trimming, so an emoji is one character', async () => {
    const { checkBody } = await import('./check-body.js');
    expect(checkBody(' 😀😀😀😀😀 ', limits)).toBe('😀😀😀😀😀');
  });

  it('names the body field with a message a person can act on', async () => {
    expect(await failure('   ')).toMatchObject({ code: 'validation', field: 'body', message: 'Comment is empty.' });
    expect(await failure('ab')).toMatchObject({ field: 'body', message: 'Comment is shorter than 3 characters.' });
    expect(await failure('abcdef')).toMatchObject({ field: 'body', message: 'Comment is longer than 5 characters.' });
  });
});

describe('canRead', () => {
  it('lets everyone read published, author and staff pending, staff hidden, nobody deleted', async () => {
    const { canRead } = await import('./rules.js');
    const post = (status: 'published' | 'pending' | 'hidden' | 'deleted') => ({ status, author: { id: 'ann' } });
    const table = (['published', 'pending', 'hidden', 'deleted'] as const).map((status) => [
      canRead(post(status), null, false),
      canRead(post(status), 'bob', false),
      canRead(post(status), 'ann', false),
      canRead(post(status), 'mod', true),
    ]);
    expect(table).toEqual([
      [true, true, true, true],
      [false, false, true, true],
      [false, false, false, true],
      [false, false, false, false],
    ]);
  });
});
