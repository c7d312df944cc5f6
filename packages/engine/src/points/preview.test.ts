import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS, HearthError, type CommunitySettings, type PointsSettings } from '@hearth/protocol';
import { Core } from '../core/core.js';
import { MemoryStore } from '../memory-store.js';
import { rankMembers } from './ledger.js';
import { GamificationService } from './points-service.js';
import { repriceEntries } from './preview.js';
import type { CheckInRecord, LedgerRecord } from './records.js';

const START = Date.UTC(2030, 0, 7, 12); // a Monday
const DAY = '2030-01-07';

function points(patch: Partial<PointsSettings> & { rules?: Record<string, number> } = {}): PointsSettings {
  const base = structuredClone(DEFAULT_COMMUNITY_SETTINGS.points);
  return { ...base, ...patch, rules: { ...base.rules, ...patch.rules } };
}

let n = 0;
function entry(memberId: string, rule: string, delta: number, at: number, extra: Partial<LedgerRecord> = {}): LedgerRecord {
  return { id: `e${String(++n).padStart(4, '0')}`, memberId, delta, rule, ref: `comment:${n}`, at, day: DAY, reason: null, reversed: false, actorId: null, reverses: null, ...extra };
}

const totals = (rows: LedgerRecord[]) => rankMembers(rows).map((r) => [r.memberId, r.points]);

describe('repriceEntries', () => {
  it('prices each award by the proposed rule and cuts it by the proposed caps in time order; adjustments stay', () => {
    const rows = [
      entry('ada', 'reply', 2, START),
      entry('ada', 'reply', 2, START + 1),
      entry('ada', 'reaction_received', 1, START + 2, { actorId: 'bo' }),
      entry('ada', 'reaction_received', 1, START + 3, { actorId: 'cy' }),
      entry('ada', 'admin_adjustment', 7, START + 4, { ref: null, reason: 'Meetup' }),
    ];
    // 5 + 5, then a reaction cut to the 2 the day has left (of 12), then nothing; the adjustment as it was.
    const replayed = repriceEntries(rows, new Map(), [], points({ rules: { reply: 5, reaction_received: 3 }, dailyCap: 12, reactionDailyCap: 4 }));
    expect(replayed.map((e) => [e.rule, e.delta])).toEqual([
      ['reply', 5],
      ['reply', 5],
      ['reaction_received', 2],
      ['admin_adjustment', 7],
    ]);
    expect(totals(replayed)).toEqual([['ada', 19]]);
    // The reaction cap alone: 3 of 4, then 1.
    expect(repriceEntries(rows, new Map(), [], points({ rules: { reaction_received: 3 }, reactionDailyCap: 4 })).filter((e) => e.rule === 'reaction_received').map((e) => e.delta)).toEqual([3, 1]);
  });

  it('gives a reversed award its room back when its reversal happened, not before', () => {
    const removed = entry('ada', 'reply', 2, START, { reversed: true });
    const later = entry('ada', 'reply', 2, START + 10);
    const proposed = points({ rules: { reply: 5 }, dailyCap: 5 });
    // Removed before the second reply: the second gets the whole 5.
    expect(totals(repriceEntries([removed, later], new Map([[removed.id, START + 5]]), [], proposed))).toEqual([['ada', 5]]);
    // Removed after it: the day was full when it came, so it earns nothing.
    expect(totals(repriceEntries([removed, later], new Map([[removed.id, START + 20]]), [], proposed))).toEqual([]);
  });

  it('writes a milestone the caps leave nothing of as 0, and nothing for a rule set below 0', () => {
    const rows = [entry('ada', 'reply', 2, START), entry('ada', 'post', 5, START + 1, { ref: 'post:1' })];
    const replayed = repriceEntries(rows, new Map(), [], points({ rules: { reply: 4, post: 5 }, dailyCap: 4 }));
    expect(replayed.map((e) => [e.rule, e.delta])).toEqual([
      ['reply', 4],
      ['post', 0],
    ]);
    expect(repriceEntries(rows, new Map(), [], points({ rules: { reply: -1 } })).map((e) => e.rule)).toEqual(['post']);
  });

  it('prices check-ins from the check-ins kept, streak bonuses by the proposed lengths, ignoring their old entries', () => {
    const checkins: CheckInRecord[] = [1, 2, 3].map((streak) => ({ id: `bo:2030-01-0${6 + streak}`, memberId: 'bo', day: `2030-01-0${6 + streak}`, at: START + streak * 86_400_000, streak }));
    const old = checkins.map((c) => entry('bo', 'check_in', 1, c.at, { id: `bo:check_in:checkin:${c.day}`, ref: `checkin:${c.day}`, day: c.day }));
    const replayed = repriceEntries(old, new Map(), checkins, points({ rules: { check_in: 2 }, streakBonuses: [{ days: 3, points: 10 }] }));
    expect(replayed.map((e) => [e.id, e.delta])).toEqual([
      ['bo:check_in:checkin:2030-01-07', 2],
      ['bo:check_in:checkin:2030-01-08', 2],
      ['bo:check_in:checkin:2030-01-09', 2],
      ['bo:streak_bonus:checkin:2030-01-09', 10],
    ]);
    expect(totals(replayed)).toEqual([['bo', 16]]);
  });
});

