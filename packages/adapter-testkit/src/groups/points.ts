import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS, leaderboardChannel, memberChannel, type CommunityEvent, type PointsSettings, type Role, type Viewer } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The points group of the adapter under test. */
const points = (h: Harness) => h.group('gamification');

/** A viewer who has a member record and no points yet (saving an empty profile signs them in). */
async function join(h: Harness, name: string, role: Role = 'member'): Promise<Viewer> {
  const viewer = await h.as(name, role);
  await h.group('community').updateProfile({}, { viewer });
  return viewer;
}

/** The default points rules with some fields replaced. */
function rules(patch: Partial<PointsSettings>): PointsSettings {
  return { ...structuredClone(DEFAULT_COMMUNITY_SETTINGS.points), ...patch };
}

/** Gives `viewer` points through an admin adjustment (outside the caps). */
async function grant(h: Harness, viewer: Viewer, delta: number, reason = 'Test points'): Promise<void> {
  await points(h).adjustPoints({ memberId: viewer.id, delta, reason }, { viewer: await h.as('Admin', 'admin') });
}

async function balance(h: Harness, viewer: Viewer): Promise<number> {
  return (await points(h).getStanding({}, { viewer })).balance;
}

/** Moves the clock to `hour` o'clock UTC of the next day. */
function nextDayAt(h: Harness, hour: number): void {
  h.nextDay();
  h.advance(hour * HOUR - 1000);
}

/** Moves the clock to the next `weekday` (0 Sunday … 6 Saturday) at `hour` UTC. */
function nextWeekday(h: Harness, weekday: number, hour: number): void {
  do nextDayAt(h, hour);
  while (new Date(h.now).getUTCDay() !== weekday);
}

/** Moves the clock to the first day of the next month at `hour` UTC. */
function nextMonthStart(h: Harness, hour: number): void {
  do nextDayAt(h, hour);
  while (new Date(h.now).getUTCDate() !== 1);
}

/**
 * Moves the clock to the start (at `hour` UTC) of the next month that has `days` days, so a
 * run of that many daily check-ins stays inside one month: crossing a month end would settle
 * the month before and hand its top 3 a badge the test does not expect.
 */
