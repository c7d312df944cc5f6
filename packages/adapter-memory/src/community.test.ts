// Cross-domain scenarios through the memory adapter, as a community operator would notice
// them: points moving boards, bounties, live polls, feedback triage, reports, held posts,
// persistence and two-tab merges of the community collections, and rejected calls.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  HearthError,
  SYSTEM_ACTOR_ID,
  pollChannel,
  type BackendAdapter,
  type CommunityEvent,
  type PointsSettings,
  type Role,
  type Viewer,
} from '@hearth/protocol';
import { MemoryStore } from '@hearth/engine';
import { createMemoryAdapter } from './memory-adapter.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Monday morning (UTC, the default time zone), so a test's days stay within one week and month. */
const START = Date.UTC(2026, 2, 2, 9, 0, 0);

function fakeStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

const person = (name: string, role: Role = 'member'): Viewer => ({ id: name.toLowerCase(), displayName: name, role });
const owner = person('Olga', 'owner');
const mod = person('Mia', 'moderator');
const alice = person('Alice');
const bob = person('Bob');
const carol = person('Carol');
const dave = person('Dave');

let keys = 0;
const key = () => `community-test-${++keys}`;

/** Default points rules with some replaced. */
function rules(patch: Record<string, number>): PointsSettings {
  const points = structuredClone(DEFAULT_COMMUNITY_SETTINGS.points);
  return { ...points, rules: { ...points.rules, ...patch } };
}

/** A clock a test moves by hand. */
function clock(start = START) {
  const state = { now: start };
  return { state, now: () => state.now, advance: (ms: number) => void (state.now += ms) };
}

/** One adapter over a fresh store with a hand-moved clock, and shortcuts into its groups. */
function world(options: { store?: MemoryStore; time?: ReturnType<typeof clock> } = {}) {
  const time = options.time ?? clock();
  const store = options.store ?? new MemoryStore();
  const adapter = createMemoryAdapter({ clock: time.now, store });
  return { adapter, store, time, ...shortcuts(adapter, time) };
}

function shortcuts(adapter: BackendAdapter, time: ReturnType<typeof clock>) {
  const as = (viewer: Viewer | null) => ({ viewer });
  return {
    as,
    /** A feed post in `general` (a minute later than the last, so flood rules stay quiet). */
    async post(viewer: Viewer, body: string, extra: Record<string, unknown> = {}) {
      time.advance(MINUTE);
      return adapter.feed!.createPost({ space: 'general', body, idempotencyKey: key(), ...extra }, as(viewer));
    },
    async question(viewer: Viewer, title: string) {
      time.advance(MINUTE);
      return adapter.feed!.createPost({ space: 'qa', kind: 'question', title, body: `${title} — details inside.`, idempotencyKey: key() }, as(viewer));
    },
    async answer(viewer: Viewer, questionId: string, body: string) {
      time.advance(MINUTE);
      return adapter.qa!.answer({ questionId, body, idempotencyKey: key() }, as(viewer));
    },
    configure: (patch: Parameters<NonNullable<BackendAdapter['community']>['updateSettings']>[0]) => adapter.community!.updateSettings(patch, as(owner)),
    standing: (viewer: Viewer) => adapter.gamification!.getStanding({}, as(viewer)),
    balance: async (viewer: Viewer) => (await adapter.gamification!.getStanding({}, as(viewer))).balance,
    feedIds: async (viewer: Viewer | null) => (await adapter.feed!.listPosts({ space: 'general' }, as(viewer))).items.map((p) => p.id),
  };
}

