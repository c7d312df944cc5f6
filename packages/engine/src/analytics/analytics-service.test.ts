import { describe, expect, it } from 'vitest';
import { HearthError, type ActivityType, type CommunityEvent, type ContentType, type Member, type Viewer } from '@hearth/protocol';
import { createEngine, type Engine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// 2026-03-02 is a Monday; 10:00 UTC.
const START = Date.UTC(2026, 2, 2, 10);

function world(community: Parameters<typeof createEngine>[0]['community'] = {}) {
  const clock = { now: START };
  const events: CommunityEvent[] = [];
  const engine = createEngine({ store: new MemoryStore(), clock: () => clock.now, publish: (e) => events.push(e), community });
  const core = engine.core;
  const people = {
    ada: { id: 'ada', displayName: 'Ada', role: 'member' } satisfies Viewer,
    bob: { id: 'bob', displayName: 'Bob', role: 'member' } satisfies Viewer,
    vic: { id: 'vic', displayName: 'Vic', role: 'volunteer' } satisfies Viewer,
    mo: { id: 'mo', displayName: 'Mo', role: 'moderator' } satisfies Viewer,
    admin: { id: 'admin', displayName: 'Admin', role: 'admin' } satisfies Viewer,
  };
  const member = (v: Viewer): Member => ({ id: v.id, displayName: v.displayName, avatarUrl: null, role: v.role ?? 'member' });
  let seq = 0;
  /** Signs `viewer` in (joining on first contact) and logs one event of `type`. */
  const act = (viewer: Viewer, type: ActivityType = 'checkin', ref: string | null = null, data: Record<string, string | number> = {}) =>
    core.write(async (tx) => {
      const acting = await core.act(tx, viewer, clock.now);
      await core.track(tx, acting, type, ref, data, clock.now);
    });
  /** Opens a post as `viewer` the way a content service does: the create event and the opener in one write. */
  const open = (viewer: Viewer, type: ContentType = 'post', location = 'general', text = 'Help me please') =>
    core.write(async (tx) => {
      const id = `i${++seq}`;
      const acting = await core.act(tx, viewer, clock.now);
      await core.track(tx, acting, `${type}.created`, `${type}:${id}`, { hash: 'h' }, clock.now);
      await core.openers.opened(tx, { type, itemId: id, location, title: type === 'comment' ? null : `Title ${id}`, authorId: viewer.id, at: clock.now, status: 'published', text });
      return `${type}:${id}`;
    });
  const reply = (viewer: Viewer, ref: string) =>
    core.write(async (tx) => {
      const acting = await core.act(tx, viewer, clock.now);
      await core.track(tx, acting, 'comment.created', `comment:r${++seq}`, { hash: 'h', depth: 1 }, clock.now);
      await core.openers.replied(tx, { ref, replier: acting.member, at: clock.now });
    });
  return { clock, events, engine, core, people, member, act, open, reply };
}

async function opener(engine: Engine, ref: string) {
  return engine.core.store.collection('openers').get(ref);
}

async function fails(call: Promise<unknown>, code: string, field?: string): Promise<HearthError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(HearthError.is(error), `expected a HearthError, got ${String(error)}`).toBe(true);
  expect((error as HearthError).code).toBe(code);
  if (field !== undefined) expect((error as HearthError).field).toBe(field);
  return error as HearthError;
}

