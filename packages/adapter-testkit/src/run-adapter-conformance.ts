import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTER_GROUPS, COMMENT_SORTS, threadChannel, type BackendAdapter, type CommentPage, type CommunityEvent, type Post } from '@hearth/protocol';
import { Harness, expectError, type AdapterConformanceOptions, type Suite } from './harness.js';
import { analyticsConformance } from './groups/analytics.js';
import { communityConformance } from './groups/community.js';
import { membersConformance } from './groups/members.js';
import { membersDataConformance } from './groups/members-data.js';
import { feedConformance } from './groups/feed.js';
import { feedbackConformance } from './groups/feedback.js';
import { moderationConformance } from './groups/moderation.js';
import { permissionsConformance } from './groups/permissions.js';
import { pointsConformance } from './groups/points.js';
import { leaderboardPreviewConformance } from './groups/leaderboard-preview.js';
import { pollsConformance } from './groups/polls.js';
import { pollsAdminConformance } from './groups/polls-admin.js';
import { qaConformance } from './groups/qa.js';
import { webhooksConformance } from './groups/webhooks.js';
import { accessConformance } from './groups/access.js';

const MINUTE = 60_000;
/** Time between one member's comments in tests that write many: a person's pace, under any sane flood rule. */
const PACE = 15_000;

/**
 * Registers the conformance suite for a `BackendAdapter` with vitest. Every test builds
 * its own adapter (through `create`, with a clock the suite controls), its own members and
 * its own thread keys, so tests never depend on each other or on order, and the suite can
 * run against a server whose database other runs share. Groups an adapter does not
 * support (per `capabilities`) are reported as skipped.
 *
 * @example
 * import { runAdapterConformance } from '@hearth/adapter-testkit';
 * import { createMemoryAdapter } from '@hearth/adapter-memory';
 *
 * runAdapterConformance({ create: (opts) => createMemoryAdapter(opts) });
 */
