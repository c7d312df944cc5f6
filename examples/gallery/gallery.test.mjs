// The gallery's seed applies in full in both languages (the memory backend only logs a seed
// that fails, and the widgets after the failure would have nothing to show), and every
// widget the gallery lists names a folder and data the seed holds.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { gallerySeed, galleryViewer } from './seed.js';
import { LANGS, WIDGETS } from './widgets.js';

afterEach(() => vi.restoreAllMocks());

describe('the gallery seed', () => {
  for (const lang of LANGS) {
    it(`applies in full in ${lang} and holds what each widget shows`, async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const adapter = createMemoryAdapter({ seed: gallerySeed(lang) });
      const ctx = { viewer: galleryViewer(lang) };

      const comments = await adapter.listComments({ threadKey: WIDGETS.comments.attrs.thread }, ctx);
      expect(comments.items.length).toBeGreaterThan(1);
      const poll = await adapter.polls.getPoll({ pollId: WIDGETS.poll.attrs.poll }, ctx);
      expect(poll.results).not.toBeNull();
      expect(poll.viewerBallot).toBeTruthy();
      const posts = await adapter.feed.listPosts({ space: WIDGETS.feed.attrs.space }, ctx);
      expect(posts.items.length).toBeGreaterThan(1);
      const questions = await adapter.qa.listQuestions({ space: WIDGETS.qa.attrs.space }, ctx);
      expect(questions.items.length).toBeGreaterThan(1);
      const feedback = await adapter.feedback.listFeedback({}, ctx);
      expect(feedback.items.length).toBeGreaterThan(1);
      const board = await adapter.gamification.leaderboard({ period: WIDGETS.leaderboard.attrs.period }, ctx);
      expect(board.items.length).toBeGreaterThan(2);
      expect(board.viewer).toBeTruthy();

      expect(logged.mock.calls.map((call) => call.map(String).join(' '))).toEqual([]);
    });
  }

  it('lists every widget folder that has a define.ts', () => {
    const src = fileURLToPath(new URL('../../packages/elements/src/', import.meta.url));
    const folders = readdirSync(src).filter((folder) => existsSync(`${src}${folder}/define.ts`));
    expect(folders.filter((folder) => !Object.values(WIDGETS).some((w) => w.folder === folder))).toEqual([]);
  });

  it('lists each widget once, by folder and tag', () => {
    const tags = Object.values(WIDGETS).map((w) => w.tag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const widget of Object.values(WIDGETS)) {
      expect(widget.folder).toMatch(/^[a-z-]+$/);
      expect(widget.tag).toMatch(/^community-[a-z-]+$/);
    }
  });
});
