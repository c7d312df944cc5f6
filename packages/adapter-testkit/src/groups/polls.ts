import { describe, expect, it } from 'vitest';
import {
  POLL_EVENTS,
  PollView as PollViewSchema,
  PollVoterPage,
  pollChannel,
  type CommunityEvent,
  type CreatePollInput,
  type PollResults,
  type PollView,
  type PollsAdapter,
  type Viewer,
} from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

const HOUR = 3_600_000;

type Updated = Extract<CommunityEvent, { type: 'poll.updated' }>;
type Tallied = Extract<PollResults, { type: 'single' | 'multiple' }>;
type Ranked = Extract<PollResults, { type: 'ranked' }>;
type Rated = Extract<PollResults, { type: 'rating' }>;

/** One test's polls world: the group, a moderator who creates polls, and helpers. */
interface World {
  h: Harness;
  polls: PollsAdapter;
  mo: Viewer;
  /** Creates a poll as `by` (default: the moderator) with a fresh key. */
  create(input: Partial<CreatePollInput>, by?: Viewer): Promise<PollView>;
  /** Votes by option index (or indexes, in ranking order). */
  vote(view: PollView, viewer: Viewer, picks: number | number[]): Promise<PollView>;
  get(view: PollView, viewer: Viewer | null): Promise<PollView>;
  /** An ISO time `ms` from the adapter's now. */
  at(ms: number): string;
}

async function world(suite: Suite, ctx: { skip: (note?: string) => void }): Promise<World> {
  const h = await suite.start();
  suite.needs(h, ctx, 'polls');
  const polls = h.group('polls');
  const mo = await h.as('Mo', 'moderator');
  const w: World = {
    h,
    polls,
    mo,
    create: (input, by = mo) =>
      polls.createPoll({ question: 'Which one?', type: 'single', options: ['Red', 'Green', 'Blue'], idempotencyKey: h.key(), ...input }, { viewer: by }),
    vote: (view, viewer, picks) => polls.vote({ pollId: view.poll.id, choices: [picks].flat().map((i) => view.poll.options[i]!.id) }, { viewer }),
    get: (view, viewer) => polls.getPoll({ pollId: view.poll.id }, { viewer }),
    at: (ms) => new Date(h.now + ms).toISOString(),
  };
  return w;
}

/** Counts per option, in option order. */
function counts(view: PollView): number[] {
  expect(view.results, 'results should be visible here').not.toBeNull();
  return (view.results as Tallied).options.map((o) => o.count);
}

/** Everything these viewers see of a poll, and its voter list when public: for "nothing changed" checks. */
async function snapshot(w: World, view: PollView, viewers: Array<Viewer | null>): Promise<unknown> {
  const views = [];
  for (const viewer of viewers) views.push(await w.get(view, viewer));
  const voters = view.poll.voters === 'public' ? await w.polls.listVoters({ pollId: view.poll.id, limit: 100 }, { viewer: w.mo }) : null;
  return { views, voters };
}

/** Many distinct members, created in order. */
async function people(h: Harness, prefix: string, n: number): Promise<Viewer[]> {
  const out: Viewer[] = [];
  for (let i = 0; i < n; i++) out.push(await h.as(`${prefix}${i}`));
  return out;
}

/** Checks a value against its protocol schema, saying which field is off. */
function conforms(schema: { safeParse(value: unknown): { success: boolean; error?: { message: string } } }, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success, result.error?.message).toBe(true);
}

