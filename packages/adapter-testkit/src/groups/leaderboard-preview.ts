import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS, type PointsSettings } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

/** The default points settings with some rules and fields replaced. */
function proposal(patch: Partial<Omit<PointsSettings, 'rules'>> & { rules?: Record<string, number> } = {}): PointsSettings {
  const base = structuredClone(DEFAULT_COMMUNITY_SETTINGS.points);
  return { ...base, ...patch, rules: { ...base.rules, ...patch.rules } };
}

/** Ada writes three comments (a reply each: 6), Bo checks in on each of two days (2) and is given 3 by an admin: 5. */
async function activity(h: Harness) {
  const [ada, bo, admin] = [await h.as('Ada'), await h.as('Bo'), await h.as('Admin', 'admin')];
  const g = h.group('gamification');
  await g.checkIn({}, { viewer: bo });
  h.nextDay(12 * 3_600_000);
  await g.checkIn({}, { viewer: bo });
  for (const body of ['one', 'two', 'three']) {
    h.advance(60_000);
    await h.post(ada, h.thread('preview'), `Comment ${body}`);
  }
  await g.adjustPoints({ memberId: bo.id, delta: 3, reason: 'Ran the meetup' }, { viewer: admin });
  return { ada, bo, admin, g };
}

/**
 * `gamification.previewLeaderboard` and `gamification.badgeCatalogue`: the board a proposed
 * points change would have given a period, beside the board as it stands, with nothing written.
 */
export function leaderboardPreviewConformance(suite: Suite): void {
  describe('leaderboard preview', () => {
    it('gives the board as it stands under the settings in force, and the re-priced one under a proposal', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'gamification');
      suite.needs(h, ctx, 'community');
      const { ada, bo, admin, g } = await activity(h);
      const as = { viewer: admin };
      const board = await g.leaderboard({ period: 'all' }, as);
      expect(board.items.map((r) => [r.member.displayName, r.points])).toEqual([
        ['Ada', 6],
        ['Bo', 5],
      ]);
      const settings = await h.group('community').getSettings({}, as);
      const same = await g.previewLeaderboard({ points: settings.points, period: 'all' }, as);
      expect(same.current).toEqual(board.items);
      expect(same.proposed).toEqual(board.items);

      // Check-ins at 4 and a 2-day bonus of 2: Bo 4 + 4 + 2 + 3 kept = 13; replies at 1: Ada 3.
      const changed = await g.previewLeaderboard({ points: proposal({ rules: { check_in: 4, reply: 1 }, streakBonuses: [{ days: 2, points: 2 }] }), period: 'all' }, as);
      expect(changed).toMatchObject({ period: 'all', from: null, to: null });
      expect(changed.current.map((r) => [r.member.id, r.points])).toEqual([
        [ada.id, 6],
        [bo.id, 5],
      ]);
      expect(changed.proposed.map((r) => [r.member.id, r.rank, r.points])).toEqual([
        [bo.id, 1, 13],
        [ada.id, 2, 3],
      ]);
      expect(changed.moves.map((m) => [m.memberId, m.now, m.proposed])).toEqual([
        [bo.id, { rank: 2, points: 5 }, { rank: 1, points: 13 }],
        [ada.id, { rank: 1, points: 6 }, { rank: 2, points: 3 }],
      ]);
      // Nothing was written: the board and the rules are as they were.
      expect((await g.leaderboard({ period: 'all' }, as)).items).toEqual(board.items);
      expect((await h.group('community').getSettings({}, as)).points).toEqual(settings.points);
    });

    it('honours the proposed daily caps per member and day', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'gamification');
      const { ada, bo, admin, g } = await activity(h);
      // A cap of 3 a day: Ada's three replies of 2 make 3; Bo's check-ins fall on two days, and admin points are outside the caps.
      const capped = await g.previewLeaderboard({ points: proposal({ dailyCap: 3 }), period: 'all' }, { viewer: admin });
      expect(capped.proposed.map((r) => [r.member.id, r.points])).toEqual([
        [bo.id, 5],
        [ada.id, 3],
      ]);
    });

    it('refuses what a save would refuse, naming the field, and anyone below admin', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'gamification');
      const g = h.group('gamification');
      const admin = { viewer: await h.as('Admin', 'admin') };
      const levels = [
        { level: 1, minPoints: 0, name: 'New', names: {} },
        { level: 2, minPoints: 0, name: 'Old', names: {} },
      ];
      const refused = await expectError(g.previewLeaderboard({ points: proposal({ levels }), period: 'week' }, admin), 'validation', 'points.levels.1.minPoints');
      expect(refused.message).toBe('Each level needs more points than the one before (0).');
      await expectError(g.previewLeaderboard({ points: proposal({ rules: { likes: 3 } }), period: 'week' }, admin), 'validation', 'points.rules.likes');
      await expectError(g.previewLeaderboard({ points: proposal(), period: 'range', from: '2030-02-01' }, admin), 'validation', 'to');
      for (const role of ['member', 'moderator'] as const) {
        await expectError(g.previewLeaderboard({ points: proposal(), period: 'week' }, { viewer: await h.as(`Not-admin-${role}`, role) }), 'forbidden');
      }
      await expectError(g.previewLeaderboard({ points: proposal(), period: 'week' }, { viewer: null }), 'unauthorized');
    });

    it('lists the badge catalogue with how many members hold each badge', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'gamification');
      suite.needs(h, ctx, 'feed');
      const g = h.group('gamification');
      const empty = await g.badgeCatalogue({}, { viewer: null });
      expect(empty.map((b) => b.badge)).toEqual(['first_post', 'first_accepted_answer', 'accepted_10', 'streak_7', 'streak_30', 'monthly_top3', 'feedback_adopted']);
      expect(empty.every((b) => b.holders === 0)).toBe(true);
      for (const name of ['Ada', 'Bo']) {
        h.advance(60_000);
        await h.group('feed').createPost({ space: 'general', body: `Hello from ${name}`, idempotencyKey: h.key() }, { viewer: await h.as(name) });
      }
      const after = await g.badgeCatalogue({}, { viewer: null });
      expect(after.find((b) => b.badge === 'first_post')).toMatchObject({ name: 'First Post', criteria: 'Published a first feed post or question.', holders: 2 });
      expect(after.find((b) => b.badge === 'streak_30')).toMatchObject({ holders: 0, title: { name: 'Streak Master' } });
    });
  });
}