async function rejection(call: Promise<unknown>): Promise<HearthError> {
  const error = await call.then(
    () => expect.fail('The call should have been rejected.'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HearthError);
  return error as HearthError;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('operator scenarios', () => {
  it('posting earns points that move the leaderboard, with the viewer\'s own rank', async () => {
    const t = world();
    await t.post(alice, 'Hello from Alice');
    await t.post(bob, 'Hello from Bob');
    await t.post(bob, 'Bob again, with news');

    let board = await t.adapter.gamification!.leaderboard({ period: 'week' }, t.as(alice));
    expect(board.items.map((r) => [r.member.id, r.rank, r.points])).toEqual([
      ['bob', 1, 10],
      ['alice', 2, 5],
    ]);
    expect(board.viewer).toMatchObject({ rank: 2, points: 5, member: { id: 'alice' } });

    await t.post(alice, 'Alice shares a tip');
    await t.post(alice, 'Alice shares another tip');
    board = await t.adapter.gamification!.leaderboard({ period: 'week' }, t.as(alice));
    expect(board.items.map((r) => [r.member.id, r.rank, r.points])).toEqual([
      ['alice', 1, 15],
      ['bob', 2, 10],
    ]);
    expect(board.viewer).toMatchObject({ rank: 1, points: 15 });
    expect((await t.standing(alice)).balance).toBe(15);

    // A member with no points sees the board and an unranked row of their own.
    const carols = await t.adapter.gamification!.leaderboard({ period: 'all' }, t.as(carol));
    expect(carols.items).toHaveLength(2);
    expect(carols.viewer).toMatchObject({ rank: null, points: 0, member: { id: 'carol' } });

    // A tie goes to whoever got there first: Bob reaches 15 after Alice did.
    await t.post(bob, 'Bob catches up');
    board = await t.adapter.gamification!.leaderboard({ period: 'all' }, t.as(bob));
    expect(board.items.map((r) => [r.member.id, r.rank, r.points])).toEqual([
      ['alice', 1, 15],
      ['bob', 2, 15],
    ]);
    expect(board.viewer).toMatchObject({ rank: 2, points: 15 });
  });

  describe('bounties', () => {
    /** Alice asks with 100 points to spend (a raised `post` rule); Bob has some too. */
    async function asked() {
      const t = world();
      await t.configure({ points: rules({ post: 100 }) });
      const question = await t.question(alice, 'How do I rotate my API keys?');
      expect(await t.balance(alice)).toBe(100);
      return { t, question };
    }

    it('takes the amount from the asker at offer and pays it in full to the accepted answer', async () => {
      const { t, question } = await asked();
      const bounty = await t.adapter.qa!.offerBounty({ questionId: question.id, amount: 60 }, t.as(alice));
      expect(bounty).toMatchObject({ status: 'open', amount: 60, offeredBy: 'alice' });
      expect(await t.balance(alice)).toBe(40);
      // Escrow is spending, not losing rank: lifetime points stay.
      expect((await t.standing(alice)).lifetimePoints).toBe(100);

      const answer = await t.answer(bob, question.id, 'Settings → Keys → Rotate.');
      const before = await t.balance(bob);
      expect(before).toBe(2);
      const detail = await t.adapter.qa!.accept({ questionId: question.id, answerId: answer.id }, t.as(alice));
      expect(detail.bounty).toMatchObject({ status: 'paid', paidTo: 'bob', answerId: answer.id, paidAmount: 60 });
      // 60 from the bounty and 15 for the accepted answer.
      expect(await t.balance(bob)).toBe(before + 60 + 15);
      expect(await t.balance(alice)).toBe(40);
      const history = await t.adapter.gamification!.pointsHistory({}, t.as(bob));
      expect(history.items.map((e) => [e.rule, e.delta])).toEqual(expect.arrayContaining([['bounty_award', 60], ['answer_accepted', 15], ['answer', 2]]));
    });

    it('refunds nothing when it expires with no qualifying answer', async () => {
      const { t, question } = await asked();
      await t.adapter.qa!.offerBounty({ questionId: question.id, amount: 50 }, t.as(alice));
      await t.answer(bob, question.id, 'Maybe try turning it off and on?');
      t.time.advance(8 * DAY + MINUTE);
      const { settled } = await t.adapter.qa!.settleBounties({}, t.as(mod));
      expect(settled).toEqual([expect.objectContaining({ questionId: question.id, status: 'expired', paidTo: null, paidAmount: 0 })]);
      expect(await t.balance(alice)).toBe(50);
      expect(await t.balance(bob)).toBe(2);
      // A late accept pays no bounty.
      const detail = await t.adapter.qa!.getQuestion({ questionId: question.id }, t.as(alice));
      await t.adapter.qa!.accept({ questionId: question.id, answerId: detail.answers[0]!.id }, t.as(alice));
      expect(await t.balance(bob)).toBe(2 + 15);
      expect(await t.balance(alice)).toBe(50);
    });

    it('pays half on expiry to the top answer with two upvotes', async () => {
      const { t, question } = await asked();
      await t.adapter.qa!.offerBounty({ questionId: question.id, amount: 81 }, t.as(alice));
      const good = await t.answer(bob, question.id, 'Use the keys page and rotate one at a time.');
      const weak = await t.answer(carol, question.id, 'No idea, sorry.');
      await t.adapter.qa!.vote({ target: { type: 'answer', id: good.id }, value: 1 }, t.as(carol));
      await t.adapter.qa!.vote({ target: { type: 'answer', id: good.id }, value: 1 }, t.as(dave));
      await t.adapter.qa!.vote({ target: { type: 'answer', id: weak.id }, value: 1 }, t.as(dave));
      const bobBefore = await t.balance(bob);
      // Still open in the grace period: nothing settles.
      t.time.advance(7 * DAY + HOUR);
      expect((await t.adapter.qa!.settleBounties({}, t.as(mod))).settled).toEqual([]);
      t.time.advance(DAY);
      const { settled } = await t.adapter.qa!.settleBounties({}, t.as(mod));
      expect(settled).toEqual([expect.objectContaining({ status: 'expired', paidTo: 'bob', answerId: good.id, paidAmount: 40 })]);
      expect(await t.balance(bob)).toBe(bobBefore + 40);
      expect(await t.balance(alice)).toBe(19);
      // Settling again pays nothing more.
      expect((await t.adapter.qa!.settleBounties({}, t.as(mod))).settled).toEqual([]);
      expect(await t.balance(bob)).toBe(bobBefore + 40);
    });
  });

  it('shows a poll\'s results live in a second adapter over the same store', async () => {
    const store = new MemoryStore();
    const time = clock();
    const one = world({ store, time });
    const two = world({ store, time });
    const view = await one.adapter.polls!.createPoll({ question: 'Which meetup day?', type: 'single', options: ['Tuesday', 'Thursday'], idempotencyKey: key() }, one.as(mod));
    const [tuesday, thursday] = view.poll.options;
    const events: CommunityEvent[] = [];
    const heard = new Promise<CommunityEvent>((resolve) =>
      two.adapter.subscribe(pollChannel(view.poll.id), (event) => {
        events.push(event);
        resolve(event);
      }),
    );
    await one.adapter.polls!.vote({ pollId: view.poll.id, choices: [thursday!.id] }, one.as(alice));
    const event = await heard;
    expect(event).toMatchObject({ type: 'poll.updated', pollId: view.poll.id, totalBallots: 1, closed: false });
    expect(event).toMatchObject({ results: { type: 'single', options: [{ optionId: tuesday!.id, count: 0 }, { optionId: thursday!.id, count: 1, percent: 100 }] } });

    const seen = await two.adapter.polls!.getPoll({ pollId: view.poll.id }, two.as(bob));
    expect(seen.poll.totalBallots).toBe(1);
    expect(seen.results).toMatchObject({ totalBallots: 1, options: [{ count: 0 }, { count: 1 }] });

    // And back the other way: a ballot through the second reaches the first's reader.
    await two.adapter.polls!.vote({ pollId: view.poll.id, choices: [tuesday!.id] }, two.as(bob));
    const again = await one.adapter.polls!.getPoll({ pollId: view.poll.id }, one.as(alice));
    expect(again.results).toMatchObject({ totalBallots: 2, options: [{ count: 1 }, { count: 1 }] });
    expect(again.viewerBallot).toMatchObject({ choices: [thursday!.id] });
    expect(events.map((e) => (e as { totalBallots?: number }).totalBallots)).toEqual([1, 2]);
  });

  it('shows a status change with an official reply to the submitter, pays once, and clears the zero-reply queue', async () => {
    const t = world();
    t.time.advance(MINUTE);
    const item = await t.adapter.feedback!.submitFeedback({ kind: 'idea', title: 'Dark mode', body: 'Please add a dark theme for night reading.', idempotencyKey: key() }, t.as(alice));
    t.time.advance(2 * HOUR);
    const queue = async () => (await t.adapter.analytics!.zeroReplies({ types: ['feedback'] }, t.as(mod))).items.map((i) => i.ref);
    expect(await queue()).toEqual([`feedback:${item.id}`]);
    const start = await t.balance(alice);

    await t.adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Coming in the May release.' }, t.as(mod));
    const mine = await t.adapter.feedback!.myFeedback({}, t.as(alice));
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      id: item.id,
      status: 'planned',
      officialReply: { body: 'Coming in the May release.', status: 'planned', author: { id: 'mia' } },
      history: [{ from: 'open', to: 'planned', reply: 'Coming in the May release.' }],
    });
    expect(await t.balance(alice)).toBe(start + 10);
    expect(await queue()).toEqual([]);

    // Back and forth to planned again pays nothing more; done pays its own rule once.
    t.time.advance(MINUTE);
    await t.adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'in_progress' }, t.as(mod));
    t.time.advance(MINUTE);
    await t.adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Slipped a week.' }, t.as(mod));
    expect(await t.balance(alice)).toBe(start + 10);
    const rulesPaid = (await t.adapter.gamification!.pointsHistory({}, t.as(alice))).items.filter((e) => e.rule === 'feedback_planned' && !e.reversed);
    expect(rulesPaid).toHaveLength(1);
    t.time.advance(MINUTE);
    await t.adapter.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'done', reply: 'Shipped!' }, t.as(mod));
    expect(await t.balance(alice)).toBe(start + 20);
    expect((await t.adapter.feedback!.myFeedback({}, t.as(alice))).items[0]).toMatchObject({ status: 'done', officialReply: { body: 'Shipped!' } });
  });

  it('hides a post after three distinct reports: gone for members, kept for moderators, points reversed, audited', async () => {
    const t = world();
    const post = await t.post(alice, 'Buy cheap followers at my shop');
    const other = await t.post(bob, 'A normal post');
    expect(await t.balance(alice)).toBe(5);
    const report = (viewer: Viewer) => t.adapter.moderation!.report({ target: { type: 'post', id: post.id }, reason: 'spam' }, t.as(viewer));
    await report(bob);
    // The same member reporting twice counts once.
    await report(bob);
    await report(carol);
    expect((await t.adapter.feed!.getPost({ postId: post.id }, t.as(dave))).status).toBe('published');
    await report(dave);

    expect(await t.feedIds(dave)).toEqual([other.id]);
    expect(await t.feedIds(null)).toEqual([other.id]);
    await expect(t.adapter.feed!.getPost({ postId: post.id }, t.as(dave))).rejects.toMatchObject({ code: 'not_found' });
    expect(await t.feedIds(mod)).toEqual(expect.arrayContaining([post.id, other.id]));
    expect(await t.adapter.feed!.getPost({ postId: post.id }, t.as(mod))).toMatchObject({ status: 'hidden', body: 'Buy cheap followers at my shop' });

    const standing = await t.standing(alice);
    expect(standing).toMatchObject({ balance: 0, lifetimePoints: 0 });
    const history = await t.adapter.gamification!.pointsHistory({}, t.as(alice));
    expect(history.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'post', delta: 5, reversed: true }), expect.objectContaining({ rule: 'reversal', delta: -5, ref: `post:${post.id}` })]),
    );
    const board = await t.adapter.gamification!.leaderboard({ period: 'all' }, t.as(alice));
    expect(board.items.map((r) => r.member.id)).toEqual(['bob']);

    const audit = await t.adapter.moderation!.listAudit({ action: 'auto_hide' }, t.as(mod));
    expect(audit.items).toEqual([expect.objectContaining({ action: 'auto_hide', target: `post:${post.id}`, actor: expect.objectContaining({ id: SYSTEM_ACTOR_ID }) })]);
    const queued = await t.adapter.moderation!.listQueue({ kind: 'reported' }, t.as(mod));
    expect(queued.items).toEqual([expect.objectContaining({ target: { type: 'post', id: post.id }, status: 'hidden', reports: expect.objectContaining({ count: 3 }) })]);
  });

  it('holds a new member\'s post with the reason, and publishes and pays it on approval', async () => {
    const t = world();
    await t.configure({ newMemberHold: 1 });
    const held = await t.post(alice, 'My very first post here');
    expect(held).toMatchObject({ status: 'pending', heldReason: expect.stringMatching(/\S/) });
    expect(await t.balance(alice)).toBe(0);
    expect(await t.feedIds(bob)).toEqual([]);

    // The author and staff see why it waits; other members do not see it at all.
    expect(await t.adapter.feed!.getPost({ postId: held.id }, t.as(alice))).toMatchObject({ status: 'pending', heldReason: held.heldReason });
    expect(await t.adapter.feed!.getPost({ postId: held.id }, t.as(mod))).toMatchObject({ status: 'pending', heldReason: held.heldReason });
    await expect(t.adapter.feed!.getPost({ postId: held.id }, t.as(bob))).rejects.toMatchObject({ code: 'not_found' });

    // It waits in the review queue with the reason.
    const queue = await t.adapter.moderation!.listQueue({ kind: 'pending' }, t.as(mod));
    expect(queue.items).toEqual([expect.objectContaining({ target: { type: 'post', id: held.id } })]);

    t.time.advance(MINUTE);
    const result = await t.adapter.moderation!.act({ target: { type: 'post', id: held.id }, action: 'approve', reason: 'Looks fine' }, t.as(mod));
    expect(result).toMatchObject({ status: 'published', changed: true });
    expect(await t.feedIds(bob)).toEqual([held.id]);
    expect(await t.adapter.feed!.getPost({ postId: held.id }, t.as(bob))).toMatchObject({ status: 'published', heldReason: null });
    expect(await t.balance(alice)).toBe(5);
    // The hold covered only the first post.
    expect((await t.post(alice, 'My second post')).status).toBe('published');
    expect(await t.balance(alice)).toBe(10);
    expect((await t.adapter.moderation!.listQueue({ kind: 'pending' }, t.as(mod))).items).toEqual([]);
  });
});

