import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS, HearthError, type CommunityEvent, type CommunitySettings } from '@hearth/protocol';
import { Core } from '../core/core.js';
import { MemoryStore } from '../memory-store.js';
import type { Store } from '../store.js';
import { dayEarnings } from './ledger.js';
import { GamificationService } from './points-service.js';

const START = Date.UTC(2030, 0, 7, 12); // a Monday

function setup(community: Partial<CommunitySettings> = {}) {
  let now = START;
  let n = 0;
  const events: CommunityEvent[] = [];
  const core = new Core({ store: new MemoryStore(), clock: () => now, ids: () => `id${String(++n).padStart(5, '0')}`, publish: (e) => events.push(e), community });
  const service = new GamificationService(core);
  const write = <T>(fn: (tx: Store) => Promise<T>) => core.write((tx) => fn(tx));
  const join = (id: string, title: string | null = null) =>
    core.write(async (tx) => {
      await core.act(tx, { id, displayName: id.toUpperCase() }, now);
      if (title) await tx.collection('members').update(id, { title });
    });
  return { core, service, events, write, join, advance: (ms: number) => (now += ms), now: () => now };
}

describe('core.points hooks', () => {
  it('awards a rule once per (member, rule, ref, actor) while it stands, and each actor separately', async () => {
    const { core, write, now } = setup();
    const award = (actorId: string) => write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reaction_received', ref: 'comment:1', at: now(), actorId }));
    expect(await award('bo')).toMatchObject({ delta: 1, rule: 'reaction_received', actorId: 'bo', day: '2030-01-07' });
    expect(await award('bo')).toBeNull();
    expect(await award('cy')).toMatchObject({ delta: 1 });
    expect(await award('ada')).toBeNull(); // self
    expect(await write((tx) => core.points.balance(tx, 'ada'))).toBe(2);
    // Un-reacting reverses that one actor's entry; then the same actor may earn again.
    await write((tx) => core.points.reverse(tx, { ref: 'comment:1', memberId: 'ada', rule: 'reaction_received', actorId: 'bo', at: now() }));
    expect(await write((tx) => core.points.balance(tx, 'ada'))).toBe(1);
    expect(await award('bo')).toMatchObject({ delta: 1 });
    expect(await write((tx) => core.points.balance(tx, 'ada'))).toBe(2);
  });

  it('writes a milestone the caps leave unpaid as an entry of 0, badges it, and reverses it without a reversal row', async () => {
    const { core, write, now } = setup({ points: { ...DEFAULT_COMMUNITY_SETTINGS.points, dailyCap: 2, rules: { ...DEFAULT_COMMUNITY_SETTINGS.points.rules, answer_accepted: 0 } } });
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reply', ref: 'comment:1', at: now() }))).toMatchObject({ delta: 2 });
    // Capped: a reply is not a milestone, so nothing is written; a post is, so it is written as 0.
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reply', ref: 'comment:2', at: now() }))).toBeNull();
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:1', at: now() }))).toMatchObject({ delta: 0, rule: 'post' });
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:1', at: now() }))).toBeNull();
    // A rule set to 0 still counts as a milestone.
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'answer_accepted', ref: 'answer:1', at: now() }))).toMatchObject({ delta: 0 });
    const badges = await write((tx) => core.points.summary(tx, 'ada', now()));
    expect(badges.badges.map((b) => b.badge)).toEqual(['first_post', 'first_accepted_answer']);
    await write((tx) => core.points.reverse(tx, { ref: 'post:1', at: now() }));
    const rows = await write((tx) => tx.collection('ledger').find({ where: { memberId: 'ada' } }));
    expect(rows.map((r) => [r.rule, r.delta, r.reversed]).sort()).toEqual([
      ['answer_accepted', 0, false],
      ['post', 0, true],
      ['reply', 2, false],
    ]);
  });

  it('keeps a member\'s running sums equal to their ledger through awards, reversals and bounty moves, and works them out for an older record', async () => {
    const { core, write, join, now, advance } = setup();
    await join('ada');
    const fromLedger = async () => {
      const entries = await write((tx) => tx.collection('ledger').find({ where: { memberId: 'ada' } }));
      const balance = entries.reduce((n, e) => n + e.delta, 0);
      return { balance, lifetime: balance - entries.filter((e) => e.rule.startsWith('bounty_')).reduce((n, e) => n + e.delta, 0) };
    };
    const kept = async () => (await write((tx) => tx.collection('members').get('ada')))!.points;
    const check = async () => {
      const sums = await fromLedger();
      const { today, ...totals } = (await kept())!;
      expect(totals).toEqual(sums);
      // What the kept day earned towards the caps is what that day's entries say.
      const day = await write((tx) => tx.collection('ledger').find({ where: { memberId: 'ada', day: today!.day } }));
      expect(today).toEqual({ day: today!.day, ...dayEarnings(day) });
      const card = await write((tx) => core.points.summary(tx, 'ada', now()));
      expect({ balance: card.balance, lifetime: card.lifetimePoints }).toEqual(sums);
    };
    for (let i = 0; i < 4; i++) {
      await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reply', ref: `comment:${i}`, at: now() }));
      await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reaction_received', ref: `comment:${i}`, at: now(), actorId: 'bo' }));
    }
    await check();
    await write((tx) => core.points.reverse(tx, { ref: 'comment:1', at: now() }));
    await check();
    await write((tx) => core.points.move(tx, { memberId: 'ada', delta: -3, rule: 'bounty_escrow', ref: 'question:1', at: now() }));
    await write((tx) => core.points.move(tx, { memberId: 'ada', delta: 5, rule: 'admin_adjustment', ref: null, at: now() }));
    await check();
    expect((await kept())!.lifetime - (await kept())!.balance).toBe(3);

    // A record from before the sums were kept: totals come from the ledger, and the next entry stores them.
    await write((tx) => tx.collection('members').update('ada', { points: undefined }));
    expect(await kept()).toBeUndefined();
    expect(await write((tx) => core.points.balance(tx, 'ada'))).toBe((await fromLedger()).balance);
    advance(86_400_000);
    await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reply', ref: 'comment:9', at: now() }));
    await check();
  });

  it('caps a day from the kept earnings as from the ledger: reversals give room back, a new day starts empty, an older record asks the ledger', async () => {
    const caps = { ...DEFAULT_COMMUNITY_SETTINGS.points, dailyCap: 10, reactionDailyCap: 3, rules: { ...DEFAULT_COMMUNITY_SETTINGS.points.rules, reply: 4, reaction_received: 1 } };
    const { core, write, join, now, advance } = setup({ points: caps });
    await join('ada');
    const reply = (i: number) => write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reply', ref: `comment:${i}`, at: now() }));
    const reaction = (i: number, actorId: string) => write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reaction_received', ref: `comment:${i}`, at: now(), actorId }));
    expect((await reply(1))?.delta).toBe(4);
    expect((await reply(2))?.delta).toBe(4);
    expect((await reply(3))?.delta).toBe(2); // 8 of 10 earned
    expect(await reply(4)).toBeNull();
    // Reversing a reply of today gives its 4 back; reactions have a cap of their own inside the daily one.
    await write((tx) => core.points.reverse(tx, { ref: 'comment:1', rule: 'reply', at: now() }));
    expect((await reaction(2, 'bo'))?.delta).toBe(1);
    expect((await reaction(2, 'cy'))?.delta).toBe(1);
    expect((await reaction(2, 'di'))?.delta).toBe(1);
    expect(await reaction(2, 'ed')).toBeNull(); // reactions capped at 3
    expect((await reply(5))?.delta).toBe(1); // 9 of 10: 4 + 2 + 3 reactions
    // The next day starts from nothing.
    advance(86_400_000);
    expect((await reply(6))?.delta).toBe(4);
    // A record whose sums predate the kept day: the ledger says what today earned, and the next entry keeps it.
    await write((tx) => tx.collection('members').update('ada', { points: undefined }));
    expect((await reply(7))?.delta).toBe(4);
    expect((await reply(8))?.delta).toBe(2);
    expect((await write((tx) => tx.collection('members').get('ada')))!.points?.today).toMatchObject({ earned: 10, reactions: 0 });
  });

  it('earns nothing for rules the community does not reward', async () => {
    const { core, write, now } = setup({ points: { ...DEFAULT_COMMUNITY_SETTINGS.points, rules: { post: 5, reply: 0 } } });
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'reply', ref: 'comment:1', at: now() }))).toBeNull();
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'answer', ref: 'answer:1', at: now() }))).toBeNull();
    expect(await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:1', at: now() }))).toMatchObject({ delta: 5 });
  });

  it('reverses everything a ref earned, marking the originals, and leaves other refs alone', async () => {
    const { core, write, now } = setup();
    await write(async (tx) => {
      await core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:1', at: now() });
      await core.points.award(tx, { memberId: 'ada', rule: 'reaction_received', ref: 'post:1', at: now(), actorId: 'bo' });
      await core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:2', at: now() });
    });
    await write((tx) => core.points.reverse(tx, { ref: 'post:1', at: now() }));
    const ledger = await core.store.collection('ledger').find({ where: { memberId: 'ada' } });
    expect(ledger.filter((e) => e.ref === 'post:1' && e.rule !== 'reversal').every((e) => e.reversed)).toBe(true);
    expect(ledger.filter((e) => e.rule === 'reversal').map((e) => e.delta).sort()).toEqual([-1, -5]);
    expect(await write((tx) => core.points.balance(tx, 'ada'))).toBe(5);
    // A second reversal finds nothing standing.
    await write((tx) => core.points.reverse(tx, { ref: 'post:1', at: now() }));
    expect(await write((tx) => core.points.balance(tx, 'ada'))).toBe(5);
  });

  it('moves bounties outside the caps and lifetime points, and refuses to overspend, naming the balance', async () => {
    const { core, write, now, join } = setup({ points: { ...DEFAULT_COMMUNITY_SETTINGS.points, dailyCap: 10 } });
    await join('ada');
    await write((tx) => core.points.move(tx, { memberId: 'ada', delta: 100, rule: 'admin_adjustment', ref: null, at: now(), reason: 'seed' }));
    await write((tx) => core.points.move(tx, { memberId: 'ada', delta: -40, rule: 'bounty_escrow', ref: 'bounty:1', at: now() }));
    await write((tx) => core.points.move(tx, { memberId: 'bo', delta: 40, rule: 'bounty_award', ref: 'bounty:1', at: now() }));
    const error = await write((tx) => core.points.move(tx, { memberId: 'ada', delta: -61, rule: 'bounty_escrow', ref: 'bounty:2', at: now() })).catch((e: unknown) => e);
    expect(HearthError.is(error, 'conflict')).toBe(true);
    expect((error as HearthError).message).toContain('60');
    expect((error as HearthError).details).toMatchObject({ balance: 60, needed: 61 });
    const ada = await write((tx) => core.points.summary(tx, 'ada', now()));
    expect(ada).toMatchObject({ balance: 60, lifetimePoints: 100, level: { level: 2 } });
    const bo = await write((tx) => core.points.summary(tx, 'bo', now()));
    expect(bo).toMatchObject({ balance: 40, lifetimePoints: 0, level: { level: 1 } });
    // Bounty movements leave the daily cap untouched.
    expect(await write((tx) => core.points.award(tx, { memberId: 'bo', rule: 'answer_accepted', ref: 'answer:1', at: now(), actorId: 'ada' }))).toMatchObject({ delta: 10 });
  });

  it('publishes one points.changed per member and one leaderboard.changed per write, with the final totals', async () => {
    const { core, write, now, events } = setup();
    await write(async (tx) => {
      await core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:1', at: now() });
      await core.points.award(tx, { memberId: 'ada', rule: 'reply', ref: 'comment:1', at: now() });
      await core.points.award(tx, { memberId: 'bo', rule: 'reply', ref: 'comment:2', at: now() });
    });
    const changed = events.filter((e) => e.type === 'points.changed');
    expect(changed.map((e) => [e.channel, 'balance' in e ? e.balance : null])).toEqual([
      ['member:ada', 7],
      ['member:bo', 2],
    ]);
    expect(events.filter((e) => e.type === 'leaderboard.changed')).toHaveLength(1);
    // Ada's first post also earned her First Post.
    expect(events.filter((e) => e.type === 'badge.awarded').map((e) => e.channel)).toEqual(['member:ada']);
  });

  it('publishes nothing from a write that failed', async () => {
    const { core, write, now, events } = setup();
    await write(async (tx) => {
      await core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:1', at: now() });
      throw new Error('rolled back');
    }).catch(() => {});
    expect(events).toEqual([]);
    expect(await core.store.collection('ledger').count()).toBe(0);
  });

  it('gives a badge\'s title to a member without one, and keeps a title an admin gave', async () => {
    const { core, write, now, join } = setup();
    await join('ada');
    await join('bo', 'Founder');
    for (const id of ['ada', 'bo']) {
      await write(async (tx) => {
        await tx.collection('checkins').insert({ id: `${id}:2030-01-07`, memberId: id, day: '2030-01-07', at: now(), streak: 30 });
        await core.points.checkBadges(tx, id, now());
      });
    }
    expect((await core.store.collection('members').get('ada'))!.title).toBe('Streak Master');
    expect((await core.store.collection('members').get('bo'))!.title).toBe('Founder');
    const summary = await write((tx) => core.points.summary(tx, 'ada', now()));
    expect(summary.badges.map((b) => b.badge)).toEqual(['streak_7', 'streak_30']);
    expect(summary.streak).toBe(30);
  });

  it('awards First Post from the first post entry, once', async () => {
    const { core, write, now, events } = setup();
    await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:1', at: now() }));
    await write((tx) => core.points.award(tx, { memberId: 'ada', rule: 'post', ref: 'post:2', at: now() }));
    expect(await core.store.collection('badges').find({ where: { memberId: 'ada' } })).toEqual([expect.objectContaining({ id: 'ada:first_post', badge: 'first_post' })]);
    expect(events.filter((e) => e.type === 'badge.awarded')).toHaveLength(1);
  });
});