export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const open: BackendAdapter[] = [];

  afterEach(async () => {
    for (const adapter of open.splice(0)) {
      if (options.cleanup) await options.cleanup(adapter);
      else await adapter.close?.();
    }
  });

  const start = () => Harness.start(options, (adapter) => open.push(adapter));
  const needs: Suite['needs'] = (h, ctx, capability) => {
    if (!h.adapter.capabilities[capability]) ctx.skip(`adapter has no ${capability}`);
  };
  const suite: Suite = { start, needs };
  /** An emoji the adapter accepts, and one it does not. */
  const emojis = (h: Harness) => {
    const [first, second = first] = h.settings.reactions;
    const invalid = ['🦄', '🐙', 'nope'].find((e) => !h.settings.reactions.includes(e))!;
    return { first: first!, second: second!, invalid };
  };

  describe(`${options.name ?? 'adapter'} conformance`, () => {
    describe('basics', () => {
      it('declares a name and a complete set of capabilities', async () => {
        const h = await start();
        expect(typeof h.adapter.name).toBe('string');
        expect(h.adapter.name.length).toBeGreaterThan(0);
        const caps = h.adapter.capabilities;
        for (const key of ['realtime', 'moderation', 'reactions', 'uploads', 'analytics'] as const) expect(typeof caps[key]).toBe('boolean');
        expect(['memory', 'local', 'server']).toContain(caps.persistence);
        expect(typeof h.adapter.subscribe).toBe('function');
      });

      it('carries each optional group exactly when its capability says so', async () => {
        const h = await start();
        const caps = h.adapter.capabilities;
        for (const key of ['community', 'feed', 'qa', 'polls', 'feedback', 'gamification', 'webhooks', 'access'] as const) expect(typeof caps[key], key).toBe('boolean');
        const expected: Record<(typeof ADAPTER_GROUPS)[number], boolean> = {
          community: caps.community,
          members: caps.community,
          feed: caps.feed,
          qa: caps.qa,
          polls: caps.polls,
          feedback: caps.feedback,
          moderation: caps.moderation,
          gamification: caps.gamification,
          analytics: caps.analytics,
          webhooks: caps.webhooks,
          access: caps.access,
        };
        for (const group of ADAPTER_GROUPS) {
          expect(h.adapter[group] !== undefined, `group "${group}"`).toBe(expected[group]);
          if (expected[group]) expect(typeof h.adapter[group], group).toBe('object');
        }
      });

      it('returns the session: null for anonymous, the member with a role when signed in, and the rules', async () => {
        const h = await start();
        const anonymous = await h.adapter.getSession({ viewer: null });
        expect(anonymous.viewer).toBeNull();
        expect(anonymous.settings.maxDepth).toBeGreaterThanOrEqual(1);
        expect(anonymous.settings.bodyMaxLength).toBeGreaterThanOrEqual(anonymous.settings.bodyMinLength);
        expect(Array.isArray(anonymous.settings.reactions)).toBe(true);
        const ada = await h.as('Ada');
        const mod = await h.as('Mo', 'moderator');
        expect((await h.adapter.getSession({ viewer: ada })).viewer).toMatchObject({ id: expect.any(String), displayName: 'Ada', role: 'member' });
        expect((await h.adapter.getSession({ viewer: mod })).viewer).toMatchObject({ displayName: 'Mo', role: 'moderator' });
      });

      it('reads a thread without comments as empty, with id null', async () => {
        const h = await start();
        const key = h.thread('empty');
        expect(await h.adapter.getThread({ threadKey: key }, { viewer: null })).toEqual({ id: null, key, commentCount: 0, locked: false, createdAt: null });
        const page = await h.list(null, key);
        expect(page).toMatchObject({ items: [], replies: [], nextCursor: null, thread: { id: null, key, commentCount: 0 } });
      });

      it('rejects a call whose signal is already aborted, and changes nothing', async () => {
        const h = await start();
        const key = h.thread('aborted');
        const ada = await h.as('Ada');
        const controller = new AbortController();
        controller.abort();
        await expect(
          h.adapter.createComment({ threadKey: key, body: 'never', idempotencyKey: h.key() }, { viewer: ada, signal: controller.signal }),
        ).rejects.toBeDefined();
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).commentCount).toBe(0);
      });
    });

    describe('creating comments', () => {
      it('creates a trimmed top-level comment stamped with the clock, and counts it', async () => {
        const h = await start();
        const key = h.thread('create');
        const ada = await h.as('Ada');
        const before = new Date().getTime();
        const post = await h.post(ada, key, '  Hello, **world**!  ');
        expect(post).toMatchObject({
          threadKey: key,
          parentId: null,
          depth: 0,
          replyTo: null,
          body: 'Hello, **world**!',
          author: { displayName: 'Ada', role: 'member' },
          editedAt: null,
          status: 'published',
          reactions: {},
          viewerReactions: [],
          replyCount: 0,
        });
        expect(Number.isNaN(Date.parse(post.createdAt))).toBe(false);
        expect(Math.abs(Date.parse(post.createdAt) - before)).toBeLessThan(60 * MINUTE);
        const thread = await h.adapter.getThread({ threadKey: key }, { viewer: null });
        expect(thread).toMatchObject({ id: post.threadId, key, commentCount: 1, locked: false });
        expect(thread.createdAt).not.toBeNull();
        const page = await h.list(null, key);
        expect(page.items.map((p) => p.id)).toEqual([post.id]);
        expect(page.thread.commentCount).toBe(1);
      });

      it('creates replies under their parent with replyTo naming the parent\'s author', async () => {
        const h = await start();
        const key = h.thread('reply');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const root = await h.post(ada, key, 'root');
        const reply = await h.post(bob, key, 'reply', root.id);
        expect(reply).toMatchObject({ parentId: root.id, depth: 1, threadId: root.threadId, replyTo: { id: root.id, authorName: 'Ada' } });
        const page = await h.list(null, key);
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({ id: root.id, replyCount: 1 });
        expect(page.replies.map((p) => p.id)).toEqual([reply.id]);
        expect(page.thread.commentCount).toBe(2);
      });

      it('attaches a reply below the visible depth to the deepest level, keeping whom it answered', async () => {
        const h = await start();
        const key = h.thread('depth');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const chain: Post[] = [await h.post(ada, key, 'depth 0')];
        for (let depth = 1; depth < h.settings.maxDepth; depth++) {
          h.advance(1000);
          chain.push(await h.post(depth % 2 ? bob : ada, key, `depth ${depth}`, chain[depth - 1]!.id));
        }
        chain.forEach((post, depth) => expect(post.depth).toBe(depth));
        const deepest = chain[chain.length - 1]!;
        h.advance(1000);
        const deeper = await h.post(ada, key, 'one level too deep', deepest.id);
        expect(deeper).toMatchObject({ parentId: deepest.parentId, depth: deepest.depth, replyTo: { id: deepest.id, authorName: deepest.author.displayName } });
        h.advance(1000);
        const again = await h.post(bob, key, 'and deeper still', deeper.id);
        expect(again).toMatchObject({ parentId: deepest.parentId, depth: deepest.depth, replyTo: { id: deeper.id, authorName: 'Ada' } });
        const all = await h.everything(null, key);
        expect(Math.max(...all.map((p) => p.depth))).toBe(h.settings.maxDepth - 1);
        expect(all.map((p) => p.id).sort()).toEqual([...chain, deeper, again].map((p) => p.id).sort());
      });

      it('rejects a reply to an unknown parent or to one in another thread', async () => {
        const h = await start();
        const key = h.thread('bad-parent');
        const ada = await h.as('Ada');
        const elsewhere = await h.post(ada, h.thread('elsewhere'), 'elsewhere');
        const before = await h.state(key, [null]);
        await expectError(h.post(ada, key, 'x', `missing-${h.key()}`), ['not_found', 'validation']);
        await expectError(h.post(ada, key, 'x', elsewhere.id), ['not_found', 'validation']);
        expect(await h.state(key, [null])).toEqual(before);
      });

      it('rejects an empty or over-long body, naming body, counting characters not UTF-16 units', async () => {
        const h = await start();
        const key = h.thread('body');
        const ada = await h.as('Ada');
        const max = h.settings.bodyMaxLength;
        await expectError(h.post(ada, key, ''), 'validation', 'body');
        await expectError(h.post(ada, key, '   \n  '), 'validation', 'body');
        await expectError(h.post(ada, key, 'x'.repeat(max + 1)), 'validation', 'body');
        await expectError(h.post(ada, key, '😀'.repeat(max + 1)), 'validation', 'body');
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).commentCount).toBe(0);
        const longest = await h.post(ada, key, ` ${'😀'.repeat(max)} `);
        expect([...longest.body]).toHaveLength(max);
      });

      it('names the field of every malformed input', async () => {
        const h = await start();
        const key = h.thread('fields');
        const ada = await h.as('Ada');
        const post = await h.post(ada, key, 'target');
        const as = { viewer: ada };
        await expectError(h.adapter.createComment({ threadKey: '', body: 'x', idempotencyKey: h.key() }, as), 'validation', 'threadKey');
        await expectError(h.adapter.createComment({ threadKey: key, body: 'x', idempotencyKey: 'short' }, as), 'validation', 'idempotencyKey');
        await expectError(h.adapter.createComment({ threadKey: key, body: 7 as never, idempotencyKey: h.key() }, as), 'validation', 'body');
        await expectError(h.adapter.editComment({ postId: post.id, body: '' }, as), 'validation', 'body');
        await expectError(h.adapter.editComment({ postId: '', body: 'x' }, as), 'validation', 'postId');
        await expectError(h.adapter.deleteComment({ postId: '' }, as), 'validation', 'postId');
        await expectError(h.adapter.toggleReaction({ postId: post.id, emoji: '' }, as), 'validation', 'emoji');
        await expectError(h.list(null, key, { sort: 'random' }), 'validation', 'sort');
        await expectError(h.list(null, key, { limit: 0 }), 'validation', 'limit');
        await expectError(h.list(null, key, { limit: 101 }), 'validation', 'limit');
        await expectError(h.list(null, key, { limit: 2.5 }), 'validation', 'limit');
        await expectError(h.list(null, key, { cursor: 'not-a-real-cursor' }), 'validation', 'cursor');
        await expectError(h.adapter.getThread({ threadKey: '  ' }, { viewer: null }), 'validation', 'threadKey');
        expect(await h.everything(null, key)).toEqual([expect.objectContaining({ id: post.id, body: 'target', editedAt: null })]);
      });
    });

    describe('idempotency', () => {
      it('returns the first comment for a repeated key and counts one', async () => {
        const h = await start();
        const key = h.thread('idem');
        const ada = await h.as('Ada');
        const input = { threadKey: key, body: 'only once', idempotencyKey: h.key() };
        const first = await h.adapter.createComment(input, { viewer: ada });
        const second = await h.adapter.createComment(input, { viewer: ada });
        expect(second.id).toBe(first.id);
        const [a, b] = await Promise.all([h.adapter.createComment(input, { viewer: ada }), h.adapter.createComment(input, { viewer: ada })]);
        expect([a.id, b.id]).toEqual([first.id, first.id]);
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).commentCount).toBe(1);
        expect(await h.everything(null, key)).toHaveLength(1);
      });

      it('rejects a reused key with a different body as a conflict', async () => {
        const h = await start();
        const key = h.thread('idem-conflict');
        const ada = await h.as('Ada');
        const idempotencyKey = h.key();
        await h.adapter.createComment({ threadKey: key, body: 'first', idempotencyKey }, { viewer: ada });
        await expectError(h.adapter.createComment({ threadKey: key, body: 'second', idempotencyKey }, { viewer: ada }), 'conflict');
        expect((await h.everything(null, key)).map((p) => p.body)).toEqual(['first']);
      });

      it('scopes keys to the member', async () => {
        const h = await start();
        const key = h.thread('idem-scope');
        const input = { threadKey: key, body: 'same words', idempotencyKey: h.key() };
        const a = await h.adapter.createComment(input, { viewer: await h.as('Ada') });
        const b = await h.adapter.createComment(input, { viewer: await h.as('Bob') });
        expect(a.id).not.toBe(b.id);
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).commentCount).toBe(2);
      });
    });

    describe('who may do what', () => {
      it('lets anonymous viewers read but not write (unauthorized)', async () => {
        const h = await start();
        const key = h.thread('anon');
        const post = await h.post(await h.as('Ada'), key, 'hello');
        const anon = { viewer: null };
        const before = await h.state(key, [null]);
        expect((await h.list(null, key)).items.map((p) => p.id)).toEqual([post.id]);
        await expectError(h.adapter.createComment({ threadKey: key, body: 'hi', idempotencyKey: h.key() }, anon), 'unauthorized');
        await expectError(h.adapter.editComment({ postId: post.id, body: 'hi' }, anon), 'unauthorized');
        await expectError(h.adapter.deleteComment({ postId: post.id }, anon), 'unauthorized');
        await expectError(h.adapter.hideComment({ postId: post.id }, anon), 'unauthorized');
        await expectError(h.adapter.unhideComment({ postId: post.id }, anon), 'unauthorized');
        await expectError(h.adapter.toggleReaction({ postId: post.id, emoji: emojis(h).first }, anon), 'unauthorized');
        expect(await h.state(key, [null])).toEqual(before);
      });

      it('forbids members to edit or delete someone else\'s comment', async () => {
        const h = await start();
        const key = h.thread('others');
        const post = await h.post(await h.as('Ada'), key, 'mine');
        const bob = await h.as('Bob');
        const before = await h.state(key, [null]);
        await expectError(h.adapter.editComment({ postId: post.id, body: 'yours now' }, { viewer: bob }), 'forbidden');
        await expectError(h.adapter.deleteComment({ postId: post.id }, { viewer: bob }), 'forbidden');
        expect(await h.state(key, [null])).toEqual(before);
      });

      it('answers not_found for ids that do not exist', async () => {
        const h = await start();
        const ada = await h.as('Ada');
        const postId = `missing-${h.key()}`;
        await expectError(h.adapter.editComment({ postId, body: 'x' }, { viewer: ada }), 'not_found');
        await expectError(h.adapter.deleteComment({ postId }, { viewer: ada }), 'not_found');
        await expectError(h.adapter.toggleReaction({ postId, emoji: emojis(h).first }, { viewer: ada }), 'not_found');
      });
    });

    describe('editing', () => {
      it('lets the author edit within the window, setting editedAt', async () => {
        const h = await start();
        const key = h.thread('edit');
        const ada = await h.as('Ada');
        const post = await h.post(ada, key, 'first draft');
        h.advance(Math.min(MINUTE, h.settings.editWindowMs));
        const edited = await h.adapter.editComment({ postId: post.id, body: '  second draft ' }, { viewer: ada });
        expect(edited).toMatchObject({ id: post.id, body: 'second draft', createdAt: post.createdAt });
        expect(edited.editedAt).not.toBeNull();
        expect(Date.parse(edited.editedAt!)).toBeGreaterThan(Date.parse(post.createdAt));
        expect((await h.everything(null, key))[0]).toMatchObject({ body: 'second draft', editedAt: edited.editedAt });
      });

      it('refuses the author after the edit window has passed', async () => {
        const h = await start();
        const key = h.thread('edit-late');
        const ada = await h.as('Ada');
        const post = await h.post(ada, key, 'final');
        h.advance(h.settings.editWindowMs + 1000);
        const error = await expectError(h.adapter.editComment({ postId: post.id, body: 'too late' }, { viewer: ada }), 'forbidden');
        expect(error.message).toMatch(/edit/i);
        expect((await h.everything(null, key))[0]).toMatchObject({ body: 'final', editedAt: null });
      });

      it('lets moderators and admins edit any comment at any time', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'moderation');
        const key = h.thread('edit-mod');
        const post = await h.post(await h.as('Ada'), key, 'needs a fix');
        h.advance(h.settings.editWindowMs + 1000);
        expect((await h.adapter.editComment({ postId: post.id, body: 'fixed by mod' }, { viewer: await h.as('Mo', 'moderator') })).body).toBe('fixed by mod');
        expect((await h.adapter.editComment({ postId: post.id, body: 'fixed by admin' }, { viewer: await h.as('Ann', 'admin') })).body).toBe('fixed by admin');
      });
    });

    describe('deleting', () => {
      it('removes a comment without replies from the listing and the count', async () => {
        const h = await start();
        const key = h.thread('delete');
        const ada = await h.as('Ada');
        const keep = await h.post(ada, key, 'keep');
        const post = await h.post(ada, key, 'oops');
        const deleted = await h.adapter.deleteComment({ postId: post.id }, { viewer: ada });
        expect(deleted).toMatchObject({ id: post.id, status: 'deleted', body: '' });
        expect((await h.everything(null, key)).map((p) => p.id)).toEqual([keep.id]);
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).commentCount).toBe(1);
      });

      it('keeps a deleted comment with replies as a tombstone, until its last reply goes', async () => {
        const h = await start();
        const key = h.thread('tombstone');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const root = await h.post(ada, key, 'root');
        const reply = await h.post(bob, key, 'reply', root.id);
        await h.adapter.deleteComment({ postId: root.id }, { viewer: ada });
        const page = await h.list(bob, key);
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({ id: root.id, status: 'deleted', body: '', replyCount: 1 });
        expect(page.replies.map((p) => p.id)).toEqual([reply.id]);
        expect(page.thread.commentCount).toBe(1);
        await h.adapter.deleteComment({ postId: reply.id }, { viewer: bob });
        expect(await h.everything(bob, key)).toEqual([]);
      });

      it('does not edit or revive a deleted comment', async () => {
        const h = await start();
        const key = h.thread('delete-twice');
        const ada = await h.as('Ada');
        const post = await h.post(ada, key, 'gone');
        await h.adapter.deleteComment({ postId: post.id }, { viewer: ada });
        await expectError(h.adapter.editComment({ postId: post.id, body: 'back' }, { viewer: ada }), ['not_found', 'conflict']);
        // A second delete may be refused (not_found) or answered with the deleted post.
        const again = await h.adapter.deleteComment({ postId: post.id }, { viewer: ada }).catch((e: unknown) => e);
        if (again instanceof Error) await expectError(Promise.reject(again), ['not_found', 'conflict']);
        else expect(again).toMatchObject({ status: 'deleted', body: '' });
        expect(await h.everything(ada, key)).toEqual([]);
      });

      it('lets moderators delete anyone\'s comment', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'moderation');
        const key = h.thread('delete-mod');
        const post = await h.post(await h.as('Ada'), key, 'against the rules');
        expect((await h.adapter.deleteComment({ postId: post.id }, { viewer: await h.as('Mo', 'moderator') })).status).toBe('deleted');
        expect(await h.everything(null, key)).toEqual([]);
      });
    });

    describe('moderation', () => {
      it('forbids members, the author included, to hide or unhide', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'moderation');
        const key = h.thread('hide-forbidden');
        const ada = await h.as('Ada');
        const post = await h.post(ada, key, 'fine');
        const before = await h.state(key, [null]);
        for (const viewer of [ada, await h.as('Bob'), await h.as('Val', 'volunteer')]) {
          await expectError(h.adapter.hideComment({ postId: post.id }, { viewer }), 'forbidden');
          await expectError(h.adapter.unhideComment({ postId: post.id }, { viewer }), 'forbidden');
        }
        expect(await h.state(key, [null])).toEqual(before);
      });

      it('shows a hidden comment with its body to moderators and admins only, and stops counting it', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'moderation');
        const key = h.thread('hide');
        const ada = await h.as('Ada');
        const [mod, admin] = [await h.as('Mo', 'moderator'), await h.as('Ann', 'admin')];
        const post = await h.post(ada, key, 'spam spam spam');
        expect(await h.adapter.hideComment({ postId: post.id }, { viewer: mod })).toMatchObject({ id: post.id, status: 'hidden' });
        expect(await h.everything(null, key)).toEqual([]);
        expect(await h.everything(ada, key)).toEqual([]);
        expect(await h.everything(await h.as('Bob'), key)).toEqual([]);
        for (const staff of [mod, admin]) {
          expect(await h.everything(staff, key)).toEqual([expect.objectContaining({ id: post.id, status: 'hidden', body: 'spam spam spam' })]);
        }
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).commentCount).toBe(0);
      });

      it('shows members a hidden comment with replies as a tombstone', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'moderation');
        const key = h.thread('hide-tombstone');
        const root = await h.post(await h.as('Ada'), key, 'rude');
        const reply = await h.post(await h.as('Bob'), key, 'please be kind', root.id);
        await h.adapter.hideComment({ postId: root.id }, { viewer: await h.as('Mo', 'moderator') });
        const page = await h.list(await h.as('Bob'), key);
        expect(page.items).toEqual([expect.objectContaining({ id: root.id, status: 'hidden', body: '', replyCount: 1 })]);
        expect(page.replies.map((p) => p.id)).toEqual([reply.id]);
      });

      it('restores a hidden comment on unhide', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'moderation');
        const key = h.thread('unhide');
        const mod = await h.as('Mo', 'moderator');
        const post = await h.post(await h.as('Ada'), key, 'fine after all');
        await h.adapter.hideComment({ postId: post.id }, { viewer: mod });
        expect(await h.adapter.unhideComment({ postId: post.id }, { viewer: mod })).toMatchObject({ status: 'published', body: 'fine after all' });
        expect(await h.everything(null, key)).toEqual([expect.objectContaining({ id: post.id, status: 'published', body: 'fine after all' })]);
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).commentCount).toBe(1);
      });

      it('answers not_found when hiding an unknown id', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'moderation');
        const mod = await h.as('Mo', 'moderator');
        await expectError(h.adapter.hideComment({ postId: `missing-${h.key()}` }, { viewer: mod }), 'not_found');
        await expectError(h.adapter.unhideComment({ postId: `missing-${h.key()}` }, { viewer: mod }), 'not_found');
      });
    });

    describe('reactions', () => {
      it('toggles a reaction on and off, with counts per emoji and the viewer\'s own', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'reactions');
        const key = h.thread('react');
        const { first, second } = emojis(h);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const post = await h.post(ada, key, 'react to me');
        const on = await h.adapter.toggleReaction({ postId: post.id, emoji: first }, { viewer: bob });
        expect(on.reactions).toEqual({ [first]: 1 });
        expect(on.viewerReactions).toEqual([first]);
        const both = await h.adapter.toggleReaction({ postId: post.id, emoji: first }, { viewer: ada });
        expect(both.reactions).toEqual({ [first]: 2 });
        expect(both.viewerReactions).toEqual([first]);
        if (second !== first) {
          await h.adapter.toggleReaction({ postId: post.id, emoji: second }, { viewer: bob });
          expect((await h.list(bob, key)).items[0]?.viewerReactions.slice().sort()).toEqual([first, second].sort());
        }
        expect((await h.list(null, key)).items[0]?.viewerReactions).toEqual([]);
        const off = await h.adapter.toggleReaction({ postId: post.id, emoji: first }, { viewer: bob });
        expect(off.reactions[first]).toBe(1);
        expect(off.viewerReactions).not.toContain(first);
        await h.adapter.toggleReaction({ postId: post.id, emoji: first }, { viewer: ada });
        expect((await h.list(null, key)).items[0]?.reactions[first]).toBeUndefined();
      });

      it('sets a reaction to the state asked for with active, idempotently', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'reactions');
        const key = h.thread('react-active');
        const { first } = emojis(h);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const post = await h.post(ada, key, 'set, do not flip');
        await h.adapter.toggleReaction({ postId: post.id, emoji: first, active: true }, { viewer: bob });
        const twice = await h.adapter.toggleReaction({ postId: post.id, emoji: first, active: true }, { viewer: bob });
        expect(twice.reactions).toEqual({ [first]: 1 });
        expect(twice.viewerReactions).toEqual([first]);
        expect((await h.list(null, key)).items[0]?.reactions).toEqual({ [first]: 1 });
        const off = await h.adapter.toggleReaction({ postId: post.id, emoji: first, active: false }, { viewer: bob });
        expect(off.reactions[first]).toBeUndefined();
        expect(off.viewerReactions).toEqual([]);
        await h.adapter.toggleReaction({ postId: post.id, emoji: first, active: false }, { viewer: bob });
        expect((await h.list(null, key)).items[0]?.reactions).toEqual({});
      });

      it('keeps counts exact when many members toggle at once', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'reactions');
        const key = h.thread('react-concurrent');
        const { first } = emojis(h);
        const post = await h.post(await h.as('Ada'), key, 'popular');
        const members = await Promise.all(Array.from({ length: 12 }, (_, i) => h.as(`Fan${i}`)));
        await Promise.all(members.map((viewer) => h.adapter.toggleReaction({ postId: post.id, emoji: first }, { viewer })));
        expect((await h.list(null, key)).items[0]?.reactions).toEqual({ [first]: 12 });
        await Promise.all(members.slice(0, 5).map((viewer) => h.adapter.toggleReaction({ postId: post.id, emoji: first }, { viewer })));
        expect((await h.list(null, key)).items[0]?.reactions).toEqual({ [first]: 7 });
      });

      it('rejects an emoji outside the reaction set, naming emoji', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'reactions');
        const key = h.thread('react-invalid');
        const ada = await h.as('Ada');
        const post = await h.post(ada, key, 'hi');
        await expectError(h.adapter.toggleReaction({ postId: post.id, emoji: emojis(h).invalid }, { viewer: ada }), 'validation', 'emoji');
        expect((await h.list(null, key)).items[0]?.reactions).toEqual({});
      });

      it('rejects reactions on a deleted comment', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'reactions');
        const key = h.thread('react-deleted');
        const ada = await h.as('Ada');
        const root = await h.post(ada, key, 'root');
        await h.post(await h.as('Bob'), key, 'keeps the tombstone', root.id);
        await h.adapter.deleteComment({ postId: root.id }, { viewer: ada });
        await expectError(h.adapter.toggleReaction({ postId: root.id, emoji: emojis(h).first }, { viewer: await h.as('Bob') }), ['not_found', 'conflict']);
        expect((await h.list(null, key)).items[0]?.reactions).toEqual({});
      });
    });

    describe('sorting and pagination', () => {
      it('sorts by oldest (the default), newest and top', async () => {
        const h = await start();
        const key = h.thread('sort');
        const ada = await h.as('Ada');
        const a = await h.post(ada, key, 'a');
        h.advance(MINUTE);
        const b = await h.post(ada, key, 'b');
        h.advance(MINUTE);
        const c = await h.post(ada, key, 'c');
        const ids = async (sort?: string) => (await h.list(null, key, sort ? { sort } : {})).items.map((p) => p.id);
        expect(await ids()).toEqual([a.id, b.id, c.id]);
        expect(await ids('oldest')).toEqual([a.id, b.id, c.id]);
        expect(await ids('newest')).toEqual([c.id, b.id, a.id]);
        if (h.adapter.capabilities.reactions && h.settings.reactions.length > 0) {
          const { first, second } = emojis(h);
          const bob = await h.as('Bob');
          await h.adapter.toggleReaction({ postId: c.id, emoji: first }, { viewer: bob });
          await h.adapter.toggleReaction({ postId: b.id, emoji: first }, { viewer: bob });
          await h.adapter.toggleReaction({ postId: b.id, emoji: first }, { viewer: ada });
          if (second !== first) await h.adapter.toggleReaction({ postId: a.id, emoji: second }, { viewer: bob });
          // b: 2, then a and c tie at 1 (or a at 0), ties oldest first.
          expect(await ids('top')).toEqual(second !== first ? [b.id, a.id, c.id] : [b.id, c.id, a.id]);
        } else {
          expect(await ids('top')).toEqual([a.id, b.id, c.id]);
        }
      });

      it('pages through every sort with no duplicates or gaps, each page carrying its replies', async () => {
        const h = await start();
        const key = h.thread('pages');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const roots: Post[] = [];
        const replies: Post[] = [];
        for (let i = 0; i < 11; i++) {
          h.advance(PACE);
          const root = await h.post(ada, key, `root ${i}`);
          roots.push(root);
          if (i % 3 === 0) replies.push(await h.post(bob, key, `reply to ${i}`, root.id));
          if (i % 4 === 1 && h.adapter.capabilities.reactions) {
            await h.adapter.toggleReaction({ postId: root.id, emoji: emojis(h).first }, { viewer: bob });
          }
        }
        for (const sort of COMMENT_SORTS) {
          const seen: string[] = [];
          const seenReplies: string[] = [];
          const sizes: number[] = [];
          let cursor: string | null = null;
          do {
            const page: CommentPage = await h.list(null, key, { sort, limit: 4, cursor });
            sizes.push(page.items.length);
            seen.push(...page.items.map((p) => p.id));
            const onPage = new Set(page.items.map((p) => p.id));
            for (const reply of page.replies) expect(onPage.has(reply.parentId!)).toBe(true);
            seenReplies.push(...page.replies.map((p) => p.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(sizes).toEqual([4, 4, 3]);
          expect(new Set(seen).size).toBe(seen.length);
          expect([...seen].sort()).toEqual(roots.map((p) => p.id).sort());
          expect([...seenReplies].sort()).toEqual(replies.map((p) => p.id).sort());
          const whole = (await h.list(null, key, { sort, limit: 100 })).items.map((p) => p.id);
          expect(seen).toEqual(whole);
        }
      });

      it('lists replies oldest first with replyCount counting visible direct replies', async () => {
        const h = await start();
        const key = h.thread('replies');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const root = await h.post(ada, key, 'root');
        h.advance(1000);
        const first = await h.post(bob, key, 'first', root.id);
        h.advance(1000);
        const second = await h.post(ada, key, 'second', root.id);
        h.advance(1000);
        const nested = await h.post(ada, key, 'nested', first.id);
        h.advance(1000);
        const gone = await h.post(bob, key, 'gone', root.id);
        await h.adapter.deleteComment({ postId: gone.id }, { viewer: bob });
        const page = await h.list(null, key, { sort: 'newest' });
        // With only two visible levels the nested reply sits beside its parent.
        const nestedUnderFirst = h.settings.maxDepth > 2;
        expect(page.items.map((p) => [p.id, p.replyCount])).toEqual([[root.id, nestedUnderFirst ? 2 : 3]]);
        expect(page.replies.map((p) => p.id)).toEqual([first.id, second.id, nested.id]);
        expect(page.replies.find((p) => p.id === first.id)?.replyCount).toBe(nestedUnderFirst ? 1 : 0);
        expect(page.thread.commentCount).toBe(4);
      });

      it('defaults to 20 per page and allows up to 100', async () => {
        const h = await start();
        const key = h.thread('limits');
        const ada = await h.as('Ada');
        for (let i = 0; i < 21; i++) {
          h.advance(PACE);
          await h.post(ada, key, `comment ${i}`);
        }
        const first = await h.list(null, key);
        expect(first.items).toHaveLength(20);
        expect(first.nextCursor).not.toBeNull();
        const rest = await h.list(null, key, { cursor: first.nextCursor });
        expect(rest.items.map((p) => p.body)).toEqual(['comment 20']);
        expect(rest.nextCursor).toBeNull();
        expect((await h.list(null, key, { limit: 100 })).items).toHaveLength(21);
      });

      it('rejects a malformed cursor, naming cursor', async () => {
        const h = await start();
        const key = h.thread('cursor');
        const ada = await h.as('Ada');
        await h.post(ada, key, 'a');
        await h.post(ada, key, 'b');
        const page = await h.list(null, key, { limit: 1 });
        expect(page.nextCursor).not.toBeNull();
        for (const cursor of ['garbage', `${page.nextCursor}x!`, '%%%']) {
          await expectError(h.list(null, key, { limit: 1, cursor }), 'validation', 'cursor');
        }
      });
    });

    describe('rejected calls change nothing', () => {
      it('leaves every view of the thread as it was after a run of refused calls', async () => {
        const h = await start();
        const key = h.thread('unchanged');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const mod = await h.as('Mo', 'moderator');
        const root = await h.post(ada, key, 'root');
        const reply = await h.post(bob, key, 'reply', root.id);
        const viewers = [null, ada, bob, mod];
        const before = await h.state(key, viewers);
        const max = h.settings.bodyMaxLength;
        await expectError(h.post(ada, key, 'x'.repeat(max + 1)), 'validation');
        await expectError(h.post(ada, key, 'x', `missing-${h.key()}`), ['not_found', 'validation']);
        await expectError(h.adapter.editComment({ postId: root.id, body: '' }, { viewer: ada }), 'validation');
        await expectError(h.adapter.editComment({ postId: reply.id, body: 'hijack' }, { viewer: ada }), 'forbidden');
        await expectError(h.adapter.deleteComment({ postId: root.id }, { viewer: bob }), 'forbidden');
        await expectError(h.adapter.toggleReaction({ postId: root.id, emoji: emojis(h).invalid }, { viewer: bob }), 'validation');
        if (h.adapter.capabilities.moderation) await expectError(h.adapter.hideComment({ postId: root.id }, { viewer: bob }), 'forbidden');
        h.advance(h.settings.editWindowMs + 1000);
        await expectError(h.adapter.editComment({ postId: root.id, body: 'late' }, { viewer: ada }), 'forbidden');
        expect(await h.state(key, viewers)).toEqual(before);
      });
    });

    describe('realtime', () => {
      it('delivers post.created, post.updated and reaction.changed on the thread channel', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'realtime');
        const key = h.thread('live');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const log = h.listen(threadChannel(key));
        try {
          const post = await h.post(ada, key, 'live!');
          const created = await log.next((e) => e.type === 'post.created' && e.post.id === post.id);
          expect(created).toMatchObject({ channel: threadChannel(key), post: { id: post.id, body: 'live!', viewerReactions: [] } });
          expect(typeof created.id).toBe('string');

          await h.adapter.editComment({ postId: post.id, body: 'live, edited' }, { viewer: ada });
          const updated = await log.next((e) => e.type === 'post.updated' && e.post.body === 'live, edited');
          expect(updated).toMatchObject({ post: { id: post.id, viewerReactions: [] } });

          if (h.adapter.capabilities.reactions) {
            const { first } = emojis(h);
            await h.adapter.toggleReaction({ postId: post.id, emoji: first }, { viewer: bob });
            const reaction = await log.next((e) => e.type === 'reaction.changed' && e.postId === post.id);
            expect(reaction).toMatchObject({ emoji: first, count: 1, active: true, channel: threadChannel(key) });
          }

          await h.adapter.deleteComment({ postId: post.id }, { viewer: ada });
          const deleted = await log.next((e) => e.type === 'post.updated' && e.post.status === 'deleted');
          expect(deleted).toMatchObject({ post: { id: post.id, body: '' } });
          expect(new Set(log.events.map((e) => e.id)).size).toBe(log.events.length);
        } finally {
          log.unsubscribe();
        }
      });

      it('delivers nothing after unsubscribe, and unsubscribing twice is harmless', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'realtime');
        const key = h.thread('unsubscribe');
        const ada = await h.as('Ada');
        const stopped = h.listen(threadChannel(key));
        const running = h.listen(threadChannel(key));
        try {
          const first = await h.post(ada, key, 'one');
          await stopped.next((e) => e.type === 'post.created' && e.post.id === first.id);
          stopped.unsubscribe();
          stopped.unsubscribe();
          const second = await h.post(ada, key, 'two');
          // The other listener hearing the second post proves the event went out.
          await running.next((e) => e.type === 'post.created' && e.post.id === second.id);
          expect(stopped.events.map((e) => (e as Extract<CommunityEvent, { type: 'post.created' }>).post.id)).toEqual([first.id]);
        } finally {
          running.unsubscribe();
        }
      });

      it('keeps threads apart: a listener hears only its own thread', async (ctx) => {
        const h = await start();
        needs(h, ctx, 'realtime');
        const [mine, other] = [h.thread('mine'), h.thread('other')];
        const ada = await h.as('Ada');
        const log = h.listen(threadChannel(mine));
        try {
          await h.post(ada, other, 'not for you');
          const post = await h.post(ada, mine, 'for you');
          await log.next((e) => e.type === 'post.created' && e.post.id === post.id);
          expect(log.events.every((e) => e.channel === threadChannel(mine))).toBe(true);
          expect(log.events.filter((e) => e.type === 'post.created')).toHaveLength(1);
        } finally {
          log.unsubscribe();
        }
      });
    });
  
    communityConformance(suite);
    membersConformance(suite);
    membersDataConformance(suite);
    permissionsConformance(suite);
    moderationConformance(suite);
    pointsConformance(suite);
    leaderboardPreviewConformance(suite);
    feedConformance(suite);
    qaConformance(suite);
    pollsConformance(suite);
    pollsAdminConformance(suite);
    feedbackConformance(suite);
    analyticsConformance(suite);
    webhooksConformance(suite);
    accessConformance(suite);
  });
}
