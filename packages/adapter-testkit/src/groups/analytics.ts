import { describe, expect, it } from 'vitest';
import { inboxChannel, type Metrics, type MetricsInput, type Role, type Viewer, type ZeroRepliesInput, type ZeroReplyPage } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A viewer carrying an experiment variant unique to this test. Metrics are community-wide,
 * so against a shared database every metrics test filters on its own variant.
 */
async function tagged(h: Harness, name: string, role: Role = 'member', variant = variantOf(h)): Promise<Viewer> {
  return { ...(await h.as(name, role)), variant };
}

const variants = new WeakMap<Harness, string>();
function variantOf(h: Harness): string {
  let v = variants.get(h);
  if (!v) variants.set(h, (v = `v-${h.key()}`.slice(0, 64)));
  return v;
}

/** The community's time zone (UTC when the adapter has no community group). */
async function timeZoneOf(h: Harness): Promise<string> {
  if (!h.adapter.capabilities.community) return 'UTC';
  return (await h.group('community').getInfo({}, { viewer: null })).timeZone;
}

/** The calendar day of `at` in `timeZone`, `YYYY-MM-DD`. */
function dayOf(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The day `n` days after `day`. */
function plusDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

async function queue(h: Harness, viewer: Viewer, input: ZeroRepliesInput): Promise<ZeroReplyPage> {
  return h.group('analytics').zeroReplies(input, { viewer });
}

async function metrics(h: Harness, viewer: Viewer, input: MetricsInput): Promise<Metrics> {
  return h.group('analytics').metrics(input, { viewer });
}

/** Conformance for the analytics group: the zero-reply queue and metrics. */
export function analyticsConformance(suite: Suite): void {
  describe('analytics', () => {
    describe('zeroReplies', () => {
      it('lists an unanswered top-level page comment with its age, and drops it once someone else replies', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const vol = await h.as('Vol', 'volunteer');
        const key = h.thread('zero-reply');
        const root = await h.post(ada, key, 'Does anyone know how to export my data?');
        h.advance(2 * HOUR);
        let page = await queue(h, vol, { location: key });
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({
          ref: `comment:${root.id}`,
          type: 'comment',
          id: root.id,
          location: key,
          excerpt: 'Does anyone know how to export my data?',
          author: { id: ada.id, displayName: 'Ada' },
          ageMs: 2 * HOUR,
        });
        expect(new Date(page.items[0]!.createdAt).getTime()).toBe(h.now - 2 * HOUR);
        expect(page.total).toBe(1);

        // The author bumping their own comment is not an answer.
        await h.post(ada, key, 'Anyone?', root.id);
        expect((await queue(h, vol, { location: key })).items).toHaveLength(1);

        await h.post(bob, key, 'Settings → Export.', root.id);
        page = await queue(h, vol, { location: key });
        expect(page.items).toEqual([]);
        expect(page.total).toBe(0);
      });

      it('keeps replies out of the queue: only top-level comments open a conversation', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const mod = await h.as('Mo', 'moderator');
        const key = h.thread('only-roots');
        const first = await h.post(ada, key, 'First question');
        h.advance(MINUTE);
        const second = await h.post(bob, key, 'Second question');
        await h.post(ada, key, 'Answering the second', second.id);
        const page = await queue(h, mod, { location: key });
        expect(page.items.map((i) => i.id)).toEqual([first.id]);
      });

      it('orders oldest first, filters by age, type and location, and pages with a cursor', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const ada = await h.as('Ada');
        const mod = await h.as('Mo', 'moderator');
        const key = h.thread('paged');
        const other = h.thread('elsewhere');
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          ids.push((await h.post(ada, key, `Question number ${i}`)).id);
          h.advance(HOUR);
        }
        await h.post(ada, other, 'In another thread');
        // Now: the first is 5h old, the last 1h.
        expect((await queue(h, mod, { location: key })).items.map((i) => i.id)).toEqual(ids);
        expect((await queue(h, mod, { location: key, olderThanMs: 3 * HOUR })).items.map((i) => i.id)).toEqual(ids.slice(0, 3));
        expect((await queue(h, mod, { location: key, olderThanMs: 6 * HOUR })).items).toEqual([]);
        expect((await queue(h, mod, { location: key, types: ['post', 'feedback'] })).items).toEqual([]);
        expect((await queue(h, mod, { location: key, types: ['comment'] })).items).toHaveLength(5);
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await queue(h, mod, { location: key, limit: 2, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(2);
          expect(page.total).toBe(5);
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor && pages < 10);
        expect(seen).toEqual(ids);
        expect(pages).toBe(3);
      });

      it("marks items past the community's first-response target as overdue", async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'community');
        await h.configure({ firstResponseTargetMs: 2 * HOUR });
        const ada = await h.as('Ada');
        const mod = await h.as('Mo', 'moderator');
        const key = h.thread('target');
        await h.post(ada, key, 'Old one');
        h.advance(3 * HOUR);
        await h.post(ada, key, 'New one');
        h.advance(HOUR);
        const page = await queue(h, mod, { location: key });
        expect(page.items.map((i) => [i.excerpt, i.ageMs, i.overdue])).toEqual([
          ['Old one', 4 * HOUR, true],
          ['New one', HOUR, false],
        ]);
        expect(page).toMatchObject({ total: 2, overdue: 1, targetMs: 2 * HOUR });
        h.advance(HOUR + 1);
        expect((await queue(h, mod, { location: key })).overdue).toBe(2);
      });

      it('puts an opener back in the queue when its only reply is deleted', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const mod = await h.as('Mo', 'moderator');
        const key = h.thread('reply-deleted');
        const root = await h.post(ada, key, 'Is this thing on?');
        const reply = await h.post(bob, key, 'Yes', root.id);
        expect((await queue(h, mod, { location: key })).items).toEqual([]);
        await h.adapter.deleteComment({ postId: reply.id }, { viewer: bob });
        expect((await queue(h, mod, { location: key })).items.map((i) => i.id)).toEqual([root.id]);
      });

      it("keeps an answered opener out of the queue when the author deletes their own follow-up", async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const mod = await h.as('Mo', 'moderator');
        const key = h.thread('own-follow-up');
        const root = await h.post(ada, key, 'How do I reset my password?');
        await h.post(bob, key, 'Use the link on the sign-in page.', root.id);
        const own = await h.post(ada, key, 'Thanks, that worked.', root.id);
        await h.adapter.deleteComment({ postId: own.id }, { viewer: ada });
        expect((await queue(h, mod, { location: key })).items).toEqual([]);
      });

      it('leaves hidden openers out and brings them back when unhidden', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'moderation');
        const ada = await h.as('Ada');
        const mod = await h.as('Mo', 'moderator');
        const key = h.thread('hidden');
        const root = await h.post(ada, key, 'Buy cheap watches');
        await h.adapter.hideComment({ postId: root.id }, { viewer: mod });
        expect((await queue(h, mod, { location: key })).items).toEqual([]);
        await h.adapter.unhideComment({ postId: root.id }, { viewer: mod });
        expect((await queue(h, mod, { location: key })).items.map((i) => i.id)).toEqual([root.id]);
      });

      it('tells the operator inbox live when an opener is answered', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'realtime');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const key = h.thread('inbox');
        const inbox = h.listen(inboxChannel(), await h.as('Mo', 'moderator'));
        try {
          const root = await h.post(ada, key, 'Live question');
          const ref = `comment:${root.id}`;
          const opened = await inbox.next((e) => e.type === 'analytics.opener.changed' && e.ref === ref);
          expect(opened).toMatchObject({ channel: 'inbox', replyCount: 0, status: 'published' });
          await h.post(bob, key, 'Live answer', root.id);
          const answered = await inbox.next((e) => e.type === 'analytics.opener.changed' && e.ref === ref && e.replyCount === 1);
          expect(answered).toMatchObject({ channel: 'inbox', status: 'published' });
        } finally {
          inbox.unsubscribe();
        }
      });

      it('tells the operator inbox live when an opener is hidden, restored or deleted', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'moderation');
        suite.needs(h, ctx, 'realtime');
        const ada = await h.as('Ada');
        const mod = await h.as('Mo', 'moderator');
        const key = h.thread('inbox-gone');
        const inbox = h.listen(inboxChannel(), mod);
        try {
          const spam = await h.post(ada, key, 'Buy cheap watches');
          const spamRef = `comment:${spam.id}`;
          const opened = await inbox.next((e) => e.type === 'analytics.opener.changed' && e.ref === spamRef && e.status === 'published');
          await h.adapter.hideComment({ postId: spam.id }, { viewer: mod });
          expect(await inbox.next((e) => e.type === 'analytics.opener.changed' && e.ref === spamRef && e.status === 'hidden')).toMatchObject({ channel: 'inbox', replyCount: 0 });
          await h.adapter.unhideComment({ postId: spam.id }, { viewer: mod });
          await inbox.next((e) => e !== opened && e.type === 'analytics.opener.changed' && e.ref === spamRef && e.status === 'published');

          const mistake = await h.post(ada, key, 'Posted on the wrong page');
          const mistakeRef = `comment:${mistake.id}`;
          await inbox.next((e) => e.type === 'analytics.opener.changed' && e.ref === mistakeRef);
          await h.adapter.deleteComment({ postId: mistake.id }, { viewer: ada });
          expect(await inbox.next((e) => e.type === 'analytics.opener.changed' && e.ref === mistakeRef && e.status === 'deleted')).toMatchObject({ channel: 'inbox' });
        } finally {
          inbox.unsubscribe();
        }
      });

      it('is for reviewers: anonymous readers are unauthorized and members forbidden', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        await expectError(h.group('analytics').zeroReplies({}, { viewer: null }), 'unauthorized');
        await expectError(queue(h, await h.as('Ada'), {}), 'forbidden');
        for (const role of ['volunteer', 'moderator', 'admin', 'owner'] as const) {
          const page = await queue(h, await h.as(`Staff-${role}`, role), { location: h.thread('none') });
          expect(page.items).toEqual([]);
        }
      });

      it('rejects bad input naming the field', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const mod = await h.as('Mo', 'moderator');
        await expectError(queue(h, mod, { olderThanMs: -1 }), 'validation', 'olderThanMs');
        await expectError(queue(h, mod, { olderThanMs: 1.5 }), 'validation', 'olderThanMs');
        await expectError(queue(h, mod, { types: ['poll' as never] }), 'validation', 'types.0');
        await expectError(queue(h, mod, { types: [] }), 'validation', 'types');
        await expectError(queue(h, mod, { location: '' }), 'validation', 'location');
        await expectError(queue(h, mod, { olderThanMs: 367 * DAY }), 'validation', 'olderThanMs');
        await expectError(queue(h, mod, { limit: 0 }), 'validation', 'limit');
        await expectError(queue(h, mod, { limit: 101 }), 'validation', 'limit');
        await expectError(queue(h, mod, { cursor: 'not-a-cursor' }), 'validation', 'cursor');
      });

      it('lists unanswered feed posts by space until a reply comes in their thread', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'feed');
        const space = await h.space('zr-feed');
        const ada = await h.as('Ada');
        const bob = await h.as('Bob');
        const mod = await h.as('Mo', 'moderator');
        const post = await h.group('feed').createPost({ space, title: 'Which plan fits a team of five?', body: 'We are five people and need shared billing.', idempotencyKey: h.key() }, { viewer: ada });
        h.advance(30 * MINUTE);
        const page = await queue(h, mod, { location: space });
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({ ref: `post:${post.id}`, type: 'post', id: post.id, location: space, title: 'Which plan fits a team of five?', ageMs: 30 * MINUTE });
        expect(page.items[0]!.excerpt).toContain('shared billing');
        expect((await queue(h, mod, { location: space, types: ['comment'] })).items).toEqual([]);
        await h.post(bob, post.threadKey, 'The Team plan.');
        expect((await queue(h, mod, { location: space })).items).toEqual([]);
      });

      it('lists an unanswered question until someone else answers it, and stamps a staff answer', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'feed');
        suite.needs(h, ctx, 'qa');
        const tz = await timeZoneOf(h);
        h.nextDay();
        const space = await h.space('zr-qa', 'qa');
        const ada = await tagged(h, 'Ada');
        const mo = await tagged(h, 'Mo', 'moderator');
        const admin = await h.as('Admin', 'admin');
        const question = await h.group('feed').createPost({ space, kind: 'question', title: 'How do refunds work?', body: 'I was charged twice this month.', idempotencyKey: h.key() }, { viewer: ada });
        expect((await queue(h, mo, { location: space })).items.map((i) => i.ref)).toEqual([`post:${question.id}`]);
        h.advance(15 * MINUTE);
        await h.group('qa').answer({ questionId: question.id, body: 'We refund duplicates within a day; I have started it.', idempotencyKey: h.key() }, { viewer: mo });
        expect((await queue(h, mo, { location: space })).items).toEqual([]);
        const day = dayOf(h.now, tz);
        const m = await metrics(h, admin, { from: day, to: day, variant: variantOf(h) });
        expect(m.responses).toMatchObject({ openers: 1, zeroReply: 0, firstReply: { count: 1, medianMs: 15 * MINUTE }, firstStaffReply: { count: 1, medianMs: 15 * MINUTE } });
        expect(m.totals).toMatchObject({ posts: 1, replies: 1 });
      });

      it('lists unanswered feedback until staff give an official reply', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'feedback');
        const ada = await h.as('Ada');
        const mod = await h.as('Mo', 'moderator');
        const space = h.adapter.capabilities.community ? await h.space('zr-board', 'feedback') : 'feedback';
        const item = await h.group('feedback').submitFeedback({ kind: 'idea', title: 'Dark mode', body: 'Please add a dark theme.', space, idempotencyKey: h.key() }, { viewer: ada });
        const ref = `feedback:${item.id}`;
        expect((await queue(h, mod, { types: ['feedback'], location: space })).items.map((i) => i.ref)).toEqual([ref]);
        await h.group('feedback').setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'On the roadmap for spring.' }, { viewer: mod });
        expect((await queue(h, mod, { types: ['feedback'], location: space })).items).toEqual([]);
      });
    });

    describe('metrics', () => {
      it('counts daily active and new members, posts, replies and rolling weekly/monthly actives as days pass', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const tz = await timeZoneOf(h);
        const admin = await h.as('Admin', 'admin');
        const ada = await tagged(h, 'Ada');
        const bob = await tagged(h, 'Bob');
        const cy = await tagged(h, 'Cy');
        const key = h.thread('dau');
        const day0 = dayOf(h.now, tz);
        const root = await h.post(ada, key, 'Day zero');
        await h.post(bob, key, 'Reply on day zero', root.id);
        h.advance(DAY);
        await h.post(ada, key, 'Day one');
        h.advance(DAY);
        await h.post(cy, key, 'Day two');
        h.advance(8 * DAY);
        await h.post(cy, key, 'Day ten');
        const m = await metrics(h, admin, { from: day0, to: plusDays(day0, 10), variant: variantOf(h) });
        expect(m.days.map((d) => d.day)).toEqual(Array.from({ length: 11 }, (_, i) => plusDays(day0, i)));
        const row = (n: number) => m.days[n]!;
        expect(row(0)).toMatchObject({ activeMembers: 2, newMembers: 2 });
        expect(row(1)).toMatchObject({ activeMembers: 1, newMembers: 0, weeklyActiveMembers: 2 });
        expect(row(2)).toMatchObject({ activeMembers: 1, newMembers: 1, weeklyActiveMembers: 3, monthlyActiveMembers: 3 });
        expect(row(5)).toMatchObject({ activeMembers: 0, newMembers: 0, weeklyActiveMembers: 3 });
        // The 7 days ending day 10 are days 4..10: only Cy, on day 10.
        expect(row(10)).toMatchObject({ activeMembers: 1, weeklyActiveMembers: 1, monthlyActiveMembers: 3 });
        expect(m.totals).toMatchObject({ activeMembers: 3, newMembers: 3, weeklyActiveMembers: 1, monthlyActiveMembers: 3, replies: 5 });
        expect(m.variant).toBe(variantOf(h));
        expect(m.timeZone).toBe(tz);
      });

      it('measures D1, D7 and D30 retention of a join-week cohort by activity on exactly that day', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const tz = await timeZoneOf(h);
        const admin = await h.as('Admin', 'admin');
        const key = h.thread('retention');
        const day0 = dayOf(h.now, tz);
        const people = await Promise.all(['P1', 'P2', 'P3', 'P4'].map((n) => tagged(h, n)));
        for (const p of people) await h.post(p, key, `Hello from ${p.displayName}`);
        const act = async (indexes: number[]) => {
          for (const i of indexes) await h.post(people[i]!, key, `Back on ${dayOf(h.now, tz)}`);
        };
        h.advance(DAY);
        await act([0, 1, 2]); // D1: 3 of 4
        h.advance(DAY);
        await act([3]); // day 2 counts for nothing
        h.advance(5 * DAY);
        await act([0]); // D7: 1 of 4
        h.advance(23 * DAY);
        await act([0, 3]); // D30: 2 of 4
        // Day 30 is today and not over: nobody counts as lost (or kept) for D30 yet.
        const during = await metrics(h, admin, { from: day0, to: plusDays(day0, 30), variant: variantOf(h) });
        expect(during.retention[0]!.d30).toEqual({ eligible: 0, retained: 0, rate: null });
        expect(during.retention[0]!.d7).toEqual({ eligible: 4, retained: 1, rate: 0.25 });
        h.advance(DAY);
        const m = await metrics(h, admin, { from: day0, to: plusDays(day0, 30), variant: variantOf(h) });
        expect(m.retention).toHaveLength(1);
        expect(m.retention[0]).toMatchObject({
          members: 4,
          d1: { eligible: 4, retained: 3, rate: 0.75 },
          d7: { eligible: 4, retained: 1, rate: 0.25 },
          d30: { eligible: 4, retained: 2, rate: 0.5 },
        });
        // The cohort is named by the Monday of the join week.
        const week = m.retention[0]!.week;
        expect(new Date(`${week}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(week <= day0 && plusDays(week, 6) >= day0).toBe(true);
        // A report ending before day 30 does not count anyone lost for D30 yet.
        const early = await metrics(h, admin, { from: day0, to: plusDays(day0, 29), variant: variantOf(h) });
        expect(early.retention[0]!.d30).toEqual({ eligible: 0, retained: 0, rate: null });
        expect(early.retention[0]!.d7.rate).toBe(0.25);
      });

      it('reports zero-reply rate and the median and nearest-rank p90 time to first reply and first staff reply', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const tz = await timeZoneOf(h);
        h.nextDay(); // all of it on one calendar day
        const start = h.now;
        const admin = await h.as('Admin', 'admin');
        const ada = await tagged(h, 'Ada');
        const cy = await tagged(h, 'Cy');
        const bob = await tagged(h, 'Bob');
        const mo = await tagged(h, 'Mo', 'moderator');
        const key = h.thread('reply-times');
        // Six openers at once (two authors, within flood limits); first replies after 1, 2, 3,
        // 4 and 10 minutes; the sixth never.
        const roots = [];
        for (let i = 0; i < 6; i++) roots.push(await h.post(i % 2 ? cy : ada, key, `Opener ${i}`));
        const gaps = [1, 2, 3, 4, 10];
        for (const [i, gap] of gaps.entries()) {
          h.advance(start + gap * MINUTE - h.now);
          // A member answers the first three; staff the last two.
          await h.post(i < 3 ? bob : mo, key, `Reply ${i}`, roots[i]!.id);
        }
        h.advance(start + 20 * MINUTE - h.now);
        await h.post(mo, key, 'Staff follow-up', roots[0]!.id);
        const day = dayOf(start, tz);
        const m = await metrics(h, admin, { from: day, to: day, variant: variantOf(h) });
        expect(m.responses).toMatchObject({
          openers: 6,
          zeroReply: 1,
          zeroReplyRate: 1 / 6,
          firstReply: { count: 5, medianMs: 3 * MINUTE, p90Ms: 10 * MINUTE },
          // Staff first replies: 4, 10 and 20 minutes.
          firstStaffReply: { count: 3, medianMs: 10 * MINUTE, p90Ms: 20 * MINUTE },
        });
      });

      it('counts a volunteer reply as a staff reply', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const tz = await timeZoneOf(h);
        h.nextDay();
        const admin = await h.as('Admin', 'admin');
        const ada = await tagged(h, 'Ada');
        const vol = await tagged(h, 'Vol', 'volunteer');
        const key = h.thread('volunteer');
        const root = await h.post(ada, key, 'Question for the team');
        h.advance(5 * MINUTE);
        await h.post(vol, key, 'Volunteer answer', root.id);
        const day = dayOf(h.now, tz);
        const m = await metrics(h, admin, { from: day, to: day, variant: variantOf(h) });
        expect(m.responses.firstStaffReply).toEqual({ count: 1, medianMs: 5 * MINUTE, p90Ms: 5 * MINUTE });
      });

      it('filters by experiment variant and lists every variant with its active members and events', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const tz = await timeZoneOf(h);
        const admin = await h.as('Admin', 'admin');
        const a = `a-${h.key()}`.slice(0, 64);
        const b = `b-${h.key()}`.slice(0, 64);
        const key = h.thread('variants');
        const a1 = await tagged(h, 'A1', 'member', a);
        const a2 = await tagged(h, 'A2', 'member', a);
        const b1 = await tagged(h, 'B1', 'member', b);
        await h.post(a1, key, 'From A1');
        await h.post(a2, key, 'From A2');
        await h.post(a2, key, 'From A2 again');
        await h.post(b1, key, 'From B1');
        const day = dayOf(h.now, tz);
        const onlyA = await metrics(h, admin, { from: day, to: day, variant: a });
        expect(onlyA.variant).toBe(a);
        expect(onlyA.totals).toMatchObject({ activeMembers: 2, newMembers: 2, replies: 3 });
        const onlyB = await metrics(h, admin, { from: day, to: day, variant: b });
        expect(onlyB.totals).toMatchObject({ activeMembers: 1, newMembers: 1, replies: 1 });
        const va = onlyA.variants.find((v) => v.variant === a);
        const vb = onlyA.variants.find((v) => v.variant === b);
        expect(va?.activeMembers).toBe(2);
        expect(vb?.activeMembers).toBe(1);
        // One event per comment and one per join: A1 2, A2 3, B1 2.
        expect(va!.events).toBe(5);
        expect(vb!.events).toBe(2);
        expect(onlyA.totals.events).toBe(5);
        expect(onlyB.variants).toEqual(onlyA.variants);
        const none = await metrics(h, admin, { from: day, to: day, variant: `none-${h.key()}`.slice(0, 64) });
        expect(none.totals).toMatchObject({ activeMembers: 0, newMembers: 0, replies: 0, events: 0 });
      });

      it('lists the most active members as top contributors', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const tz = await timeZoneOf(h);
        const admin = await h.as('Admin', 'admin');
        const ada = await tagged(h, 'Ada');
        const bob = await tagged(h, 'Bob');
        const key = h.thread('contributors');
        const root = await h.post(ada, key, 'Ada once');
        for (let i = 0; i < 3; i++) await h.post(bob, key, `Bob ${i}`, root.id);
        const day = dayOf(h.now, tz);
        const m = await metrics(h, admin, { from: day, to: day, variant: variantOf(h) });
        expect(m.topContributors.map((c) => c.member.id)).toEqual([bob.id, ada.id]);
        // Joining is not a contribution: Bob wrote three comments, Ada one.
        expect(m.topContributors.map((c) => c.events)).toEqual([3, 1]);
        expect(m.topContributors[0]!.member.displayName).toBe('Bob');
        // Net points dated in the range: every comment earns the reply rule (+2 by default).
        if (h.adapter.capabilities.gamification) expect(m.topContributors.map((c) => c.points)).toEqual([6, 2]);
      });

      it("buckets days in the community's time zone: at 23:30 UTC it is already tomorrow in Asia/Shanghai", async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'community');
        await h.configure({ timeZone: 'Asia/Shanghai' });
        const admin = await h.as('Admin', 'admin');
        const ada = await tagged(h, 'Ada');
        const mo = await tagged(h, 'Mo', 'moderator');
        const key = h.thread('shanghai');
        h.nextDay();
        const utcDay = dayOf(h.now, 'UTC');
        h.advance(23 * HOUR + 30 * MINUTE - (h.now % DAY)); // 23:30 UTC, 07:30 the next day in Shanghai
        const shanghaiDay = plusDays(utcDay, 1);
        expect(dayOf(h.now, 'Asia/Shanghai')).toBe(shanghaiDay);
        const root = await h.post(ada, key, 'Posted at 23:30 UTC');
        h.advance(20 * MINUTE);
        await h.post(mo, key, 'Answered at 23:50 UTC', root.id);
        h.advance(DAY);
        const variant = variantOf(h);
        const before = await metrics(h, admin, { from: utcDay, to: utcDay, variant });
        expect(before.days[0]).toMatchObject({ day: utcDay, activeMembers: 0, newMembers: 0, replies: 0 });
        expect(before.responses.openers).toBe(0);
        const m = await metrics(h, admin, { from: shanghaiDay, to: shanghaiDay, variant });
        expect(m.timeZone).toBe('Asia/Shanghai');
        expect(m.days[0]).toMatchObject({ day: shanghaiDay, activeMembers: 2, newMembers: 2, replies: 2 });
        expect(m.responses).toMatchObject({ openers: 1, zeroReply: 0, firstReply: { count: 1, medianMs: 20 * MINUTE }, firstStaffReply: { count: 1, medianMs: 20 * MINUTE } });
      });

      it('follows an assigned role: a moderator demoted to member can no longer read metrics or the queue', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'community');
        const range = { from: '2026-03-01', to: '2026-03-01', variant: variantOf(h) };
        const mo = await h.as('Mo', 'moderator');
        await h.post(mo, h.thread('mo-joins'), 'Hello'); // roles are assigned to members who have taken part
        await metrics(h, mo, range);
        await queue(h, mo, { location: h.thread('none') });
        await h.group('members').setRole({ memberId: mo.id, role: 'member' }, { viewer: await h.owner() });
        await expectError(metrics(h, mo, range), 'forbidden');
        await expectError(queue(h, mo, { location: h.thread('none') }), 'forbidden');
      });

      it('is for moderators and up: anonymous is unauthorized; members and volunteers are forbidden', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const range = { from: '2026-03-01', to: '2026-03-31' };
        await expectError(h.group('analytics').metrics(range, { viewer: null }), 'unauthorized');
        await expectError(metrics(h, await h.as('Ada'), range), 'forbidden');
        await expectError(metrics(h, await h.as('Vol', 'volunteer'), range), 'forbidden');
        for (const role of ['moderator', 'admin', 'owner'] as const) {
          const m = await metrics(h, await h.as(`Staff-${role}`, role), { ...range, variant: variantOf(h) });
          expect(m.days).toHaveLength(31);
        }
      });

      it('rejects malformed, impossible, reversed and too-long ranges naming from or to', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        const mo = await h.as('Mo', 'moderator');
        await expectError(metrics(h, mo, { from: '01/03/2026', to: '2026-03-02' }), 'validation', 'from');
        await expectError(metrics(h, mo, { from: '2026-02-30', to: '2026-03-02' }), 'validation', 'from');
        await expectError(metrics(h, mo, { from: '2026-03-01', to: '2026-3-2' }), 'validation', 'to');
        await expectError(metrics(h, mo, { from: '2026-03-01', to: '2026-13-01' }), 'validation', 'to');
        await expectError(metrics(h, mo, { from: '2026-03-01' } as never), 'validation', 'to');
        await expectError(metrics(h, mo, { from: '2026-03-05', to: '2026-03-04' }), 'validation', 'to');
        await expectError(metrics(h, mo, { from: '2025-01-01', to: '2026-01-02' }), 'validation', 'to');
        await expectError(metrics(h, mo, { from: '2026-03-01', to: '2026-03-02', variant: '' }), 'validation', 'variant');
        // 366 days, both ends included, is the longest range.
        const year = await metrics(h, mo, { from: '2025-01-01', to: '2026-01-01', variant: variantOf(h) });
        expect(year.days).toHaveLength(366);
      });

      it('counts feed posts per day and their topics, most used first', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'feed');
        const tz = await timeZoneOf(h);
        const admin = await h.as('Admin', 'admin');
        const space = await h.space('metrics-feed');
        const ada = await tagged(h, 'Ada');
        const bob = await tagged(h, 'Bob');
        const day = dayOf(h.now, tz);
        const create = (viewer: Viewer, body: string, topics: string[]) => h.group('feed').createPost({ space, body, topics, idempotencyKey: h.key() }, { viewer });
        const first = await create(ada, 'Billing question one', ['billing', 'api']);
        await create(bob, 'Billing question two', ['billing']);
        await create(bob, 'Something about onboarding', ['onboarding', 'billing']);
        await h.post(bob, first.threadKey, 'A reply in the post thread');
        const m = await metrics(h, admin, { from: day, to: day, variant: variantOf(h) });
        expect(m.totals).toMatchObject({ posts: 3, replies: 1 });
        expect(m.days[0]).toMatchObject({ posts: 3, replies: 1 });
        expect(m.topTopics[0]).toEqual({ topic: 'billing', posts: 3 });
        expect(m.topTopics.slice(1)).toEqual(
          expect.arrayContaining([
            { topic: 'api', posts: 1 },
            { topic: 'onboarding', posts: 1 },
          ]),
        );
        // Feed posts are openers too: one of three got a reply.
        expect(m.responses).toMatchObject({ openers: 3, zeroReply: 2 });
      });

      it('counts feedback by its current status', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'feedback');
        const admin = await h.as('Admin', 'admin');
        const mod = await h.as('Mo', 'moderator');
        const ada = await h.as('Ada');
        const range = { from: '2026-03-01', to: '2026-03-01', variant: variantOf(h) };
        const count = (m: Metrics, status: string) => m.feedbackByStatus.find((f) => f.status === status)?.count ?? 0;
        const before = await metrics(h, admin, range);
        expect(before.feedbackByStatus.map((f) => f.status)).toEqual(expect.arrayContaining(['open', 'planned', 'done']));
        const submit = (title: string) => h.group('feedback').submitFeedback({ kind: 'idea', title, body: `${title}, please.`, idempotencyKey: h.key() }, { viewer: ada });
        await submit('Export to CSV');
        const b = await submit('Keyboard shortcuts');
        const c = await submit('Offline mode');
        await h.group('feedback').setFeedbackStatus({ feedbackId: b.id, status: 'planned', reply: 'Planned.' }, { viewer: mod });
        await h.group('feedback').setFeedbackStatus({ feedbackId: c.id, status: 'done', reply: 'Shipped.' }, { viewer: mod });
        const after = await metrics(h, admin, range);
        expect(count(after, 'open') - count(before, 'open')).toBe(1);
        expect(count(after, 'planned') - count(before, 'planned')).toBe(1);
        expect(count(after, 'done') - count(before, 'done')).toBe(1);
      });

      it('reports poll participation: ballots and distinct voters per poll, and voters over active members', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'analytics');
        suite.needs(h, ctx, 'polls');
        const tz = await timeZoneOf(h);
        const admin = await h.as('Admin', 'admin');
        const mod = await tagged(h, 'Mo', 'moderator');
        const voters = await Promise.all(['V1', 'V2', 'V3'].map((n) => tagged(h, n)));
        const lurker = await tagged(h, 'Lurker');
        const polls = h.group('polls');
        const view = await polls.createPoll({ question: 'Which day suits the meetup?', type: 'single', options: ['Friday', 'Saturday'], idempotencyKey: h.key() }, { viewer: mod });
        const [friday, saturday] = view.poll.options.map((o) => o.id);
        for (const v of voters) await polls.vote({ pollId: view.poll.id, choices: [friday!] }, { viewer: v });
        // A changed ballot is another ballot in the range, by the same voter.
        await polls.vote({ pollId: view.poll.id, choices: [saturday!] }, { viewer: voters[0]! });
        await h.post(lurker, h.thread('polls-lurker'), 'Just reading along');
        const day = dayOf(h.now, tz);
        const m = await metrics(h, admin, { from: day, to: day, variant: variantOf(h) });
        expect(m.polls.polls).toEqual([{ pollId: view.poll.id, question: 'Which day suits the meetup?', ballots: 4, voters: 3 }]);
        // Active: the moderator who made the poll, three voters and the lurker.
        expect(m.polls.voters).toBe(3);
        expect(m.polls.participation).toBeCloseTo(3 / 5);
      });
    });
  });
}