function monthWithRoomFor(h: Harness, days: number, hour = 12): void {
  do nextMonthStart(h, hour);
  while (new Date(Date.UTC(new Date(h.now).getUTCFullYear(), new Date(h.now).getUTCMonth() + 1, 0)).getUTCDate() < days);
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const names = (rows: Array<{ member: { displayName: string } }>) => rows.map((r) => r.member.displayName);

/** Conformance for the points group: ledger, caps, reversals, levels, badges, check-ins, leaderboards. */
export function pointsConformance(suite: Suite): void {
  describe('points', () => {
    describe('earning and reversing', () => {
      it('earns a reply for each comment, and shows why in the history', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const first = await h.post(ada, h.thread('earn'), 'First comment');
        await h.post(ada, h.thread('earn'), 'A reply', first.id);
        const standing = await points(h).getStanding({}, { viewer: ada });
        expect(standing).toMatchObject({ memberId: ada.id, balance: 4, lifetimePoints: 4, earnedToday: 4, dailyCap: 200 });
        const history = await points(h).pointsHistory({}, { viewer: ada });
        expect(history.items).toHaveLength(2);
        expect(history.items.every((e) => e.rule === 'reply' && e.delta === 2 && e.reversed === false && e.memberId === ada.id)).toBe(true);
        expect(history.items.map((e) => e.ref)).toContain(`comment:${first.id}`);
        expect(history.items[0]!.day).toBe(utcDay(h.now));
      });

      it('reverses what a comment earned when it is hidden, and earns it again when restored', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const mod = await h.as('Mo', 'moderator');
        const post = await h.post(ada, h.thread('reverse'), 'Soon hidden');
        expect(await balance(h, ada)).toBe(2);
        h.advance(1000);
        await h.adapter.hideComment({ postId: post.id }, { viewer: mod });
        const after = await points(h).getStanding({}, { viewer: ada });
        expect(after).toMatchObject({ balance: 0, lifetimePoints: 0, earnedToday: 0 });
        const history = await points(h).pointsHistory({}, { viewer: ada });
        const [reversal, original] = history.items;
        expect(reversal).toMatchObject({ rule: 'reversal', delta: -2, ref: `comment:${post.id}`, reverses: { id: original!.id, rule: 'reply' } });
        expect(original).toMatchObject({ rule: 'reply', delta: 2, reversed: true });
        h.advance(1000);
        await h.adapter.unhideComment({ postId: post.id }, { viewer: mod });
        expect(await balance(h, ada)).toBe(2);
        expect((await points(h).pointsHistory({}, { viewer: ada })).items[0]).toMatchObject({ rule: 'reply', delta: 2, reversed: false });
      });

      it('earns a reaction received from someone else, nothing for reacting to oneself, and takes it back when un-reacted', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const emoji = h.settings.reactions[0]!;
        const ada = await h.as('Ada');
        const bo = await h.as('Bo');
        const post = await h.post(ada, h.thread('react'), 'React to me');
        h.advance(1000);
        await h.adapter.toggleReaction({ postId: post.id, emoji }, { viewer: ada });
        expect(await balance(h, ada)).toBe(2);
        await h.adapter.toggleReaction({ postId: post.id, emoji }, { viewer: bo });
        expect(await balance(h, ada)).toBe(3);
        const entry = (await points(h).pointsHistory({}, { viewer: ada })).items[0]!;
        expect(entry).toMatchObject({ rule: 'reaction_received', delta: 1, ref: `comment:${post.id}` });
        await h.adapter.toggleReaction({ postId: post.id, emoji }, { viewer: bo });
        expect(await balance(h, ada)).toBe(2);
        // Un-reacting took back only Bo's reaction; the comment's own points stand.
        const history = await points(h).pointsHistory({}, { viewer: ada });
        expect(history.items.find((e) => e.rule === 'reply')).toMatchObject({ reversed: false });
        expect(history.items.find((e) => e.rule === 'reaction_received')).toMatchObject({ reversed: true });
      });

      it('caps rule-earned points per calendar day with a partial award, and earns again the next day', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ points: rules({ dailyCap: 5 }) });
        const ada = await h.as('Ada');
        const key = h.thread('cap');
        for (const body of ['one', 'two', 'three', 'four']) {
          await h.post(ada, key, body);
          h.advance(1000);
        }
        const capped = await points(h).getStanding({}, { viewer: ada });
        expect(capped).toMatchObject({ balance: 5, earnedToday: 5, dailyCap: 5 });
        expect((await points(h).pointsHistory({}, { viewer: ada })).items.map((e) => e.delta)).toEqual([1, 2, 2]);
        // Admin adjustments are outside the cap.
        await grant(h, ada, 7);
        expect(await balance(h, ada)).toBe(12);
        h.nextDay();
        await h.post(ada, key, 'five');
        expect(await points(h).getStanding({}, { viewer: ada })).toMatchObject({ balance: 14, earnedToday: 2 });
      });

      it('caps reactions and upvotes received at reactionDailyCap a day', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ points: rules({ reactionDailyCap: 2 }) });
        const emoji = h.settings.reactions[0]!;
        const ada = await h.as('Ada');
        const post = await h.post(ada, h.thread('reaction-cap'), 'Popular');
        for (const name of ['R1', 'R2', 'R3', 'R4']) await h.adapter.toggleReaction({ postId: post.id, emoji }, { viewer: await h.as(name) });
        expect(await balance(h, ada)).toBe(2 + 2);
        h.nextDay();
        await h.adapter.toggleReaction({ postId: post.id, emoji }, { viewer: await h.as('R5') });
        expect(await balance(h, ada)).toBe(5);
      });

      it('counts concurrent comments exactly', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ flood: { duplicateWindowMs: 0, maxPostsPerMinute: 50 } });
        const ada = await h.as('Ada');
        const key = h.thread('concurrent');
        await Promise.all(Array.from({ length: 8 }, (_, i) => h.post(ada, key, `comment ${i}`)));
        expect(await points(h).getStanding({}, { viewer: ada })).toMatchObject({ balance: 16, lifetimePoints: 16 });
      });

      it('publishes points.changed on the member channel and leaderboard.changed when points move', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        const mine = h.listen(memberChannel(ada.id));
        const board = h.listen(leaderboardChannel());
        await grant(h, ada, 60);
        const changed = (await mine.next((e) => e.type === 'points.changed')) as Extract<CommunityEvent, { type: 'points.changed' }>;
        expect(changed).toMatchObject({ memberId: ada.id, balance: 60, lifetimePoints: 60, level: { level: 2, name: 'Regular' }, channel: memberChannel(ada.id) });
        await board.next((e) => e.type === 'leaderboard.changed');
        mine.unsubscribe();
        board.unsubscribe();
      });
    });

    describe('levels and standing', () => {
      it('follows lifetime points through the levels and says how far the next one is', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        const start = await points(h).getStanding({}, { viewer: ada });
        expect(start).toMatchObject({ balance: 0, lifetimePoints: 0, level: { level: 1, name: 'Newcomer', names: { 'zh-CN': '新手' } }, nextLevel: { level: 2 }, pointsToNextLevel: 50 });
        await grant(h, ada, 49);
        expect((await points(h).getStanding({}, { viewer: ada })).level.level).toBe(1);
        await grant(h, ada, 1);
        expect(await points(h).getStanding({}, { viewer: ada })).toMatchObject({ level: { level: 2, names: { 'zh-CN': '常客' } }, pointsToNextLevel: 150 });
        await grant(h, ada, 5000);
        expect(await points(h).getStanding({ memberId: ada.id }, { viewer: null })).toMatchObject({ level: { level: 6, name: 'Legend' }, nextLevel: null, pointsToNextLevel: null });
      });

      it('uses the community\'s own levels', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ points: rules({ levels: [{ level: 1, minPoints: 0, name: 'Seed', names: {} }, { level: 2, minPoints: 10, name: 'Sprout', names: { 'zh-CN': '嫩芽' } }] }) });
        const ada = await join(h, 'Ada');
        await grant(h, ada, 10);
        expect(await points(h).getStanding({}, { viewer: ada })).toMatchObject({ level: { name: 'Sprout' }, nextLevel: null });
      });

      it('reads anyone\'s standing, not_found for a member never seen, unauthorized for one\'s own when signed out', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        await grant(h, ada, 3);
        expect((await points(h).getStanding({ memberId: ada.id }, { viewer: await h.as('Bo') })).balance).toBe(3);
        await expectError(points(h).getStanding({ memberId: 'nobody-ever' }, { viewer: ada }), 'not_found', 'memberId');
        await expectError(points(h).getStanding({}, { viewer: null }), 'unauthorized');
      });
    });

    describe('adjustPoints', () => {
      it('lets an admin add or take points with a reason, shown in the history', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        const admin = await h.as('Admin', 'admin');
        const added = await points(h).adjustPoints({ memberId: ada.id, delta: 40, reason: 'Great event recap' }, { viewer: admin });
        expect(added.entry).toMatchObject({ memberId: ada.id, delta: 40, rule: 'admin_adjustment', reason: 'Great event recap', reversed: false });
        expect(added.standing).toMatchObject({ balance: 40, lifetimePoints: 40, earnedToday: 0 });
        h.advance(1000);
        const taken = await points(h).adjustPoints({ memberId: ada.id, delta: -15, reason: '  Duplicate reward  ' }, { viewer: await h.owner() });
        expect(taken.entry.reason).toBe('Duplicate reward');
        expect(taken.standing).toMatchObject({ balance: 25, lifetimePoints: 25 });
        const history = await points(h).pointsHistory({}, { viewer: ada });
        expect(history.items.map((e) => [e.delta, e.reason])).toEqual([
          [-15, 'Duplicate reward'],
          [40, 'Great event recap'],
        ]);
      });

      it('refuses to take more than the balance, naming it, and changes nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        await grant(h, ada, 30);
        const error = await expectError(points(h).adjustPoints({ memberId: ada.id, delta: -31, reason: 'Too much' }, { viewer: await h.as('Admin', 'admin') }), 'conflict');
        expect(error.message).toContain('30');
        expect(await balance(h, ada)).toBe(30);
        expect((await points(h).pointsHistory({}, { viewer: ada })).items).toHaveLength(1);
      });

      it('is for admins only', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        for (const role of ['moderator', 'volunteer', 'member', 'guest'] as const) {
          await expectError(points(h).adjustPoints({ memberId: ada.id, delta: 5, reason: 'Nope' }, { viewer: await h.as(`A ${role}`, role) }), 'forbidden');
        }
        await expectError(points(h).adjustPoints({ memberId: ada.id, delta: 5, reason: 'Nope' }, { viewer: null }), 'unauthorized');
        await expectError(points(h).adjustPoints({ memberId: ada.id, delta: 5, reason: 'Self-service' }, { viewer: ada }), 'forbidden');
        expect(await balance(h, ada)).toBe(0);
      });

      it('names the field of every bad input, and not_found for an unknown member', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        const admin = await h.as('Admin', 'admin');
        const adjust = (input: Record<string, unknown>) => points(h).adjustPoints({ memberId: ada.id, delta: 5, reason: 'Why', ...input } as never, { viewer: admin });
        await expectError(adjust({ delta: 0 }), 'validation', 'delta');
        await expectError(adjust({ delta: 1.5 }), 'validation', 'delta');
        await expectError(adjust({ delta: 10_001 }), 'validation', 'delta');
        await expectError(adjust({ delta: -10_001 }), 'validation', 'delta');
        await expectError(adjust({ delta: '5' }), 'validation', 'delta');
        await expectError(adjust({ reason: '   ' }), 'validation', 'reason');
        await expectError(adjust({ reason: 'x'.repeat(501) }), 'validation', 'reason');
        await expectError(adjust({ reason: undefined }), 'validation', 'reason');
        await expectError(adjust({ memberId: '' }), 'validation', 'memberId');
        await expectError(adjust({ memberId: 'nobody-ever' }), 'not_found', 'memberId');
        expect(await balance(h, ada)).toBe(0);
        await adjust({ delta: 10_000 });
        expect(await balance(h, ada)).toBe(10_000);
      });

      it('adjusts once per idempotency key', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        const admin = await h.as('Admin', 'admin');
        const input = { memberId: ada.id, delta: 12, reason: 'Prize', idempotencyKey: h.key() };
        const first = await points(h).adjustPoints(input, { viewer: admin });
        const again = await points(h).adjustPoints(input, { viewer: admin });
        expect(again.entry.id).toBe(first.entry.id);
        expect(await balance(h, ada)).toBe(12);
        await expectError(points(h).adjustPoints({ ...input, delta: 13 }, { viewer: admin }), 'conflict', 'idempotencyKey');
      });
    });

    describe('pointsHistory', () => {
      it('pages newest first with a cursor', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        for (let i = 1; i <= 5; i++) {
          await grant(h, ada, i, `Grant ${i}`);
          if (i !== 3) h.advance(1000);
        }
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await points(h).pointsHistory({ limit: 2, ...(cursor ? { cursor } : {}) }, { viewer: ada });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((e) => e.reason!));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen).toHaveLength(5);
        expect(new Set(seen).size).toBe(5);
        // Grants 3 and 4 share an instant, so their order between themselves is the adapter's.
        expect(seen[0]).toBe('Grant 5');
        expect(seen.slice(1, 3).sort()).toEqual(['Grant 3', 'Grant 4']);
        expect(seen.slice(3)).toEqual(['Grant 2', 'Grant 1']);
      });

      it('shows a member their own history only; staff may read anyone\'s', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        await grant(h, ada, 5);
        await expectError(points(h).pointsHistory({ memberId: ada.id }, { viewer: await h.as('Bo') }), 'forbidden');
        await expectError(points(h).pointsHistory({}, { viewer: null }), 'unauthorized');
        expect((await points(h).pointsHistory({ memberId: ada.id }, { viewer: ada })).items).toHaveLength(1);
        expect((await points(h).pointsHistory({ memberId: ada.id }, { viewer: await h.as('Mo', 'moderator') })).items).toHaveLength(1);
        await expectError(points(h).pointsHistory({ memberId: 'nobody-ever' }, { viewer: await h.as('Mo', 'moderator') }), 'not_found');
        expect((await points(h).pointsHistory({}, { viewer: await h.as('Newbie') })).items).toEqual([]);
      });

      it('names the field of bad inputs', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        await expectError(points(h).pointsHistory({ limit: 0 }, { viewer: ada }), 'validation', 'limit');
        await expectError(points(h).pointsHistory({ limit: 101 }, { viewer: ada }), 'validation', 'limit');
        await expectError(points(h).pointsHistory({ cursor: 'not-a-cursor' }, { viewer: ada }), 'validation', 'cursor');
      });
    });

    describe('check-ins', () => {
      it('checks in once a day, and a second time the same day is a conflict that changes nothing', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const first = await points(h).checkIn({}, { viewer: ada });
        expect(first).toMatchObject({ day: utcDay(h.now), checkedInToday: true, streak: 1, longestStreak: 1, earned: 1, bonus: null, balance: 1, nextBonus: { days: 7, points: 5, checkIns: 6 } });
        const error = await expectError(points(h).checkIn({}, { viewer: ada }), 'conflict');
        expect(error.message).toMatch(/already checked in today/i);
        expect(await points(h).getCheckIn({}, { viewer: ada })).toMatchObject({ checkedInToday: true, streak: 1, longestStreak: 1 });
        expect(await balance(h, ada)).toBe(1);
        const history = await points(h).pointsHistory({}, { viewer: ada });
        expect(history.items).toHaveLength(1);
        expect(history.items[0]).toMatchObject({ rule: 'check_in', delta: 1 });
      });

      it('lets exactly one of many concurrent check-ins through', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const results = await Promise.allSettled(Array.from({ length: 6 }, () => points(h).checkIn({}, { viewer: ada })));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await balance(h, ada)).toBe(1);
      });

      it('counts a streak over consecutive days, resets it after a missed day, and keeps the longest', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        for (let day = 1; day <= 3; day++) {
          expect((await points(h).checkIn({}, { viewer: ada })).streak).toBe(day);
          h.nextDay();
        }
        expect(await points(h).getCheckIn({}, { viewer: ada })).toMatchObject({ checkedInToday: false, streak: 3, longestStreak: 3, nextBonus: { days: 7, checkIns: 4 } });
        h.nextDay(); // a day without a check-in
        expect(await points(h).getCheckIn({}, { viewer: ada })).toMatchObject({ checkedInToday: false, streak: 0, longestStreak: 3, nextBonus: { days: 7, checkIns: 7 } });
        expect(await points(h).checkIn({}, { viewer: ada })).toMatchObject({ streak: 1, longestStreak: 3 });
      });

      it('earns the streak bonus on exactly day 7, and a 7-day streak badge', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const earned: number[] = [];
        monthWithRoomFor(h, 8);
        for (let day = 1; day <= 8; day++) {
          const result = await points(h).checkIn({}, { viewer: ada });
          earned.push(result.earned);
          if (day === 7) expect(result).toMatchObject({ streak: 7, bonus: { days: 7, points: 5 }, nextBonus: { days: 30, points: 20, checkIns: 23 } });
          h.nextDay();
        }
        expect(earned).toEqual([1, 1, 1, 1, 1, 1, 6, 1]);
        expect(await balance(h, ada)).toBe(13);
        const badges = await points(h).listBadges({ memberId: ada.id }, { viewer: null });
        expect(badges.map((b) => b.badge)).toEqual(['streak_7']);
        expect(badges[0]!.name.length).toBeGreaterThan(0);
      });

      it('earns the 30-day bonus and badge, whose title goes to a member without one', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        let last;
        monthWithRoomFor(h, 30);
        for (let day = 1; day <= 30; day++) {
          last = await points(h).checkIn({}, { viewer: ada });
          if (day < 30) h.nextDay();
        }
        expect(last).toMatchObject({ streak: 30, bonus: { days: 30, points: 20 }, earned: 21, nextBonus: null });
        // 30 check-ins, the day-7 bonus and the day-30 bonus.
        expect(await balance(h, ada)).toBe(30 + 5 + 20);
        const badges = await points(h).listBadges({ memberId: ada.id }, { viewer: null });
        expect(badges.map((b) => b.badge)).toEqual(['streak_7', 'streak_30']);
        expect((await points(h).getStanding({}, { viewer: ada })).title).toBe('Streak Master');
      });

      it('keeps a title an admin gave when the 30-day badge arrives, and shows points on the member card', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        suite.needs(h, ctx, 'community');
        const ada = await join(h, 'Ada');
        await h.group('members').setTitle({ memberId: ada.id, title: 'Founder' }, { viewer: await h.owner() });
        monthWithRoomFor(h, 30);
        for (let day = 1; day <= 30; day++) {
          await points(h).checkIn({}, { viewer: ada });
          if (day < 30) h.nextDay();
        }
        const card = await h.group('members').getCard({ memberId: ada.id }, { viewer: null });
        expect(card).toMatchObject({ title: 'Founder', balance: 55, lifetimePoints: 55, level: { level: 2 }, streak: 30 });
        expect(card.badges.map((b) => b.badge)).toEqual(['streak_7', 'streak_30']);
      });

      it('uses the community time zone for the day: in Asia/Shanghai, 16:00 UTC is already tomorrow', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ timeZone: 'Asia/Shanghai' });
        const ada = await h.as('Ada');
        nextDayAt(h, 15); // 23:00 in Shanghai
        const evening = await points(h).checkIn({}, { viewer: ada });
        expect(evening.day).toBe(utcDay(h.now));
        h.advance(HOUR); // 16:00 UTC: midnight in Shanghai
        const midnight = await points(h).checkIn({}, { viewer: ada });
        expect(midnight).toMatchObject({ day: utcDay(h.now + DAY), streak: 2 });
        h.advance(7.5 * HOUR); // 23:30 UTC, still the same Shanghai day
        await expectError(points(h).checkIn({}, { viewer: ada }), 'conflict');
        expect((await points(h).getCheckIn({}, { viewer: ada })).day).toBe(utcDay(h.now + DAY));
      });

      it('in UTC, the same two instants are one day', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        nextDayAt(h, 15);
        await points(h).checkIn({}, { viewer: ada });
        h.advance(HOUR);
        await expectError(points(h).checkIn({}, { viewer: ada }), 'conflict');
      });

      it('is for members: guests are forbidden, signed-out viewers unauthorized', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await expectError(points(h).checkIn({}, { viewer: await h.as('Visitor', 'guest') }), 'forbidden');
        await expectError(points(h).checkIn({}, { viewer: null }), 'unauthorized');
        await expectError(points(h).getCheckIn({}, { viewer: null }), 'unauthorized');
      });

      it('is bound by the daily cap like every rule', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ points: rules({ dailyCap: 2 }) });
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('cap-checkin'), 'Two points');
        const result = await points(h).checkIn({}, { viewer: ada });
        expect(result).toMatchObject({ streak: 1, earned: 0, balance: 2 });
      });
    });

    describe('leaderboard', () => {
      it('ranks the week from Monday, the calendar month, all time and a range of days', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        const bo = await join(h, 'Bo');
        nextWeekday(h, 0, 23); // Sunday 23:00 UTC
        const sunday = utcDay(h.now);
        await grant(h, ada, 30);
        h.advance(HOUR); // Monday 00:00 UTC
        const monday = utcDay(h.now);
        await grant(h, bo, 10);
        const board = (input: Record<string, unknown>) => points(h).leaderboard(input as never, { viewer: ada });
        const week = await board({ period: 'week' });
        expect(week).toMatchObject({ period: 'week', from: monday });
        expect(week.to).toBe(utcDay(h.now + 6 * DAY));
        expect(names(week.items)).toEqual(['Bo']);
        expect(week.items[0]).toMatchObject({ rank: 1, points: 10 });
        expect(week.viewer).toMatchObject({ rank: null, points: 0, member: { id: ada.id } });
        const all = await board({ period: 'all' });
        expect(all).toMatchObject({ from: null, to: null });
        expect(all.items.map((r) => [r.member.displayName, r.rank, r.points])).toEqual([
          ['Ada', 1, 30],
          ['Bo', 2, 10],
        ]);
        expect(all.viewer).toMatchObject({ rank: 1, points: 30 });
        const range = await board({ period: 'range', from: sunday, to: sunday });
        expect(names(range.items)).toEqual(['Ada']);
        const month = await board({ period: 'month' });
        expect(month.from).toBe(`${monday.slice(0, 7)}-01`);
        expect(names(month.items)).toEqual(sunday.slice(0, 7) === monday.slice(0, 7) ? ['Ada', 'Bo'] : ['Bo']);
      });

      it('starts weeks on Monday in the community time zone', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ timeZone: 'Asia/Shanghai' });
        const ada = await join(h, 'Ada');
        nextWeekday(h, 0, 17); // Sunday 17:00 UTC = Monday 01:00 in Shanghai
        await grant(h, ada, 8);
        const week = await points(h).leaderboard({ period: 'week' }, { viewer: null });
        expect(week.from).toBe(utcDay(h.now + DAY));
        expect(week.items.map((r) => r.points)).toEqual([8]);
        expect(week.viewer).toBeNull();
      });

      it('leaves out what was reversed, in the period it was earned', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const post = await h.post(ada, h.thread('board-reverse'), 'Counted, then not');
        await h.post(ada, h.thread('board-reverse'), 'Stays');
        expect((await points(h).leaderboard({ period: 'all' }, { viewer: ada })).viewer).toMatchObject({ rank: 1, points: 4 });
        h.nextDay();
        await h.adapter.deleteComment({ postId: post.id }, { viewer: ada });
        const all = await points(h).leaderboard({ period: 'all' }, { viewer: ada });
        expect(all.viewer).toMatchObject({ rank: 1, points: 2 });
      });

      it('breaks ties for whoever reached their total first', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const [ada, bo, cy, dee] = await Promise.all(['Ada', 'Bo', 'Cy', 'Dee'].map((n) => h.as(n)));
        for (const v of [ada, bo, cy, dee]) await h.group('community').updateProfile({}, { viewer: v! });
        await grant(h, cy!, 5);
        h.advance(1000);
        await grant(h, dee!, 20);
        h.advance(1000);
        await grant(h, ada!, 10);
        h.advance(1000);
        await grant(h, bo!, 10);
        h.advance(1000);
        await grant(h, cy!, 5);
        h.advance(1000);
        await grant(h, dee!, -10);
        const board = await points(h).leaderboard({ period: 'all' }, { viewer: null });
        expect(names(board.items)).toEqual(['Ada', 'Bo', 'Cy', 'Dee']);
        expect(board.items.map((r) => [r.rank, r.points])).toEqual([
          [1, 10],
          [2, 10],
          [3, 10],
          [4, 10],
        ]);
      });

      it('shows the top N and the viewer\'s own row below it', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const people = [];
        for (const [i, name] of ['P1', 'P2', 'P3', 'P4'].entries()) {
          const v = await join(h, name);
          await grant(h, v, 100 - i * 10);
          people.push(v);
        }
        const board = await points(h).leaderboard({ period: 'all', limit: 2 }, { viewer: people[3]! });
        expect(names(board.items)).toEqual(['P1', 'P2']);
        expect(board.viewer).toMatchObject({ rank: 4, points: 70, member: { displayName: 'P4' } });
        const top = await points(h).leaderboard({ period: 'all', limit: 2 }, { viewer: people[0]! });
        expect(top.viewer).toMatchObject({ rank: 1, points: 100 });
        expect((await points(h).leaderboard({ period: 'all' }, { viewer: null })).items).toHaveLength(4);
      });

      it('carries each member\'s name, avatar, level, title and badges', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        monthWithRoomFor(h, 8);
        for (let day = 1; day <= 7; day++) {
          await points(h).checkIn({}, { viewer: ada });
          h.nextDay();
        }
        await grant(h, ada, 50);
        const [row] = (await points(h).leaderboard({ period: 'all' }, { viewer: null })).items;
        expect(row).toMatchObject({ rank: 1, points: 62, member: { id: ada.id, displayName: 'Ada', avatarUrl: null, role: 'member' }, level: { level: 2 }, title: null });
        expect(row!.badges.map((b) => b.badge)).toEqual(['streak_7']);
      });

      it('leaves staff out when the community says so, counting them otherwise', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const mo = await join(h, 'Mo', 'moderator');
        const ada = await join(h, 'Ada');
        await grant(h, mo, 50);
        await grant(h, ada, 20);
        expect(names((await points(h).leaderboard({ period: 'all' }, { viewer: null })).items)).toEqual(['Mo', 'Ada']);
        await h.configure({ leaderboardExcludesStaff: true });
        const board = await points(h).leaderboard({ period: 'all' }, { viewer: mo });
        expect(board.items.map((r) => [r.member.displayName, r.rank])).toEqual([['Ada', 1]]);
        expect(board.viewer).toMatchObject({ rank: null, points: 50 });
      });

      it('names the field of every bad input', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const board = (input: Record<string, unknown>) => points(h).leaderboard(input as never, { viewer: null });
        await expectError(board({}), 'validation', 'period');
        await expectError(board({ period: 'year' }), 'validation', 'period');
        await expectError(board({ period: 'all', limit: 0 }), 'validation', 'limit');
        await expectError(board({ period: 'all', limit: 101 }), 'validation', 'limit');
        await expectError(board({ period: 'range', to: '2024-05-01' }), 'validation', 'from');
        await expectError(board({ period: 'range', from: '2024-05-01' }), 'validation', 'to');
        await expectError(board({ period: 'range', from: '2024-05-02', to: '2024-05-01' }), 'validation', 'to');
        await expectError(board({ period: 'range', from: '2024-02-30', to: '2024-03-01' }), 'validation', 'from');
        await expectError(board({ period: 'range', from: '1 May', to: '2024-03-01' }), 'validation', 'from');
        await expectError(board({ period: 'week', from: '2024-05-01' }), 'validation', 'from');
        expect((await board({ period: 'range', from: '2024-05-01', to: '2024-05-01', limit: 100 })).items).toEqual([]);
      });
    });

    describe('default rules, from every widget', () => {
      it('earns the documented default figures for every rule, and nothing for one\'s own', async (ctx) => {
        const h = await suite.start();
        for (const group of ['gamification', 'feed', 'qa', 'feedback', 'moderation'] as const) suite.needs(h, ctx, group);
        await h.allowBursts();
        const [ada, bo, cy] = [await join(h, 'Ada'), await join(h, 'Bo'), await join(h, 'Cy')];
        const mod = await h.as('Mo', 'moderator');
        const history = async (viewer: Viewer) => (await points(h).pointsHistory({ limit: 100 }, { viewer })).items;
        // Everything happens at one instant, so compare as sets (the order of one instant is the adapter's).
        const deltas = async (viewer: Viewer) => (await history(viewer)).map((e) => [e.rule, e.delta]).sort((a, b) => String(a).localeCompare(String(b)));
        const sorted = (rows: Array<[string, number]>) => rows.sort((a, b) => String(a).localeCompare(String(b)));
        const emoji = h.settings.reactions[0]!;
        const feed = h.group('feed');
        const qa = h.group('qa');

        const post = await feed.createPost({ space: 'general', body: 'Hello', idempotencyKey: h.key() }, { viewer: ada });
        await feed.reactToPost({ postId: post.id, emoji }, { viewer: bo });
        await feed.reactToPost({ postId: post.id, emoji }, { viewer: ada }); // own: nothing
        await h.post(bo, post.threadKey, 'Welcome!');
        const space = await h.space('pts-qa', 'qa');
        const question = await feed.createPost({ space, kind: 'question', title: 'How?', body: 'Tell me how', idempotencyKey: h.key() }, { viewer: ada });
        const answer = await qa.answer({ questionId: question.id, body: 'Like this', idempotencyKey: h.key() }, { viewer: bo });
        await qa.answer({ questionId: question.id, body: 'Answering myself', idempotencyKey: h.key() }, { viewer: ada }); // own question: nothing
        await qa.vote({ target: { type: 'answer', id: answer.id }, value: 1 }, { viewer: ada });
        await qa.accept({ questionId: question.id, answerId: answer.id }, { viewer: ada });
        await points(h).checkIn({}, { viewer: cy });
        const item = await h.group('feedback').submitFeedback({ kind: 'idea', body: 'Dark mode please', idempotencyKey: h.key() }, { viewer: cy });
        const owner = await h.owner();
        await h.group('feedback').setFeedbackStatus({ feedbackId: item.id, status: 'planned' }, { viewer: owner });
        await h.group('feedback').setFeedbackStatus({ feedbackId: item.id, status: 'done' }, { viewer: owner });
        const spam = await h.post(ada, h.thread('pts-report'), 'Buy cheap watches');
        await h.group('moderation').report({ target: { type: 'comment', id: spam.id }, reason: 'spam' }, { viewer: cy });
        await h.group('moderation').act({ target: { type: 'comment', id: spam.id }, action: 'hide' }, { viewer: mod });

        expect(await deltas(ada)).toEqual(sorted([
          ['post', 5],
          ['reaction_received', 1],
          ['post', 5],
          ['reply', 2],
          ['reversal', -2],
        ]));
        expect(await deltas(bo)).toEqual(sorted([
          ['reply', 2],
          ['answer', 2],
          ['upvote_received', 1],
          ['answer_accepted', 15],
        ]));
        expect(await deltas(cy)).toEqual(sorted([
          ['check_in', 1],
          ['feedback_planned', 10],
          ['feedback_done', 10],
          ['report_upheld', 2],
        ]));
        expect((await points(h).getStanding({}, { viewer: ada })).balance).toBe(11);
        expect((await points(h).getStanding({}, { viewer: bo })).balance).toBe(20);
        expect((await points(h).getStanding({}, { viewer: cy })).balance).toBe(23);
        const badges = async (viewer: Viewer) => (await points(h).listBadges({ memberId: viewer.id }, { viewer: null })).map((b) => b.badge);
        expect(await badges(ada)).toEqual(['first_post']);
        expect(await badges(bo)).toEqual(['first_accepted_answer']);
        expect(await badges(cy)).toEqual(['feedback_adopted']);
      });

      it('awards Problem Solver on the tenth accepted answer, not before', async (ctx) => {
        const h = await suite.start();
        for (const group of ['gamification', 'feed', 'qa'] as const) suite.needs(h, ctx, group);
        await h.allowBursts();
        const [ada, bo] = [await join(h, 'Ada'), await join(h, 'Bo')];
        const space = await h.space('pts-solver', 'qa');
        const badges = async () => (await points(h).listBadges({ memberId: bo.id }, { viewer: null })).map((b) => b.badge);
        for (let i = 1; i <= 10; i++) {
          h.advance(1000);
          const question = await h.group('feed').createPost({ space, kind: 'question', title: `Question ${i}`, body: `Body ${i}`, idempotencyKey: h.key() }, { viewer: ada });
          const answer = await h.group('qa').answer({ questionId: question.id, body: `Answer ${i}`, idempotencyKey: h.key() }, { viewer: bo });
          await h.group('qa').accept({ questionId: question.id, answerId: answer.id }, { viewer: ada });
          if (i === 9) expect(await badges()).toEqual(['first_accepted_answer']);
        }
        expect(await badges()).toEqual(['first_accepted_answer', 'accepted_10']);
        expect(await balance(h, bo)).toBe(10 * (2 + 15));
      });

      it('awards a badge whose milestone the daily cap left unpaid', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        suite.needs(h, ctx, 'feed');
        await h.configure({ points: rules({ dailyCap: 2 }) });
        const ada = await h.as('Ada');
        await h.post(ada, h.thread('cap-badge'), 'Two points, the whole cap');
        h.advance(1000);
        await h.group('feed').createPost({ space: 'general', body: 'My first post', idempotencyKey: h.key() }, { viewer: ada });
        expect(await balance(h, ada)).toBe(2);
        expect((await points(h).listBadges({ memberId: ada.id }, { viewer: null })).map((b) => b.badge)).toEqual(['first_post']);
        // The history says why the post earned nothing: an entry of 0 under the cap.
        expect((await points(h).pointsHistory({}, { viewer: ada })).items.map((e) => [e.rule, e.delta])).toEqual([
          ['post', 0],
          ['reply', 2],
        ]);
      });

      it('counts many reactions at once exactly, up to the reaction cap', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        suite.needs(h, ctx, 'feed');
        const emoji = h.settings.reactions[0]!;
        const ada = await h.as('Ada');
        const post = await h.group('feed').createPost({ space: 'general', body: 'React to me', idempotencyKey: h.key() }, { viewer: ada });
        const fans = await Promise.all(Array.from({ length: 25 }, (_, i) => h.as(`Fan${i}`)));
        await Promise.all(fans.map((viewer) => h.group('feed').reactToPost({ postId: post.id, emoji }, { viewer })));
        expect(await points(h).getStanding({}, { viewer: ada })).toMatchObject({ balance: 5 + 20, earnedToday: 25 });
        const received = (await points(h).pointsHistory({ limit: 100 }, { viewer: ada })).items.filter((e) => e.rule === 'reaction_received' && e.delta > 0);
        expect(received).toHaveLength(20);
        // Taking them all back at once reverses exactly the 20 that earned: the post's 5 stand.
        await Promise.all(fans.map((viewer) => h.group('feed').reactToPost({ postId: post.id, emoji, active: false }, { viewer })));
        expect(await points(h).getStanding({}, { viewer: ada })).toMatchObject({ balance: 5, earnedToday: 5 });
      });

      it('counts the reaction cap by the community\'s day: in Asia/Shanghai it opens again at 16:00 UTC', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ timeZone: 'Asia/Shanghai', points: rules({ reactionDailyCap: 2 }) });
        const emoji = h.settings.reactions[0]!;
        const ada = await h.as('Ada');
        nextDayAt(h, 15); // 23:00 in Shanghai
        const comment = await h.post(ada, h.thread('tz-cap'), 'React across midnight');
        for (const name of ['R1', 'R2', 'R3']) await h.adapter.toggleReaction({ postId: comment.id, emoji }, { viewer: await h.as(name) });
        expect(await balance(h, ada)).toBe(2 + 2);
        h.advance(30 * 60_000); // 15:30 UTC: still the same Shanghai day
        await h.adapter.toggleReaction({ postId: comment.id, emoji }, { viewer: await h.as('R4') });
        expect(await balance(h, ada)).toBe(4);
        h.advance(30 * 60_000); // 16:00 UTC: a new day in Shanghai, still the same day in UTC
        await h.adapter.toggleReaction({ postId: comment.id, emoji }, { viewer: await h.as('R5') });
        expect(await points(h).getStanding({}, { viewer: ada })).toMatchObject({ balance: 5, earnedToday: 1 });
      });
    });

    describe('badges', () => {
      it('awards the monthly top 3 once the month is over, staff left out when the community says so', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ leaderboardExcludesStaff: true });
        const mo = await join(h, 'Mo', 'moderator');
        const people = [];
        for (const name of ['M1', 'M2', 'M3', 'M4']) people.push(await join(h, name));
        nextMonthStart(h, 12);
        await grant(h, mo, 100);
        for (const [i, v] of people.entries()) await grant(h, v, 40 - i * 10);
        // While the month runs, nobody has the badge.
        await points(h).leaderboard({ period: 'month' }, { viewer: null });
        expect(await points(h).listBadges({ memberId: people[0]!.id }, { viewer: null })).toEqual([]);
        nextMonthStart(h, 12);
        await points(h).leaderboard({ period: 'week' }, { viewer: null });
        const holders = [];
        for (const v of [mo, ...people]) {
          const badges = await points(h).listBadges({ memberId: v.id }, { viewer: null });
          if (badges.some((b) => b.badge === 'monthly_top3')) holders.push(v.displayName);
        }
        expect(holders).toEqual(['M1', 'M2', 'M3']);
        // Reading again awards nothing twice.
        await points(h).leaderboard({ period: 'all' }, { viewer: null });
        expect((await points(h).listBadges({ memberId: people[0]!.id }, { viewer: null })).filter((b) => b.badge === 'monthly_top3')).toHaveLength(1);
      });

      it('settles a month nobody read in the month after it, once something reads later', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const [ada, bo] = [await join(h, 'Ada'), await join(h, 'Bo')];
        nextMonthStart(h, 12);
        const month = utcDay(h.now).slice(0, 7);
        await grant(h, ada, 10);
        nextMonthStart(h, 12);
        await grant(h, bo, 10); // points move, but nothing reads a board or badges all month
        nextMonthStart(h, 12);
        await points(h).leaderboard({ period: 'week' }, { viewer: null });
        const top3 = async (viewer: Viewer) => (await points(h).listBadges({ memberId: viewer.id }, { viewer: null })).filter((b) => b.badge === 'monthly_top3');
        expect(await top3(ada)).toHaveLength(1);
        expect(await top3(bo)).toHaveLength(1);
        expect(month < utcDay(h.now).slice(0, 7)).toBe(true);
      });

      it('ends the month at midnight in the community time zone', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        await h.configure({ timeZone: 'Asia/Shanghai' });
        const [ada, bo] = [await join(h, 'Ada'), await join(h, 'Bo')];
        nextMonthStart(h, 12);
        h.advance(-DAY + 3 * HOUR); // last day of the previous UTC month, 15:00 UTC = 23:00 in Shanghai
        await grant(h, ada, 10);
        h.advance(2 * HOUR); // 17:00 UTC = 01:00 on the 1st in Shanghai
        await grant(h, bo, 10);
        const month = await points(h).leaderboard({ period: 'month' }, { viewer: null });
        expect(month.from).toBe(utcDay(h.now + DAY).slice(0, 8) + '01');
        expect(month.items.map((r) => [r.member.displayName, r.points])).toEqual([['Bo', 10]]);
        // The month before holds Ada's points, and she alone gets its top 3 badge.
        const badges = async (viewer: Viewer) => (await points(h).listBadges({ memberId: viewer.id }, { viewer: null })).map((b) => b.badge);
        expect(await badges(ada)).toEqual(['monthly_top3']);
        expect(await badges(bo)).toEqual([]);
      });

      it('settles the month on the first check-in after it, too', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        nextMonthStart(h, 12);
        await grant(h, ada, 10);
        nextMonthStart(h, 12);
        await points(h).checkIn({}, { viewer: ada });
        expect((await points(h).listBadges({ memberId: ada.id }, { viewer: null })).map((b) => b.badge)).toContain('monthly_top3');
      });

      it('awards First Post for a first feed post, once', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        suite.needs(h, ctx, 'feed');
        const ada = await h.as('Ada');
        const mine = h.listen(memberChannel(ada.id));
        for (const body of ['Hello everyone', 'Second post']) {
          await h.group('feed').createPost({ space: 'general', body, idempotencyKey: h.key() }, { viewer: ada });
        }
        const badges = await points(h).listBadges({ memberId: ada.id }, { viewer: null });
        expect(badges.map((b) => b.badge)).toEqual(['first_post']);
        expect(await balance(h, ada)).toBe(10);
        await mine.next((e) => e.type === 'badge.awarded');
        mine.unsubscribe();
      });

      it('lists no badges for a newcomer and not_found for a member never seen', async (ctx) => {
        const h = await suite.start();
        suite.needs(h, ctx, 'gamification');
        const ada = await join(h, 'Ada');
        expect(await points(h).listBadges({ memberId: ada.id }, { viewer: null })).toEqual([]);
        await expectError(points(h).listBadges({ memberId: 'nobody-ever' }, { viewer: null }), 'not_found');
        await expectError(points(h).listBadges({} as never, { viewer: null }), 'validation', 'memberId');
      });
    });
  });
}