function setup(community: Partial<CommunitySettings> = {}) {
  let now = START;
  let ids = 0;
  const core = new Core({ store: new MemoryStore(), clock: () => now, ids: () => `id${String(++ids).padStart(5, '0')}`, community });
  const service = new GamificationService(core);
  const boss = { id: 'boss', displayName: 'Boss', role: 'admin' as const };
  const join = (id: string) => core.write(async (tx) => void (await core.act(tx, { id, displayName: id.toUpperCase() }, now)));
  const award = async (memberId: string, rule: string, ref: string, actorId: string | null = null) => {
    now += 1000;
    return core.write((tx) => core.points.award(tx, { memberId, rule, ref, at: now, actorId }));
  };
  const reverse = async (ref: string) => {
    now += 1000;
    await core.write((tx) => core.points.reverse(tx, { ref, at: now }));
  };
  const checkIn = async (id: string) => {
    now += 1000;
    await service.checkIn({}, { id, displayName: id.toUpperCase() });
  };
  return { core, service, boss, join, award, reverse, checkIn };
}

/**
 * Ada: three replies fill a cap of 6, a fourth is cut to nothing, the first is removed, a
 * fifth earns again: 6. Bo: a check-in and two replies: 5. Cy: three reactions and an
 * adjustment of 1: 4.
 */
async function scenario() {
  const t = setup({ points: points({ dailyCap: 6 }) });
  for (const id of ['ada', 'bo', 'cy']) await t.join(id);
  await t.core.write(async (tx) => void (await t.core.act(tx, t.boss)));
  for (const c of [1, 2, 3, 4]) await t.award('ada', 'reply', `comment:${c}`);
  await t.reverse('comment:1');
  await t.award('ada', 'reply', 'comment:5');
  await t.checkIn('bo');
  await t.award('bo', 'reply', 'comment:6');
  await t.award('bo', 'reply', 'comment:7');
  for (const actor of ['x1', 'x2', 'x3']) await t.award('cy', 'reaction_received', 'comment:8', actor);
  await t.service.adjustPoints({ memberId: 'cy', delta: 1, reason: 'Helped at the meetup' }, t.boss);
  return t;
}

