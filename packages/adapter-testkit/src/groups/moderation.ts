import { describe, expect, it } from 'vitest';
import { moderationChannel, type AuditEntry, type ContentRef, type Post, type Role, type Viewer } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Ctx = { skip: (note?: string) => void };

/** A comment as moderation names it. */
const ref = (post: { id: string }): ContentRef => ({ type: 'comment', id: post.id });

/** The moderation group of the adapter. */
const mod = (h: Harness) => h.group('moderation');

/** Starts a test that needs moderation (and settings, which most gate rules need). */
async function start(suite: Suite, ctx: Ctx, ...more: Array<'community' | 'feed' | 'gamification' | 'realtime'>): Promise<Harness> {
  const h = await suite.start();
  suite.needs(h, ctx, 'moderation');
  for (const capability of more) suite.needs(h, ctx, capability);
  return h;
}

/** The audit entries for one target, newest first. */
async function auditOf(h: Harness, target: string): Promise<AuditEntry[]> {
  return (await mod(h).listAudit({ target, limit: 100 }, { viewer: await h.owner() })).items;
}

/** Posts `count` comments with distinct texts, a second apart (no flood rule trips). */
async function publish(h: Harness, viewer: Viewer, key: string, count: number, label = 'warm-up'): Promise<Post[]> {
  const posts: Post[] = [];
  for (let i = 0; i < count; i++) {
    posts.push(await h.post(viewer, key, `${label} ${i} of ${viewer.displayName}`));
    h.advance(30_000);
  }
  return posts;
}

