import { describe, expect, it } from 'vitest';
import { BREAKDOWN_MIN_GROUP, PollBreakdown, PollPage, PollView as PollViewSchema, type Poll, type PollView, type Viewer } from '@hearth/protocol';
import { expectError, type Suite } from '../harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Ctx = { skip: (note?: string) => void };

/** Checks a value against its protocol schema, saying which field is off. */
function conforms(schema: { safeParse(value: unknown): { success: boolean; error?: { message: string } } }, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success, result.error?.message).toBe(true);
}

/**
 * Conformance for what operators do with polls and questions: the community's polls listed
 * newest first, a poll edited after people voted (never changing what a ballot meant), its
 * results by voter role and level, and the Q&A queues across every space.
 */
export function pollsAdminConformance(suite: Suite): void {
  async function world(ctx: Ctx) {
    const h = await suite.start();
    suite.needs(h, ctx, 'polls');
    const polls = h.group('polls');
    const mo = await h.as('Mo', 'moderator');
    const create = (input: Record<string, unknown> = {}, by: Viewer = mo): Promise<PollView> =>
      polls.createPoll({ question: 'Where?', type: 'single', options: ['Berlin', 'Lisbon', 'Online'], idempotencyKey: h.key(), ...input }, { viewer: by });
    const vote = (view: PollView, viewer: Viewer, index: number) => polls.vote({ pollId: view.poll.id, choices: [view.poll.options[index]!.id] }, { viewer });
    /** Every poll listed (other tests' polls included), walking the pages. */
    const everything = async (status?: 'open' | 'closed'): Promise<Poll[]> => {
      const out: Poll[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Poll[]; nextCursor: string | null } = await polls.listPolls({ limit: 2, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }, { viewer: mo });
        conforms(PollPage, page);
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    return { h, polls, mo, create, vote, everything };
  }

  describe('polls for operators', () => {
    it('lists polls newest first in pages, by status, with their ballots; reviewers only', async (ctx) => {
      const { h, polls, mo, create, vote, everything } = await world(ctx);
      const made: PollView[] = [];
      for (let i = 0; i < 4; i++) {
        made.push(await create({ question: `Listed ${i}`, ...(i === 0 ? { closesAt: new Date(h.now + HOUR).toISOString() } : {}) }));
        h.advance(1000);
      }
      await vote(made[2]!, await h.as('Ada'), 0);
      await polls.closePoll({ pollId: made[1]!.poll.id }, { viewer: mo });
      const mine = (list: Poll[]) => list.filter((p) => made.some((m) => m.poll.id === p.id));

      const all = mine(await everything());
      expect(all.map((p) => p.question)).toEqual(['Listed 3', 'Listed 2', 'Listed 1', 'Listed 0']);
      expect(all.map((p) => p.totalBallots)).toEqual([0, 1, 0, 0]);
      expect(new Set(all.map((p) => p.id)).size).toBe(4);
      expect(mine(await everything('closed')).map((p) => p.question)).toEqual(['Listed 1']);
      h.advance(2 * HOUR);
      expect(mine(await everything('closed')).map((p) => p.question)).toEqual(['Listed 1', 'Listed 0']);
      expect(mine(await everything('open')).map((p) => p.question)).toEqual(['Listed 3', 'Listed 2']);

      await expectError(polls.listPolls({}, { viewer: await h.as('Ada') }), 'forbidden');
      await expectError(polls.listPolls({}, { viewer: null }), 'unauthorized');
      await expectError(polls.listPolls({ status: 'archived' as never }, { viewer: mo }), 'validation', 'status');
      await expectError(polls.listPolls({ limit: 0 }, { viewer: mo }), 'validation', 'limit');
      await expectError(polls.listPolls({ cursor: 'not-a-cursor' }, { viewer: mo }), 'validation', 'cursor');
    });

    it('edits the question, description, options, deadline and visibility of a poll with votes', async (ctx) => {
      const { h, polls, mo, create, vote } = await world(ctx);
      const view = await create({ description: 'Our spring meetup.' });
      expect(view.poll).toMatchObject({ description: 'Our spring meetup.', editedAt: null });
      const ada = await h.as('Ada');
      await vote(view, ada, 0);
      h.advance(1000);
      const [berlin, lisbon, online] = view.poll.options;
      const closesAt = new Date(h.now + DAY).toISOString();
      const edited = await polls.editPoll(
        {
          pollId: view.poll.id,
          question: '  Where should we meet?  ',
          description: null,
          options: [{ id: berlin!.id, label: 'Berlin!' }, { id: online!.id, label: 'Online' }, { id: lisbon!.id, label: 'Porto' }, { label: 'Madrid' }],
          closesAt,
          resultsVisibility: 'after_close',
        },
        { viewer: mo },
      );
      conforms(PollViewSchema, edited);
      expect(edited.poll).toMatchObject({ question: 'Where should we meet?', description: null, resultsVisibility: 'after_close', totalBallots: 1 });
      expect(Date.parse(edited.poll.closesAt!)).toBe(Date.parse(closesAt));
      expect(Date.parse(edited.poll.editedAt!)).toBe(h.now);
      expect(edited.poll.options.map((o) => o.label)).toEqual(['Berlin!', 'Online', 'Porto', 'Madrid']);
      expect(edited.poll.options.slice(0, 3).map((o) => o.id)).toEqual([berlin!.id, online!.id, lisbon!.id]);
      // Ada's ballot stays on her option, and she sees it as hers.
      const adas = await polls.getPoll({ pollId: view.poll.id }, { viewer: ada });
      expect(adas.viewerBallot?.choices).toEqual([berlin!.id]);
      expect(adas.results).toBeNull();
      // The new option takes ballots.
      await polls.vote({ pollId: view.poll.id, choices: [edited.poll.options[3]!.id] }, { viewer: await h.as('Bob') });
      expect((await polls.getPoll({ pollId: view.poll.id }, { viewer: mo })).poll.totalBallots).toBe(2);
      if (h.adapter.capabilities.moderation) {
        const audit = await h.group('moderation').listAudit({ target: `poll:${view.poll.id}` }, { viewer: await h.owner() });
        expect(audit.items.map((e) => e.action)).toContain('poll.edit');
      }
    });

    it('refuses removing or replacing an option with votes, and any bad field, changing nothing', async (ctx) => {
      const { h, polls, mo, create, vote } = await world(ctx);
      const view = await create();
      const [berlin, lisbon, online] = view.poll.options;
      await vote(view, await h.as('Ada'), 0);
      const before = await polls.getPoll({ pollId: view.poll.id }, { viewer: mo });
      const edit = (patch: Record<string, unknown>, viewer: Viewer | null = mo) => polls.editPoll({ pollId: view.poll.id, ...patch } as never, { viewer });

      const removed = await expectError(edit({ options: [{ id: lisbon!.id, label: 'Lisbon' }, { id: online!.id, label: 'Online' }] }), 'conflict', 'options');
      expect(removed.message).toContain('"Berlin" has 1 vote, so it cannot be removed');
      const replaced = await expectError(edit({ options: [{ id: berlin!.id, label: 'Munich' }, { id: lisbon!.id, label: 'Lisbon' }, { id: online!.id, label: 'Online' }] }), 'conflict', 'options.0.label');
      expect(replaced.message).toContain('can only be corrected');
      await expectError(edit({ question: '' }), 'validation', 'question');
      await expectError(edit({ options: [{ id: berlin!.id, label: 'Berlin' }] }), 'validation', 'options');
      await expectError(edit({ options: [{ id: berlin!.id, label: 'Berlin' }, { label: 'BERLIN' }] }), 'validation', 'options.1.label');
      await expectError(edit({ options: [{ id: berlin!.id, label: 'Berlin' }, { id: 'missing', label: 'X' }] }), 'validation', 'options.1.id');
      await expectError(edit({ closesAt: new Date(h.now - HOUR).toISOString() }), 'validation', 'closesAt');
      await expectError(edit({ closesAt: 'tomorrow' }), 'validation', 'closesAt');
      await expectError(edit({ resultsVisibility: 'sometimes' }), 'validation', 'resultsVisibility');
      await expectError(edit({ question: 'Mine' }, await h.as('Ada')), 'forbidden');
      await expectError(edit({ question: 'Mine' }, null), 'unauthorized');
      await expectError(polls.editPoll({ pollId: `missing-${h.key()}`, question: 'x' }, { viewer: mo }), 'not_found');
      expect(await polls.getPoll({ pollId: view.poll.id }, { viewer: mo })).toEqual(before);

      // An option nobody chose may go; a closed poll takes no new deadline.
      const trimmed = await edit({ options: [{ id: berlin!.id, label: 'Berlin' }, { id: lisbon!.id, label: 'Lisbon' }] });
      expect(trimmed.poll.options.map((o) => o.id)).toEqual([berlin!.id, lisbon!.id]);
      await polls.closePoll({ pollId: view.poll.id }, { viewer: mo });
      await expectError(edit({ closesAt: new Date(h.now + DAY).toISOString() }), 'conflict', 'closesAt');
    });

    it('breaks results down by voter role and level, groups of a secret poll never under the minimum', async (ctx) => {
      const { h, polls, mo, create, vote } = await world(ctx);
      const open = await create({ voters: 'public' });
      const [ada, bob, vi] = [await h.as('Ada'), await h.as('Bob'), await h.as('Vi', 'volunteer')];
      await vote(open, ada, 0);
      await vote(open, bob, 1);
      await vote(open, vi, 1);
      const result = await polls.breakdown({ pollId: open.poll.id }, { viewer: mo });
      conforms(PollBreakdown, result);
      expect(result).toMatchObject({ pollId: open.poll.id, type: 'single', totalBallots: 3, minGroupSize: 1 });
      expect(result.byRole.map((g) => [g.key, g.role, g.ballots, g.options.map((o) => o.count)])).toEqual([
        ['volunteer', 'volunteer', 1, [0, 1, 0]],
        ['member', 'member', 2, [1, 1, 0]],
      ]);
      expect(result.byLevel.reduce((n, g) => n + g.ballots, 0)).toBe(3);
      for (const group of result.byLevel) expect(group.level?.level).toBe(Number(group.key));

      const secret = await create({ voters: 'secret' });
      await vote(secret, ada, 0);
      await vote(secret, vi, 2);
      const hidden = await polls.breakdown({ pollId: secret.poll.id }, { viewer: mo });
      expect(hidden.minGroupSize).toBe(BREAKDOWN_MIN_GROUP);
      expect(hidden.byRole.map((g) => [g.key, g.ballots, g.merged])).toEqual([['other', 2, ['volunteer', 'member']]]);
      expect(hidden.byLevel.every((g) => g.ballots >= BREAKDOWN_MIN_GROUP || g.key === 'other')).toBe(true);
      expect(JSON.stringify(hidden)).not.toContain('Ada');

      await expectError(polls.breakdown({ pollId: open.poll.id }, { viewer: vi }), 'forbidden');
      await expectError(polls.breakdown({ pollId: open.poll.id }, { viewer: null }), 'unauthorized');
      await expectError(polls.breakdown({ pollId: `missing-${h.key()}` }, { viewer: mo }), 'not_found');
    });
  });

  describe('qa queues across spaces', () => {
    async function qaWorld(ctx: Ctx) {
      const h = await suite.start();
      suite.needs(h, ctx, 'qa');
      suite.needs(h, ctx, 'feed');
      suite.needs(h, ctx, 'community');
      const [one, two] = [await h.space('qa-one', 'qa'), await h.space('qa-two', 'qa')];
      const ask = (viewer: Viewer, space: string, title: string) => h.group('feed').createPost({ space, kind: 'question', title, body: `${title} — details.`, idempotencyKey: h.key() }, { viewer });
      return { h, one, two, qa: h.group('qa'), ask };
    }

    it('lists unanswered questions of every space oldest first, and open bounties soonest to expire', async (ctx) => {
      const { h, one, two, qa, ask } = await qaWorld(ctx);
      await h.allowBursts();
      const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
      const first = await ask(ada, one, 'First, in one?');
      h.advance(60_000);
      const second = await ask(bob, two, 'Second, in two?');
      h.advance(60_000);
      const answered = await ask(ada, two, 'Answered?');
      await qa.answer({ questionId: answered.id, body: 'Yes.', idempotencyKey: h.key() }, { viewer: bob });
      const mineOnly = (ids: string[]) => ids.filter((id) => [first.id, second.id, answered.id].includes(id));

      const all = await qa.listQuestions({ filter: 'unanswered', limit: 100 }, { viewer: null });
      expect(mineOnly(all.items.map((i) => i.question.id))).toEqual([first.id, second.id]);
      expect(all.items.find((i) => i.question.id === second.id)?.question.space).toBe(two);
      expect((await qa.listQuestions({ space: one, filter: 'unanswered' }, { viewer: null })).items.map((i) => i.question.id)).toEqual([first.id]);

      if (h.adapter.capabilities.gamification) {
        const owner = await h.owner();
        for (const viewer of [ada, bob]) {
          const memberId = (await h.adapter.getSession({ viewer })).viewer!.id;
          await h.group('gamification').adjustPoints({ memberId, delta: 300, reason: 'Conformance: points for bounties' }, { viewer: owner });
        }
        await qa.offerBounty({ questionId: first.id, amount: 100 }, { viewer: ada });
        h.advance(HOUR);
        await qa.offerBounty({ questionId: second.id, amount: 50 }, { viewer: bob });
        const bounties = await qa.listQuestions({ filter: 'bounty' }, { viewer: null });
        const listed = bounties.items.filter((i) => [first.id, second.id].includes(i.question.id));
        expect(listed.map((i) => [i.question.id, i.bounty?.amount, i.bounty?.status])).toEqual([
          [first.id, 100, 'open'],
          [second.id, 50, 'open'],
        ]);
      }
    });
  });
}