describe('opener hooks', () => {
  it('counts replies and stamps the first reply and the first staff reply once', async () => {
    const w = world();
    const ref = await w.open(w.people.ada);
    w.clock.now += 10 * MINUTE;
    await w.reply(w.people.bob, ref);
    w.clock.now += 20 * MINUTE;
    await w.reply(w.people.mo, ref);
    w.clock.now += 5 * MINUTE;
    await w.reply(w.people.mo, ref);
    expect(await opener(w.engine, ref)).toMatchObject({
      replyCount: 3,
      firstReplyAt: START + 10 * MINUTE,
      firstStaffReplyAt: START + 30 * MINUTE,
      status: 'published',
      excerpt: 'Help me please',
    });
  });

  it("does not count the author's own replies, added or removed", async () => {
    const w = world();
    const ref = await w.open(w.people.ada);
    w.clock.now += MINUTE;
    await w.reply(w.people.ada, ref);
    expect(await opener(w.engine, ref)).toMatchObject({ replyCount: 0, firstReplyAt: null });
    await w.reply(w.people.bob, ref);
    await w.core.write((tx) => w.core.openers.replyRemoved(tx, ref, w.member(w.people.ada)));
    expect((await opener(w.engine, ref))?.replyCount).toBe(1);
  });

  it('counts volunteers as the responding team', async () => {
    const w = world();
    const ref = await w.open(w.people.ada);
    w.clock.now += 2 * HOUR;
    await w.reply(w.people.vic, ref);
    expect(await opener(w.engine, ref)).toMatchObject({ firstReplyAt: START + 2 * HOUR, firstStaffReplyAt: START + 2 * HOUR });
  });

  it('never counts below zero on removal and keeps first-reply times as history', async () => {
    const w = world();
    const ref = await w.open(w.people.ada);
    w.clock.now += MINUTE;
    await w.reply(w.people.bob, ref);
    await w.core.write((tx) => w.core.openers.replyRemoved(tx, ref));
    await w.core.write((tx) => w.core.openers.replyRemoved(tx, ref));
    expect(await opener(w.engine, ref)).toMatchObject({ replyCount: 0, firstReplyAt: START + MINUTE });
  });

  it('opens once per item: a retried create keeps the first record', async () => {
    const w = world();
    await w.core.write(async (tx) => {
      await w.core.openers.opened(tx, { type: 'feedback', itemId: 'f1', location: 'feedback', title: 'Dark mode', authorId: 'ada', at: START, status: 'pending' });
      await w.core.openers.opened(tx, { type: 'feedback', itemId: 'f1', location: 'elsewhere', title: 'Other', authorId: 'ada', at: START + 1, status: 'published' });
    });
    expect(await opener(w.engine, 'feedback:f1')).toMatchObject({ location: 'feedback', title: 'Dark mode', createdAt: START, status: 'pending' });
  });

  it('ignores replies and status changes for unknown refs', async () => {
    const w = world();
    await w.core.write(async (tx) => {
      await w.core.openers.replied(tx, { ref: 'post:nope', replier: w.member(w.people.bob), at: START });
      await w.core.openers.replyRemoved(tx, 'post:nope');
      await w.core.openers.status(tx, 'post:nope', 'hidden');
    });
    expect(await w.core.store.collection('openers').count()).toBe(0);
  });

  it('publishes analytics.opener.changed on the inbox channel after commit, and nothing when the write fails', async () => {
    const w = world();
    const ref = await w.open(w.people.ada);
    await w.reply(w.people.bob, ref);
    await w.core.write((tx) => w.core.openers.status(tx, ref, 'hidden'));
    const inbox = w.events.filter((e) => e.channel === 'inbox');
    expect(inbox.map((e) => e.type === 'analytics.opener.changed' && [e.ref, e.replyCount, e.status])).toEqual([
      [ref, 0, 'published'],
      [ref, 1, 'published'],
      [ref, 1, 'hidden'],
    ]);
    const before = w.events.length;
    await expect(
      w.core.write(async (tx) => {
        await w.core.openers.replied(tx, { ref, replier: w.member(w.people.mo), at: w.clock.now });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(w.events.length).toBe(before);
    expect((await opener(w.engine, ref))?.replyCount).toBe(1);
  });
});

describe('zeroReplies', () => {
  it('lists published openers without replies, oldest first, with age and the target', async () => {
    const w = world({ firstResponseTargetMs: 4 * HOUR });
    const old = await w.open(w.people.ada, 'post', 'general');
    w.clock.now += 3 * HOUR;
    const comment = await w.open(w.people.bob, 'comment', '/blog/hello', 'First!');
    w.clock.now += 2 * HOUR;
    const answered = await w.open(w.people.bob, 'feedback', 'feedback');
    await w.reply(w.people.ada, answered);
    const page = await w.engine.analytics.zeroReplies({}, w.people.vic);
    expect(page.items.map((i) => i.ref)).toEqual([old, comment]);
    expect(page.items[0]).toMatchObject({ type: 'post', location: 'general', title: expect.any(String), excerpt: 'Help me please', ageMs: 5 * HOUR, overdue: true, author: { id: 'ada', displayName: 'Ada' } });
    expect(page.items[1]).toMatchObject({ type: 'comment', location: '/blog/hello', title: null, excerpt: 'First!', ageMs: 2 * HOUR, overdue: false });
    expect(page).toMatchObject({ total: 2, overdue: 1, targetMs: 4 * HOUR, nextCursor: null });
  });

  it('filters by age, type and location, and pages with a cursor', async () => {
    const w = world();
    const refs: string[] = [];
    for (let i = 0; i < 5; i++) {
      refs.push(await w.open(w.people.ada, i % 2 ? 'comment' : 'post', i % 2 ? '/page' : 'general'));
      w.clock.now += HOUR;
    }
    expect((await w.engine.analytics.zeroReplies({ olderThanMs: 3 * HOUR }, w.people.mo)).items.map((i) => i.ref)).toEqual(refs.slice(0, 3));
    expect((await w.engine.analytics.zeroReplies({ types: ['comment'] }, w.people.mo)).items.map((i) => i.ref)).toEqual([refs[1], refs[3]]);
    expect((await w.engine.analytics.zeroReplies({ location: 'general' }, w.people.mo)).items.map((i) => i.ref)).toEqual([refs[0], refs[2], refs[4]]);
    const first = await w.engine.analytics.zeroReplies({ limit: 2 }, w.people.mo);
    const second = await w.engine.analytics.zeroReplies({ limit: 2, cursor: first.nextCursor! }, w.people.mo);
    const third = await w.engine.analytics.zeroReplies({ limit: 2, cursor: second.nextCursor! }, w.people.mo);
    expect([...first.items, ...second.items, ...third.items].map((i) => i.ref)).toEqual(refs);
    expect(third.nextCursor).toBeNull();
    expect(first.total).toBe(5);
  });

  it('leaves out held, hidden and answered openers', async () => {
    const w = world();
    const a = await w.open(w.people.ada);
    const b = await w.open(w.people.ada);
    const c = await w.open(w.people.ada);
    await w.core.write((tx) => w.core.openers.status(tx, a, 'pending'));
    await w.core.write((tx) => w.core.openers.status(tx, b, 'hidden'));
    await w.reply(w.people.bob, c);
    expect((await w.engine.analytics.zeroReplies({}, w.people.mo)).items).toEqual([]);
  });

  it('is for reviewers: anonymous is unauthorized, members are forbidden, bad input names its field', async () => {
    const w = world();
    await fails(w.engine.analytics.zeroReplies({}, null), 'unauthorized');
    await fails(w.engine.analytics.zeroReplies({}, w.people.ada), 'forbidden');
    await fails(w.engine.analytics.zeroReplies({ olderThanMs: -1 }, w.people.mo), 'validation', 'olderThanMs');
    await fails(w.engine.analytics.zeroReplies({ types: ['poll'] }, w.people.mo), 'validation', 'types.0');
    await fails(w.engine.analytics.zeroReplies({ limit: 0 }, w.people.mo), 'validation', 'limit');
    await fails(w.engine.analytics.zeroReplies({ cursor: 'garbage' }, w.people.mo), 'validation', 'cursor');
  });
});

describe('metrics', () => {
  it('counts DAU, rolling WAU/MAU, new members, posts, replies and reactions per day', async () => {
    const w = world();
    await w.act(w.people.ada); // ada joins 03-02
    await w.act(w.people.bob); // bob joins 03-02
    w.clock.now += DAY; // 03-03
    const ref = await w.open(w.people.ada, 'post');
    await w.core.write(async (tx) => {
      const acting = await w.core.act(tx, w.people.ada, w.clock.now);
      await w.core.track(tx, acting, 'post.created', 'post:x', { hash: 'h', topics: 'billing,api' }, w.clock.now);
    });
    await w.reply(w.people.bob, ref);
    await w.act(w.people.bob, 'reaction.added', ref, { emoji: '👍' });
    await w.act(w.people.bob, 'vote.cast', 'answer:1', { value: 1 });
    await w.act(w.people.bob, 'vote.cast', 'answer:2', { value: -1 });
    w.clock.now += 7 * DAY; // 03-10
    await w.act(w.people.vic); // vic joins
    const m = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-10' }, w.people.admin);
    const day = (d: string) => m.days.find((row) => row.day === d)!;
    expect(m.days).toHaveLength(9);
    expect(day('2026-03-02')).toMatchObject({ activeMembers: 2, newMembers: 2, posts: 0 });
    expect(day('2026-03-03')).toMatchObject({ activeMembers: 2, weeklyActiveMembers: 2, newMembers: 0, posts: 2, replies: 1, reactions: 2 });
    expect(day('2026-03-05')).toMatchObject({ activeMembers: 0, weeklyActiveMembers: 2, monthlyActiveMembers: 2 });
    // The 7 days ending 03-10 are 03-04..03-10: only vic.
    expect(day('2026-03-10')).toMatchObject({ activeMembers: 1, weeklyActiveMembers: 1, monthlyActiveMembers: 3, newMembers: 1 });
    expect(m.totals).toMatchObject({ activeMembers: 3, weeklyActiveMembers: 1, monthlyActiveMembers: 3, newMembers: 3, posts: 2, replies: 1, reactions: 2 });
    expect(m.topTopics).toEqual([
      { topic: 'api', posts: 1 },
      { topic: 'billing', posts: 1 },
    ]);
    expect(m.topContributors[0]).toMatchObject({ member: { id: 'bob' }, events: 5 });
  });

  it('buckets days in the community time zone', async () => {
    const w = world({ timeZone: 'Asia/Shanghai' });
    w.clock.now = Date.UTC(2026, 2, 2, 17); // 03-03 01:00 in Shanghai
    await w.act(w.people.ada);
    const m = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-03' }, w.people.admin);
    expect(m.days.map((d) => d.newMembers)).toEqual([0, 1]);
    expect(m.timeZone).toBe('Asia/Shanghai');
  });

  it('puts an event at 23:30 UTC on the next day in Asia/Shanghai: activity, openers and the join week', async () => {
    const w = world({ timeZone: 'Asia/Shanghai' });
    // Sunday 2026-03-01 23:30 UTC is Monday 2026-03-02 07:30 in Shanghai.
    w.clock.now = Date.UTC(2026, 2, 1, 23, 30);
    const ref = await w.open(w.people.ada);
    w.clock.now = Date.UTC(2026, 2, 1, 23, 50);
    await w.reply(w.people.mo, ref);
    // Monday 2026-03-02 15:59 UTC is still Monday in Shanghai (23:59); 16:00 UTC is Tuesday.
    w.clock.now = Date.UTC(2026, 2, 2, 15, 59);
    await w.act(w.people.bob);
    w.clock.now = Date.UTC(2026, 2, 2, 16, 0);
    await w.act(w.people.ada);
    w.clock.now = Date.UTC(2026, 2, 5);
    const sunday = await w.engine.analytics.metrics({ from: '2026-03-01', to: '2026-03-01' }, w.people.admin);
    expect(sunday.days).toEqual([{ day: '2026-03-01', activeMembers: 0, weeklyActiveMembers: 0, monthlyActiveMembers: 0, newMembers: 0, posts: 0, replies: 0, reactions: 0 }]);
    expect(sunday.responses).toMatchObject({ openers: 0, firstReply: { count: 0 } });
    const m = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-03' }, w.people.admin);
    expect(m.days.map((d) => [d.day, d.activeMembers, d.newMembers, d.replies])).toEqual([
      ['2026-03-02', 3, 3, 1],
      ['2026-03-03', 1, 0, 0],
    ]);
    expect(m.responses).toMatchObject({ openers: 1, zeroReply: 0, firstReply: { count: 1, medianMs: 20 * MINUTE }, firstStaffReply: { count: 1, medianMs: 20 * MINUTE } });
    // Joined on Monday in Shanghai: the cohort of 03-02, not the UTC week of 02-23. Ada's D1 is 03-03.
    expect(m.retention).toEqual([
      { week: '2026-03-02', members: 3, d1: { eligible: 3, retained: 1, rate: 1 / 3 }, d7: { eligible: 0, retained: 0, rate: null }, d30: { eligible: 0, retained: 0, rate: null } },
    ]);
  });

  it('counts nobody lost on a day n that has not ended yet', async () => {
    const w = world();
    await w.act(w.people.ada); // joins Monday 03-02 10:00
    w.clock.now = Date.UTC(2026, 2, 3, 0, 5); // five minutes into ada's day 1
    const early = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-03' }, w.people.admin);
    expect(early.retention[0]!.d1).toEqual({ eligible: 0, retained: 0, rate: null });
    w.clock.now = Date.UTC(2026, 2, 3, 23, 59); // she never came back on 03-03
    expect((await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-03' }, w.people.admin)).retention[0]!.d1.eligible).toBe(0);
    w.clock.now = Date.UTC(2026, 2, 4, 0, 0); // day 1 is over: now she counts as lost
    const after = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-03' }, w.people.admin);
    expect(after.retention[0]!.d1).toEqual({ eligible: 1, retained: 0, rate: 0 });
  });

  it('measures D1/D7/D30 retention as activity on exactly that day after the join day', async () => {
    const w = world();
    // Week of 03-02: ada, bob, vic join on Monday.
    await w.act(w.people.ada);
    await w.act(w.people.bob);
    await w.act(w.people.vic);
    w.clock.now += DAY; // day 1
    await w.act(w.people.ada);
    await w.act(w.people.bob);
    w.clock.now += 6 * DAY; // day 7
    await w.act(w.people.ada);
    w.clock.now += DAY; // day 8: counts for neither
    await w.act(w.people.bob);
    w.clock.now += 22 * DAY; // day 30
    await w.act(w.people.vic);
    w.clock.now += DAY; // day 30 is over
    const m = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-04-01' }, w.people.admin);
    expect(m.retention).toEqual([
      {
        week: '2026-03-02',
        members: 3,
        d1: { eligible: 3, retained: 2, rate: 2 / 3 },
        d7: { eligible: 3, retained: 1, rate: 1 / 3 },
        d30: { eligible: 3, retained: 1, rate: 1 / 3 },
      },
    ]);
    // Before day 30 has come, nobody is eligible for D30 yet.
    const early = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-20' }, w.people.admin);
    expect(early.retention[0]!.d30).toEqual({ eligible: 0, retained: 0, rate: null });
  });

  it('reports zero-reply rate and first (staff) reply median and nearest-rank p90', async () => {
    const w = world({ firstResponseTargetMs: 3 * HOUR });
    // Five openers answered after 1h, 2h, 3h, 4h, 10h (staff answers the last two), one never.
    const gaps = [1, 2, 3, 4, 10];
    const refs: string[] = [];
    for (let i = 0; i < 6; i++) refs.push(await w.open(w.people.ada));
    for (const [i, gap] of gaps.entries()) {
      w.clock.now = START + gap * HOUR;
      await w.reply(i >= 3 ? w.people.mo : w.people.bob, refs[i]!);
    }
    w.clock.now = START + 11 * HOUR;
    await w.reply(w.people.mo, refs[0]!);
    const m = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-02' }, w.people.mo);
    expect(m.responses).toEqual({
      openers: 6,
      zeroReply: 1,
      zeroReplyRate: 1 / 6,
      withinTargetRate: 3 / 6,
      targetMs: 3 * HOUR,
      firstReply: { count: 5, medianMs: 3 * HOUR, p90Ms: 10 * HOUR },
      firstStaffReply: { count: 3, medianMs: 10 * HOUR, p90Ms: 11 * HOUR },
    });
  });

  it('counts only published openers, and a first reply after the report ends as no reply', async () => {
    const w = world();
    const answeredLate = await w.open(w.people.ada);
    const held = await w.open(w.people.ada);
    const hidden = await w.open(w.people.ada);
    await w.core.write((tx) => w.core.openers.status(tx, held, 'pending'));
    await w.core.write((tx) => w.core.openers.status(tx, hidden, 'hidden'));
    w.clock.now += DAY; // 03-03
    await w.reply(w.people.bob, answeredLate);
    const sameDay = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-02' }, w.people.mo);
    expect(sameDay.responses).toMatchObject({ openers: 1, zeroReply: 1, zeroReplyRate: 1, withinTargetRate: 0, firstReply: { count: 0, medianMs: null, p90Ms: null } });
    const twoDays = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-03' }, w.people.mo);
    expect(twoDays.responses).toMatchObject({ openers: 1, zeroReply: 0, firstReply: { count: 1, medianMs: DAY } });
    // The default 24 h target: a reply after exactly 24 h is within it.
    expect(twoDays.responses.withinTargetRate).toBe(1);
  });

  it('ignores events after the last day and counts feedback by current status', async () => {
    const w = world();
    await w.act(w.people.ada);
    w.clock.now += DAY;
    await w.act(w.people.bob);
    const submit = (title: string, key: string) => w.engine.feedback.submitFeedback({ kind: 'idea', title, body: `${title}, please.`, idempotencyKey: key }, w.people.bob);
    const a = await submit('Dark mode', 'key-feedback-1');
    const b = await submit('CSV export', 'key-feedback-2');
    await submit('Offline mode', 'key-feedback-3');
    for (const item of [a, b]) await w.engine.feedback.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Planned for spring.' }, w.people.mo);
    const m = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-02' }, w.people.mo);
    expect(m.totals).toMatchObject({ activeMembers: 1, newMembers: 1 });
    expect(m.feedbackByStatus).toEqual([
      { status: 'open', count: 1 },
      { status: 'under_review', count: 0 },
      { status: 'planned', count: 2 },
      { status: 'in_progress', count: 0 },
      { status: 'done', count: 0 },
      { status: 'declined', count: 0 },
      { status: 'duplicate', count: 0 },
    ]);
  });

  it('filters by variant and lists every variant for comparison', async () => {
    const w = world();
    await w.act({ ...w.people.ada, variant: 'A' });
    await w.act({ ...w.people.ada, variant: 'A' });
    await w.act({ ...w.people.bob, variant: 'B' });
    await w.act(w.people.vic);
    const all = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-02' }, w.people.admin);
    expect(all.variants).toEqual([
      { variant: 'A', activeMembers: 1, events: 3 },
      { variant: 'B', activeMembers: 1, events: 2 },
      { variant: null, activeMembers: 1, events: 2 },
    ]);
    const a = await w.engine.analytics.metrics({ from: '2026-03-02', to: '2026-03-02', variant: 'A' }, w.people.admin);
    expect(a).toMatchObject({ variant: 'A', totals: { activeMembers: 1, newMembers: 1, events: 3 } });
    expect(a.variants).toEqual(all.variants);
  });

  it('is for staff with insights; dates are checked and named', async () => {
    const w = world();
    await fails(w.engine.analytics.metrics({ from: '2026-03-01', to: '2026-03-02' }, null), 'unauthorized');
    await fails(w.engine.analytics.metrics({ from: '2026-03-01', to: '2026-03-02' }, w.people.ada), 'forbidden');
    await fails(w.engine.analytics.metrics({ from: '2026-03-01', to: '2026-03-02' }, w.people.vic), 'forbidden');
    await fails(w.engine.analytics.metrics({ from: '03/01/2026', to: '2026-03-02' }, w.people.mo), 'validation', 'from');
    await fails(w.engine.analytics.metrics({ from: '2026-02-30', to: '2026-03-02' }, w.people.mo), 'validation', 'from');
    await fails(w.engine.analytics.metrics({ from: '2026-03-01' }, w.people.mo), 'validation', 'to');
    await fails(w.engine.analytics.metrics({ from: '2026-03-05', to: '2026-03-02' }, w.people.mo), 'validation', 'to');
    await fails(w.engine.analytics.metrics({ from: '2025-01-01', to: '2026-01-02' }, w.people.mo), 'validation', 'to');
    // 366 days inclusive is the most allowed.
    await expect(w.engine.analytics.metrics({ from: '2025-01-01', to: '2026-01-01' }, w.people.mo)).resolves.toMatchObject({ days: expect.any(Array) });
  });
});