/** Conformance for the polls group. */
export function pollsConformance(suite: Suite): void {
  describe('polls', () => {
    it('answers every operation, and publishes every event, in the shape its protocol schema describes', async (ctx) => {
      const w = await world(suite, ctx);
      const [ann, bob] = await people(w.h, 'S', 2);
      const views: PollView[] = [];
      const events: CommunityEvent[] = [];
      for (const input of [
        { type: 'single' as const, voters: 'public' as const },
        { type: 'multiple' as const, options: ['a', 'b', 'c'], minPicks: 1, maxPicks: 2, closesAt: w.at(HOUR) },
        { type: 'ranked' as const, resultsVisibility: 'after_vote' as const },
        { type: 'rating' as const, options: undefined, scale: { min: 0, max: 10, step: 0.5 } },
      ]) {
        const view = await w.create(input);
        const channel = w.h.adapter.capabilities.realtime ? w.h.listen(pollChannel(view.poll.id)) : null;
        try {
          views.push(view);
          const ballot = view.poll.type === 'rating' ? { rating: 7.5 } : { choices: view.poll.type === 'single' ? [view.poll.options[0]!.id] : view.poll.options.slice(0, 2).map((o) => o.id) };
          views.push(await w.polls.vote({ pollId: view.poll.id, ...ballot }, { viewer: ann! }));
          views.push(await w.polls.vote({ pollId: view.poll.id, ...ballot }, { viewer: bob! }));
          views.push(await w.polls.retractVote({ pollId: view.poll.id }, { viewer: bob! }));
          views.push(await w.get(view, null));
          views.push(await w.get(view, bob!));
          views.push(await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo }));
          views.push(await w.polls.reopenPoll({ pollId: view.poll.id, closesAt: w.at(HOUR) }, { viewer: w.mo }));
          if (view.poll.voters === 'public') conforms(PollVoterPage, await w.polls.listVoters({ pollId: view.poll.id }, { viewer: w.mo }));
          if (channel) {
            await channel.next((e) => e.type === 'poll.updated' && !e.closed && channel.events.some((c) => c.type === 'poll.updated' && c.closed));
            events.push(...channel.events);
          }
        } finally {
          channel?.unsubscribe();
        }
      }
      for (const view of views) conforms(PollViewSchema, view);
      expect(views.filter((v) => v.results !== null).length).toBeGreaterThan(views.length / 2);
      for (const event of events) expect(POLL_EVENTS.some((schema) => schema.safeParse(event).success), JSON.stringify(event)).toBe(true);
    });

    describe('creating', () => {
      it('creates a single-choice poll with ids for its options and the documented defaults', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ question: '  Which colour?  ', options: [' Red ', 'Green', 'Blue'] });
        expect(view.poll).toMatchObject({
          question: 'Which colour?',
          type: 'single',
          minPicks: null,
          maxPicks: null,
          scale: null,
          resultsVisibility: 'always',
          voters: 'secret',
          allowChange: true,
          closesAt: null,
          closedAt: null,
          closed: false,
          context: null,
          totalBallots: 0,
          author: { displayName: 'Mo', role: 'moderator' },
        });
        expect(view.poll.options.map((o) => o.label)).toEqual(['Red', 'Green', 'Blue']);
        expect(new Set(view.poll.options.map((o) => o.id)).size).toBe(3);
        expect(Number.isNaN(Date.parse(view.poll.createdAt))).toBe(false);
        expect(Math.abs(Date.parse(view.poll.createdAt) - w.h.now)).toBeLessThan(1000);
        expect(view.results).toEqual({
          type: 'single',
          totalBallots: 0,
          options: view.poll.options.map((o) => ({ optionId: o.id, label: o.label, count: 0, percent: 0 })),
        });
        expect(view).toMatchObject({ resultsHiddenReason: null, viewerBallot: null, viewerCanVote: true });
        const read = await w.get(view, null);
        expect(read.poll).toEqual(view.poll);
        expect(read.viewerCanVote).toBe(false);
      });

      it('creates every type with its own fields', async (ctx) => {
        const w = await world(suite, ctx);
        const multiple = await w.create({ type: 'multiple', options: ['a', 'b', 'c', 'd'] });
        expect(multiple.poll).toMatchObject({ type: 'multiple', minPicks: 1, maxPicks: 4, scale: null });
        const bounded = await w.create({ type: 'multiple', options: ['a', 'b', 'c', 'd'], minPicks: 2, maxPicks: 3 });
        expect(bounded.poll).toMatchObject({ minPicks: 2, maxPicks: 3 });
        const ranked = await w.create({ type: 'ranked', options: ['a', 'b', 'c'] });
        expect(ranked.poll).toMatchObject({ type: 'ranked', minPicks: null, scale: null });
        expect(ranked.results).toEqual({ type: 'ranked', totalBallots: 0, options: expect.any(Array), rounds: [], winner: null });
        const stars = await w.create({ type: 'rating', options: undefined });
        expect(stars.poll).toMatchObject({ type: 'rating', options: [], scale: { min: 1, max: 5, step: 1 } });
        expect(stars.results).toEqual({
          type: 'rating',
          totalBallots: 0,
          count: 0,
          average: null,
          distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: 0, percent: 0 })),
        });
        const tenths = await w.create({ type: 'rating', options: undefined, scale: { min: 0, max: 1, step: 0.1 } });
        expect((tenths.results as Rated).distribution.map((d) => d.value)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
      });

      it('keeps the closing time, visibility, voters, change rule and context it was given', async (ctx) => {
        const w = await world(suite, ctx);
        const closesAt = w.at(2 * HOUR);
        const view = await w.create({ closesAt, resultsVisibility: 'after_close', voters: 'public', allowChange: false, context: 'post:launch' });
        expect(view.poll).toMatchObject({ resultsVisibility: 'after_close', voters: 'public', allowChange: false, context: 'post:launch', closed: false });
        expect(Date.parse(view.poll.closesAt!)).toBe(Date.parse(closesAt));
        expect(view.poll.closedAt).toBeNull();
      });

      it('lets owners, admins and moderators create polls, and no one else', async (ctx) => {
        const w = await world(suite, ctx);
        for (const role of ['owner', 'admin', 'moderator'] as const) {
          const view = await w.create({}, await w.h.as(`Staff-${role}`, role));
          expect(view.poll.author.role).toBe(role);
        }
        const idempotencyKey = w.h.key();
        for (const role of ['member', 'volunteer', 'guest'] as const) {
          await expectError(w.create({ idempotencyKey }, await w.h.as(`Not-${role}`, role)), 'forbidden');
        }
        await expectError(w.polls.createPoll({ question: 'Q', type: 'single', options: ['a', 'b'], idempotencyKey }, { viewer: null }), 'unauthorized');
      });

      it('names the field of every invalid poll', async (ctx) => {
        const w = await world(suite, ctx);
        const bad = (input: Partial<CreatePollInput> | Record<string, unknown>, field: string) => expectError(w.create(input as Partial<CreatePollInput>), 'validation', field);
        await bad({ question: '   ' }, 'question');
        await bad({ question: 'q'.repeat(301) }, 'question');
        await bad({ question: '问'.repeat(301) }, 'question');
        await bad({ type: 'poll-ish' }, 'type');
        await bad({ options: undefined }, 'options');
        await bad({ options: ['only'] }, 'options');
        await bad({ options: Array.from({ length: 21 }, (_, i) => `o${i}`) }, 'options');
        await bad({ options: ['a', '   '] }, 'options.1');
        await bad({ options: ['a', 'b', 'x'.repeat(201)] }, 'options.2');
        await bad({ options: ['Yes', 'No', 'Maybe', 'yes'] }, 'options.3');
        await bad({ options: ['a', 7] }, 'options.1');
        await bad({ type: 'multiple', options: ['a', 'b', 'c'], minPicks: 0 }, 'minPicks');
        await bad({ type: 'multiple', options: ['a', 'b', 'c'], minPicks: 4 }, 'minPicks');
        await bad({ type: 'multiple', options: ['a', 'b', 'c'], minPicks: 1.5 }, 'minPicks');
        await bad({ type: 'multiple', options: ['a', 'b', 'c'], maxPicks: 4 }, 'maxPicks');
        await bad({ type: 'multiple', options: ['a', 'b', 'c'], minPicks: 3, maxPicks: 2 }, 'maxPicks');
        await bad({ type: 'single', minPicks: 1 }, 'minPicks');
        await bad({ type: 'ranked', maxPicks: 2 }, 'maxPicks');
        await bad({ type: 'single', scale: { min: 1, max: 5, step: 1 } }, 'scale');
        await bad({ type: 'rating' }, 'options');
        await bad({ type: 'rating', options: undefined, scale: { min: -5000, max: 5, step: 1 } }, 'scale.min');
        await bad({ type: 'rating', options: undefined, scale: { min: 1, max: 5000, step: 1 } }, 'scale.max');
        await bad({ type: 'rating', options: undefined, scale: { min: 1, max: 5 } }, 'scale.step');
        await bad({ type: 'rating', options: undefined, scale: { min: 5, max: 1, step: 1 } }, 'scale.max');
        await bad({ type: 'rating', options: undefined, scale: { min: 1, max: 4, step: 2 } }, 'scale.step');
        await bad({ type: 'rating', options: undefined, scale: { min: 1, max: 5, step: 0 } }, 'scale.step');
        await bad({ type: 'rating', options: undefined, scale: { min: 0, max: 1000, step: 1 } }, 'scale.step');
        await bad({ closesAt: 'next tuesday' }, 'closesAt');
        await bad({ closesAt: w.at(-HOUR) }, 'closesAt');
        await bad({ closesAt: w.at(0) }, 'closesAt');
        await bad({ resultsVisibility: 'sometimes' }, 'resultsVisibility');
        await bad({ voters: 'everyone' }, 'voters');
        await bad({ allowChange: 'yes' }, 'allowChange');
        await bad({ context: 'x'.repeat(513) }, 'context');
        await bad({ idempotencyKey: 'short' }, 'idempotencyKey');
      });

      it('returns the first poll for a repeated key, even when retried at once, and refuses the key for another poll', async (ctx) => {
        const w = await world(suite, ctx);
        const input = { question: 'Once?', type: 'single' as const, options: ['Yes', 'No'], closesAt: w.at(HOUR), idempotencyKey: w.h.key() };
        const first = await w.polls.createPoll(input, { viewer: w.mo });
        const again = await w.polls.createPoll(input, { viewer: w.mo });
        expect(again.poll).toEqual(first.poll);
        const racing = await Promise.all([1, 2, 3].map(() => w.polls.createPoll(input, { viewer: w.mo })));
        expect(racing.map((v) => v.poll.id)).toEqual([first.poll.id, first.poll.id, first.poll.id]);
        // A retry after the deadline still finds its poll rather than failing on closesAt.
        w.h.advance(2 * HOUR);
        expect((await w.polls.createPoll(input, { viewer: w.mo })).poll.id).toBe(first.poll.id);
        await expectError(w.polls.createPoll({ ...input, question: 'Twice?' }, { viewer: w.mo }), 'conflict', 'idempotencyKey');
        const other = await w.polls.createPoll({ ...input, closesAt: undefined, idempotencyKey: w.h.key() }, { viewer: w.mo });
        expect(other.poll.id).not.toBe(first.poll.id);
        // Keys belong to their member.
        const admin = await w.h.as('Ad', 'admin');
        expect((await w.polls.createPoll({ ...input, closesAt: undefined }, { viewer: admin })).poll.id).not.toBe(first.poll.id);
      });

      it('stores nothing for a refused create: the same key works once the input is fixed', async (ctx) => {
        const w = await world(suite, ctx);
        const idempotencyKey = w.h.key();
        await expectError(w.create({ idempotencyKey, options: ['a', 'a'] }), 'validation', 'options.1');
        await expectError(w.create({ idempotencyKey, closesAt: w.at(-1) }), 'validation', 'closesAt');
        await expectError(w.create({ idempotencyKey }, await w.h.as('Ann')), 'forbidden');
        const view = await w.create({ idempotencyKey, question: 'Fixed', options: ['a', 'b'] });
        expect(view.poll.question).toBe('Fixed');
      });

      it('answers not_found for a poll that does not exist, and names a malformed id', async (ctx) => {
        const w = await world(suite, ctx);
        const pollId = `missing-${w.h.key()}`;
        const ann = await w.h.as('Ann');
        await expectError(w.polls.getPoll({ pollId }, { viewer: null }), 'not_found');
        await expectError(w.polls.vote({ pollId, choices: ['x'] }, { viewer: ann }), 'not_found');
        await expectError(w.polls.retractVote({ pollId }, { viewer: ann }), 'not_found');
        await expectError(w.polls.closePoll({ pollId }, { viewer: w.mo }), 'not_found');
        await expectError(w.polls.reopenPoll({ pollId }, { viewer: w.mo }), 'not_found');
        await expectError(w.polls.listVoters({ pollId }, { viewer: w.mo }), 'not_found');
        await expectError(w.polls.getPoll({ pollId: '' }, { viewer: null }), 'validation', 'pollId');
        await expectError(w.polls.vote({ pollId: '', choices: ['x'] }, { viewer: ann }), 'validation', 'pollId');
      });
    });

    describe('voting', () => {
      it('counts single-choice ballots with percentages of ballots to one decimal, and marks the viewer\'s ballot', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({});
        const [ann, bob, cat] = await people(w.h, 'V', 3);
        const mine = await w.vote(view, ann!, 1);
        expect(mine.viewerBallot).toMatchObject({ choices: [view.poll.options[1]!.id], rating: null });
        expect(Date.parse(mine.viewerBallot!.votedAt)).toBe(Date.parse(mine.viewerBallot!.updatedAt));
        expect(mine.poll.totalBallots).toBe(1);
        await w.vote(view, bob!, 1);
        const last = await w.vote(view, cat!, 2);
        expect(last.results).toEqual({
          type: 'single',
          totalBallots: 3,
          options: [
            { optionId: view.poll.options[0]!.id, label: 'Red', count: 0, percent: 0 },
            { optionId: view.poll.options[1]!.id, label: 'Green', count: 2, percent: 66.7 },
            { optionId: view.poll.options[2]!.id, label: 'Blue', count: 1, percent: 33.3 },
          ],
        });
        expect((await w.get(view, bob!)).viewerBallot?.choices).toEqual([view.poll.options[1]!.id]);
        expect((await w.get(view, w.mo)).viewerBallot).toBeNull();
        expect((await w.get(view, null)).poll.totalBallots).toBe(3);
      });

      it('takes minPicks..maxPicks distinct options in a multiple-choice poll, with percentages of ballots', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ type: 'multiple', options: ['a', 'b', 'c', 'd'], minPicks: 2, maxPicks: 3 });
        const [ann, bob] = await people(w.h, 'V', 2);
        await expectError(w.vote(view, ann!, [0]), 'validation', 'choices');
        await expectError(w.vote(view, ann!, [0, 1, 2, 3]), 'validation', 'choices');
        await expectError(w.vote(view, ann!, [0, 1, 0]), 'validation', 'choices.2');
        await w.vote(view, ann!, [0, 1]);
        const after = await w.vote(view, bob!, [0, 2, 3]);
        expect(counts(after)).toEqual([2, 1, 1, 1]);
        expect((after.results as Tallied).options.map((o) => o.percent)).toEqual([100, 50, 50, 50]);
        expect(after.poll.totalBallots).toBe(2);
      });

      it('counts a ranked poll by instant runoff, round by round', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ type: 'ranked', options: ['Ada', 'Bea', 'Cy'] });
        const voters = await people(w.h, 'R', 9);
        const rankings = [...Array(4).fill([0, 1]), ...Array(3).fill([1, 0]), ...Array(2).fill([2, 1])] as number[][];
        for (const [i, ranking] of rankings.entries()) await w.vote(view, voters[i]!, ranking);
        const [a, b, c] = view.poll.options.map((o) => o.id);
        const results = (await w.get(view, null)).results as Ranked;
        expect(results.type).toBe('ranked');
        expect(results.totalBallots).toBe(9);
        expect(results.options.map((o) => o.count)).toEqual([4, 3, 2]);
        expect(results.rounds).toEqual([
          {
            round: 1,
            counts: [
              { optionId: a, count: 4, percent: 44.4 },
              { optionId: b, count: 3, percent: 33.3 },
              { optionId: c, count: 2, percent: 22.2 },
            ],
            continuing: 9,
            exhausted: 0,
            eliminated: c,
            tieBreak: null,
          },
          {
            round: 2,
            counts: [
              { optionId: a, count: 4, percent: 44.4 },
              { optionId: b, count: 5, percent: 55.6 },
            ],
            continuing: 9,
            exhausted: 0,
            eliminated: null,
            tieBreak: null,
          },
        ]);
        expect(results.winner).toBe(b);
        expect((await w.get(view, voters[8]!)).viewerBallot?.choices).toEqual([c, b]);
      });

      it('breaks ranked ties by first preferences, then mentions, then the later option, and says so', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ type: 'ranked', options: ['A', 'B', 'C'] });
        const voters = await people(w.h, 'T', 7);
        const rankings = [[0], [0], [0], [1], [1], [2], [2, 1]];
        for (const [i, ranking] of rankings.entries()) await w.vote(view, voters[i]!, ranking);
        const [a, b, c] = view.poll.options.map((o) => o.id);
        const results = (await w.get(view, null)).results as Ranked;
        expect(results.rounds.map((r) => [r.eliminated, r.tieBreak, r.continuing, r.exhausted])).toEqual([
          [c, 'mentions', 7, 0],
          [b, 'first_preferences', 6, 1],
          [null, null, 3, 4],
        ]);
        expect(results.winner).toBe(a);

        const even = await w.create({ type: 'ranked', options: ['First', 'Second'] });
        await w.vote(even, voters[0]!, [0]);
        await w.vote(even, voters[1]!, [1]);
        const split = (await w.get(even, null)).results as Ranked;
        expect(split.rounds[0]).toMatchObject({ eliminated: even.poll.options[1]!.id, tieBreak: 'order' });
        expect(split.winner).toBe(even.poll.options[0]!.id);
      });

      it('takes a ranking of 1..n distinct options and nothing else', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ type: 'ranked', options: ['a', 'b', 'c'] });
        const ann = await w.h.as('Ann');
        await expectError(w.polls.vote({ pollId: view.poll.id, choices: [] }, { viewer: ann }), 'validation', 'choices');
        await expectError(w.vote(view, ann, [0, 1, 1]), 'validation', 'choices.2');
        await expectError(w.polls.vote({ pollId: view.poll.id, choices: [view.poll.options[0]!.id, 'nope'] }, { viewer: ann }), 'validation', 'choices.1');
        await expectError(w.polls.vote({ pollId: view.poll.id, rating: 3 }, { viewer: ann }), 'validation', 'rating');
        expect((await w.vote(view, ann, [2])).viewerBallot?.choices).toEqual([view.poll.options[2]!.id]);
        expect((await w.vote(view, ann, [2, 0, 1])).viewerBallot?.choices).toEqual([2, 0, 1].map((i) => view.poll.options[i]!.id));
      });

      it('rates on the scale: average, count and the distribution per step', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ type: 'rating', options: undefined, scale: { min: 0, max: 10, step: 0.5 } });
        const [ann, bob, cat] = await people(w.h, 'V', 3);
        const rate = (viewer: Viewer, rating: number) => w.polls.vote({ pollId: view.poll.id, rating }, { viewer });
        await expectError(rate(ann!, 10.5), 'validation', 'rating');
        await expectError(rate(ann!, -0.5), 'validation', 'rating');
        await expectError(rate(ann!, 7.25), 'validation', 'rating');
        await expectError(w.polls.vote({ pollId: view.poll.id }, { viewer: ann! }), 'validation', 'rating');
        await expectError(w.polls.vote({ pollId: view.poll.id, rating: 'ten' as never }, { viewer: ann! }), 'validation', 'rating');
        await expectError(w.polls.vote({ pollId: view.poll.id, choices: ['x'], rating: 5 }, { viewer: ann! }), 'validation', 'choices');
        expect((await rate(ann!, 9.5)).viewerBallot).toMatchObject({ choices: [], rating: 9.5 });
        await rate(bob!, 7);
        const last = await rate(cat!, 7);
        const results = last.results as Rated;
        expect(results).toMatchObject({ type: 'rating', totalBallots: 3, count: 3, average: 7.83 });
        expect(results.distribution).toHaveLength(21);
        expect(results.distribution.filter((d) => d.count > 0)).toEqual([
          { value: 7, count: 2, percent: 66.7 },
          { value: 9.5, count: 1, percent: 33.3 },
        ]);
      });

      it('names the field of every invalid ballot and counts none of them', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({});
        const ann = await w.h.as('Ann');
        const vote = (input: Record<string, unknown>) => w.polls.vote({ pollId: view.poll.id, ...input } as never, { viewer: ann });
        await expectError(vote({}), 'validation', 'choices');
        await expectError(vote({ choices: [] }), 'validation', 'choices');
        await expectError(vote({ choices: view.poll.options.slice(0, 2).map((o) => o.id) }), 'validation', 'choices');
        await expectError(vote({ choices: ['nope'] }), 'validation', 'choices.0');
        await expectError(vote({ choices: [''] }), 'validation', 'choices.0');
        await expectError(vote({ choices: 'Red' }), 'validation', 'choices');
        await expectError(vote({ choices: [view.poll.options[0]!.id], rating: 4 }), 'validation', 'rating');
        const now = await w.get(view, ann);
        expect(now.viewerBallot).toBeNull();
        expect(now.poll.totalBallots).toBe(0);
      });

      it('refuses anonymous ballots (unauthorized)', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({});
        await expectError(w.vote(view, null as never, 0), 'unauthorized');
        await expectError(w.polls.retractVote({ pollId: view.poll.id }, { viewer: null }), 'unauthorized');
        await expectError(w.polls.closePoll({ pollId: view.poll.id }, { viewer: null }), 'unauthorized');
        expect((await w.get(view, null)).poll.totalBallots).toBe(0);
      });
    });

    describe('changing a vote', () => {
      it('replaces the ballot when the poll allows changes, keeping one per voter and when they first voted', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ allowChange: true });
        const ann = await w.h.as('Ann');
        const first = await w.vote(view, ann, 0);
        w.h.advance(60_000);
        const changed = await w.vote(view, ann, 2);
        expect(counts(changed)).toEqual([0, 0, 1]);
        expect(changed.poll.totalBallots).toBe(1);
        expect(changed.viewerBallot!.votedAt).toBe(first.viewerBallot!.votedAt);
        expect(Date.parse(changed.viewerBallot!.updatedAt) - Date.parse(first.viewerBallot!.updatedAt)).toBe(60_000);
        expect(changed.viewerCanVote).toBe(true);
      });

      it('withdraws a ballot when the poll allows changes; a second withdrawal is not_found', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ allowChange: true });
        const [ann, bob] = await people(w.h, 'V', 2);
        await w.vote(view, ann!, 0);
        await w.vote(view, bob!, 0);
        const after = await w.polls.retractVote({ pollId: view.poll.id }, { viewer: ann! });
        expect(after.viewerBallot).toBeNull();
        expect(counts(after)).toEqual([1, 0, 0]);
        expect(after.poll.totalBallots).toBe(1);
        await expectError(w.polls.retractVote({ pollId: view.poll.id }, { viewer: ann! }), 'not_found');
        // Withdrawn, the member may vote again.
        expect(counts(await w.vote(view, ann!, 1))).toEqual([1, 1, 0]);
      });

      it('refuses a different second ballot and a withdrawal when changes are off, but accepts a retry of the same ballot', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ allowChange: false });
        const ann = await w.h.as('Ann');
        const first = await w.vote(view, ann, 1);
        expect(first.viewerCanVote).toBe(false);
        const before = await snapshot(w, view, [null, ann, w.mo]);
        await expectError(w.vote(view, ann, 0), 'conflict');
        await expectError(w.polls.retractVote({ pollId: view.poll.id }, { viewer: ann }), 'conflict');
        expect(await snapshot(w, view, [null, ann, w.mo])).toEqual(before);
        const retry = await w.vote(view, ann, 1);
        expect(retry.viewerBallot).toEqual(first.viewerBallot);
        expect(counts(retry)).toEqual([0, 1, 0]);
      });
    });

    describe('closing', () => {
      it('closes by itself when closesAt passes: no more ballots, and a message saying so', async (ctx) => {
        const w = await world(suite, ctx);
        const closesAt = w.at(HOUR);
        const view = await w.create({ closesAt });
        const [ann, bob] = await people(w.h, 'V', 2);
        await w.vote(view, ann!, 0);
        w.h.advance(HOUR - 1000);
        expect((await w.get(view, null)).poll.closed).toBe(false);
        await w.vote(view, bob!, 1);
        w.h.advance(1000);
        const closed = await w.get(view, bob!);
        expect(closed.poll).toMatchObject({ closed: true, totalBallots: 2 });
        expect(Date.parse(closed.poll.closedAt!)).toBe(Date.parse(closesAt));
        expect(closed.viewerCanVote).toBe(false);
        const error = await expectError(w.vote(view, await w.h.as('Cat'), 0), 'conflict');
        expect(error.message).toMatch(/closed/i);
        await expectError(w.vote(view, bob!, 0), 'conflict');
        await expectError(w.polls.retractVote({ pollId: view.poll.id }, { viewer: bob! }), 'conflict');
        expect(counts(await w.get(view, null))).toEqual([1, 1, 0]);
      });

      it('leaves a poll its deadline closed as it is when someone closes it by hand', async (ctx) => {
        const w = await world(suite, ctx);
        const closesAt = w.at(HOUR);
        const view = await w.create({ closesAt });
        w.h.advance(2 * HOUR);
        const closed = await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
        expect(closed.poll.closed).toBe(true);
        expect(Date.parse(closed.poll.closedAt!)).toBe(Date.parse(closesAt));
        expect((await w.get(view, null)).poll).toEqual(closed.poll);
      });

      it('lets the author or any moderator close a poll by hand, and nobody else', async (ctx) => {
        const w = await world(suite, ctx);
        const [ann, vol] = [await w.h.as('Ann'), await w.h.as('Vol', 'volunteer')];
        const view = await w.create({ closesAt: w.at(HOUR) });
        await w.vote(view, ann, 0);
        const before = await snapshot(w, view, [null, ann, w.mo]);
        await expectError(w.polls.closePoll({ pollId: view.poll.id }, { viewer: ann }), 'forbidden');
        await expectError(w.polls.closePoll({ pollId: view.poll.id }, { viewer: vol }), 'forbidden');
        expect(await snapshot(w, view, [null, ann, w.mo])).toEqual(before);
        w.h.advance(1000);
        const closed = await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
        expect(closed.poll).toMatchObject({ closed: true, closedAt: new Date(w.h.now).toISOString() });
        expect(Date.parse(closed.poll.closesAt!)).toBeGreaterThan(w.h.now);
        await expectError(w.vote(view, await w.h.as('Bob'), 1), 'conflict');
        // Closing a closed poll changes nothing.
        w.h.advance(1000);
        expect((await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo })).poll).toEqual(closed.poll);

        const other = await w.create({});
        const byModerator = await w.polls.closePoll({ pollId: other.poll.id }, { viewer: await w.h.as('Mia', 'moderator') });
        expect(byModerator.poll.closed).toBe(true);
        const admin = await w.h.as('Ad', 'admin');
        const own = await w.create({}, admin);
        expect((await w.polls.closePoll({ pollId: own.poll.id }, { viewer: admin })).poll.closed).toBe(true);
      });

      it('reopens a closed poll for its author or moderators, keeping its ballots', async (ctx) => {
        const w = await world(suite, ctx);
        const ann = await w.h.as('Ann');
        const view = await w.create({});
        await w.vote(view, ann, 0);
        await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
        await expectError(w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: ann }), 'forbidden');
        expect((await w.get(view, null)).poll.closed).toBe(true);
        const reopened = await w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: await w.h.as('Mia', 'moderator') });
        expect(reopened.poll).toMatchObject({ closed: false, closedAt: null, closesAt: null, totalBallots: 1 });
        expect(counts(await w.vote(view, await w.h.as('Bob'), 1))).toEqual([1, 1, 0]);
        // Reopening an open poll without a new deadline changes nothing.
        expect((await w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: w.mo })).poll).toEqual((await w.get(view, null)).poll);
      });

      it('clears a passed closesAt on reopening, or takes a new one in the future', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ closesAt: w.at(HOUR) });
        w.h.advance(2 * HOUR);
        expect((await w.get(view, null)).poll.closed).toBe(true);
        await expectError(w.polls.reopenPoll({ pollId: view.poll.id, closesAt: w.at(-1000) }, { viewer: w.mo }), 'validation', 'closesAt');
        await expectError(w.polls.reopenPoll({ pollId: view.poll.id, closesAt: 'soon' }, { viewer: w.mo }), 'validation', 'closesAt');
        expect((await w.get(view, null)).poll.closed).toBe(true);
        const cleared = await w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: w.mo });
        expect(cleared.poll).toMatchObject({ closed: false, closesAt: null, closedAt: null });

        const later = await w.create({ closesAt: w.at(HOUR) });
        w.h.advance(2 * HOUR);
        const next = w.at(HOUR);
        const extended = await w.polls.reopenPoll({ pollId: later.poll.id, closesAt: next }, { viewer: w.mo });
        expect(extended.poll.closed).toBe(false);
        expect(Date.parse(extended.poll.closesAt!)).toBe(Date.parse(next));
        await w.vote(later, await w.h.as('Ann'), 0);
        w.h.advance(HOUR);
        expect((await w.get(later, null)).poll.closed).toBe(true);
      });

      it('keeps a closesAt still ahead when a poll closed by hand reopens, and can move it', async (ctx) => {
        const w = await world(suite, ctx);
        const closesAt = w.at(3 * HOUR);
        const view = await w.create({ closesAt });
        await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
        const reopened = await w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: w.mo });
        expect(reopened.poll.closed).toBe(false);
        expect(Date.parse(reopened.poll.closesAt!)).toBe(Date.parse(closesAt));
        const moved = await w.polls.reopenPoll({ pollId: view.poll.id, closesAt: null }, { viewer: w.mo });
        expect(moved.poll).toMatchObject({ closed: false, closesAt: null });
      });
    });

    describe('results visibility', () => {
      const rules = ['always', 'after_vote', 'after_close', 'staff_only'] as const;
      // Who sees results, open then closed: anonymous, a member who has not voted, a voter,
      // a moderator who is not the author, and the author.
      const expected: Record<(typeof rules)[number], { open: Array<string | null>; closed: Array<string | null> }> = {
        always: { open: [null, null, null, null, null], closed: [null, null, null, null, null] },
        after_vote: { open: ['after_vote', 'after_vote', null, null, null], closed: [null, null, null, null, null] },
        after_close: { open: ['after_close', 'after_close', 'after_close', null, null], closed: [null, null, null, null, null] },
        staff_only: { open: ['staff_only', 'staff_only', 'staff_only', null, null], closed: ['staff_only', 'staff_only', 'staff_only', null, null] },
      };

      for (const rule of rules) {
        it(`shows results by the "${rule}" rule to each kind of viewer, before and after closing`, async (ctx) => {
          const w = await world(suite, ctx);
          const admin = await w.h.as('Ad', 'admin');
          const [voter, nonVoter] = [await w.h.as('Voter'), await w.h.as('Looker')];
          const mia = await w.h.as('Mia', 'moderator');
          const view = await w.create({ resultsVisibility: rule }, admin);
          const voted = await w.vote(view, voter, 1);
          const viewers = [null, nonVoter, voter, mia, admin];
          for (const phase of ['open', 'closed'] as const) {
            if (phase === 'closed') await w.polls.closePoll({ pollId: view.poll.id }, { viewer: admin });
            const seen = await Promise.all(viewers.map((v) => w.get(view, v)));
            expect(seen.map((s) => s.resultsHiddenReason), `${rule}, ${phase}`).toEqual(expected[rule][phase]);
            for (const s of seen) {
              // Totals are for everyone; the results only where the rule allows.
              expect(s.poll.totalBallots).toBe(1);
              if (s.resultsHiddenReason === null) expect(counts(s)).toEqual([0, 1, 0]);
              else expect(s.results).toBeNull();
            }
          }
          // The vote call itself answers with what the voter may see.
          expect(voted.resultsHiddenReason).toBe(expected[rule].open[2]);
        });
      }

      it('hides after_vote results again when the voter withdraws', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ resultsVisibility: 'after_vote' });
        const ann = await w.h.as('Ann');
        expect((await w.vote(view, ann, 0)).results).not.toBeNull();
        const withdrawn = await w.polls.retractVote({ pollId: view.poll.id }, { viewer: ann });
        expect(withdrawn).toMatchObject({ results: null, resultsHiddenReason: 'after_vote', viewerBallot: null });
      });

      it('shows after_close results once closesAt passes, without anyone closing the poll', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ resultsVisibility: 'after_close', closesAt: w.at(HOUR) });
        await w.vote(view, await w.h.as('Ann'), 2);
        expect((await w.get(view, null)).results).toBeNull();
        w.h.advance(HOUR);
        expect(counts(await w.get(view, null))).toEqual([0, 0, 1]);
      });
    });

    describe('guests', () => {
      it('refuses guest ballots unless the community allows them', async (ctx) => {
        const w = await world(suite, ctx);
        const gus = await w.h.as('Gus', 'guest');
        const view = await w.create({});
        expect((await w.get(view, gus)).viewerCanVote).toBe(false);
        await expectError(w.vote(view, gus, 0), 'forbidden');
        expect((await w.get(view, null)).poll.totalBallots).toBe(0);
        await w.h.configure({ pollGuests: true });
        expect((await w.get(view, gus)).viewerCanVote).toBe(true);
        const voted = await w.vote(view, gus, 0);
        expect(voted.viewerBallot?.choices).toEqual([view.poll.options[0]!.id]);
        expect(counts(voted)).toEqual([1, 0, 0]);
        expect((await w.get(view, gus)).viewerBallot).not.toBeNull();
      });

      it('gives each guest one ballot, however often they vote', async (ctx) => {
        const w = await world(suite, ctx);
        await w.h.configure({ pollGuests: true });
        const [gus, gil] = [await w.h.as('Gus', 'guest'), await w.h.as('Gil', 'guest')];
        const fixed = await w.create({ allowChange: false });
        await w.vote(fixed, gus, 0);
        await expectError(w.vote(fixed, gus, 1), 'conflict');
        await w.vote(fixed, gil, 1);
        expect(counts(await w.get(fixed, null))).toEqual([1, 1, 0]);
        const open = await w.create({ allowChange: true });
        await Promise.all([w.vote(open, gus, 0), w.vote(open, gus, 0), w.vote(open, gus, 0)]);
        await w.vote(open, gus, 2);
        expect(counts(await w.get(open, null))).toEqual([0, 0, 1]);
      });

      it('never lets guests create, close or reopen polls', async (ctx) => {
        const w = await world(suite, ctx);
        await w.h.configure({ pollGuests: true });
        const gus = await w.h.as('Gus', 'guest');
        const view = await w.create({});
        await expectError(w.create({}, gus), 'forbidden');
        await expectError(w.polls.closePoll({ pollId: view.poll.id }, { viewer: gus }), 'forbidden');
        await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
        await expectError(w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: gus }), 'forbidden');
      });
    });

    describe('voters', () => {
      it('lists who voted for what in a public poll, in the order they first voted, page by page', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ voters: 'public', allowChange: true });
        const voters = await people(w.h, 'P', 5);
        // Two voters at the same instant, so pages must break ties on the same time.
        await w.vote(view, voters[0]!, 0);
        w.h.advance(1000);
        await Promise.all([w.vote(view, voters[1]!, 1), w.vote(view, voters[2]!, 0)]);
        w.h.advance(1000);
        await w.vote(view, voters[3]!, 2);
        w.h.advance(1000);
        await w.vote(view, voters[4]!, 0);
        // Changing a vote keeps one's place.
        w.h.advance(1000);
        await w.vote(view, voters[0]!, 1);

        const all = await w.polls.listVoters({ pollId: view.poll.id }, { viewer: voters[3]! });
        expect(all.nextCursor).toBeNull();
        expect(all.items).toHaveLength(5);
        expect(all.items[0]).toMatchObject({ voter: { displayName: 'P0' }, choices: [view.poll.options[1]!.id], rating: null });
        expect(all.items.slice(1, 3).map((v) => v.voter.displayName).sort()).toEqual(['P1', 'P2']);
        expect(all.items.slice(3).map((v) => v.voter.displayName)).toEqual(['P3', 'P4']);
        const times = all.items.map((v) => Date.parse(v.votedAt));
        expect([...times].sort((a, b) => a - b)).toEqual(times);

        const paged: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await w.polls.listVoters({ pollId: view.poll.id, limit: 2, cursor }, { viewer: w.mo });
          expect(page.items.length).toBeLessThanOrEqual(2);
          paged.push(...page.items.map((v) => v.voter.id));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor && pages < 10);
        expect(paged).toEqual(all.items.map((v) => v.voter.id));
        expect(pages).toBe(3);

        const firstOption = await w.polls.listVoters({ pollId: view.poll.id, optionId: view.poll.options[0]!.id }, { viewer: w.mo });
        expect(firstOption.items.map((v) => v.voter.displayName).sort()).toEqual(['P2', 'P4']);
        await w.polls.retractVote({ pollId: view.poll.id }, { viewer: voters[4]! });
        expect((await w.polls.listVoters({ pollId: view.poll.id }, { viewer: w.mo })).items.map((v) => v.voter.displayName)).not.toContain('P4');
      });

      it('lists who ranked an option, and each voter\'s rating in a rating poll', async (ctx) => {
        const w = await world(suite, ctx);
        const ranked = await w.create({ type: 'ranked', voters: 'public', options: ['a', 'b', 'c'] });
        const [ann, bob] = await people(w.h, 'V', 2);
        await w.vote(ranked, ann!, [0, 2]);
        await w.vote(ranked, bob!, [1]);
        const third = await w.polls.listVoters({ pollId: ranked.poll.id, optionId: ranked.poll.options[2]!.id }, { viewer: bob! });
        expect(third.items.map((v) => [v.voter.displayName, v.choices])).toEqual([['V0', [ranked.poll.options[0]!.id, ranked.poll.options[2]!.id]]]);

        const rating = await w.create({ type: 'rating', voters: 'public', options: undefined });
        await w.polls.vote({ pollId: rating.poll.id, rating: 4 }, { viewer: ann! });
        const rated = await w.polls.listVoters({ pollId: rating.poll.id }, { viewer: ann! });
        expect(rated.items).toMatchObject([{ voter: { displayName: 'V0' }, choices: [], rating: 4 }]);
        await expectError(w.polls.listVoters({ pollId: rating.poll.id, optionId: 'any' }, { viewer: ann! }), 'validation', 'optionId');
      });

      it('keeps secret votes secret, even from staff', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ voters: 'secret' });
        const ann = await w.h.as('Ann');
        await w.vote(view, ann, 0);
        for (const viewer of [null, ann, w.mo, await w.h.owner()]) {
          await expectError(w.polls.listVoters({ pollId: view.poll.id }, { viewer }), 'forbidden');
        }
      });

      it('shows public voters only to those who may see the results', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ voters: 'public', resultsVisibility: 'after_close' });
        const [ann, bob] = await people(w.h, 'V', 2);
        await w.vote(view, ann!, 0);
        await expectError(w.polls.listVoters({ pollId: view.poll.id }, { viewer: ann! }), 'forbidden');
        await expectError(w.polls.listVoters({ pollId: view.poll.id }, { viewer: null }), 'forbidden');
        expect((await w.polls.listVoters({ pollId: view.poll.id }, { viewer: w.mo })).items).toHaveLength(1);
        await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
        expect((await w.polls.listVoters({ pollId: view.poll.id }, { viewer: bob! })).items).toHaveLength(1);
        expect((await w.polls.listVoters({ pollId: view.poll.id }, { viewer: null })).items).toHaveLength(1);

        const afterVote = await w.create({ voters: 'public', resultsVisibility: 'after_vote' });
        await expectError(w.polls.listVoters({ pollId: afterVote.poll.id }, { viewer: bob! }), 'forbidden');
        await w.vote(afterVote, bob!, 1);
        expect((await w.polls.listVoters({ pollId: afterVote.poll.id }, { viewer: bob! })).items).toHaveLength(1);
      });

      it('names a bad option or cursor', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ voters: 'public' });
        await expectError(w.polls.listVoters({ pollId: view.poll.id, optionId: 'nope' }, { viewer: w.mo }), 'not_found', 'optionId');
        await expectError(w.polls.listVoters({ pollId: view.poll.id, cursor: 'garbage' }, { viewer: w.mo }), 'validation', 'cursor');
        await expectError(w.polls.listVoters({ pollId: view.poll.id, limit: 0 }, { viewer: w.mo }), 'validation', 'limit');
        await expectError(w.polls.listVoters({ pollId: view.poll.id, limit: 1000 }, { viewer: w.mo }), 'validation', 'limit');
      });
    });

    describe('concurrency', () => {
      it('counts 50 ballots cast at once exactly', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ options: ['a', 'b', 'c', 'd', 'e'] });
        const voters = await people(w.h, 'C', 50);
        const results = await Promise.all(voters.map((v, i) => w.vote(view, v, i % 5)));
        expect(results.every((r) => r.viewerBallot !== null)).toBe(true);
        const final = await w.get(view, null);
        expect(final.poll.totalBallots).toBe(50);
        expect(counts(final)).toEqual([10, 10, 10, 10, 10]);
        expect((final.results as Tallied).options.map((o) => o.percent)).toEqual([20, 20, 20, 20, 20]);
      });

      it('keeps one ballot when the same voter votes twice at once', async (ctx) => {
        const w = await world(suite, ctx);
        const [ann, bob, cat] = await people(w.h, 'V', 3);
        const fixed = await w.create({ allowChange: false });
        // The same ballot twice: both calls succeed, one ballot counts.
        await Promise.all([w.vote(fixed, ann!, 0), w.vote(fixed, ann!, 0)]);
        // Two different ballots: exactly one lands, the other is a conflict.
        const settled = await Promise.allSettled([w.vote(fixed, bob!, 1), w.vote(fixed, bob!, 2)]);
        expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
        const refused = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toMatchObject({ code: 'conflict' });
        const final = await w.get(fixed, null);
        expect(final.poll.totalBallots).toBe(2);
        const bobs = (await w.get(fixed, bob!)).viewerBallot!.choices[0];
        expect([fixed.poll.options[1]!.id, fixed.poll.options[2]!.id]).toContain(bobs);

        const changeable = await w.create({ allowChange: true });
        await Promise.all([w.vote(changeable, cat!, 0), w.vote(changeable, cat!, 1)]);
        const after = await w.get(changeable, cat!);
        expect(after.poll.totalBallots).toBe(1);
        expect(counts(after).reduce((a, b) => a + b, 0)).toBe(1);
      });
    });

    describe('rejected calls change nothing', () => {
      it('leaves every view of the poll as it was after a run of refused calls', async (ctx) => {
        const w = await world(suite, ctx);
        const view = await w.create({ type: 'multiple', options: ['a', 'b', 'c'], maxPicks: 2, voters: 'public', allowChange: false, resultsVisibility: 'after_vote' });
        const [ann, bob] = await people(w.h, 'V', 2);
        const gus = await w.h.as('Gus', 'guest');
        await w.vote(view, ann!, [0, 1]);
        const viewers = [null, ann!, bob!, gus, w.mo];
        const before = await snapshot(w, view, viewers);
        await expectError(w.vote(view, bob!, [0, 1, 2]), 'validation', 'choices');
        await expectError(w.vote(view, bob!, [0, 0]), 'validation', 'choices.1');
        await expectError(w.vote(view, ann!, [2]), 'conflict');
        await expectError(w.vote(view, gus, [2]), 'forbidden');
        await expectError(w.polls.retractVote({ pollId: view.poll.id }, { viewer: ann! }), 'conflict');
        await expectError(w.polls.retractVote({ pollId: view.poll.id }, { viewer: bob! }), ['conflict', 'not_found']);
        await expectError(w.polls.closePoll({ pollId: view.poll.id }, { viewer: bob! }), 'forbidden');
        await expectError(w.polls.reopenPoll({ pollId: view.poll.id, closesAt: w.at(-1) }, { viewer: w.mo }), 'validation', 'closesAt');
        await expectError(w.polls.listVoters({ pollId: view.poll.id }, { viewer: bob! }), 'forbidden');
        expect(await snapshot(w, view, viewers)).toEqual(before);
      });
    });

    describe('realtime', () => {
      it('announces ballots, withdrawals, closing and reopening on the poll channel with totals and public results', async (ctx) => {
        const w = await world(suite, ctx);
        suite.needs(w.h, ctx, 'realtime');
        const view = await w.create({ allowChange: true });
        const log = w.h.listen(pollChannel(view.poll.id));
        try {
          const [ann, bob] = await people(w.h, 'V', 2);
          await w.vote(view, ann!, 0);
          const first = (await log.next((e) => e.type === 'poll.updated' && e.totalBallots === 1)) as Updated;
          expect(first).toMatchObject({ channel: pollChannel(view.poll.id), pollId: view.poll.id, closed: false });
          expect(typeof first.id).toBe('string');
          expect((first.results as Tallied).options.map((o) => o.count)).toEqual([1, 0, 0]);
          await w.vote(view, bob!, 2);
          const second = (await log.next((e) => e.type === 'poll.updated' && e.totalBallots === 2)) as Updated;
          expect((second.results as Tallied).options.map((o) => o.count)).toEqual([1, 0, 1]);
          await w.polls.retractVote({ pollId: view.poll.id }, { viewer: ann! });
          const third = (await log.next((e) => e.type === 'poll.updated' && e.totalBallots === 1 && e.id !== first.id)) as Updated;
          expect((third.results as Tallied).options.map((o) => o.count)).toEqual([0, 0, 1]);
          await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
          const closed = (await log.next((e) => e.type === 'poll.updated' && e.closed)) as Updated;
          expect(closed.totalBallots).toBe(1);
          await w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: w.mo });
          const reopened = await log.next((e) => e.type === 'poll.updated' && !e.closed && log.events.indexOf(e) > log.events.indexOf(closed));
          expect(reopened).toMatchObject({ totalBallots: 1, closed: false });
          expect(new Set(log.events.map((e) => e.id)).size).toBe(log.events.length);
          expect(log.events.every((e) => e.channel === pollChannel(view.poll.id))).toBe(true);
        } finally {
          log.unsubscribe();
        }
      });

      it('leaves results out of events while they are not public, so receivers fetch their own view', async (ctx) => {
        const w = await world(suite, ctx);
        suite.needs(w.h, ctx, 'realtime');
        const view = await w.create({ resultsVisibility: 'after_close' });
        const other = await w.create({});
        const log = w.h.listen(pollChannel(view.poll.id));
        try {
          await w.vote(other, await w.h.as('Zed'), 0);
          await w.vote(view, await w.h.as('Ann'), 1);
          const voted = (await log.next((e) => e.type === 'poll.updated' && e.totalBallots === 1)) as Updated;
          expect(voted.results).toBeNull();
          await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
          const closed = (await log.next((e) => e.type === 'poll.updated' && e.closed)) as Updated;
          expect((closed.results as Tallied).options.map((o) => o.count)).toEqual([0, 1, 0]);
          // Only this poll's events arrived.
          expect(log.events.every((e) => e.type === 'poll.updated' && e.pollId === view.poll.id)).toBe(true);
        } finally {
          log.unsubscribe();
        }
      });

      it('never puts after_vote or staff_only results in an event while the rule hides them from the public', async (ctx) => {
        const w = await world(suite, ctx);
        suite.needs(w.h, ctx, 'realtime');
        for (const [rule, publicOnceClosed] of [['after_vote', true], ['staff_only', false]] as const) {
          const view = await w.create({ resultsVisibility: rule });
          const log = w.h.listen(pollChannel(view.poll.id));
          try {
            await w.vote(view, await w.h.as(`Ann-${rule}`), 1);
            const voted = (await log.next((e) => e.type === 'poll.updated' && e.totalBallots === 1)) as Updated;
            expect(voted.results, rule).toBeNull();
            await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
            const closed = (await log.next((e) => e.type === 'poll.updated' && e.closed)) as Updated;
            if (publicOnceClosed) expect((closed.results as Tallied).options.map((o) => o.count)).toEqual([0, 1, 0]);
            else expect(closed.results, rule).toBeNull();
          } finally {
            log.unsubscribe();
          }
        }
      });

      it('publishes nothing for closing a closed poll or reopening an open one without a new deadline', async (ctx) => {
        const w = await world(suite, ctx);
        suite.needs(w.h, ctx, 'realtime');
        const view = await w.create({ closesAt: w.at(HOUR) });
        const log = w.h.listen(pollChannel(view.poll.id));
        try {
          await w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: w.mo });
          await w.polls.reopenPoll({ pollId: view.poll.id, closesAt: view.poll.closesAt }, { viewer: w.mo });
          await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
          await log.next((e) => e.type === 'poll.updated' && e.closed);
          await w.polls.closePoll({ pollId: view.poll.id }, { viewer: w.mo });
          await w.polls.reopenPoll({ pollId: view.poll.id }, { viewer: w.mo });
          await log.next((e) => e.type === 'poll.updated' && !e.closed);
          expect(log.events.map((e) => (e as Updated).closed)).toEqual([true, false]);
        } finally {
          log.unsubscribe();
        }
      });

      it('publishes nothing for a retried identical ballot or a refused one', async (ctx) => {
        const w = await world(suite, ctx);
        suite.needs(w.h, ctx, 'realtime');
        const view = await w.create({ allowChange: false });
        const log = w.h.listen(pollChannel(view.poll.id));
        try {
          const [ann, bob] = await people(w.h, 'V', 2);
          await w.vote(view, ann!, 0);
          await w.vote(view, ann!, 0);
          await expectError(w.vote(view, ann!, 1), 'conflict');
          await w.vote(view, bob!, 1);
          await log.next((e) => e.type === 'poll.updated' && e.totalBallots === 2);
          expect(log.events.map((e) => (e as Updated).totalBallots)).toEqual([1, 2]);
        } finally {
          log.unsubscribe();
        }
      });
    });
  });
}
