import { describe, expect, it } from 'vitest';
import { questionChannel, type CommunityEvent, type FeedPost, type QuestionDetail, type Viewer } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

type Ctx = { skip: (note?: string) => void };

/** Conformance for the qa group: answers, votes, accepted answers, bounties, duplicates, similar questions. */
export function qaConformance(suite: Suite): void {
  /** A test's Q&A world: a fresh `qa` space, and a way to ask in it. */
  async function world(ctx: Ctx, ...also: Array<'gamification' | 'moderation' | 'realtime' | 'analytics'>) {
    const h = await suite.start();
    suite.needs(h, ctx, 'qa');
    suite.needs(h, ctx, 'feed');
    for (const capability of also) suite.needs(h, ctx, capability);
    const space = await h.space('qa-label', 'qa');
    const qa = h.group('qa');
    const ask = (viewer: Viewer, title: string, body = `${title} — details.`): Promise<FeedPost> =>
      h.group('feed').createPost({ space, kind: 'question', title, body, idempotencyKey: h.key() }, { viewer });
    const answer = (viewer: Viewer, questionId: string, body: string) => qa.answer({ questionId, body, idempotencyKey: h.key() }, { viewer });
    const get = (questionId: string, viewer: Viewer | null = null) => qa.getQuestion({ questionId }, { viewer });
    return { h, space, qa, ask, answer, get };
  }

  /** The member id the adapter knows a viewer by. */
  async function idOf(h: Harness, viewer: Viewer): Promise<string> {
    return (await h.adapter.getSession({ viewer })).viewer!.id;
  }

  async function balance(h: Harness, viewer: Viewer): Promise<number> {
    return (await h.group('gamification').getStanding({}, { viewer })).balance;
  }

  /** Gives a member points to spend (an admin adjustment, outside the daily caps). */
  async function fund(h: Harness, viewer: Viewer, points: number): Promise<void> {
    await h.group('gamification').adjustPoints({ memberId: await idOf(h, viewer), delta: points, reason: 'Conformance: points to offer bounties with' }, { viewer: await h.owner() });
  }

  /** What every one of these viewers sees of a question, for "a rejected call changed nothing". */
  async function snapshot(get: (id: string, viewer: Viewer | null) => Promise<QuestionDetail>, questionId: string, viewers: Array<Viewer | null>): Promise<unknown> {
    const out = [];
    for (const viewer of viewers) out.push(await get(questionId, viewer));
    return out;
  }

  describe('qa', () => {
    describe('answers', () => {
      it('answers a question: listed on it, counted in answerCount and the feed replyCount', async (ctx) => {
        const { h, space, qa, ask, answer, get } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const q = await ask(ada, 'How do I reset my password?');
        const a = await answer(bob, q.id, '  Settings → Security → Reset.  ');
        expect(a).toMatchObject({ questionId: q.id, body: 'Settings → Security → Reset.', status: 'published', accepted: false, votes: { up: 0, down: 0, score: 0, viewerVote: 0 } });
        expect(a.author.displayName).toBe('Bob');
        const detail = await get(q.id);
        expect(detail.answers.map((x) => x.id)).toEqual([a.id]);
        expect(detail).toMatchObject({ answerCount: 1, acceptedAnswerId: null, bounty: null, duplicateOf: null, answerable: true });
        expect(detail.question).toMatchObject({ id: q.id, kind: 'question', replyCount: 1 });
        expect((await h.group('feed').getPost({ postId: q.id }, { viewer: null })).replyCount).toBe(1);
        const listed = await qa.listQuestions({ space, filter: 'new' }, { viewer: null });
        expect(listed.items.map((i) => [i.question.id, i.answerCount, i.accepted])).toEqual([[q.id, 1, false]]);
      });

      it('answers once per idempotency key; the key with another body is a conflict naming idempotencyKey', async (ctx) => {
        const { h, qa, ask, get } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const q = await ask(ada, 'Retries?');
        const key = h.key();
        const first = await qa.answer({ questionId: q.id, body: 'Once.', idempotencyKey: key }, { viewer: bob });
        const again = await qa.answer({ questionId: q.id, body: 'Once.', idempotencyKey: key }, { viewer: bob });
        expect(again.id).toBe(first.id);
        const retries = await Promise.all(Array.from({ length: 5 }, () => qa.answer({ questionId: q.id, body: 'Once.', idempotencyKey: key }, { viewer: bob })));
        expect(new Set(retries.map((r) => r.id))).toEqual(new Set([first.id]));
        await expectError(qa.answer({ questionId: q.id, body: 'Twice?', idempotencyKey: key }, { viewer: bob }), 'conflict', 'idempotencyKey');
        expect((await get(q.id)).answerCount).toBe(1);
      });

      it('rejects bad answers naming the field, unknown questions and anonymous writers, changing nothing', async (ctx) => {
        const { h, qa, ask, get } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const q = await ask(ada, 'Validation?');
        const before = await snapshot(get, q.id, [null, ada]);
        await expectError(qa.answer({ questionId: q.id, body: '   ', idempotencyKey: h.key() }, { viewer: bob }), 'validation', 'body');
        await expectError(qa.answer({ questionId: q.id, body: 'x'.repeat(20_001), idempotencyKey: h.key() }, { viewer: bob }), 'validation', 'body');
        await expectError(qa.answer({ questionId: '', body: 'hi', idempotencyKey: h.key() }, { viewer: bob }), 'validation', 'questionId');
        await expectError(qa.answer({ questionId: q.id, body: 'hi', idempotencyKey: 'short' }, { viewer: bob }), 'validation', 'idempotencyKey');
        await expectError(qa.answer({ questionId: `missing-${h.key()}`, body: 'hi', idempotencyKey: h.key() }, { viewer: bob }), 'not_found', 'questionId');
        await expectError(qa.answer({ questionId: q.id, body: 'hi', idempotencyKey: h.key() }, { viewer: null }), 'unauthorized');
        await expectError(qa.getQuestion({ questionId: `missing-${h.key()}` }, { viewer: null }), 'not_found');
        expect(await snapshot(get, q.id, [null, ada])).toEqual(before);
      });

      it('refuses answers to a feed post that is not a question', async (ctx) => {
        const { h, qa } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const feedSpace = await h.space('qa-feed', 'feed');
        const post = await h.group('feed').createPost({ space: feedSpace, title: 'Hello', body: 'A discussion', idempotencyKey: h.key() }, { viewer: ada });
        await expectError(qa.answer({ questionId: post.id, body: 'hi', idempotencyKey: h.key() }, { viewer: bob }), 'not_found', 'questionId');
        await expectError(qa.getQuestion({ questionId: post.id }, { viewer: null }), 'not_found');
      });

      it('edits: the author or a moderator; anyone else is forbidden', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx);
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Edits?');
        const a = await answer(bob, q.id, 'first draft');
        h.advance(HOUR);
        const edited = await qa.editAnswer({ answerId: a.id, body: 'second draft' }, { viewer: bob });
        expect(edited.body).toBe('second draft');
        expect(edited.editedAt).toBe(new Date(h.now).toISOString());
        await expectError(qa.editAnswer({ answerId: a.id, body: 'hijack' }, { viewer: ada }), 'forbidden');
        await expectError(qa.editAnswer({ answerId: a.id, body: '' }, { viewer: bob }), 'validation', 'body');
        await expectError(qa.editAnswer({ answerId: `missing-${h.key()}`, body: 'x' }, { viewer: bob }), 'not_found', 'answerId');
        await expectError(qa.editAnswer({ answerId: a.id, body: 'anon' }, { viewer: null }), 'unauthorized');
        expect((await qa.editAnswer({ answerId: a.id, body: 'tidied by staff' }, { viewer: mod })).body).toBe('tidied by staff');
        expect((await get(q.id)).answers[0]?.body).toBe('tidied by staff');
      });

      it('deletes softly: the author or a moderator; the answer leaves the question and its counts', async (ctx) => {
        const { h, space, qa, ask, answer, get } = await world(ctx);
        const [ada, bob, cy, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Deletes?');
        const mine = await answer(bob, q.id, 'mine');
        const theirs = await answer(cy, q.id, 'theirs');
        await expectError(qa.deleteAnswer({ answerId: mine.id }, { viewer: cy }), 'forbidden');
        const gone = await qa.deleteAnswer({ answerId: mine.id }, { viewer: bob });
        expect(gone).toMatchObject({ id: mine.id, status: 'deleted', body: '' });
        await expectError(qa.deleteAnswer({ answerId: mine.id }, { viewer: bob }), 'not_found');
        await qa.deleteAnswer({ answerId: theirs.id }, { viewer: mod });
        const detail = await get(q.id, mod);
        expect(detail.answers).toEqual([]);
        expect(detail.answerCount).toBe(0);
        expect(detail.question.replyCount).toBe(0);
        expect((await qa.listQuestions({ space, filter: 'unanswered' }, { viewer: null })).items.map((i) => i.question.id)).toEqual([q.id]);
      });
    });

    describe('votes', () => {
      it('keeps one vote per member, which they may change or take back', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx);
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const q = await ask(ada, 'Votes?');
        const a = await answer(bob, q.id, 'an answer');
        const target = { type: 'answer' as const, id: a.id };
        expect((await qa.vote({ target, value: 1 }, { viewer: cy })).votes).toEqual({ up: 1, down: 0, score: 1, viewerVote: 1 });
        expect((await qa.vote({ target, value: 1 }, { viewer: cy })).votes).toEqual({ up: 1, down: 0, score: 1, viewerVote: 1 });
        expect((await qa.vote({ target, value: -1 }, { viewer: cy })).votes).toEqual({ up: 0, down: 1, score: -1, viewerVote: -1 });
        expect((await get(q.id, cy)).answers[0]?.votes).toEqual({ up: 0, down: 1, score: -1, viewerVote: -1 });
        expect((await get(q.id, null)).answers[0]?.votes).toEqual({ up: 0, down: 1, score: -1, viewerVote: 0 });
        expect((await qa.vote({ target, value: 0 }, { viewer: cy })).votes).toEqual({ up: 0, down: 0, score: 0, viewerVote: 0 });
        expect((await qa.vote({ target, value: 0 }, { viewer: cy })).votes).toEqual({ up: 0, down: 0, score: 0, viewerVote: 0 });
      });

      it("moves a question's score on the feed post with its votes", async (ctx) => {
        const { h, space, qa, ask, get } = await world(ctx);
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const q = await ask(ada, 'Score?');
        const low = await ask(bob, 'Lower score?');
        await qa.vote({ target: { type: 'post', id: q.id }, value: 1 }, { viewer: bob });
        await qa.vote({ target: { type: 'post', id: q.id }, value: 1 }, { viewer: cy });
        await qa.vote({ target: { type: 'post', id: low.id }, value: -1 }, { viewer: cy });
        expect((await h.group('feed').getPost({ postId: q.id }, { viewer: null })).score).toBe(2);
        expect((await h.group('feed').getPost({ postId: low.id }, { viewer: null })).score).toBe(-1);
        expect((await get(q.id, bob)).votes).toEqual({ up: 2, down: 0, score: 2, viewerVote: 1 });
        expect((await qa.listQuestions({ space, filter: 'top' }, { viewer: null })).items.map((i) => i.question.id)).toEqual([q.id, low.id]);
        await qa.vote({ target: { type: 'post', id: q.id }, value: -1 }, { viewer: bob });
        expect((await h.group('feed').getPost({ postId: q.id }, { viewer: null })).score).toBe(0);
        expect((await get(q.id)).question.score).toBe(0);
      });

      it('counts many votes cast at once exactly', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const q = await ask(ada, 'Popular?');
        const a = await answer(bob, q.id, 'popular answer');
        const fans = await Promise.all(Array.from({ length: 12 }, (_, i) => h.as(`Fan${i}`)));
        await Promise.all(fans.flatMap((viewer) => [qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer }), qa.vote({ target: { type: 'post', id: q.id }, value: 1 }, { viewer })]));
        let detail = await get(q.id);
        expect(detail.answers[0]?.votes).toMatchObject({ up: 12, down: 0 });
        expect(detail.votes).toMatchObject({ up: 12, down: 0 });
        await Promise.all(fans.slice(0, 5).map((viewer) => qa.vote({ target: { type: 'answer', id: a.id }, value: -1 }, { viewer })));
        await Promise.all(fans.slice(0, 3).map((viewer) => qa.vote({ target: { type: 'post', id: q.id }, value: 0 }, { viewer })));
        detail = await get(q.id);
        expect(detail.answers[0]?.votes).toMatchObject({ up: 7, down: 5, score: 2 });
        expect(detail.votes).toMatchObject({ up: 9, down: 0, score: 9 });
        expect(detail.question.score).toBe(9);
      });

      it("refuses votes on one's own posts, from anonymous viewers, and bad values, naming the field", async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const q = await ask(ada, 'Self votes?');
        const a = await answer(bob, q.id, 'mine');
        const before = await snapshot(get, q.id, [null, ada, bob]);
        await expectError(qa.vote({ target: { type: 'post', id: q.id }, value: 1 }, { viewer: ada }), 'forbidden');
        await expectError(qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: bob }), 'forbidden');
        await expectError(qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: null }), 'unauthorized');
        await expectError(qa.vote({ target: { type: 'answer', id: a.id }, value: 2 as never }, { viewer: ada }), 'validation', 'value');
        await expectError(qa.vote({ target: { type: 'comment' as never, id: a.id }, value: 1 }, { viewer: ada }), 'validation', 'target.type');
        await expectError(qa.vote({ target: { type: 'answer', id: `missing-${h.key()}` }, value: 1 }, { viewer: ada }), 'not_found', 'target.id');
        await expectError(qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: await h.as('Guest', 'guest') }), 'forbidden');
        expect(await snapshot(get, q.id, [null, ada, bob])).toEqual(before);
      });
    });

    describe('accepted answers', () => {
      it('lets the asker accept one answer, sorted first, and change it', async (ctx) => {
        const { h, space, qa, ask, answer, get } = await world(ctx);
        const [ada, bob, cy, dee] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy'), await h.as('Dee')];
        const q = await ask(ada, 'Which is right?');
        const first = await answer(bob, q.id, 'first');
        h.advance(1000);
        const second = await answer(cy, q.id, 'second');
        h.advance(1000);
        const third = await answer(dee, q.id, 'third');
        await qa.vote({ target: { type: 'answer', id: third.id }, value: 1 }, { viewer: bob });
        await qa.vote({ target: { type: 'answer', id: first.id }, value: -1 }, { viewer: cy });
        // By score, then oldest: third (1), second (0), first (-1).
        expect((await get(q.id)).answers.map((a) => a.id)).toEqual([third.id, second.id, first.id]);
        const accepted = await qa.accept({ questionId: q.id, answerId: first.id }, { viewer: ada });
        expect(accepted.acceptedAnswerId).toBe(first.id);
        expect(accepted.answers.map((a) => [a.id, a.accepted])).toEqual([
          [first.id, true],
          [third.id, false],
          [second.id, false],
        ]);
        expect(accepted.question.acceptedAnswerId).toBe(first.id);
        expect((await h.group('feed').getPost({ postId: q.id }, { viewer: null })).acceptedAnswerId).toBe(first.id);
        const changed = await qa.accept({ questionId: q.id, answerId: second.id }, { viewer: ada });
        expect(changed.answers.map((a) => [a.id, a.accepted])).toEqual([
          [second.id, true],
          [third.id, false],
          [first.id, false],
        ]);
        expect((await qa.listQuestions({ space }, { viewer: null })).items[0]).toMatchObject({ accepted: true, answerCount: 3 });
        // Accepting the accepted answer again changes nothing.
        expect((await qa.accept({ questionId: q.id, answerId: second.id }, { viewer: ada })).acceptedAnswerId).toBe(second.id);
      });

      it('lets only the asker or a moderator accept, and only an answer of that question', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx);
        const [ada, bob, cy, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Who accepts?');
        const other = await ask(ada, 'Another question');
        const a = await answer(bob, q.id, 'answer');
        const elsewhere = await answer(bob, other.id, 'answer elsewhere');
        const before = await snapshot(get, q.id, [null, ada]);
        await expectError(qa.accept({ questionId: q.id, answerId: a.id }, { viewer: bob }), 'forbidden');
        await expectError(qa.accept({ questionId: q.id, answerId: a.id }, { viewer: cy }), 'forbidden');
        await expectError(qa.accept({ questionId: q.id, answerId: a.id }, { viewer: null }), 'unauthorized');
        await expectError(qa.accept({ questionId: q.id, answerId: elsewhere.id }, { viewer: ada }), 'validation', 'answerId');
        await expectError(qa.accept({ questionId: q.id, answerId: `missing-${h.key()}` }, { viewer: ada }), 'not_found', 'answerId');
        await expectError(qa.accept({ questionId: q.id, answerId: '' }, { viewer: ada }), 'validation', 'answerId');
        expect(await snapshot(get, q.id, [null, ada])).toEqual(before);
        expect((await qa.accept({ questionId: q.id, answerId: a.id }, { viewer: mod })).acceptedAnswerId).toBe(a.id);
      });

      it('earns answer_accepted, reversed when the accept moves on; nothing for accepting one’s own answer', async (ctx) => {
        const { h, qa, ask, answer } = await world(ctx, 'gamification');
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const rules = (await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules;
        const q = await ask(ada, 'Points for accepting?');
        const bobs = await answer(bob, q.id, 'Bob says');
        const cys = await answer(cy, q.id, 'Cy says');
        const own = await answer(ada, q.id, 'I found it myself');
        const [bob0, cy0, ada0] = [await balance(h, bob), await balance(h, cy), await balance(h, ada)];
        expect(bob0).toBe(rules.answer ?? 0);
        await qa.accept({ questionId: q.id, answerId: bobs.id }, { viewer: ada });
        expect(await balance(h, bob)).toBe(bob0 + (rules.answer_accepted ?? 0));
        await qa.accept({ questionId: q.id, answerId: cys.id }, { viewer: ada });
        expect(await balance(h, bob)).toBe(bob0);
        expect(await balance(h, cy)).toBe(cy0 + (rules.answer_accepted ?? 0));
        await qa.accept({ questionId: q.id, answerId: own.id }, { viewer: ada });
        expect(await balance(h, cy)).toBe(cy0);
        expect(await balance(h, ada)).toBe(ada0);
      });

      it('earns upvote_received for upvotes, reversed when taken back or turned down', async (ctx) => {
        const { h, qa, ask, answer } = await world(ctx, 'gamification');
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const rules = (await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules;
        const up = rules.upvote_received ?? 0;
        const q = await ask(ada, 'Upvote points?');
        const a = await answer(bob, q.id, 'worth an upvote');
        const [bob0, ada0] = [await balance(h, bob), await balance(h, ada)];
        await qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: cy });
        await qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: ada });
        await qa.vote({ target: { type: 'post', id: q.id }, value: 1 }, { viewer: cy });
        expect(await balance(h, bob)).toBe(bob0 + 2 * up);
        expect(await balance(h, ada)).toBe(ada0 + up);
        await qa.vote({ target: { type: 'answer', id: a.id }, value: -1 }, { viewer: cy });
        await qa.vote({ target: { type: 'post', id: q.id }, value: 0 }, { viewer: cy });
        expect(await balance(h, bob)).toBe(bob0 + up);
        expect(await balance(h, ada)).toBe(ada0);
        await qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: cy });
        expect(await balance(h, bob)).toBe(bob0 + 2 * up);
      });
    });

    describe('bounties', () => {
      it('escrows the amount from the asker, one open bounty per question, 7 days plus 24 h of grace', async (ctx) => {
        const { h, space, qa, ask } = await world(ctx, 'gamification');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const q = await ask(ada, 'Worth a bounty?');
        const other = await ask(ada, 'Also worth one?');
        await fund(h, ada, 1000);
        const start = await balance(h, ada);
        const bounty = await qa.offerBounty({ questionId: q.id, amount: 100 }, { viewer: ada });
        expect(bounty).toMatchObject({ questionId: q.id, amount: 100, status: 'open', paidTo: null, paidAmount: 0 });
        expect(Date.parse(bounty.expiresAt) - Date.parse(bounty.createdAt)).toBe(7 * DAY);
        expect(Date.parse(bounty.graceUntil) - Date.parse(bounty.expiresAt)).toBe(DAY);
        expect(await balance(h, ada)).toBe(start - 100);
        await expectError(qa.offerBounty({ questionId: q.id, amount: 50 }, { viewer: ada }), 'conflict');
        await expectError(qa.offerBounty({ questionId: other.id, amount: 50 }, { viewer: bob }), 'forbidden');
        await expectError(qa.offerBounty({ questionId: other.id, amount: 50 }, { viewer: await h.as('Mo', 'moderator') }), 'forbidden');
        expect(await balance(h, ada)).toBe(start - 100);
        h.advance(HOUR);
        await qa.offerBounty({ questionId: other.id, amount: 50 }, { viewer: ada });
        const listed = await qa.listQuestions({ space, filter: 'bounty' }, { viewer: null });
        // Soonest expiry first.
        expect(listed.items.map((i) => [i.question.id, i.bounty?.amount])).toEqual([
          [q.id, 100],
          [other.id, 50],
        ]);
        expect((await qa.getQuestion({ questionId: q.id }, { viewer: null })).bounty).toMatchObject({ id: bounty.id, status: 'open' });
      });

      it('validates the amount (50–500, whole points) naming amount, and never spends more than the balance', async (ctx) => {
        const { h, qa, ask, get } = await world(ctx, 'gamification');
        const ada = await h.as('Ada');
        const q = await ask(ada, 'Too rich?');
        await fund(h, ada, 120);
        const start = await balance(h, ada);
        const before = await snapshot(get, q.id, [null, ada]);
        for (const amount of [49, 501, 75.5, -100, '100' as never]) {
          await expectError(qa.offerBounty({ questionId: q.id, amount }, { viewer: ada }), 'validation', 'amount');
        }
        const tooMuch = await expectError(qa.offerBounty({ questionId: q.id, amount: start + 1 }, { viewer: ada }), 'conflict', 'amount');
        expect(tooMuch.message).toMatch(/points/);
        expect(tooMuch.details.balance).toBe(start);
        await expectError(qa.offerBounty({ questionId: q.id, amount: 100 }, { viewer: null }), 'unauthorized');
        await expectError(qa.offerBounty({ questionId: `missing-${h.key()}`, amount: 100 }, { viewer: ada }), 'not_found');
        expect(await balance(h, ada)).toBe(start);
        expect(await snapshot(get, q.id, [null, ada])).toEqual(before);
        await qa.offerBounty({ questionId: q.id, amount: start }, { viewer: ada });
        expect(await balance(h, ada)).toBe(0);
      });

      it('pays the bounty in full to an answer accepted in time, grace period included', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'gamification');
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const onTime = await ask(ada, 'Accepted in the open period?');
        const inGrace = await ask(ada, 'Accepted in the grace period?');
        await fund(h, ada, 1000);
        await qa.offerBounty({ questionId: onTime.id, amount: 200 }, { viewer: ada });
        await qa.offerBounty({ questionId: inGrace.id, amount: 150 }, { viewer: ada });
        const a = await answer(bob, onTime.id, 'on time');
        const b = await answer(cy, inGrace.id, 'in grace');
        h.advance(2 * DAY);
        const bob0 = await balance(h, bob);
        await qa.accept({ questionId: onTime.id, answerId: a.id }, { viewer: ada });
        const rules = (await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules;
        expect(await balance(h, bob)).toBe(bob0 + 200 + (rules.answer_accepted ?? 0));
        expect((await get(onTime.id)).bounty).toMatchObject({ status: 'paid', paidTo: await idOf(h, bob), answerId: a.id, paidAmount: 200 });
        h.advance(5 * DAY + 12 * HOUR);
        const cy0 = await balance(h, cy);
        await qa.accept({ questionId: inGrace.id, answerId: b.id }, { viewer: ada });
        expect(await balance(h, cy)).toBe(cy0 + 150 + (rules.answer_accepted ?? 0));
        // Changing the accept later moves the acceptance, not the bounty: it is never paid twice or taken back.
        const c = await answer(await h.as('Dee'), onTime.id, 'later and better');
        await qa.accept({ questionId: onTime.id, answerId: c.id }, { viewer: ada });
        expect(await balance(h, bob)).toBe(bob0 + 200);
        expect((await get(onTime.id)).bounty).toMatchObject({ status: 'paid', paidTo: await idOf(h, bob), paidAmount: 200 });
      });

      it('pays half (rounded down) to the top answer with two upvotes when it expires, earliest on a tie; never refunds', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'gamification');
        const [ada, bob, cy, dee] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy'), await h.as('Dee')];
        const voters = await Promise.all(['V1', 'V2', 'V3'].map((n) => h.as(n)));
        const q = await ask(ada, 'Nobody accepts?');
        await fund(h, ada, 500);
        const bounty = await qa.offerBounty({ questionId: q.id, amount: 75 }, { viewer: ada });
        const ada0 = await balance(h, ada);
        const early = await answer(bob, q.id, 'early, two upvotes');
        h.advance(1000);
        const late = await answer(cy, q.id, 'late, two upvotes');
        h.advance(1000);
        const single = await answer(dee, q.id, 'one upvote only');
        for (const target of [early.id, late.id]) for (const viewer of voters.slice(0, 2)) await qa.vote({ target: { type: 'answer', id: target }, value: 1 }, { viewer });
        await qa.vote({ target: { type: 'answer', id: single.id }, value: 1 }, { viewer: voters[2]! });
        const [bob0, cy0] = [await balance(h, bob), await balance(h, cy)];
        h.advance(8 * DAY - 2000);
        // At graceUntil it is still open; a moment later it settles on the next read.
        expect((await get(q.id)).bounty?.status).toBe('open');
        h.advance(1);
        const settled = (await get(q.id)).bounty;
        expect(settled).toMatchObject({ id: bounty.id, status: 'expired', paidTo: await idOf(h, bob), answerId: early.id, paidAmount: 37 });
        expect(await balance(h, bob)).toBe(bob0 + 37);
        expect(await balance(h, cy)).toBe(cy0);
        expect(await balance(h, ada)).toBe(ada0);
        // Settling again (another read, a sweep) pays nothing more.
        await get(q.id);
        expect((await qa.settleBounties({}, { viewer: await h.as('Mo', 'moderator') })).settled).toEqual([]);
        expect(await balance(h, bob)).toBe(bob0 + 37);
      });

      it('pays nothing on expiry without an answer of two upvotes, nor to an accept after the grace period', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'gamification');
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const q = await ask(ada, 'Too late?');
        await fund(h, ada, 500);
        await qa.offerBounty({ questionId: q.id, amount: 100 }, { viewer: ada });
        const ada0 = await balance(h, ada);
        const a = await answer(bob, q.id, 'one upvote');
        await qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: cy });
        // The asker's own upvoted answer never takes the bounty.
        const own = await answer(ada, q.id, 'my own');
        await qa.vote({ target: { type: 'answer', id: own.id }, value: 1 }, { viewer: cy });
        await qa.vote({ target: { type: 'answer', id: own.id }, value: 1 }, { viewer: bob });
        h.advance(8 * DAY + HOUR);
        const bob0 = await balance(h, bob);
        const detail = await qa.accept({ questionId: q.id, answerId: a.id }, { viewer: ada });
        expect(detail.bounty).toMatchObject({ status: 'expired', paidTo: null, answerId: null, paidAmount: 0 });
        const rules = (await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules;
        expect(await balance(h, bob)).toBe(bob0 + (rules.answer_accepted ?? 0));
        expect(await balance(h, ada)).toBe(ada0 + 2 * (rules.upvote_received ?? 0));
        expect((await get(q.id)).bounties).toHaveLength(1);
      });

      it('settles every expired bounty in a sweep by reviewing staff; members may not sweep', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'gamification');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const voters = await Promise.all(['V1', 'V2'].map((n) => h.as(n)));
        const q1 = await ask(ada, 'Swept one?');
        const q2 = await ask(ada, 'Swept two?');
        const q3 = await ask(ada, 'Still open?');
        await fund(h, ada, 1000);
        await qa.offerBounty({ questionId: q1.id, amount: 100 }, { viewer: ada });
        await qa.offerBounty({ questionId: q2.id, amount: 51 }, { viewer: ada });
        const a = await answer(bob, q2.id, 'good one');
        for (const viewer of voters) await qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer });
        h.advance(8 * DAY + 1);
        await qa.offerBounty({ questionId: q3.id, amount: 50 }, { viewer: ada });
        await expectError(qa.settleBounties({}, { viewer: bob }), 'forbidden');
        await expectError(qa.settleBounties({}, { viewer: null }), 'unauthorized');
        const bob0 = await balance(h, bob);
        const { settled } = await qa.settleBounties({}, { viewer: await h.as('Val', 'volunteer') });
        expect(settled.map((b) => [b.questionId, b.status, b.paidAmount]).sort()).toEqual(
          [
            [q1.id, 'expired', 0],
            [q2.id, 'expired', 25],
          ].sort(),
        );
        expect(await balance(h, bob)).toBe(bob0 + 25);
        expect((await get(q3.id)).bounty?.status).toBe('open');
        // A question whose bounty ran out can take a new one.
        expect((await qa.offerBounty({ questionId: q1.id, amount: 60 }, { viewer: ada })).status).toBe('open');
        expect((await get(q1.id)).bounties.map((b) => b.status)).toEqual(['open', 'expired']);
      });

      it('escrows once when offers race: one bounty opens, the others are conflicts', async (ctx) => {
        const { h, qa, ask, get } = await world(ctx, 'gamification');
        const ada = await h.as('Ada');
        const q = await ask(ada, 'Racing offers?');
        await fund(h, ada, 1000);
        const start = await balance(h, ada);
        const results = await Promise.allSettled([60, 70, 80, 90].map((amount) => qa.offerBounty({ questionId: q.id, amount }, { viewer: ada })));
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('conflict');
        const amount = (won[0] as PromiseFulfilledResult<{ amount: number }>).value.amount;
        expect(await balance(h, ada)).toBe(start - amount);
        expect((await get(q.id)).bounties).toHaveLength(1);
      });

      it('returns the first bounty for a retried offer with the same idempotency key', async (ctx) => {
        const { h, qa, ask } = await world(ctx, 'gamification');
        const ada = await h.as('Ada');
        const q = await ask(ada, 'Retry a bounty?');
        await fund(h, ada, 300);
        const start = await balance(h, ada);
        const key = h.key();
        const first = await qa.offerBounty({ questionId: q.id, amount: 80, idempotencyKey: key }, { viewer: ada });
        const again = await qa.offerBounty({ questionId: q.id, amount: 80, idempotencyKey: key }, { viewer: ada });
        expect(again.id).toBe(first.id);
        expect(await balance(h, ada)).toBe(start - 80);
        await expectError(qa.offerBounty({ questionId: q.id, amount: 90, idempotencyKey: key }, { viewer: ada }), 'conflict', 'idempotencyKey');
      });

      it('earns a bounty balance through the points rules', async (ctx) => {
        const { h, qa, ask } = await world(ctx, 'gamification');
        const ada = await h.as('Ada');
        const settings = await h.group('community').getSettings({}, { viewer: await h.owner() });
        await h.configure({ points: { ...settings.points, rules: { ...settings.points.rules, post: 300 }, dailyCap: 1000 } });
        const q = await ask(ada, 'Rich from posting?');
        expect(await balance(h, ada)).toBe(300);
        const bounty = await qa.offerBounty({ questionId: q.id, amount: 300 }, { viewer: ada });
        expect(bounty.amount).toBe(300);
        expect(await balance(h, ada)).toBe(0);
        await expectError(qa.offerBounty({ questionId: (await ask(ada, 'Broke now?')).id, amount: 301 }, { viewer: ada }), 'conflict', 'amount');
      });
    });

    describe('duplicates', () => {
      it('closes a question as a duplicate (moderators), which then takes no answers, and reopens it', async (ctx) => {
        const { h, space, qa, ask, answer, get } = await world(ctx);
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const original = await ask(ada, 'How to export data?');
        const dup = await ask(bob, 'Export my data?');
        await expectError(qa.closeDuplicate({ questionId: dup.id, originalId: original.id }, { viewer: bob }), 'forbidden');
        await expectError(qa.closeDuplicate({ questionId: dup.id, originalId: original.id }, { viewer: await h.as('Val', 'volunteer') }), 'forbidden');
        await expectError(qa.closeDuplicate({ questionId: dup.id, originalId: dup.id }, { viewer: mod }), 'validation', 'originalId');
        await expectError(qa.closeDuplicate({ questionId: dup.id, originalId: `missing-${h.key()}` }, { viewer: mod }), 'not_found', 'originalId');
        const closed = await qa.closeDuplicate({ questionId: dup.id, originalId: original.id }, { viewer: mod });
        expect(closed).toMatchObject({ duplicateOf: { id: original.id, title: 'How to export data?' }, answerable: false });
        expect(closed.question.duplicateOf).toBe(original.id);
        await expectError(answer(ada, dup.id, 'too late'), 'conflict');
        expect((await get(dup.id)).answerCount).toBe(0);
        expect((await qa.listQuestions({ space, filter: 'unanswered' }, { viewer: null })).items.map((i) => i.question.id)).toEqual([original.id]);
        // A chain is refused: link to the original instead.
        const third = await ask(ada, 'Exporting?');
        await expectError(qa.closeDuplicate({ questionId: third.id, originalId: dup.id }, { viewer: mod }), 'validation', 'originalId');
        await expectError(qa.reopen({ questionId: dup.id }, { viewer: bob }), 'forbidden');
        const reopened = await qa.reopen({ questionId: dup.id }, { viewer: mod });
        expect(reopened).toMatchObject({ duplicateOf: null, answerable: true });
        expect((await answer(ada, dup.id, 'now it takes answers')).status).toBe('published');
      });
    });

    describe('similar questions', () => {
      it('finds similar questions best first with a score, in Chinese too', async (ctx) => {
        const { h, space, qa, ask } = await world(ctx);
        const ada = await h.as('Ada');
        const zh = await ask(ada, '忘记密码怎么重置', '登录不了，密码忘记了');
        const en = await ask(ada, 'How to reset a forgotten password', 'I cannot log in.');
        await ask(ada, 'Billing cycle dates', 'When am I charged?');
        const found = await qa.similarQuestions({ space, text: '如何重置密码' }, { viewer: null });
        expect(found.map((f) => f.question.id)).toEqual([zh.id]);
        expect(found[0]!.score).toBeGreaterThan(0);
        expect(found[0]!.score).toBeLessThanOrEqual(1);
        const english = await qa.similarQuestions({ space, text: 'reset password' }, { viewer: null });
        expect(english[0]?.question.id).toBe(en.id);
        const scores = english.map((f) => f.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
        expect(await qa.similarQuestions({ space, text: 'reset password', limit: 1 }, { viewer: null })).toHaveLength(1);
        await expectError(qa.similarQuestions({ space, text: '   ' }, { viewer: null }), 'validation', 'text');
        await expectError(qa.similarQuestions({ space, text: 'x', limit: 0 }, { viewer: null }), 'validation', 'limit');
      });

      it('leaves out deleted and hidden questions', async (ctx) => {
        const { h, space, qa, ask } = await world(ctx, 'moderation');
        const [ada, mod] = [await h.as('Ada'), await h.as('Mo', 'moderator')];
        const deleted = await ask(ada, 'Cancel my subscription', 'How do I cancel my subscription?');
        const hidden = await ask(ada, 'Cancel subscription now', 'Cancel subscription please');
        const kept = await ask(ada, 'Subscription cancel steps', 'Steps to cancel a subscription');
        await h.group('feed').deletePost({ postId: deleted.id }, { viewer: ada });
        await h.group('moderation').act({ target: { type: 'post', id: hidden.id }, action: 'hide' }, { viewer: mod });
        const found = await qa.similarQuestions({ space, text: 'cancel subscription' }, { viewer: mod });
        expect(found.map((f) => f.question.id)).toEqual([kept.id]);
      });
    });

    describe('lists', () => {
      it('lists unanswered oldest first, new newest first, and pages without gaps', async (ctx) => {
        const { h, space, qa, ask, answer } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const qs: FeedPost[] = [];
        for (let i = 0; i < 7; i++) {
          // Far enough apart for the flood rule (a few posts a minute).
          h.advance(20_000);
          qs.push(await ask(ada, `Question ${i}?`));
        }
        await answer(bob, qs[1]!.id, 'answered');
        await answer(bob, qs[4]!.id, 'answered too');
        const ids = async (filter: 'unanswered' | 'new', limit: number) => {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: Awaited<ReturnType<typeof qa.listQuestions>> = await qa.listQuestions(cursor ? { space, filter, limit, cursor } : { space, filter, limit }, { viewer: null });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((i) => i.question.id));
            cursor = page.nextCursor;
          } while (cursor);
          return seen;
        };
        expect(await ids('unanswered', 2)).toEqual([0, 2, 3, 5, 6].map((i) => qs[i]!.id));
        expect(await ids('new', 3)).toEqual([...qs].reverse().map((q) => q.id));
        await expectError(qa.listQuestions({ space, filter: 'new', cursor: 'garbage' }, { viewer: null }), 'validation', 'cursor');
        const newCursor = (await qa.listQuestions({ space, filter: 'new', limit: 1 }, { viewer: null })).nextCursor!;
        await expectError(qa.listQuestions({ space, filter: 'top', cursor: newCursor }, { viewer: null }), 'validation', 'cursor');
        await expectError(qa.listQuestions({ space, filter: 'hot' as never }, { viewer: null }), 'validation', 'filter');
        await expectError(qa.listQuestions({ space: `nope-${h.key()}` }, { viewer: null }), 'not_found');
      });
    });

    describe('concurrency', () => {
      it('accepts exactly once when accepts race: one accepted answer, its points and the bounty paid once', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'gamification');
        const [ada, mod] = [await h.as('Ada'), await h.as('Mo', 'moderator')];
        const authors = await Promise.all(['A1', 'A2', 'A3', 'A4'].map((n) => h.as(n)));
        const q = await ask(ada, 'Racing accepts?');
        await fund(h, ada, 500);
        await qa.offerBounty({ questionId: q.id, amount: 100 }, { viewer: ada });
        const answers = [];
        for (const viewer of authors) answers.push(await answer(viewer, q.id, `answer by ${viewer.displayName}`));
        const before = await Promise.all(authors.map((viewer) => balance(h, viewer)));
        await Promise.all(answers.flatMap((a) => [qa.accept({ questionId: q.id, answerId: a.id }, { viewer: ada }), qa.accept({ questionId: q.id, answerId: a.id }, { viewer: mod })]));
        const detail = await get(q.id);
        const accepted = detail.answers.filter((a) => a.accepted);
        expect(accepted).toHaveLength(1);
        expect(accepted[0]!.id).toBe(detail.acceptedAnswerId);
        const winner = answers.findIndex((a) => a.id === detail.acceptedAnswerId);
        const rules = (await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules;
        const after = await Promise.all(authors.map((viewer) => balance(h, viewer)));
        // The bounty went to whoever held the accept first; answer_accepted only to whoever holds it now.
        const paidTo = detail.bounty!.paidTo;
        expect(detail.bounty).toMatchObject({ status: 'paid', paidAmount: 100 });
        const gains = after.map((b, i) => b - before[i]!);
        const ids = await Promise.all(authors.map((viewer) => idOf(h, viewer)));
        expect(gains).toEqual(ids.map((id, i) => (id === paidTo ? 100 : 0) + (i === winner ? (rules.answer_accepted ?? 0) : 0)));
      });

      it('counts one vote when the same member votes many times at once', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'gamification');
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const q = await ask(ada, 'Eager voter?');
        const a = await answer(bob, q.id, 'vote me');
        const bob0 = await balance(h, bob);
        await Promise.all(Array.from({ length: 6 }, () => qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: cy })));
        expect((await get(q.id, cy)).answers[0]?.votes).toEqual({ up: 1, down: 0, score: 1, viewerVote: 1 });
        const rules = (await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules;
        expect(await balance(h, bob)).toBe(bob0 + (rules.upvote_received ?? 0));
      });
    });

    describe('rank, settlement order and held reasons', () => {
      it('lets no moderator delete or edit the answer of someone ranked above them', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx);
        const [ada, boss, mod] = [await h.as('Ada'), await h.as('Boss', 'admin'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Ranked answers?');
        const a = await answer(boss, q.id, 'the official answer');
        const before = await snapshot(get, q.id, [null, ada]);
        await expectError(qa.deleteAnswer({ answerId: a.id }, { viewer: mod }), 'forbidden');
        await expectError(qa.editAnswer({ answerId: a.id, body: 'rewritten by a moderator' }, { viewer: mod }), 'forbidden');
        expect(await snapshot(get, q.id, [null, ada])).toEqual(before);
        expect((await qa.deleteAnswer({ answerId: a.id }, { viewer: await h.owner() })).status).toBe('deleted');
      });

      it('settles an expired bounty as it stood at the end of grace before a moderator hides an answer', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'gamification', 'moderation');
        const [ada, bob, cy, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy'), await h.as('Mo', 'moderator')];
        const voters = await Promise.all(['V1', 'V2', 'V3'].map((n) => h.as(n)));
        const q = await ask(ada, 'Who wins after grace?');
        await fund(h, ada, 500);
        await qa.offerBounty({ questionId: q.id, amount: 100 }, { viewer: ada });
        const top = await answer(bob, q.id, 'three upvotes');
        const second = await answer(cy, q.id, 'two upvotes');
        for (const viewer of voters) await qa.vote({ target: { type: 'answer', id: top.id }, value: 1 }, { viewer });
        for (const viewer of voters.slice(0, 2)) await qa.vote({ target: { type: 'answer', id: second.id }, value: 1 }, { viewer });
        h.advance(8 * DAY + 1);
        await h.group('moderation').act({ target: { type: 'answer', id: top.id }, action: 'hide' }, { viewer: mod });
        expect((await get(q.id)).bounty).toMatchObject({ status: 'expired', paidTo: await idOf(h, bob), answerId: top.id, paidAmount: 50 });
      });

      it("tells the author why their answer waits, when they load the question again", async (ctx) => {
        const { h, qa, ask, get } = await world(ctx, 'moderation');
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Why is it waiting?');
        await h.configure({ moderation: 'pre' });
        const held = await qa.answer({ questionId: q.id, body: 'held answer', idempotencyKey: h.key() }, { viewer: bob });
        expect(held.heldReason).toBe('pre_moderation');
        expect((await get(q.id, bob)).answers[0]).toMatchObject({ id: held.id, status: 'pending', heldReason: 'pre_moderation' });
        expect((await get(q.id, mod)).answers[0]).toMatchObject({ id: held.id, heldReason: 'pre_moderation' });
        await h.group('moderation').act({ target: { type: 'answer', id: held.id }, action: 'approve' }, { viewer: mod });
        expect((await get(q.id, bob)).answers[0]).not.toHaveProperty('heldReason');
      });
    });

    describe('moderation of answers', () => {
      it('hides and restores an answer through moderation, with its counts and points', async (ctx) => {
        const { h, qa, ask, answer, get } = await world(ctx, 'moderation', 'gamification');
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Hidden answers?');
        const bob0 = await balance(h, bob);
        const a = await answer(bob, q.id, 'spammy?');
        await qa.accept({ questionId: q.id, answerId: a.id }, { viewer: ada });
        expect(await balance(h, bob)).toBeGreaterThan(bob0);
        await h.group('moderation').act({ target: { type: 'answer', id: a.id }, action: 'hide' }, { viewer: mod });
        const hidden = await get(q.id);
        expect(hidden).toMatchObject({ answers: [], answerCount: 0, acceptedAnswerId: null });
        expect(hidden.question.replyCount).toBe(0);
        expect((await get(q.id, mod)).answers.map((x) => [x.id, x.status])).toEqual([[a.id, 'hidden']]);
        expect(await balance(h, bob)).toBe(bob0);
        await h.group('moderation').act({ target: { type: 'answer', id: a.id }, action: 'restore' }, { viewer: mod });
        const restored = await get(q.id);
        expect(restored.answers.map((x) => x.id)).toEqual([a.id]);
        expect(restored.answerCount).toBe(1);
        expect(await balance(h, bob)).toBe(bob0 + (((await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules.answer) ?? 0));
      });
    });

    describe('held, locked and waiting questions', () => {
      it('holds answers under pre-moderation: only the author and staff see them until approved, which earns and publishes', async (ctx) => {
        const { h, qa, ask, get } = await world(ctx, 'moderation', 'gamification', 'realtime');
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Reviewed answers?');
        await h.configure({ moderation: 'pre' });
        const log = h.listen(questionChannel(q.id));
        try {
          const bob0 = await balance(h, bob);
          const held = await qa.answer({ questionId: q.id, body: 'waiting for review', idempotencyKey: h.key() }, { viewer: bob });
          expect(held.status).toBe('pending');
          expect(typeof held.heldReason).toBe('string');
          expect(await get(q.id)).toMatchObject({ answers: [], answerCount: 0 });
          expect((await get(q.id, bob)).answers.map((a) => [a.id, a.status, a.body])).toEqual([[held.id, 'pending', 'waiting for review']]);
          expect((await get(q.id, mod)).answers.map((a) => a.id)).toEqual([held.id]);
          expect(await balance(h, bob)).toBe(bob0);
          await expectError(qa.vote({ target: { type: 'answer', id: held.id }, value: 1 }, { viewer: ada }), 'not_found');
          await expectError(qa.accept({ questionId: q.id, answerId: held.id }, { viewer: ada }), 'not_found');
          await h.group('moderation').act({ target: { type: 'answer', id: held.id }, action: 'approve' }, { viewer: mod });
          const created = await log.next((e) => e.type === 'qa.answer.created');
          expect(created).toMatchObject({ answer: { id: held.id, status: 'published', body: 'waiting for review' } });
          expect(await get(q.id)).toMatchObject({ answerCount: 1, answers: [{ id: held.id, status: 'published' }] });
          const rules = (await h.group('community').getSettings({}, { viewer: await h.owner() })).points.rules;
          expect(await balance(h, bob)).toBe(bob0 + (rules.answer ?? 0));
        } finally {
          log.unsubscribe();
        }
      });

      it('refuses answers to a locked question, and leaves it out of unanswered', async (ctx) => {
        const { h, space, qa, ask, answer, get } = await world(ctx, 'moderation');
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Locked?');
        const unanswered = async () => (await qa.listQuestions({ space, filter: 'unanswered' }, { viewer: null })).items.map((i) => i.question.id);
        expect(await unanswered()).toEqual([q.id]);
        await h.group('moderation').act({ target: { type: 'post', id: q.id }, action: 'lock' }, { viewer: mod });
        expect((await get(q.id)).answerable).toBe(false);
        expect(await unanswered()).toEqual([]);
        await expectError(answer(bob, q.id, 'too late'), 'forbidden');
        await h.group('moderation').act({ target: { type: 'post', id: q.id }, action: 'unlock' }, { viewer: mod });
        expect((await answer(bob, q.id, 'in time')).status).toBe('published');
        expect((await qa.getQuestion({ questionId: q.id }, { viewer: null })).answerable).toBe(true);
      });

      it("takes a question out of the zero-reply queue once someone else answers, not for the asker's own answer", async (ctx) => {
        const { h, space, ask, answer } = await world(ctx, 'analytics');
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const q = await ask(ada, 'Anyone there?');
        const queue = async () => (await h.group('analytics').zeroReplies({ location: space }, { viewer: mod })).items.map((i) => i.id);
        expect(await queue()).toEqual([q.id]);
        await answer(ada, q.id, 'bumping my own question');
        expect(await queue()).toEqual([q.id]);
        await answer(bob, q.id, 'here is an answer');
        expect(await queue()).toEqual([]);
      });

      it('offers no bounty on a question that is accepted, closed as a duplicate, or not the asker’s', async (ctx) => {
        const { h, qa, ask, answer } = await world(ctx, 'gamification');
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const accepted = await ask(ada, 'Already solved?');
        const dup = await ask(ada, 'Asked before?');
        const original = await ask(bob, 'The original?');
        await fund(h, ada, 500);
        const start = await balance(h, ada);
        const a = await answer(bob, accepted.id, 'solved');
        await qa.accept({ questionId: accepted.id, answerId: a.id }, { viewer: ada });
        await qa.closeDuplicate({ questionId: dup.id, originalId: original.id }, { viewer: mod });
        await expectError(qa.offerBounty({ questionId: accepted.id, amount: 50 }, { viewer: ada }), 'conflict');
        await expectError(qa.offerBounty({ questionId: dup.id, amount: 50 }, { viewer: ada }), 'conflict');
        await expectError(qa.offerBounty({ questionId: original.id, amount: 50 }, { viewer: ada }), 'forbidden');
        expect(await balance(h, ada)).toBe(start);
      });

      it("lists the viewer's own question waiting for review only to them", async (ctx) => {
        const { h, space, qa, ask } = await world(ctx, 'moderation');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const published = await ask(bob, 'Published first');
        await h.configure({ moderation: 'pre' });
        h.advance(1000);
        const pending = await ask(ada, 'Waiting for review');
        expect(pending.status).toBe('pending');
        const ids = async (viewer: Viewer | null) => (await qa.listQuestions({ space, filter: 'new' }, { viewer })).items.map((i) => i.question.id);
        expect(await ids(ada)).toEqual([pending.id, published.id]);
        expect(await ids(bob)).toEqual([published.id]);
        expect(await ids(null)).toEqual([published.id]);
        await expectError(qa.answer({ questionId: pending.id, body: 'early', idempotencyKey: h.key() }, { viewer: ada }), 'conflict');
        await expectError(qa.getQuestion({ questionId: pending.id }, { viewer: bob }), 'not_found');
      });
    });

    describe('realtime', () => {
      it('publishes answers, votes, accepts and bounties on the question channel', async (ctx) => {
        const { h, qa, ask, answer } = await world(ctx, 'realtime', 'gamification');
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const q = await ask(ada, 'Live?');
        await fund(h, ada, 200);
        const log = h.listen(questionChannel(q.id));
        try {
          const a = await answer(bob, q.id, 'live answer');
          const created = await log.next((e) => e.type === 'qa.answer.created');
          expect(created).toMatchObject({ channel: questionChannel(q.id), questionId: q.id, answer: { id: a.id, body: 'live answer', votes: { viewerVote: 0 } } });
          await qa.editAnswer({ answerId: a.id, body: 'live, edited' }, { viewer: bob });
          expect(await log.next((e) => e.type === 'qa.answer.updated')).toMatchObject({ answer: { id: a.id, body: 'live, edited' } });
          await qa.vote({ target: { type: 'answer', id: a.id }, value: 1 }, { viewer: cy });
          expect(await log.next((e) => e.type === 'qa.votes.changed')).toMatchObject({ target: { type: 'answer', id: a.id }, up: 1, down: 0 });
          await qa.offerBounty({ questionId: q.id, amount: 50 }, { viewer: ada });
          expect(await log.next((e) => e.type === 'qa.bounty.changed')).toMatchObject({ bounty: { amount: 50, status: 'open' } });
          await qa.accept({ questionId: q.id, answerId: a.id }, { viewer: ada });
          expect(await log.next((e) => e.type === 'qa.accepted')).toMatchObject({ questionId: q.id, answerId: a.id, previousAnswerId: null });
          expect(await log.next((e) => e.type === 'qa.bounty.changed' && e.bounty.status === 'paid')).toMatchObject({ bounty: { paidAmount: 50 } });
          expect(log.events.every((e: CommunityEvent) => e.channel === questionChannel(q.id))).toBe(true);
          expect(new Set(log.events.map((e) => e.id)).size).toBe(log.events.length);
        } finally {
          log.unsubscribe();
        }
      });
    });
  });
}