describe('persistence of the community', () => {
  it('keeps points, check-in streaks, polls and feedback across a reload', async () => {
    const storage = fakeStorage();
    const time = clock();
    const open = () => createMemoryAdapter({ clock: time.now, persist: { key: 'hearth-community', storage } });
    const first = open();
    const t = shortcuts(first, time);
    const postKey = key();
    const post = await first.feed!.createPost({ space: 'general', body: 'Persist me', idempotencyKey: postKey }, t.as(alice));
    await first.gamification!.checkIn({}, t.as(alice));
    time.advance(DAY);
    await first.gamification!.checkIn({}, t.as(alice));
    const poll = await first.polls!.createPoll({ question: 'Stay?', type: 'single', options: ['Yes', 'No'], idempotencyKey: key() }, t.as(mod));
    await first.polls!.vote({ pollId: poll.poll.id, choices: [poll.poll.options[0]!.id] }, t.as(bob));
    const item = await first.feedback!.submitFeedback({ kind: 'bug', body: 'The save button is grey.', idempotencyKey: key() }, t.as(alice));
    await first.feedback!.setFeedbackStatus({ feedbackId: item.id, status: 'planned', reply: 'Thanks, on it.' }, t.as(mod));
    const standing = await first.gamification!.getStanding({}, t.as(alice));
    expect(standing.balance).toBe(5 + 1 + 1 + 10);
    first.close?.();

    const second = open();
    const s = shortcuts(second, time);
    expect(await second.gamification!.getStanding({}, s.as(alice))).toMatchObject({ balance: standing.balance, lifetimePoints: standing.lifetimePoints, streak: 2 });
    expect(await second.gamification!.getCheckIn({}, s.as(alice))).toMatchObject({ checkedInToday: true, streak: 2 });
    await expect(second.gamification!.checkIn({}, s.as(alice))).rejects.toMatchObject({ code: 'conflict' });
    const reloaded = await second.polls!.getPoll({ pollId: poll.poll.id }, s.as(bob));
    expect(reloaded.results).toMatchObject({ totalBallots: 1, options: [{ count: 1 }, { count: 0 }] });
    expect(reloaded.viewerBallot).toMatchObject({ choices: [poll.poll.options[0]!.id] });
    expect((await second.feedback!.myFeedback({}, s.as(alice))).items).toEqual([expect.objectContaining({ id: item.id, status: 'planned', officialReply: expect.objectContaining({ body: 'Thanks, on it.' }) })]);
    // The streak goes on from the stored days.
    time.advance(DAY);
    expect(await second.gamification!.checkIn({}, s.as(alice))).toMatchObject({ streak: 3 });
    // A create retried after the reload is recognised, and earns nothing twice.
    const retried = await second.feed!.createPost({ space: 'general', body: 'Persist me', idempotencyKey: postKey }, s.as(alice));
    expect(retried.id).toBe(post.id);
    const board = await second.gamification!.leaderboard({ period: 'all' }, s.as(alice));
    expect(board.items[0]).toMatchObject({ member: { id: 'alice' }, rank: 1, points: standing.balance + 1 });
  });

  it('saves writes that publish no realtime event: settings, a space, a new poll, a profile', async () => {
    const storage = fakeStorage();
    const time = clock();
    const open = () => createMemoryAdapter({ clock: time.now, persist: { key: 'quiet', storage } });
    // Reload after each write, so no later write can carry an earlier one into storage.
    await open().community!.updateSettings({ rulesText: 'Be excellent to each other.' }, { viewer: owner });
    expect((await open().community!.getInfo({}, { viewer: null })).rulesText).toBe('Be excellent to each other.');
    await open().community!.createSpace({ key: 'events', kind: 'feed', name: 'Events' }, { viewer: owner });
    expect(await open().community!.getSpace({ key: 'events' }, { viewer: null })).toMatchObject({ key: 'events', name: 'Events' });
    const poll = await open().polls!.createPoll({ question: 'Quiet?', type: 'single', options: ['Yes', 'No'], idempotencyKey: key() }, { viewer: mod });
    expect((await open().polls!.getPoll({ pollId: poll.poll.id }, { viewer: bob })).poll.question).toBe('Quiet?');
    await open().community!.updateProfile({ headline: 'Engineer' }, { viewer: alice });
    expect((await open().members!.getCard({ memberId: 'alice' }, { viewer: bob })).profile).toEqual({ headline: 'Engineer' });
  });

  describe('two tabs', () => {
    // Each tab has its own store; they share storage and hear each other through storage events.
    function twoTabs() {
      const target = new EventTarget();
      vi.stubGlobal('window', target);
      const storage = fakeStorage();
      const time = clock();
      const open = () => createMemoryAdapter({ clock: time.now, persist: { key: 'hearth', storage } });
      const tabA = open();
      const tabB = open();
      /** What a browser does after a save: tell the other tabs, which merge in a few microtasks. */
      const tell = async () => {
        target.dispatchEvent(Object.assign(new Event('storage'), { key: 'hearth', newValue: storage.getItem('hearth'), storageArea: storage }));
        await new Promise((resolve) => setTimeout(resolve, 0));
      };
      return { storage, time, tabA, tabB, a: shortcuts(tabA, time), b: shortcuts(tabB, time), tell };
    }

    it('counts ballots cast in both tabs before either heard the other', async () => {
      const { tabA, tabB, a, tell } = twoTabs();
      const view = await tabA.polls!.createPoll({ question: 'Tabs or spaces?', type: 'single', options: ['Tabs', 'Spaces'], idempotencyKey: key() }, a.as(mod));
      await tell();
      const [tabs, spaces] = view.poll.options;
      await tabA.polls!.vote({ pollId: view.poll.id, choices: [tabs!.id] }, a.as(alice));
      await tabB.polls!.vote({ pollId: view.poll.id, choices: [spaces!.id] }, a.as(bob));
      await tell();
      for (const tab of [tabA, tabB]) {
        const seen = await tab.polls!.getPoll({ pollId: view.poll.id }, a.as(carol));
        expect(seen.poll.totalBallots).toBe(2);
        expect(seen.results).toMatchObject({ totalBallots: 2, options: [{ optionId: tabs!.id, count: 1 }, { optionId: spaces!.id, count: 1 }] });
      }
      expect((await tabA.polls!.getPoll({ pollId: view.poll.id }, a.as(bob))).viewerBallot).toMatchObject({ choices: [spaces!.id] });
    });

    it('keeps check-ins and ledger entries written in both tabs', async () => {
      const { storage, tabA, tabB, a, b, tell } = twoTabs();
      await tabA.gamification!.checkIn({}, a.as(alice));
      await a.post(alice, 'Alice writes in tab A');
      await tabB.gamification!.checkIn({}, b.as(bob));
      await b.post(bob, 'Bob writes in tab B');
      // Alice earns in tab B too: an admin adjustment lands in the ledger beside her tab A entries.
      await tabB.gamification!.adjustPoints({ memberId: 'alice', delta: 7, reason: 'Helped at the meetup' }, b.as(owner));
      await tell();
      for (const tab of [tabA, tabB]) {
        const s = shortcuts(tab, clock());
        expect(await tab.gamification!.getCheckIn({}, s.as(alice))).toMatchObject({ checkedInToday: true, streak: 1 });
        expect(await tab.gamification!.getCheckIn({}, s.as(bob))).toMatchObject({ checkedInToday: true, streak: 1 });
        expect((await tab.gamification!.getStanding({}, s.as(alice))).balance).toBe(1 + 5 + 7);
        expect((await tab.gamification!.getStanding({}, s.as(bob))).balance).toBe(1 + 5);
        const board = await tab.gamification!.leaderboard({ period: 'all' }, s.as(bob));
        expect(board.items.map((r) => [r.member.id, r.points])).toEqual([
          ['alice', 13],
          ['bob', 6],
        ]);
        expect((await tab.feed!.listPosts({ space: 'general' }, s.as(null))).items).toHaveLength(2);
      }
      const stored = JSON.parse(storage.getItem('hearth')!) as { collections: Record<string, Array<{ id: string }>> };
      expect(stored.collections.checkins!.map((c) => c.id).sort()).toEqual([expect.stringMatching(/^alice:/), expect.stringMatching(/^bob:/)]);
      expect(stored.collections.ledger).toHaveLength(5);
    });

    it('pays one check-in when the same member checks in from both tabs before either heard the other', async () => {
      const { tabA, tabB, a, b, tell } = twoTabs();
      await tabA.gamification!.checkIn({}, a.as(alice));
      await tabB.gamification!.checkIn({}, b.as(alice));
      await tell();
      for (const tab of [tabA, tabB]) {
        const s = shortcuts(tab, clock());
        expect((await tab.gamification!.getStanding({}, s.as(alice))).balance).toBe(1);
        expect((await tab.gamification!.pointsHistory({}, s.as(alice))).items.map((e) => [e.rule, e.delta])).toEqual([['check_in', 1]]);
      }
    });

    it('counts replies and reactions on one post made in both tabs before either heard the other', async () => {
      const { tabA, tabB, a, b, tell } = twoTabs();
      const post = await a.post(alice, 'Say hello');
      await tell();
      const emoji = '👍';
      await tabA.feed!.reactToPost({ postId: post.id, emoji }, a.as(bob));
      await tabB.feed!.reactToPost({ postId: post.id, emoji }, b.as(carol));
      await tabA.createComment({ threadKey: post.threadKey, body: 'Hello from A', idempotencyKey: key() }, a.as(bob));
      await tabB.createComment({ threadKey: post.threadKey, body: 'Hello from B', idempotencyKey: key() }, b.as(carol));
      await tell();
      for (const tab of [tabA, tabB]) {
        const seen = await tab.feed!.getPost({ postId: post.id }, { viewer: null });
        expect(seen).toMatchObject({ replyCount: 2, reactions: { [emoji]: 2 } });
      }
    });

    it('keeps both tabs\' changes to different fields of one record', async () => {
      const { tabA, tabB, a, b, tell } = twoTabs();
      await a.post(alice, 'Alice joins in tab A');
      await tell();
      // Tab B: an admin titles Alice; tab A, not told yet: she posts again (her member record counts it).
      await tabB.members!.setTitle({ memberId: 'alice', title: 'Helper' }, b.as(owner));
      await a.post(alice, 'Alice posts again in tab A');
      await tell();
      for (const tab of [tabA, tabB]) {
        const card = await tab.members!.getCard({ memberId: 'alice' }, { viewer: bob });
        expect(card).toMatchObject({ title: 'Helper', lifetimePoints: 10 });
        expect((await tab.feed!.listPosts({ space: 'general' }, { viewer: bob })).items).toHaveLength(2);
      }
    });

    it('keeps both tabs\' entries when neither tab heard the other before writing', async () => {
      const { tabA, tabB, a, b, tell } = twoTabs();
      // Tab B reads storage at start (empty) and writes its check-in without ever seeing tab A's.
      await tabB.gamification!.checkIn({}, b.as(bob));
      await tabA.gamification!.checkIn({}, a.as(alice));
      await tell();
      for (const tab of [tabA, tabB]) {
        const s = shortcuts(tab, clock());
        const board = await tab.gamification!.leaderboard({ period: 'all' }, s.as(alice));
        expect(board.items.map((r) => r.member.id).sort()).toEqual(['alice', 'bob']);
      }
    });
  });
});

