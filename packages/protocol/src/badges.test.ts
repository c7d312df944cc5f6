import { describe, expect, it, vi } from 'vitest';

// Widgets import the catalogue to name badges; reaching zod would bundle the schemas.
vi.mock('zod/mini', () => {
  throw new Error('zod was loaded');
});
vi.mock('zod', () => {
  throw new Error('zod was loaded');
});

describe('badge catalogue', () => {
  it('loads without zod, with unique ids and names in English and Chinese', async () => {
    const { BADGES, BADGE_IDS, badgeDefinition } = await import('./badges.js');
    expect(new Set(BADGE_IDS).size).toBe(BADGES.length);
    for (const badge of BADGES) {
      expect(badge.name.length).toBeGreaterThan(0);
      expect(badge.names['zh-CN']!.length).toBeGreaterThan(0);
      expect(badge.names['zh-TW']!.length).toBeGreaterThan(0);
      expect(badge.criteriaNames['zh-CN']!.length).toBeGreaterThan(0);
    }
    expect(badgeDefinition('streak_30')?.title).toEqual({ name: 'Streak Master', names: { 'zh-CN': '坚持达人', 'zh-TW': '堅持達人' } });
    expect(badgeDefinition('nope')).toBeUndefined();
  });

  it('names things in a language, falling back by base language and then to English', async () => {
    const { localName, badgeDefinition } = await import('./badges.js');
    const badge = badgeDefinition('first_post')!;
    expect(localName(badge, 'zh-CN')).toBe('初次发帖');
    expect(localName(badge, 'zh-TW')).toBe('初次發文');
    expect(localName(badge, 'zh')).toBe('初次发帖');
    expect(localName(badge, 'fr')).toBe('First Post');
    expect(localName(badge, null)).toBe('First Post');
  });
});
