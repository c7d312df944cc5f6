import { describe, expect, it } from 'vitest';
import { HearthError, type CommunityEvent, type CommunitySettings, type Viewer } from '@hearth/protocol';
import { createEngine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';
import type { Acting, ContentHandler, ContentItem } from '../core/core.js';
import { KEPT_CREATES } from '../core/recent.js';
import { textHash } from '../core/text.js';

const START = Date.UTC(2030, 0, 1, 12);
const MINUTE = 60_000;

const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const cy: Viewer = { id: 'cy', displayName: 'Cy' };
const dee: Viewer = { id: 'dee', displayName: 'Dee' };
const vic: Viewer = { id: 'vic', displayName: 'Vic', role: 'volunteer' };
const mod: Viewer = { id: 'mod', displayName: 'Mo', role: 'moderator' };
const admin: Viewer = { id: 'admin', displayName: 'Ann', role: 'admin' };

/** A content type moderation knows only through its handler, recording every call. */
function fakeHandler() {
  const items = new Map<string, ContentItem>();
  const calls: string[] = [];
  const actors: Acting[] = [];
  const handler: ContentHandler = {
    load: async (_tx, id) => (items.has(id) ? structuredClone(items.get(id)!) : null),
    setStatus: async (_tx, id, status, _emit, acting) => {
      calls.push(`setStatus ${id} ${status}`);
      actors.push(acting);
      items.get(id)!.status = status;
    },
    pin: async (_tx, id, pinned) => void calls.push(`pin ${id} ${pinned}`),
    feature: async (_tx, id, featured) => void calls.push(`feature ${id} ${featured}`),
    move: async (_tx, id, to) => void calls.push(`move ${id} ${to}`),
  };
  const add = (id: string, author: Viewer, status: ContentItem['status'] = 'published') =>
    items.set(id, { type: 'answer', id, author: { id: author.id, displayName: author.displayName, avatarUrl: null, role: author.role ?? 'member' }, status, text: `text of ${id}`, location: 'qa', createdAt: START });
  return { handler, items, calls, actors, add };
}

function setup(community: Partial<CommunitySettings> = {}) {
  let now = START;
  let n = 0;
  const events: CommunityEvent[] = [];
  const store = new MemoryStore();
  const engine = createEngine({ store, clock: () => now, ids: () => `id${++n}`, publish: (e) => events.push(e), community });
  const fake = fakeHandler();
  engine.core.content.set('answer', fake.handler);
  const awards: Array<{ memberId: string; rule: string; ref: string | null }> = [];
  const award = engine.core.points.award.bind(engine.core.points);
  engine.core.points.award = async (tx, entry) => {
    awards.push({ memberId: entry.memberId, rule: entry.rule, ref: entry.ref });
    return award(tx, entry);
  };
  const m = engine.moderation;
  /** Makes sure each viewer has a member record. */
  const join = (...viewers: Viewer[]) => Promise.all(viewers.map((v) => engine.core.write((tx) => engine.core.act(tx, v, now))));
  /** Runs the gate as `viewer` would on a new item of `text`. */
  const screen = (viewer: Viewer, text: string, edit = false) =>
    engine.core.write(async (tx) => engine.core.gate.screen(tx, { acting: await engine.core.act(tx, viewer, now), type: 'answer', text, at: now, edit }));
  /** Records a content create as a content service would (the gate finds floods through it). */
  const created = (viewer: Viewer, hash: string) =>
    engine.core.write(async (tx) => engine.core.track(tx, await engine.core.act(tx, viewer, now), 'answer.created', `answer:${++n}`, { hash }, now));
  /** Screens and records a new item in one write, as a content service does. */
  const post = (viewer: Viewer, text: string) =>
    engine.core.write(async (tx) => {
      const acting = await engine.core.act(tx, viewer, now);
      await engine.core.gate.screen(tx, { acting, type: 'answer', text, at: now, edit: false });
      await engine.core.track(tx, acting, 'answer.created', `answer:${++n}`, { hash: textHash(text) }, now);
    });
  const target = (id: string) => ({ type: 'answer' as const, id });
  return { engine, store, events, fake, awards, m, join, screen, created, post, target, advance: (ms: number) => void (now += ms), now: () => now };
}

async function rejection(promise: Promise<unknown>): Promise<HearthError> {
  try {
    await promise;
  } catch (error) {
    if (HearthError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected the call to reject.');
}

describe('the gate', () => {
  it('publishes ordinary content', async () => {
    const t = setup();
    expect(await t.screen(ada, 'hello')).toEqual({ status: 'published', reason: null });
  });

  it('refuses banned words for everyone, staff included, naming body and the word', async () => {
    const t = setup({ bannedWords: ['广告', 'spam'] });
    for (const viewer of [ada, mod]) {
      const error = await rejection(t.screen(viewer, '这里有广告'));
      expect(error.code).toBe('validation');
      expect(error.field).toBe('body');
      expect(error.message).toContain('广告');
    }
    expect((await rejection(t.screen(ada, 'ＳＰＡＭ'))).field).toBe('body');
  });

  it('checks words and links on edits but not holds or floods', async () => {
    const t = setup({ bannedWords: ['spam'], moderation: 'pre' });
    expect((await rejection(t.screen(ada, 'spam', true))).code).toBe('validation');
    await t.created(ada, 'whatever');
    expect(await t.screen(ada, 'fine', true)).toEqual({ status: 'published', reason: null });
  });

  it('limits links by standing; staff are not limited', async () => {
    const t = setup({ linkLimitNewMember: 1, linkLimit: 2, newMemberPosts: 2 });
    await t.join(ada);
    const two = 'see https://a.example and www.b.example';
    const error = await rejection(t.screen(ada, two));
    expect(error).toMatchObject({ code: 'validation' });
    expect(error.field).toBe('body');
    expect(error.message).toMatch(/New members can include at most 1 link/);
    expect(await t.screen(mod, `${two} https://c.example`)).toMatchObject({ status: 'published' });
    await t.engine.core.write((tx) => tx.collection('members').update('ada', { publishedCount: 2 }));
    expect(await t.screen(ada, two)).toMatchObject({ status: 'published' });
    expect((await rejection(t.screen(ada, `${two} https://c.example`))).message).toMatch(/at most 2 links/);
  });

  it('refuses the same text within the window with a retry time, and allows it after', async () => {
    const t = setup();
    await t.created(ada, (await import('../core/text.js')).textHash('Same  text!'));
    t.advance(4 * MINUTE);
    const error = await rejection(t.screen(ada, 'same text'));
    expect(error.code).toBe('conflict');
    expect(error.field).toBe('body');
    expect(error.details.retryAfterMs).toBe(6 * MINUTE);
    expect(await t.screen(bob, 'same text')).toMatchObject({ status: 'published' });
    t.advance(6 * MINUTE);
    expect(await t.screen(ada, 'same text')).toMatchObject({ status: 'published' });
  });

  it('limits creates per minute for members, saying when to retry', async () => {
    const t = setup({ flood: { duplicateWindowMs: 0, maxPostsPerMinute: 3 } });
    for (let i = 0; i < 3; i++) {
      await t.created(ada, `h${i}`);
      t.advance(10_000);
    }
    const error = await rejection(t.screen(ada, 'one more'));
    expect(error.code).toBe('rate_limited');
    // The first of the three was 30 s ago: it leaves the minute in 30 s.
    expect(error.details.retryAfterMs).toBe(30_000);
    await t.created(mod, 'a');
    await t.created(mod, 'b');
    await t.created(mod, 'c');
    expect(await t.screen(mod, 'staff answer in bursts')).toMatchObject({ status: 'published' });
    t.advance(30_000);
    expect(await t.screen(ada, 'one more')).toMatchObject({ status: 'published' });
  });

  it("answers the repeat and rate rules from the member's record once it keeps their creates, without the log", async () => {
    const t = setup({ flood: { duplicateWindowMs: 10 * MINUTE, maxPostsPerMinute: 3 } });
    for (const text of ['first', 'second', 'third']) {
      await t.post(ada, text);
      t.advance(10_000);
    }
    const kept = (await t.store.collection('members').get('ada'))!.recentCreates!;
    expect(kept.creates.map(([at]) => at)).toEqual([START + 20_000, START + 10_000, START]);
    // With the log emptied, only the record can still know what ada posted.
    for (const event of await t.store.collection('activity').find({})) await t.store.collection('activity').remove(event.id);
    expect((await rejection(t.screen(ada, 'fourth'))).details.retryAfterMs).toBe(30_000);
    t.advance(30_000);
    expect((await rejection(t.screen(ada, 'First!'))).details).toMatchObject({ rule: 'duplicate', retryAfterMs: 10 * MINUTE - 60_000 });
    await t.post(ada, 'fourth');
    // Creates older than the window leave the record.
    t.advance(10 * MINUTE);
    await t.post(ada, 'fifth');
    expect((await t.store.collection('members').get('ada'))!.recentCreates!.creates.map(([, hash]) => hash)).toEqual([textHash('fifth')]);
  });

  it('asks the log when the record does not reach back far enough: too many creates kept, or a longer window since', async () => {
    const t = setup({ flood: { duplicateWindowMs: MINUTE, maxPostsPerMinute: 5 } });
    // Staff are not rate-limited: past the kept number, the oldest leave the record but not the log.
    for (let i = 0; i <= KEPT_CREATES; i++) {
      await t.post(mod, `answer ${i}`);
      t.advance(100);
    }
    expect((await t.store.collection('members').get('mod'))!.recentCreates!.creates).toHaveLength(KEPT_CREATES);
    expect((await rejection(t.screen(mod, 'answer 0'))).details).toMatchObject({ rule: 'duplicate' });
    // The window grows to 10 minutes after ada's post, which her record kept for one minute only.
    await t.post(ada, 'once');
    t.advance(5 * MINUTE);
    await t.engine.community.updateSettings({ flood: { duplicateWindowMs: 10 * MINUTE, maxPostsPerMinute: 5 } }, admin);
    expect((await rejection(t.screen(ada, 'once'))).details).toMatchObject({ rule: 'duplicate', retryAfterMs: 5 * MINUTE });
  });

  it('holds under pre-moderation and for new members, staff excepted', async () => {
    const pre = setup({ moderation: 'pre' });
    expect(await pre.screen(ada, 'hi')).toEqual({ status: 'pending', reason: 'pre_moderation' });
    expect(await pre.screen(vic, 'hi')).toEqual({ status: 'pending', reason: 'pre_moderation' });
    expect(await pre.screen(mod, 'hi')).toEqual({ status: 'published', reason: null });
    const hold = setup({ newMemberHold: 2 });
    expect(await hold.screen(ada, 'hi')).toEqual({ status: 'pending', reason: 'new_member_hold' });
    await hold.engine.core.write((tx) => tx.collection('members').update('ada', { publishedCount: 2 }));
    expect(await hold.screen(ada, 'hi')).toEqual({ status: 'published', reason: null });
  });

  it('refuses muted members, saying until when; the mute ends on time', async () => {
    const t = setup();
    await t.join(ada, mod);
    const until = new Date(t.now() + 5 * MINUTE).toISOString();
    await t.m.mute({ memberId: 'ada', durationMs: 5 * MINUTE, reason: 'cool off' }, mod);
    const error = await rejection(t.screen(ada, 'hi'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain(until);
    t.advance(5 * MINUTE);
    expect(await t.screen(ada, 'hi')).toMatchObject({ status: 'published' });
  });
});

describe('act through a content handler', () => {
  it('dispatches pin, feature and move, audits each, and refuses what the type cannot do', async () => {
    const t = setup();
    await t.join(ada);
    t.fake.add('a1', ada);
    expect(await t.m.act({ target: t.target('a1'), action: 'pin' }, mod)).toMatchObject({ status: 'published', changed: true, audit: { action: 'pin', target: 'answer:a1', actor: { id: 'mod' } } });
    await t.m.act({ target: t.target('a1'), action: 'unfeature' }, mod);
    await t.m.act({ target: t.target('a1'), action: 'move', to: 'general' }, mod);
    expect(t.fake.calls).toEqual(['pin a1 true', 'feature a1 false', 'move a1 general']);
    const error = await rejection(t.m.act({ target: t.target('a1'), action: 'lock' }, mod));
    expect(error.code).toBe('validation');
    expect(error.field).toBe('action');
    expect((await rejection(t.m.act({ target: t.target('a1'), action: 'move', to: 'nowhere' }, mod))).field).toBe('to');
    expect((await rejection(t.m.act({ target: t.target('a1'), action: 'move' }, mod))).field).toBe('to');
    expect((await rejection(t.m.act({ target: t.target('a1'), action: 'pin', to: 'general' }, mod))).field).toBe('to');
    expect((await rejection(t.m.act({ target: t.target('zz'), action: 'hide' }, mod))).code).toBe('not_found');
    expect((await t.m.listAudit({}, admin)).items.map((e) => e.action)).toEqual(['move', 'unfeature', 'pin']);
  });

  it('approves held content from the queue, which the held hook filled', async () => {
    const t = setup();
    await t.join(ada);
    t.fake.add('a1', ada, 'pending');
    await t.engine.core.write((tx) => t.engine.core.gate.held!(tx, { type: 'answer', id: 'a1', reason: 'new_member_hold', at: t.now() }));
    expect(t.events.some((e) => e.type === 'moderation.changed' && e.action === 'held')).toBe(true);
    const queue = await t.m.listQueue({ kind: 'pending' }, vic);
    expect(queue.items).toMatchObject([{ target: { type: 'answer', id: 'a1' }, heldReason: 'new_member_hold', status: 'pending', excerpt: 'text of a1' }]);
    const result = await t.m.act({ target: t.target('a1'), action: 'approve' }, vic);
    expect(result).toMatchObject({ status: 'published', changed: true, audit: { action: 'approve', data: { from: 'pending', to: 'published' } } });
    expect(t.fake.calls).toEqual(['setStatus a1 published']);
    expect((await t.m.listQueue({ kind: 'pending' }, vic)).items).toEqual([]);
    // A second approve changes nothing and writes no audit entry.
    expect(await t.m.act({ target: t.target('a1'), action: 'approve' }, vic)).toMatchObject({ changed: false, audit: null });
    expect((await t.m.listAudit({}, admin)).items).toHaveLength(1);
  });

  it('auto-hides at the threshold as the system, and hiding upholds reports with points', async () => {
    const t = setup({ autoHideReports: 3 });
    await t.join(ada);
    t.fake.add('a1', ada);
    for (const viewer of [bob, cy, dee]) await t.m.report({ target: t.target('a1'), reason: 'spam' }, viewer);
    expect(t.fake.calls).toEqual(['setStatus a1 hidden']);
    expect(t.fake.actors[0]!.member.id).toBe('system');
    expect((await t.m.listAudit({ actorId: 'system' }, admin)).items).toMatchObject([{ action: 'auto_hide', target: 'answer:a1' }]);
    const hide = await t.m.act({ target: t.target('a1'), action: 'hide', reason: 'ad' }, mod);
    // Already hidden: no second status change, but the reports are upheld.
    expect(t.fake.calls).toEqual(['setStatus a1 hidden']);
    expect(hide).toMatchObject({ changed: true, audit: { data: { upheld: 3 } } });
    expect(t.awards.filter((a) => a.rule === 'report_upheld').map((a) => a.memberId).sort()).toEqual(['bob', 'cy', 'dee']);
    expect((await t.m.listReports({ target: t.target('a1') }, vic)).items.map((r) => r.status)).toEqual(['upheld', 'upheld', 'upheld']);
    expect((await t.m.listQueue({ kind: 'reported' }, vic)).items).toEqual([]);
  });

  it('forbids hiding content by someone ranked above, and acting without the permission', async () => {
    const t = setup();
    await t.join(admin);
    t.fake.add('a1', admin);
    expect((await rejection(t.m.act({ target: t.target('a1'), action: 'hide' }, mod))).code).toBe('forbidden');
    expect((await rejection(t.m.act({ target: t.target('a1'), action: 'hide' }, vic))).code).toBe('forbidden');
    expect((await rejection(t.m.act({ target: t.target('a1'), action: 'pin' }, ada))).code).toBe('forbidden');
    expect(t.fake.calls).toEqual([]);
  });
});