describe('a rejected call changes nothing', () => {
  it('across domains: banned word, bounty above the balance, a vote on one\'s own question, a second check-in', async () => {
    const store = new MemoryStore();
    const t = world({ store });
    await t.configure({ bannedWords: ['casino'] });
    const question = await t.question(alice, 'Where is the changelog?');
    await t.adapter.gamification!.checkIn({}, t.as(alice));
    await t.post(bob, 'A fine post');
    const item = await t.adapter.feedback!.submitFeedback({ kind: 'idea', body: 'More themes please.', idempotencyKey: key() }, t.as(carol));
    const before = JSON.stringify(store);
    // Later, so any write that slipped through would change timestamps too.
    t.time.advance(HOUR);

    const failures: Array<[string, () => Promise<unknown>, string, string | null]> = [
      ['banned word', () => t.adapter.feed!.createPost({ space: 'general', body: 'Visit my CASINO tonight', idempotencyKey: key() }, t.as(bob)), 'validation', 'body'],
      // A first contact that fails must not leave a member record (or a `member.joined` event) behind.
      ['banned word, first contact', () => t.adapter.feed!.createPost({ space: 'general', body: 'casino bonus', idempotencyKey: key() }, t.as(dave)), 'validation', 'body'],
      ['bounty above the balance', () => t.adapter.qa!.offerBounty({ questionId: question.id, amount: 50 }, t.as(alice)), 'conflict', 'amount'],
      ['bounty above the maximum', () => t.adapter.qa!.offerBounty({ questionId: question.id, amount: 501 }, t.as(alice)), 'validation', 'amount'],
      ['vote on own question', () => t.adapter.qa!.vote({ target: { type: 'post', id: question.id }, value: 1 }, t.as(alice)), 'forbidden', null],
      ['second check-in', () => t.adapter.gamification!.checkIn({}, t.as(alice)), 'conflict', null],
      ['upvote own feedback', () => t.adapter.feedback!.voteFeedback({ feedbackId: item.id, active: true }, t.as(carol)), 'forbidden', null],
    ];
    for (const [what, call, code, field] of failures) {
      const error = await rejection(call());
      expect(error.code, what).toBe(code);
      if (field) expect(JSON.stringify(error.details.issues), what).toContain(`"path":"${field}"`);
    }
    expect(JSON.stringify(store)).toBe(before);
  });
});
