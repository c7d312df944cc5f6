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
});