describe('previewLeaderboard', () => {
  it('under the settings as they are, gives the board as it stands', async () => {
    const { service, boss, core } = await scenario();
    const board = await service.leaderboard({ period: 'week' }, boss);
    expect(board.items.map((r) => [r.member.id, r.points])).toEqual([
      ['ada', 6],
      ['bo', 5],
      ['cy', 4],
    ]);
    const preview = await service.previewLeaderboard({ points: (await core.settings()).points, period: 'week' }, boss);
    expect(preview).toMatchObject({ period: 'week', from: '2030-01-07', to: '2030-01-13' });
    expect(preview.current).toEqual(board.items);
    expect(preview.proposed).toEqual(board.items);
    expect(preview.moves.map((m) => [m.memberId, m.now, m.proposed])).toEqual([
      ['ada', { rank: 1, points: 6 }, { rank: 1, points: 6 }],
      ['bo', { rank: 2, points: 5 }, { rank: 2, points: 5 }],
      ['cy', { rank: 3, points: 4 }, { rank: 3, points: 4 }],
    ]);
  });

  it('re-prices the period under proposed rules and caps, with each move and the level after saving', async () => {
    const { service, boss, core } = await scenario();
    const ledgerBefore = await core.store.collection('ledger').count();
    const levels: PointsSettings['levels'] = [
      { level: 1, minPoints: 0, name: 'Newcomer', names: {} },
      { level: 2, minPoints: 5, name: 'Regular', names: { 'zh-CN': '常客' } },
    ];
    // Replies 1, check-ins 10 (cut to the cap of 6), reactions 2.
    const proposed = points({ rules: { reply: 1, check_in: 10, reaction_received: 2 }, dailyCap: 6, levels });
    const preview = await service.previewLeaderboard({ points: proposed, period: 'week' }, boss);
    expect(preview.current.map((r) => [r.member.id, r.points, r.level.name])).toEqual([
      ['ada', 6, 'Newcomer'],
      ['bo', 5, 'Newcomer'],
      ['cy', 4, 'Newcomer'],
    ]);
    expect(preview.proposed.map((r) => [r.member.id, r.member.displayName, r.points, r.level.name])).toEqual([
      ['cy', 'CY', 7, 'Newcomer'],
      ['bo', 'BO', 6, 'Regular'],
      ['ada', 'ADA', 3, 'Regular'],
    ]);
    expect(preview.moves).toEqual([
      { memberId: 'cy', now: { rank: 3, points: 4 }, proposed: { rank: 1, points: 7 }, level: levels[0] },
      { memberId: 'bo', now: { rank: 2, points: 5 }, proposed: { rank: 2, points: 6 }, level: levels[1] },
      { memberId: 'ada', now: { rank: 1, points: 6 }, proposed: { rank: 3, points: 3 }, level: levels[1] },
    ]);
    // A preview writes nothing.
    expect(await core.store.collection('ledger').count()).toBe(ledgerBefore);
    expect((await core.settings()).points.rules.reply).toBe(2);
  });

  it('lists those who fall off the board last, and names a newcomer to it by a null rank now', async () => {
    const { service, boss } = await scenario();
    // Replies earn nothing: Ada falls off; Bo keeps his check-in (a 2-day bonus his 1-day streak does not reach).
    const preview = await service.previewLeaderboard({ points: points({ rules: { reply: 0 }, dailyCap: 6, streakBonuses: [{ days: 2, points: 3 }] }), period: 'week', limit: 2 }, boss);
    expect(preview.proposed.map((r) => [r.member.id, r.points])).toEqual([
      ['cy', 4],
      ['bo', 1],
    ]);
    expect(preview.moves.map((m) => [m.memberId, m.now.rank, m.proposed.rank])).toEqual([
      ['cy', 3, 1],
      ['bo', 2, 2],
      ['ada', 1, null],
    ]);
  });

  it('refuses what a save would refuse, with its message and field, and anyone below admin', async () => {
    const { service, boss } = await scenario();
    const bad = points({ levels: [{ level: 1, minPoints: 0, name: 'A', names: {} }, { level: 2, minPoints: 0, name: 'B', names: {} }] });
    const refused = await service.previewLeaderboard({ points: bad, period: 'week' }, boss).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HearthError);
    expect(refused).toMatchObject({ code: 'validation', details: { issues: [{ path: 'points.levels.1.minPoints', message: 'Each level needs more points than the one before (0).' }] } });
    await expect(service.previewLeaderboard({ points: points({ rules: { reply: 1.5 } }), period: 'week' }, boss)).rejects.toMatchObject({ code: 'validation', details: { issues: [{ path: 'points.rules.reply' }] } });
    await expect(service.previewLeaderboard({ points: points(), period: 'range' }, boss)).rejects.toMatchObject({ code: 'validation', details: { issues: [{ path: 'from' }] } });
    await expect(service.previewLeaderboard({ points: points(), period: 'week' }, { id: 'ada', displayName: 'ADA' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.previewLeaderboard({ points: points(), period: 'week' }, null)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('badgeCatalogue', () => {
  it('lists every badge with its criteria and how many members hold it', async () => {
    const t = setup();
    for (const id of ['ada', 'bo']) await t.join(id);
    await t.award('ada', 'post', 'post:1');
    await t.award('bo', 'post', 'post:2');
    await t.award('bo', 'answer_accepted', 'answer:1');
    const catalogue = await t.service.badgeCatalogue({}, null);
    expect(catalogue.map((b) => [b.badge, b.holders])).toEqual([
      ['first_post', 2],
      ['first_accepted_answer', 1],
      ['accepted_10', 0],
      ['streak_7', 0],
      ['streak_30', 0],
      ['monthly_top3', 0],
      ['feedback_adopted', 0],
    ]);
    expect(catalogue[4]).toMatchObject({ name: '30-Day Streak', criteria: 'Checked in 30 days in a row.', title: { name: 'Streak Master' }, names: { 'zh-CN': '连续签到 30 天' } });
  });
});