/** Conformance for the moderation group: the gate, reports, the queue, actions, mutes and bans, the audit log. */
export function moderationConformance(suite: Suite): void {
  describe('moderation', () => {
    describe('the gate: banned words', () => {
      it('blocks a banned word inside a Chinese sentence, in any case, and in full-width letters, naming body', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ bannedWords: ['广告', 'spam'] });
        const key = h.thread('banned');
        const ada = await h.as('Ada');
        const before = await h.state(key, [ada, null]);
        for (const body of ['欢迎大家来看这个广告，有优惠', 'Buy cheap SPAM today', 'This is ｓｐａｍ', 'ＳＰＡＭ!!']) {
          const error = await expectError(h.post(ada, key, body), 'validation', 'body');
          expect(error.message).toMatch(/广告|spam/);
          expect(error.message).toMatch(/does not allow/);
        }
        expect(await h.state(key, [ada, null])).toEqual(before);
        expect((await h.post(ada, key, '欢迎大家，这里没有问题')).status).toBe('published');
      });

      it('applies banned words to staff too', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ bannedWords: ['广告'] });
        await expectError(h.post(await h.as('Mo', 'moderator'), h.thread('staff-words'), '官方广告'), 'validation', 'body');
        await expectError(h.post(await h.owner(), h.thread('staff-words'), '官方广告'), 'validation', 'body');
      });
    });

    describe('the gate: link limits', () => {
      it('holds new members to the new-member link limit, and established members to the other', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ linkLimitNewMember: 1, linkLimit: 3, newMemberPosts: 2 });
        const key = h.thread('links');
        const ada = await h.as('Ada');
        const two = 'See https://one.example/a and www.two.example';
        const error = await expectError(h.post(ada, key, two), 'validation', 'body');
        expect(error.message).toMatch(/1 link/);
        expect((await h.post(ada, key, 'Only https://one.example here')).status).toBe('published');
        h.advance(MINUTE);
        await publish(h, ada, key, 1);
        // Two published comments: no longer new.
        expect((await h.post(ada, key, `${two} https://three.example`)).status).toBe('published');
        h.advance(MINUTE);
        const four = `${two} https://three.example https://four.example`;
        expect((await expectError(h.post(ada, key, four), 'validation', 'body')).message).toMatch(/3 links/);
      });

      it('does not limit staff links', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ linkLimitNewMember: 0, linkLimit: 0 });
        const links = Array.from({ length: 6 }, (_, i) => `https://docs.example/${i}`).join(' ');
        expect((await h.post(await h.as('Mo', 'moderator'), h.thread('staff-links'), links)).status).toBe('published');
        await expectError(h.post(await h.as('Ada'), h.thread('staff-links'), 'https://x.example'), 'validation', 'body');
      });
    });

    describe('the gate: flooding', () => {
      it('refuses the same text by the same member within ten minutes, with a retry time, and takes it after', async (ctx) => {
        const h = await start(suite, ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const key = h.thread('duplicate');
        await h.post(ada, key, 'Anyone here using the API?');
        h.advance(9 * MINUTE);
        // Case and punctuation do not make it new text.
        const error = await expectError(h.post(ada, h.thread('duplicate-elsewhere'), 'anyone here using the API'), ['conflict', 'rate_limited']);
        expect(error.details.retryAfterMs).toBe(MINUTE);
        expect(error.message.length).toBeGreaterThan(10);
        expect((await h.post(bob, key, 'Anyone here using the API?')).status).toBe('published');
        h.advance(MINUTE);
        expect((await h.post(ada, key, 'Anyone here using the API?')).status).toBe('published');
        expect((await h.list(null, key)).items).toHaveLength(3);
      });

      it('refuses more than the posts-per-minute limit with retryAfterMs, then takes posts again', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ flood: { duplicateWindowMs: 10 * MINUTE, maxPostsPerMinute: 3 } });
        const key = h.thread('rate');
        const ada = await h.as('Ada');
        for (let i = 0; i < 3; i++) {
          await h.post(ada, key, `message number ${i}`);
          h.advance(10_000);
        }
        const before = await h.state(key, [ada]);
        const error = await expectError(h.post(ada, key, 'one too many'), 'rate_limited');
        expect(error.details.retryAfterMs).toBe(30_000);
        expect(await h.state(key, [ada])).toEqual(before);
        // Others are not held back by Ada's pace.
        expect((await h.post(await h.as('Bob'), key, 'my first')).status).toBe('published');
        h.advance(30_000);
        expect((await h.post(ada, key, 'one too many')).status).toBe('published');
      });

      it('does not rate-limit staff answering in a burst', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ flood: { duplicateWindowMs: 10 * MINUTE, maxPostsPerMinute: 2 } });
        const mo = await h.as('Mo', 'moderator');
        for (let i = 0; i < 4; i++) expect((await h.post(mo, h.thread('burst'), `answer ${i}`)).status).toBe('published');
      });
    });

    describe('the gate: holds', () => {
      it('holds everything from non-staff under pre-moderation; pending shows to author and staff only; approve publishes', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ moderation: 'pre' });
        const key = h.thread('pre');
        const [ada, bob, vic, mo] = [await h.as('Ada'), await h.as('Bob'), await h.as('Vic', 'volunteer'), await h.as('Mo', 'moderator')];
        const held = await h.post(ada, key, 'Held for review');
        expect(held).toMatchObject({ status: 'pending', heldReason: 'pre_moderation' });
        h.advance(1000);
        expect((await h.post(vic, key, 'Volunteers wait too')).status).toBe('pending');
        const staff = await h.post(mo, key, 'Staff are trusted');
        expect(staff.status).toBe('published');
        expect((await h.everything(ada, key)).map((p) => p.id)).toContain(held.id);
        expect((await h.everything(mo, key)).map((p) => p.id)).toContain(held.id);
        expect((await h.everything(bob, key)).map((p) => p.id)).toEqual([staff.id]);
        expect((await h.everything(null, key)).map((p) => p.id)).toEqual([staff.id]);

        const queue = await mod(h).listQueue({ kind: 'pending' }, { viewer: vic });
        expect(queue.items.map((i) => i.target)).toEqual([ref(held), expect.objectContaining({ type: 'comment' })]);
        expect(queue.items[0]).toMatchObject({ status: 'pending', heldReason: 'pre_moderation', author: { displayName: 'Ada' }, excerpt: 'Held for review', location: key });

        const result = await mod(h).act({ target: ref(held), action: 'approve' }, { viewer: vic });
        expect(result).toMatchObject({ target: ref(held), action: 'approve', status: 'published', changed: true, audit: { action: 'approve', actor: { displayName: 'Vic' }, target: `comment:${held.id}` } });
        expect((await h.everything(bob, key)).map((p) => p.id).sort()).toEqual([held.id, staff.id].sort());
        expect((await mod(h).listQueue({ kind: 'pending' }, { viewer: vic })).items.map((i) => i.target.id)).not.toContain(held.id);
      });

      it('holds a new member\'s first posts, then publishes once enough were approved', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ newMemberHold: 2 });
        const key = h.thread('hold');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const [first, second] = await publish(h, ada, key, 2);
        expect(first).toMatchObject({ status: 'pending', heldReason: 'new_member_hold' });
        expect(second!.status).toBe('pending');
        await mod(h).act({ target: ref(first!), action: 'approve' }, { viewer: mo });
        expect((await publish(h, ada, key, 1, 'third'))[0]!.status).toBe('pending');
        await mod(h).act({ target: ref(second!), action: 'approve' }, { viewer: mo });
        expect((await publish(h, ada, key, 1, 'fourth'))[0]!.status).toBe('published');
      });

      it('refuses a reviewer approving their own held post, and members any approval', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ moderation: 'pre' });
        const vic = await h.as('Vic', 'volunteer');
        const own = await h.post(vic, h.thread('own'), 'Mine');
        await expectError(mod(h).act({ target: ref(own), action: 'approve' }, { viewer: vic }), 'forbidden');
        await expectError(mod(h).act({ target: ref(own), action: 'approve' }, { viewer: await h.as('Ada') }), 'forbidden');
        await expectError(mod(h).act({ target: ref(own), action: 'approve' }, { viewer: null }), 'unauthorized');
        expect((await mod(h).listQueue({ kind: 'pending' }, { viewer: await h.owner() })).items.map((i) => i.target.id)).toEqual([own.id]);
      });
    });

    describe('reports', () => {
      it('takes one report per member per item, returning the first on a repeat, and never on one\'s own content', async (ctx) => {
        const h = await start(suite, ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const post = await h.post(ada, h.thread('report'), 'Reported');
        const first = await mod(h).report({ target: ref(post), reason: 'spam', note: 'Link farm' }, { viewer: bob });
        expect(first).toMatchObject({ target: ref(post), reason: 'spam', note: 'Link farm', status: 'open' });
        const again = await mod(h).report({ target: ref(post), reason: 'abuse' }, { viewer: bob });
        expect(again).toEqual(first);
        await expectError(mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: ada }), 'forbidden');
        const reports = await mod(h).listReports({ target: ref(post) }, { viewer: await h.as('Mo', 'moderator') });
        expect(reports.items).toHaveLength(1);
        expect(reports.items[0]).toMatchObject({ reporter: { displayName: 'Bob' }, reason: 'spam', note: 'Link farm', status: 'open', resolvedAt: null });
      });

      it('auto-hides at three distinct reporters: two do not, the same reporter twice counts once', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('auto-hide');
        const ada = await h.as('Ada');
        const post = await h.post(ada, key, 'Buy followers here');
        const [r1, r2, r3] = [await h.as('R1'), await h.as('R2'), await h.as('R3')];
        await mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: r1 });
        await mod(h).report({ target: ref(post), reason: 'ad' }, { viewer: r2 });
        await mod(h).report({ target: ref(post), reason: 'ad' }, { viewer: r2 });
        expect((await h.everything(null, key)).map((p) => p.id)).toEqual([post.id]);
        await mod(h).report({ target: ref(post), reason: 'ad', note: 'Again' }, { viewer: r3 });
        expect(await h.everything(null, key)).toEqual([]);
        const entries = await auditOf(h, `comment:${post.id}`);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ action: 'auto_hide', actor: { id: 'system' } });
        const queue = await mod(h).listQueue({ kind: 'reported' }, { viewer: await h.as('Vic', 'volunteer') });
        expect(queue.items).toHaveLength(1);
        expect(queue.items[0]).toMatchObject({ target: ref(post), status: 'hidden', heldReason: null, reports: { count: 3, reasons: { spam: 1, ad: 2 }, notes: ['Again'] } });
      });

      it('counts concurrent reports exactly: the threshold hides once, and later reporters no longer see the item', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('concurrent-reports');
        const post = await h.post(await h.as('Ada'), key, 'Popular target');
        const reporters = await Promise.all(Array.from({ length: 6 }, (_, i) => h.as(`Reporter${i}`)));
        const results = await Promise.allSettled(reporters.map((viewer) => mod(h).report({ target: ref(post), reason: 'spam' }, { viewer })));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
        for (const result of results) if (result.status === 'rejected') expect((result.reason as { code: string }).code).toBe('not_found');
        const owner = await h.owner();
        expect((await mod(h).listReports({ target: ref(post), limit: 100 }, { viewer: owner })).items).toHaveLength(3);
        expect((await auditOf(h, `comment:${post.id}`)).map((e) => e.action)).toEqual(['auto_hide']);
        expect(await h.everything(null, key)).toEqual([]);
      });

      it('keeps one report when the same member reports concurrently, returning it to every call', async (ctx) => {
        const h = await start(suite, ctx);
        const post = await h.post(await h.as('Ada'), h.thread('same-reporter'), 'Target');
        const eager = await h.as('Eager');
        const receipts = await Promise.all(Array.from({ length: 4 }, () => mod(h).report({ target: ref(post), reason: 'ad' }, { viewer: eager })));
        expect(new Set(receipts.map((r) => r.id)).size).toBe(1);
        const queue = await mod(h).listQueue({ kind: 'reported' }, { viewer: await h.owner() });
        expect(queue.items.map((i) => i.reports.count)).toEqual([1]);
      });

      it('follows the configured threshold', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ autoHideReports: 1 });
        const key = h.thread('threshold');
        const post = await h.post(await h.as('Ada'), key, 'Hmm');
        await mod(h).report({ target: ref(post), reason: 'off_topic' }, { viewer: await h.as('Bob') });
        expect(await h.everything(null, key)).toEqual([]);
      });

      it('hides an item already past a lowered threshold on its next report', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ autoHideReports: 5 });
        const key = h.thread('lowered-threshold');
        const post = await h.post(await h.as('Ada'), key, 'Borderline');
        for (const name of ['R1', 'R2', 'R3', 'R4']) await mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: await h.as(name) });
        expect((await h.everything(null, key)).map((p) => p.id)).toEqual([post.id]);
        await h.configure({ autoHideReports: 3 });
        await mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: await h.as('R5') });
        expect(await h.everything(null, key)).toEqual([]);
        expect((await auditOf(h, `comment:${post.id}`)).map((e) => [e.action, e.data.reports])).toEqual([['auto_hide', 5]]);
      });

      it('names the field of a bad report, refuses unknown and unseen items, guests and anonymous, and changes nothing', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('bad-report');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const post = await h.post(ada, key, 'Fine');
        await expectError(mod(h).report({ target: ref(post), reason: 'boring' } as never, { viewer: bob }), 'validation', 'reason');
        await expectError(mod(h).report({ target: ref(post), reason: 'other', note: 'x'.repeat(501) }, { viewer: bob }), 'validation', 'note');
        await expectError(mod(h).report({ target: { type: 'thing', id: post.id } as never, reason: 'spam' }, { viewer: bob }), 'validation', 'target.type');
        await expectError(mod(h).report({ target: { type: 'comment', id: '' }, reason: 'spam' }, { viewer: bob }), 'validation', 'target.id');
        await expectError(mod(h).report({ target: { type: 'comment', id: 'no-such-comment' }, reason: 'spam' }, { viewer: bob }), 'not_found');
        await expectError(mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: await h.as('Guest', 'guest') }), 'forbidden');
        await expectError(mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: null }), 'unauthorized');
        await h.adapter.deleteComment({ postId: post.id }, { viewer: ada });
        await expectError(mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: bob }), 'not_found');
        expect((await mod(h).listReports({}, { viewer: await h.owner() })).items).toEqual([]);
      });
    });

    describe('actions', () => {
      it('hides, upholding open reports and awarding each reporter; the audit entry names actor, target and reason', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('hide');
        const post = await h.post(await h.as('Ada'), key, 'Cheap watches');
        const [r1, r2] = [await h.as('R1'), await h.as('R2')];
        await mod(h).report({ target: ref(post), reason: 'ad' }, { viewer: r1 });
        await mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: r2 });
        const points = async (viewer: Viewer) =>
          h.adapter.capabilities.community && h.adapter.capabilities.gamification ? (await h.group('members').getCard({ memberId: viewer.id }, { viewer: null })).lifetimePoints : null;
        const before = [await points(r1), await points(r2)];
        const mo = await h.as('Mo', 'moderator');
        const result = await mod(h).act({ target: ref(post), action: 'hide', reason: 'Advertising' }, { viewer: mo });
        expect(result).toMatchObject({ status: 'hidden', changed: true });
        expect(await h.everything(null, key)).toEqual([]);
        const [entry] = await auditOf(h, `comment:${post.id}`);
        expect(entry).toMatchObject({ action: 'hide', actor: { displayName: 'Mo', role: 'moderator' }, target: `comment:${post.id}`, reason: 'Advertising' });
        expect(Date.parse(entry!.at)).toBe(h.now);
        const reports = await mod(h).listReports({ target: ref(post) }, { viewer: mo });
        expect(reports.items.map((r) => r.status)).toEqual(['upheld', 'upheld']);
        expect(reports.items.every((r) => r.resolvedAt !== null)).toBe(true);
        expect((await mod(h).listQueue({ kind: 'reported' }, { viewer: mo })).items).toEqual([]);
        if (before[0] !== null) expect([await points(r1), await points(r2)]).toEqual([before[0]! + 2, before[1]! + 2]);
      });

      it('approving a reported item keeps it up and dismisses its reports; restoring an auto-hidden one leaves them open', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ autoHideReports: 2 });
        const key = h.thread('approve-reported');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const kept = await h.post(ada, key, 'Honest review');
        h.advance(1000);
        const restored = await h.post(ada, key, 'Another honest review');
        for (const name of ['R1', 'R2']) {
          await mod(h).report({ target: ref(kept), reason: 'spam' }, { viewer: await h.as(name) });
          await mod(h).report({ target: ref(restored), reason: 'spam' }, { viewer: await h.as(name) });
        }
        expect(await h.everything(null, key)).toEqual([]);
        const approved = await mod(h).act({ target: ref(kept), action: 'approve', reason: 'Not spam' }, { viewer: await h.as('Vic', 'volunteer') });
        expect(approved).toMatchObject({ status: 'published', changed: true, audit: { action: 'approve', data: { dismissed: 2 } } });
        expect((await mod(h).listReports({ target: ref(kept) }, { viewer: mo })).items.map((r) => r.status)).toEqual(['dismissed', 'dismissed']);
        expect(await mod(h).act({ target: ref(restored), action: 'restore' }, { viewer: mo })).toMatchObject({ status: 'published', changed: true });
        expect((await h.everything(null, key)).map((p) => p.id)).toEqual([kept.id, restored.id]);
        const queue = await mod(h).listQueue({ kind: 'reported' }, { viewer: mo });
        expect(queue.items.map((i) => [i.target.id, i.status, i.reports.count])).toEqual([[restored.id, 'published', 2]]);
        // Restored after review: a third report does not hide it again.
        await mod(h).report({ target: ref(restored), reason: 'spam' }, { viewer: await h.as('R3') });
        expect((await h.everything(null, key)).map((p) => p.id)).toEqual([kept.id, restored.id]);
      });

      it('deletes and restores, audits each, and a repeat changes nothing and audits nothing', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('delete');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const hidden = await h.post(ada, key, 'To hide');
        h.advance(1000);
        const gone = await h.post(ada, key, 'To delete');
        await mod(h).act({ target: ref(hidden), action: 'hide' }, { viewer: mo });
        h.advance(1000);
        expect(await mod(h).act({ target: ref(hidden), action: 'hide' }, { viewer: mo })).toMatchObject({ status: 'hidden', changed: false, audit: null });
        expect(await mod(h).act({ target: ref(hidden), action: 'restore', reason: 'Mistake' }, { viewer: mo })).toMatchObject({ status: 'published', changed: true, audit: { action: 'restore', reason: 'Mistake' } });
        expect(await mod(h).act({ target: ref(hidden), action: 'restore' }, { viewer: mo })).toMatchObject({ changed: false, audit: null });
        expect(await mod(h).act({ target: ref(gone), action: 'delete', reason: 'Abuse' }, { viewer: mo })).toMatchObject({ status: 'deleted', changed: true });
        expect((await h.everything(null, key)).map((p) => p.id)).toEqual([hidden.id]);
        await expectError(mod(h).act({ target: ref(gone), action: 'restore' }, { viewer: mo }), 'conflict');
        expect((await auditOf(h, `comment:${hidden.id}`)).map((e) => e.action)).toEqual(['restore', 'hide']);
        expect((await auditOf(h, `comment:${gone.id}`)).map((e) => [e.action, e.reason])).toEqual([['delete', 'Abuse']]);
      });

      it('locks and unlocks a comment\'s thread, and refuses actions comments do not support, naming action', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('lock');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const post = await h.post(ada, key, 'Heated');
        expect(await mod(h).act({ target: ref(post), action: 'lock', reason: 'Cooling down' }, { viewer: mo })).toMatchObject({ changed: true, audit: { action: 'lock' } });
        expect((await h.adapter.getThread({ threadKey: key }, { viewer: null })).locked).toBe(true);
        await expectError(h.post(await h.as('Bob'), key, 'More heat'), 'forbidden');
        await mod(h).act({ target: ref(post), action: 'unlock' }, { viewer: mo });
        expect((await h.post(await h.as('Bob'), key, 'Calm now')).status).toBe('published');
        for (const action of ['pin', 'feature'] as const) await expectError(mod(h).act({ target: ref(post), action }, { viewer: mo }), 'validation', 'action');
        await expectError(mod(h).act({ target: ref(post), action: 'move', to: 'general' }, { viewer: mo }), 'validation', 'action');
      });

      it('pins, features and moves a feed post through the feed', async (ctx) => {
        const h = await start(suite, ctx, 'community', 'feed');
        const space = await h.space('mod-feed');
        const other = await h.space('mod-other');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const post = await h.group('feed').createPost({ space, title: 'Hello', body: 'First post in here', idempotencyKey: h.key() }, { viewer: ada });
        const target = { type: 'post' as const, id: post.id };
        await mod(h).act({ target, action: 'pin' }, { viewer: mo });
        h.advance(1000);
        await mod(h).act({ target, action: 'feature' }, { viewer: mo });
        expect(await h.group('feed').getPost({ postId: post.id }, { viewer: null })).toMatchObject({ pinned: true, featured: true });
        h.advance(1000);
        await mod(h).act({ target, action: 'unpin' }, { viewer: mo });
        h.advance(1000);
        await mod(h).act({ target, action: 'move', to: other, reason: 'Belongs there' }, { viewer: mo });
        expect(await h.group('feed').getPost({ postId: post.id }, { viewer: null })).toMatchObject({ pinned: false, featured: true, space: other });
        await expectError(mod(h).act({ target, action: 'move', to: 'no-such-space' }, { viewer: mo }), 'not_found', 'to');
        expect((await auditOf(h, `post:${post.id}`)).map((e) => e.action)).toEqual(['move', 'unpin', 'feature', 'pin']);
      });

      it('lets each role take only its actions, never on content by someone ranked above, and a refusal changes nothing', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('roles');
        const post = await h.post(await h.as('Ada'), key, 'Plain');
        const bossPost = await h.post(await h.as('Boss', 'admin'), key, 'From the admin');
        const viewers = [await h.as('Ada'), await h.as('Vic', 'volunteer'), await h.as('Mo', 'moderator')];
        const before = await h.state(key, viewers);
        await expectError(mod(h).act({ target: ref(post), action: 'hide' }, { viewer: await h.as('Bob') }), 'forbidden');
        await expectError(mod(h).act({ target: ref(post), action: 'hide' }, { viewer: await h.as('Vic', 'volunteer') }), 'forbidden');
        await expectError(mod(h).act({ target: ref(post), action: 'lock' }, { viewer: await h.as('Vic', 'volunteer') }), 'forbidden');
        await expectError(mod(h).act({ target: ref(post), action: 'delete' }, { viewer: await h.as('Guest', 'guest') }), 'forbidden');
        await expectError(mod(h).act({ target: ref(post), action: 'hide' }, { viewer: null }), 'unauthorized');
        await expectError(mod(h).act({ target: ref(bossPost), action: 'hide' }, { viewer: await h.as('Mo', 'moderator') }), 'forbidden');
        await expectError(mod(h).act({ target: ref(bossPost), action: 'delete' }, { viewer: await h.as('Mo', 'moderator') }), 'forbidden');
        expect(await h.state(key, viewers)).toEqual(before);
        expect((await mod(h).listAudit({}, { viewer: await h.owner() })).items.filter((e) => e.target.startsWith('comment:'))).toEqual([]);
        expect(await mod(h).act({ target: ref(bossPost), action: 'hide' }, { viewer: await h.owner() })).toMatchObject({ status: 'hidden' });
      });

      it('names the field of a malformed action and refuses unknown items', async (ctx) => {
        const h = await start(suite, ctx);
        const mo = await h.as('Mo', 'moderator');
        const post = await h.post(await h.as('Ada'), h.thread('bad-act'), 'x');
        await expectError(mod(h).act({ target: ref(post), action: 'nuke' } as never, { viewer: mo }), 'validation', 'action');
        await expectError(mod(h).act({ target: { type: 'widget', id: post.id } as never, action: 'hide' }, { viewer: mo }), 'validation', 'target.type');
        await expectError(mod(h).act({ target: ref(post), action: 'move' }, { viewer: mo }), 'validation', 'to');
        await expectError(mod(h).act({ target: ref(post), action: 'hide', to: 'general' }, { viewer: mo }), 'validation', 'to');
        await expectError(mod(h).act({ target: ref(post), action: 'hide', reason: 'x'.repeat(501) }, { viewer: mo }), 'validation', 'reason');
        await expectError(mod(h).act({ target: { type: 'comment', id: 'nope' }, action: 'hide' }, { viewer: mo }), 'not_found');
      });
    });

    describe('the review queue', () => {
      it('lists held items oldest first in pages without gaps, and drops them once decided', async (ctx) => {
        const h = await start(suite, ctx, 'community');
        await h.configure({ moderation: 'pre' });
        const members = [await h.as('A1'), await h.as('A2'), await h.as('A3')];
        const held: Post[] = [];
        for (let i = 0; i < 5; i++) {
          held.push(await h.post(members[i % 3]!, h.thread(`queue-${i % 2}`), `held ${i}`));
          h.advance(1000);
        }
        const mo = await h.as('Mo', 'moderator');
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<ReturnType<typeof mod>['listQueue']>> = await mod(h).listQueue(cursor ? { kind: 'pending', limit: 2, cursor } : { kind: 'pending', limit: 2 }, { viewer: mo });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((i) => i.target.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(held.map((p) => p.id));
        await mod(h).act({ target: ref(held[0]!), action: 'approve' }, { viewer: mo });
        await mod(h).act({ target: ref(held[1]!), action: 'hide' }, { viewer: mo });
        await mod(h).act({ target: ref(held[2]!), action: 'delete' }, { viewer: mo });
        await h.adapter.deleteComment({ postId: held[3]!.id }, { viewer: members[0]! });
        expect((await mod(h).listQueue({ kind: 'pending' }, { viewer: mo })).items.map((i) => i.target.id)).toEqual([held[4]!.id]);
      });

      it('lists reported items by first report, oldest first, and refuses members and anonymous readers', async (ctx) => {
        const h = await start(suite, ctx);
        const ada = await h.as('Ada');
        const key = h.thread('reported-queue');
        const a = await h.post(ada, key, 'first');
        h.advance(1000);
        const b = await h.post(ada, key, 'second');
        await mod(h).report({ target: ref(b), reason: 'spam' }, { viewer: await h.as('R1') });
        h.advance(1000);
        await mod(h).report({ target: ref(a), reason: 'abuse' }, { viewer: await h.as('R1') });
        h.advance(1000);
        await mod(h).report({ target: ref(b), reason: 'ad' }, { viewer: await h.as('R2') });
        const queue = await mod(h).listQueue({ kind: 'reported' }, { viewer: await h.as('Vic', 'volunteer') });
        expect(queue.items.map((i) => [i.target.id, i.reports.count])).toEqual([[b.id, 2], [a.id, 1]]);
        await expectError(mod(h).listQueue({ kind: 'reported' }, { viewer: ada }), 'forbidden');
        await expectError(mod(h).listQueue({ kind: 'reported' }, { viewer: null }), 'unauthorized');
        await expectError(mod(h).listQueue({ kind: 'everything' } as never, { viewer: await h.owner() }), 'validation', 'kind');
        await expectError(mod(h).listQueue({ kind: 'reported', cursor: 'garbage' }, { viewer: await h.owner() }), 'validation', 'cursor');
        await expectError(mod(h).listReports({}, { viewer: ada }), 'forbidden');
      });
    });

    describe('mutes and bans', () => {
      it('mutes until a time: the member cannot post, the message says until when, and it lifts on time', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('mute');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        await h.post(ada, key, 'before');
        const until = new Date(h.now + HOUR).toISOString();
        const card = await mod(h).mute({ memberId: ada.id, until, reason: 'Flooding' }, { viewer: mo });
        expect(card.mutedUntil).toBe(until);
        const error = await expectError(h.post(ada, key, 'while muted'), 'forbidden');
        expect(error.message).toContain(until);
        // A mute stops posting, not reading or reporting.
        expect((await h.list(ada, key)).items).toHaveLength(1);
        const [entry] = await auditOf(h, `member:${ada.id}`);
        expect(entry).toMatchObject({ action: 'mute', actor: { displayName: 'Mo' }, reason: 'Flooding' });
        h.advance(HOUR);
        expect((await h.post(ada, key, 'after')).status).toBe('published');
      });

      it('bans for a duration: every write is refused until it ends; unban lifts it early; both audited', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('ban');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const admin = await h.as('Ann', 'admin');
        const post = await h.post(bob, key, 'bob was here');
        await h.post(ada, key, 'ada was here');
        const card = await mod(h).ban({ memberId: ada.id, durationMs: 2 * HOUR, reason: 'Spam links' }, { viewer: admin });
        expect(card.bannedUntil).toBe(new Date(h.now + 2 * HOUR).toISOString());
        // A ban hides nothing by itself.
        expect((await h.everything(null, key)).map((p) => p.body).sort()).toEqual(['ada was here', 'bob was here']);
        await expectError(h.post(ada, key, 'let me in'), 'forbidden');
        await expectError(mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: ada }), 'forbidden');
        h.advance(HOUR);
        expect((await mod(h).unban({ memberId: ada.id, reason: 'Appeal accepted' }, { viewer: admin })).bannedUntil).toBeNull();
        expect((await h.post(ada, key, 'thanks')).status).toBe('published');
        expect((await auditOf(h, `member:${ada.id}`)).map((e) => e.action)).toEqual(['unban', 'ban']);
        // Lifting what is not there changes nothing.
        await mod(h).unban({ memberId: ada.id }, { viewer: admin });
        expect(await auditOf(h, `member:${ada.id}`)).toHaveLength(2);
      });

      it('ends a ban on time', async (ctx) => {
        const h = await start(suite, ctx);
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('ban-ends'), 'hello');
        await mod(h).ban({ memberId: ada.id, durationMs: HOUR, reason: 'Cool off' }, { viewer: await h.as('Mo', 'moderator') });
        h.advance(HOUR - 1);
        await expectError(h.post(ada, h.thread('ban-ends'), 'still banned'), 'forbidden');
        h.advance(1);
        expect((await h.post(ada, h.thread('ban-ends'), 'back')).status).toBe('published');
      });

      it('unmutes early', async (ctx) => {
        const h = await start(suite, ctx);
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        await h.post(ada, h.thread('unmute'), 'hello');
        await mod(h).mute({ memberId: ada.id, durationMs: HOUR, reason: 'Heated' }, { viewer: mo });
        expect((await mod(h).unmute({ memberId: ada.id }, { viewer: mo })).mutedUntil).toBeNull();
        expect((await h.post(ada, h.thread('unmute'), 'calm')).status).toBe('published');
      });

      it('never acts on staff ranked as high or higher, nor on oneself; only discipline roles may act', async (ctx) => {
        const h = await start(suite, ctx);
        const people: Record<string, Viewer> = {};
        for (const [name, role] of [['Owner2', 'owner'], ['Admin', 'admin'], ['Mod', 'moderator'], ['Mod2', 'moderator'], ['Vic', 'volunteer'], ['Ada', 'member']] as Array<[string, Role]>) {
          people[name] = await h.as(name, role);
          await h.post(people[name]!, h.thread('ranks'), `hello from ${name}`);
          h.advance(1000);
        }
        const mute = (actor: Viewer, target: Viewer) => mod(h).mute({ memberId: target.id, durationMs: HOUR, reason: 'Test' }, { viewer: actor });
        await expectError(mute(people.Mod!, people.Mod2!), 'forbidden');
        await expectError(mute(people.Mod!, people.Admin!), 'forbidden');
        await expectError(mute(people.Mod!, people.Mod!), 'forbidden');
        await expectError(mute(people.Admin!, people.Owner2!), 'forbidden');
        await expectError(mute(people.Vic!, people.Ada!), 'forbidden');
        await expectError(mute(people.Ada!, people.Vic!), 'forbidden');
        await expectError(mod(h).ban({ memberId: people.Admin!.id, durationMs: HOUR, reason: 'x' }, { viewer: people.Mod! }), 'forbidden');
        expect((await mute(people.Mod!, people.Vic!)).mutedUntil).not.toBeNull();
        expect((await mute(people.Admin!, people.Mod2!)).mutedUntil).not.toBeNull();
        expect((await mod(h).listAudit({ action: 'mute' }, { viewer: await h.owner() })).items).toHaveLength(2);
      });

      it('names the field of a bad mute or ban and refuses unknown members', async (ctx) => {
        const h = await start(suite, ctx);
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        await h.post(ada, h.thread('bad-mute'), 'hi');
        await expectError(mod(h).mute({ memberId: ada.id, reason: 'x' }, { viewer: mo }), 'validation', 'until');
        await expectError(mod(h).mute({ memberId: ada.id, until: new Date(h.now + HOUR).toISOString(), durationMs: HOUR, reason: 'x' }, { viewer: mo }), 'validation', 'until');
        await expectError(mod(h).mute({ memberId: ada.id, until: new Date(h.now - 1000).toISOString(), reason: 'x' }, { viewer: mo }), 'validation', 'until');
        await expectError(mod(h).mute({ memberId: ada.id, until: 'tomorrow', reason: 'x' }, { viewer: mo }), 'validation', 'until');
        await expectError(mod(h).ban({ memberId: ada.id, durationMs: -5, reason: 'x' }, { viewer: mo }), 'validation', 'durationMs');
        await expectError(mod(h).ban({ memberId: ada.id, durationMs: HOUR } as never, { viewer: mo }), 'validation', 'reason');
        await expectError(mod(h).ban({ memberId: ada.id, durationMs: HOUR, reason: '   ' }, { viewer: mo }), 'validation', 'reason');
        await expectError(mod(h).ban({ memberId: 'nobody-ever', durationMs: HOUR, reason: 'x' }, { viewer: mo }), 'not_found');
        await expectError(mod(h).ban({ memberId: ada.id, durationMs: HOUR, reason: 'x' }, { viewer: null }), 'unauthorized');
        expect((await h.post(ada, h.thread('bad-mute'), 'still free')).status).toBe('published');
      });
    });

    describe('audit log', () => {
      it('lists newest first, filters by action, actor, target and time, and pages without gaps', async (ctx) => {
        const h = await start(suite, ctx);
        const key = h.thread('audit');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const ann = await h.as('Ann', 'admin');
        const posts = await publish(h, ada, key, 3);
        const t0 = h.now;
        await mod(h).act({ target: ref(posts[0]!), action: 'hide' }, { viewer: mo });
        h.advance(1000);
        await mod(h).act({ target: ref(posts[1]!), action: 'hide' }, { viewer: ann });
        h.advance(1000);
        await mod(h).act({ target: ref(posts[0]!), action: 'restore' }, { viewer: ann });
        h.advance(1000);
        await mod(h).mute({ memberId: ada.id, durationMs: HOUR, reason: 'x' }, { viewer: mo });
        const owner = await h.owner();
        const all = (await mod(h).listAudit({ from: new Date(t0).toISOString() }, { viewer: owner })).items;
        expect(all.map((e) => e.action)).toEqual(['mute', 'restore', 'hide', 'hide']);
        expect((await mod(h).listAudit({ action: 'hide' }, { viewer: owner })).items.map((e) => e.target)).toEqual([`comment:${posts[1]!.id}`, `comment:${posts[0]!.id}`]);
        expect((await mod(h).listAudit({ actorId: ann.id }, { viewer: owner })).items.map((e) => e.action)).toEqual(['restore', 'hide']);
        expect((await mod(h).listAudit({ target: `comment:${posts[0]!.id}` }, { viewer: owner })).items.map((e) => e.action)).toEqual(['restore', 'hide']);
        const window = { from: new Date(t0 + 1000).toISOString(), to: new Date(t0 + 3000).toISOString() };
        expect((await mod(h).listAudit(window, { viewer: owner })).items.map((e) => e.action)).toEqual(['restore', 'hide']);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<ReturnType<typeof mod>['listAudit']>> = await mod(h).listAudit(cursor ? { from: new Date(t0).toISOString(), limit: 1, cursor } : { from: new Date(t0).toISOString(), limit: 1 }, { viewer: owner });
          paged.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged).toEqual(all.map((e) => e.id));
        await expectError(mod(h).listAudit({}, { viewer: await h.as('Vic', 'volunteer') }), 'forbidden');
        await expectError(mod(h).listAudit({ from: 'yesterday' }, { viewer: owner }), 'validation', 'from');
      });
    });

    describe('realtime', () => {
      it('tells staff consoles on the moderation channel of held items, reports and actions', async (ctx) => {
        const h = await start(suite, ctx, 'community', 'realtime');
        await h.configure({ moderation: 'pre' });
        const mo = await h.as('Mo', 'moderator');
        const log = h.listen(moderationChannel(), mo);
        const post = await h.post(await h.as('Ada'), h.thread('live'), 'Held');
        const target = `comment:${post.id}`;
        await log.next((e) => e.type === 'moderation.changed' && e.target === target && e.action === 'held');
        await mod(h).act({ target: ref(post), action: 'approve' }, { viewer: mo });
        await log.next((e) => e.type === 'moderation.changed' && e.target === target && e.action === 'approve');
        await mod(h).report({ target: ref(post), reason: 'spam' }, { viewer: await h.as('Bob') });
        await log.next((e) => e.type === 'moderation.changed' && e.target === target && e.action === 'reported');
        for (const event of log.events) expect(event.channel).toBe(moderationChannel());
        log.unsubscribe();
      });
    });
  });
}
