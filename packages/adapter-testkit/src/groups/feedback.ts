import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_EVENTS,
  Feedback as FeedbackSchema,
  FeedbackDetail as FeedbackDetailSchema,
  FeedbackDetailPage,
  FeedbackPage,
  FeedbackSuggestions,
  Roadmap,
  feedbackChannel,
  type CommunityEvent,
  type Feedback,
  type FeedbackDetail,
  type SubmitFeedbackInput,
  type Viewer,
} from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

type Ctx = { skip: (note?: string) => void };

/** Checks a value against its protocol schema, saying which field is off. */
function conforms(schema: { safeParse(value: unknown): { success: boolean; error?: { message: string } } }, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success, result.error?.message).toBe(true);
}

/** Conformance for the feedback group. */
export function feedbackConformance(suite: Suite): void {
  /** A fresh world with the feedback group and a board of its own (other runs may share the default board). */
  const start = async (ctx: Ctx) => {
    const h = await suite.start();
    suite.needs(h, ctx, 'feedback');
    suite.needs(h, ctx, 'community');
    const board = await h.space('board', 'feedback');
    // These tests send many items a minute, some alike; the flood rules have their own test.
    await h.configure({ flood: { duplicateWindowMs: 0, maxPostsPerMinute: 1000 } });
    const fb = h.group('feedback');
    const submit = (viewer: Viewer | null, extra: Partial<SubmitFeedbackInput> = {}): Promise<FeedbackDetail> =>
      fb.submitFeedback({ kind: 'idea', body: 'Please add a dark mode to the dashboard.', space: board, idempotencyKey: h.key(), ...extra }, { viewer });
    const get = (viewer: Viewer | null, feedbackId: string) => fb.getFeedback({ feedbackId }, { viewer });
    const list = async (viewer: Viewer | null, extra: Record<string, unknown> = {}): Promise<Feedback[]> => {
      const items: Feedback[] = [];
      let cursor: string | null = null;
      do {
        const input: Record<string, unknown> = { space: board, limit: 100, ...extra };
        if (cursor) input.cursor = cursor;
        const page = await fb.listFeedback(input as never, { viewer });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    const vote = (viewer: Viewer | null, feedbackId: string, active = true) => fb.voteFeedback({ feedbackId, active }, { viewer });
    const setStatus = async (feedbackId: string, status: string, extra: Record<string, unknown> = {}) =>
      fb.setFeedbackStatus({ feedbackId, status, ...extra } as never, { viewer: await h.as('Mo', 'moderator') });
    return { h, fb, board, submit, get, list, vote, setStatus };
  };

  /** Everything the viewers see of a board and its items, for "a rejected call changed nothing". */
  const snapshot = async (h: Harness, board: string, viewers: Array<Viewer | null>) => {
    const fb = h.group('feedback');
    const out = [];
    for (const viewer of viewers) {
      const page = await fb.listFeedback({ space: board, limit: 100 }, { viewer });
      const details = [];
      for (const item of page.items) details.push(await fb.getFeedback({ feedbackId: item.id }, { viewer }));
      out.push(details);
    }
    return out;
  };

  describe('feedback', () => {
    it('answers every operation, and publishes every event, in the shape its protocol schema describes', async (ctx) => {
      const { h, fb, board, submit, vote, setStatus } = await start(ctx);
      await h.configure({ feedbackGuests: true });
      const log = h.adapter.capabilities.realtime ? h.listen(feedbackChannel(board)) : null;
      try {
        const mo = await h.as('Mo', 'moderator');
        const item = await submit(await h.as('Gus', 'guest'), { title: 'Dark mode', body: 'Dark mode please', rating: 4, nps: 9, email: 'gus@example.com', pageUrl: 'https://example.com/' });
        conforms(FeedbackDetailSchema, item);
        conforms(FeedbackSchema, await vote(await h.as('Bo'), item.id));
        conforms(FeedbackDetailSchema, await setStatus(item.id, 'planned', { reply: 'Soon.' }));
        conforms(FeedbackDetailSchema, await fb.getFeedback({ feedbackId: item.id }, { viewer: mo }));
        conforms(FeedbackPage, await fb.listFeedback({ space: board }, { viewer: null }));
        conforms(Roadmap, await fb.roadmap({ space: board }, { viewer: null }));
        const similar = await fb.similarFeedback({ text: 'dark mode', space: board }, { viewer: null });
        expect(similar).toHaveLength(1);
        conforms(FeedbackSuggestions, similar);
        conforms(FeedbackDetailPage, await fb.myFeedback({}, { viewer: await h.as('Gus', 'guest') }));
        if (log) {
          await log.next((e) => e.type === 'feedback.updated' && e.feedback.status === 'planned');
          expect(log.events.length).toBeGreaterThanOrEqual(3);
          for (const event of log.events) expect(FEEDBACK_EVENTS.some((schema) => schema.safeParse(event).success), JSON.stringify(event)).toBe(true);
        }
      } finally {
        log?.unsubscribe();
      }
    });

    describe('submitting', () => {
      it('stores every field, trimmed, and reads it back the same', async (ctx) => {
        const { h, board, submit, get } = await start(ctx);
        const ada = await h.as('Ada');
        const item = await submit(ada, {
          kind: 'bug',
          title: '  Export fails  ',
          body: '  CSV export stops at 1,000 rows.  ',
          rating: 2,
          nps: 6,
          pageUrl: 'https://example.com/reports?tab=export',
          pageTitle: 'Reports — Example',
        });
        expect(item).toMatchObject({
          space: board,
          kind: 'bug',
          title: 'Export fails',
          body: 'CSV export stops at 1,000 rows.',
          rating: 2,
          nps: 6,
          pageUrl: 'https://example.com/reports?tab=export',
          pageTitle: 'Reports — Example',
          author: { displayName: 'Ada' },
          email: null,
          status: 'open',
          duplicateOf: null,
          voteCount: 0,
          viewerVoted: false,
          officialReply: null,
          visibility: 'published',
          history: [],
        });
        expect(item.createdAt).toBe(new Date(h.now).toISOString());
        expect(item.updatedAt).toBe(item.createdAt);
        expect(await get(ada, item.id)).toEqual(item);
        expect(await get(null, item.id)).toMatchObject({ id: item.id, body: item.body, viewerVoted: false });
      });

      it('takes the optional fields as absent, and files on the default board when no space is named', async (ctx) => {
        const { h, fb } = await start(ctx);
        const ada = await h.as('Ada');
        const item = await fb.submitFeedback({ kind: 'praise', body: 'Love it', idempotencyKey: h.key() }, { viewer: ada });
        expect(item).toMatchObject({ space: 'feedback', kind: 'praise', title: null, rating: null, nps: null, pageUrl: null, pageTitle: null });
        const board = await fb.listFeedback({ sort: 'new', limit: 100 }, { viewer: ada });
        expect(board.items.map((i) => i.id)).toContain(item.id);
      });

      it('accepts every kind, and the bounds of rating and NPS', async (ctx) => {
        const { h, submit } = await start(ctx);
        const ada = await h.as('Ada');
        for (const kind of ['idea', 'bug', 'praise', 'question', 'other'] as const) expect((await submit(ada, { kind, body: `About ${kind}` })).kind).toBe(kind);
        expect((await submit(ada, { rating: 1, nps: 0, body: 'low' })).rating).toBe(1);
        expect((await submit(ada, { rating: 5, nps: 10, body: 'high' })).nps).toBe(10);
        const long = '界'.repeat(5000);
        expect((await submit(ada, { body: long, title: '题'.repeat(150) })).body).toBe(long);
      });

      it('rejects each bad field by name and stores nothing', async (ctx) => {
        const { h, board, submit, fb } = await start(ctx);
        const ada = await h.as('Ada');
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ kind: 'rant' }, 'kind'],
          [{ body: '' }, 'body'],
          [{ body: '   \n  ' }, 'body'],
          [{ body: 'x'.repeat(5001) }, 'body'],
          [{ title: 't'.repeat(151) }, 'title'],
          [{ rating: 0 }, 'rating'],
          [{ rating: 6 }, 'rating'],
          [{ rating: 3.5 }, 'rating'],
          [{ nps: -1 }, 'nps'],
          [{ nps: 11 }, 'nps'],
          [{ nps: 7.5 }, 'nps'],
          [{ pageUrl: 'javascript:alert(1)' }, 'pageUrl'],
          [{ pageUrl: 'ftp://example.com/file' }, 'pageUrl'],
          [{ pageUrl: 'not a url' }, 'pageUrl'],
          [{ pageUrl: `https://example.com/${'a'.repeat(2048)}` }, 'pageUrl'],
          [{ pageTitle: 'p'.repeat(301) }, 'pageTitle'],
          [{ idempotencyKey: 'short' }, 'idempotencyKey'],
        ];
        for (const [patch, field] of cases) await expectError(submit(ada, patch as Partial<SubmitFeedbackInput>), 'validation', field);
        const feed = await h.space('news', 'feed');
        await expectError(submit(ada, { space: feed }), 'validation', 'space');
        await expectError(submit(ada, { space: `nowhere-${board}` }), 'not_found');
        expect((await fb.listFeedback({ space: board }, { viewer: ada })).items).toEqual([]);
        expect((await fb.myFeedback({}, { viewer: ada })).items).toEqual([]);
      });

      it('refuses anonymous senders, and guests unless the community allows guest feedback', async (ctx) => {
        const { h, submit, list } = await start(ctx);
        const gus = await h.as('Gus', 'guest');
        await expectError(submit(null), 'unauthorized');
        await expectError(submit(gus), 'forbidden');
        expect(await list(await h.as('Mo', 'moderator'))).toEqual([]);
        await h.configure({ feedbackGuests: true });
        const item = await submit(gus, { email: ' gus@example.com ' });
        expect(item.author).toMatchObject({ displayName: 'Gus', role: 'guest' });
      });

      it('takes an email from guests only, validated, and shows it to staff only', async (ctx) => {
        const { h, submit, get, list } = await start(ctx);
        await h.configure({ feedbackGuests: true });
        const gus = await h.as('Gus', 'guest');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        await expectError(submit(gus, { email: 'not-an-email' }), 'validation', 'email');
        await expectError(submit(ada, { email: 'ada@example.com' }), 'validation', 'email');
        const item = await submit(gus, { email: 'gus@example.com' });
        expect(item.email).toBeNull();
        expect((await get(mo, item.id)).email).toBe('gus@example.com');
        expect((await get(ada, item.id)).email).toBeNull();
        expect((await get(null, item.id)).email).toBeNull();
        expect((await list(mo)).find((i) => i.id === item.id)?.email).toBe('gus@example.com');
        expect((await list(null)).find((i) => i.id === item.id)?.email).toBeNull();
        expect(await list(null)).toHaveLength(1);
      });

      it('returns the first item for a retry with the same key, and refuses the key for a different request', async (ctx) => {
        const { h, submit, list } = await start(ctx);
        const ada = await h.as('Ada');
        const key = h.key();
        const first = await submit(ada, { idempotencyKey: key });
        const again = await submit(ada, { idempotencyKey: key });
        expect(again.id).toBe(first.id);
        const [x, y] = await Promise.all([submit(ada, { idempotencyKey: h.key(), body: 'parallel' }), submit(ada, { idempotencyKey: key })]);
        expect(y.id).toBe(first.id);
        await expectError(submit(ada, { idempotencyKey: key, body: 'Something else entirely' }), 'conflict', 'idempotencyKey');
        expect((await list(ada)).map((i) => i.id).sort()).toEqual([first.id, x.id].sort());
      });

      it('creates once when the same key is sent many times at once', async (ctx) => {
        const { h, submit, list } = await start(ctx);
        const ada = await h.as('Ada');
        const key = h.key();
        const results = await Promise.all(Array.from({ length: 8 }, () => submit(ada, { idempotencyKey: key })));
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
        expect(await list(ada)).toHaveLength(1);
      });
    });

    describe('reading', () => {
      it('is not_found for an unknown id, and validates the id', async (ctx) => {
        const { h, fb, get } = await start(ctx);
        await expectError(get(await h.as('Ada'), 'no-such-feedback'), 'not_found');
        await expectError(fb.getFeedback({ feedbackId: '' }, { viewer: null }), 'validation', 'feedbackId');
      });

      it('lists by votes, newest or last updated, with exact pages', async (ctx) => {
        const { h, fb, board, submit, vote, setStatus, list } = await start(ctx);
        const ada = await h.as('Ada');
        const a = await submit(ada, { body: 'first' });
        h.advance(1000);
        const b = await submit(ada, { body: 'second' });
        h.advance(1000);
        const c = await submit(ada, { body: 'third' });
        for (const name of ['V1', 'V2']) await vote(await h.as(name), a.id);
        await vote(await h.as('V3'), b.id);
        h.advance(1000);
        await setStatus(b.id, 'under_review');
        expect((await list(null, { sort: 'votes' })).map((i) => i.id)).toEqual([a.id, b.id, c.id]);
        expect((await list(null, { sort: 'new' })).map((i) => i.id)).toEqual([c.id, b.id, a.id]);
        expect((await list(null, { sort: 'updated' })).map((i) => i.id)).toEqual([b.id, c.id, a.id]);
        expect((await list(null)).map((i) => i.voteCount)).toEqual([2, 1, 0]);
        const first = await fb.listFeedback({ space: board, sort: 'new', limit: 2 }, { viewer: null });
        expect(first.items.map((i) => i.id)).toEqual([c.id, b.id]);
        expect(first.nextCursor).not.toBeNull();
        const second = await fb.listFeedback({ space: board, sort: 'new', limit: 2, cursor: first.nextCursor! }, { viewer: null });
        expect(second).toMatchObject({ items: [{ id: a.id }], nextCursor: null });
        await expectError(fb.listFeedback({ space: board, sort: 'votes', cursor: first.nextCursor! }, { viewer: null }), 'validation', 'cursor');
        await expectError(fb.listFeedback({ space: board, cursor: 'garbage' }, { viewer: null }), 'validation', 'cursor');
        await expectError(fb.listFeedback({ space: board, sort: 'hot' as never }, { viewer: null }), 'validation', 'sort');
        await expectError(fb.listFeedback({ space: board, limit: 0 }, { viewer: null }), 'validation', 'limit');
      });

      it('walks every item exactly once across pages, even with equal votes and times', async (ctx) => {
        const { h, fb, board, submit } = await start(ctx);
        const ada = await h.as('Ada');
        const ids = [];
        for (let i = 0; i < 7; i++) ids.push((await submit(ada, { body: `same time ${i}` })).id);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const input: Record<string, unknown> = { space: board, limit: 3 };
          if (cursor) input.cursor = cursor;
          const page = await fb.listFeedback(input as never, { viewer: null });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.sort()).toEqual(ids.sort());
      });

      it('filters by one status or several, and by kind', async (ctx) => {
        const { h, fb, board, submit, setStatus, list } = await start(ctx);
        const ada = await h.as('Ada');
        const idea = await submit(ada, { kind: 'idea', body: 'idea' });
        const bug = await submit(ada, { kind: 'bug', body: 'bug' });
        const praise = await submit(ada, { kind: 'praise', body: 'praise' });
        await setStatus(idea.id, 'planned');
        await setStatus(bug.id, 'in_progress');
        const ids = (items: Feedback[]) => items.map((i) => i.id).sort();
        expect(ids(await list(null, { status: 'planned' }))).toEqual([idea.id]);
        expect(ids(await list(null, { status: ['planned', 'in_progress'] }))).toEqual([idea.id, bug.id].sort());
        expect(ids(await list(null, { status: 'open' }))).toEqual([praise.id]);
        expect(ids(await list(null, { kind: 'bug' }))).toEqual([bug.id]);
        expect(ids(await list(null, { kind: ['bug', 'praise'], status: 'open' }))).toEqual([praise.id]);
        await expectError(fb.listFeedback({ space: board, status: 'closed' as never }, { viewer: null }), 'validation', 'status');
        await expectError(fb.listFeedback({ space: board, status: [] }, { viewer: null }), 'validation', 'status');
        await expectError(fb.listFeedback({ space: board, kind: 'rant' as never }, { viewer: null }), 'validation', 'kind');
      });

      it('refuses boards that do not exist or are not feedback boards', async (ctx) => {
        const { h, fb, board } = await start(ctx);
        const feed = await h.space('news', 'feed');
        await expectError(fb.listFeedback({ space: `${board}-missing` }, { viewer: null }), 'not_found');
        await expectError(fb.listFeedback({ space: feed }, { viewer: null }), 'validation', 'space');
        await expectError(fb.roadmap({ space: feed }, { viewer: null }), 'validation', 'space');
      });

      it('shows the roadmap in status columns, most votes first, leaving out open, declined and duplicate items', async (ctx) => {
        const { h, fb, board, submit, vote, setStatus } = await start(ctx);
        const ada = await h.as('Ada');
        const make = async (body: string, status: string, votes: number) => {
          const item = await submit(ada, { body });
          for (let i = 0; i < votes; i++) await vote(await h.as(`${body}-voter-${i}`), item.id);
          if (status !== 'open') await setStatus(item.id, status);
          return item.id;
        };
        const p1 = await make('planned one', 'planned', 1);
        const p2 = await make('planned two', 'planned', 3);
        const ip = await make('building', 'in_progress', 0);
        const d = await make('shipped', 'done', 2);
        const r = await make('looking', 'under_review', 0);
        await make('untouched', 'open', 5);
        await make('nope', 'declined', 4);
        const roadmap = await fb.roadmap({ space: board }, { viewer: null });
        expect(roadmap.space).toBe(board);
        expect(roadmap.columns.map((c) => [c.status, c.items.map((i) => i.id)])).toEqual([
          ['under_review', [r]],
          ['planned', [p2, p1]],
          ['in_progress', [ip]],
          ['done', [d]],
        ]);
        expect(roadmap.columns[1]!.items.map((i) => i.voteCount)).toEqual([3, 1]);
        const one = await fb.roadmap({ space: board, limit: 1 }, { viewer: null });
        expect(one.columns[1]!.items.map((i) => i.id)).toEqual([p2]);
      });

      it('tells each viewer of the roadmap whether they voted, and shows a guest email to staff only', async (ctx) => {
        const { h, fb, board, submit, vote, setStatus } = await start(ctx);
        await h.configure({ feedbackGuests: true });
        const bo = await h.as('Bo');
        const mo = await h.as('Mo', 'moderator');
        const item = await submit(await h.as('Gus', 'guest'), { email: 'gus@example.com' });
        await vote(bo, item.id);
        await setStatus(item.id, 'planned');
        const planned = (viewer: Viewer | null) => fb.roadmap({ space: board }, { viewer }).then((r) => r.columns.find((c) => c.status === 'planned')!.items[0]!);
        expect(await planned(bo)).toMatchObject({ id: item.id, voteCount: 1, viewerVoted: true, email: null });
        expect(await planned(await h.as('Cy'))).toMatchObject({ voteCount: 1, viewerVoted: false, email: null });
        expect(await planned(null)).toMatchObject({ voteCount: 1, viewerVoted: false, email: null });
        expect((await planned(mo)).email).toBe('gus@example.com');
      });
    });

    describe('voting', () => {
      it('upvotes once per member, turns off, and says whether the viewer voted', async (ctx) => {
        const { h, submit, vote, get } = await start(ctx);
        const item = await submit(await h.as('Ada'));
        const bo = await h.as('Bo');
        expect(await vote(bo, item.id)).toMatchObject({ id: item.id, voteCount: 1, viewerVoted: true });
        expect(await vote(bo, item.id)).toMatchObject({ voteCount: 1, viewerVoted: true });
        expect(await get(bo, item.id)).toMatchObject({ voteCount: 1, viewerVoted: true });
        expect(await get(null, item.id)).toMatchObject({ voteCount: 1, viewerVoted: false });
        expect(await vote(bo, item.id, false)).toMatchObject({ voteCount: 0, viewerVoted: false });
        expect(await vote(bo, item.id, false)).toMatchObject({ voteCount: 0, viewerVoted: false });
      });

      it('counts many members voting at once exactly', async (ctx) => {
        const { h, submit, vote, get, list } = await start(ctx);
        const item = await submit(await h.as('Ada'));
        const voters = await Promise.all(Array.from({ length: 15 }, (_, i) => h.as(`Voter${i}`)));
        await Promise.all(voters.map((v) => vote(v, item.id)));
        expect((await get(null, item.id)).voteCount).toBe(15);
        // Retries of standing votes and removals of others, all at once.
        await Promise.all([...voters.slice(5).map((v) => vote(v, item.id)), ...voters.slice(0, 5).map((v) => vote(v, item.id, false))]);
        expect((await get(null, item.id)).voteCount).toBe(10);
        expect((await get(voters[0]!, item.id)).viewerVoted).toBe(false);
        expect((await get(voters[5]!, item.id)).viewerVoted).toBe(true);
        expect((await list(null))[0]!.voteCount).toBe(10);
      });

      it('refuses votes on one’s own item, from guests and anonymous readers, and on unknown items, changing nothing', async (ctx) => {
        const { h, board, submit, vote } = await start(ctx);
        await h.configure({ feedbackGuests: true });
        const ada = await h.as('Ada');
        const item = await submit(ada);
        const before = await snapshot(h, board, [null, ada]);
        await expectError(vote(ada, item.id), 'forbidden');
        await expectError(vote(await h.as('Gus', 'guest'), item.id), 'forbidden');
        await expectError(vote(null, item.id), 'unauthorized');
        await expectError(vote(await h.as('Bo'), 'no-such-item'), 'not_found');
        await expectError(h.group('feedback').voteFeedback({ feedbackId: item.id } as never, { viewer: await h.as('Bo') }), 'validation', 'active');
        expect(await snapshot(h, board, [null, ada])).toEqual(before);
      });
    });

    describe('statuses and official replies', () => {
      it('lets staff move an item with an official reply the submitter sees in their feedback', async (ctx) => {
        const { h, submit, setStatus, fb, get } = await start(ctx);
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const item = await submit(ada);
        h.advance(60_000);
        const planned = await setStatus(item.id, 'planned', { reply: '  We are **on it** for May.  ' });
        expect(planned).toMatchObject({
          status: 'planned',
          officialReply: { body: 'We are **on it** for May.', status: 'planned', author: { displayName: 'Mo', role: 'moderator' } },
          history: [{ from: 'open', to: 'planned', reply: 'We are **on it** for May.', duplicateOf: null, actor: { displayName: 'Mo' } }],
        });
        expect(planned.updatedAt).toBe(new Date(h.now).toISOString());
        h.advance(60_000);
        await setStatus(item.id, 'in_progress');
        h.advance(60_000);
        const done = await setStatus(item.id, 'done', { reply: 'Shipped in 2.4.' });
        expect(done.history.map((c) => [c.from, c.to, c.reply])).toEqual([
          ['open', 'planned', 'We are **on it** for May.'],
          ['planned', 'in_progress', null],
          ['in_progress', 'done', 'Shipped in 2.4.'],
        ]);
        const mine = await fb.myFeedback({}, { viewer: ada });
        expect(mine.items).toHaveLength(1);
        expect(mine.items[0]).toMatchObject({ id: item.id, status: 'done', officialReply: { body: 'Shipped in 2.4.', status: 'done' } });
        expect(mine.items[0]!.history).toHaveLength(3);
        expect((await get(null, item.id)).officialReply?.body).toBe('Shipped in 2.4.');
        expect((await get(mo, item.id)).history.map((c) => c.to)).toEqual(['planned', 'in_progress', 'done']);
      });

      it('records a reply on the same status, and ignores a retry of the same status', async (ctx) => {
        const { h, submit, setStatus } = await start(ctx);
        const item = await submit(await h.as('Ada'));
        await setStatus(item.id, 'under_review');
        expect((await setStatus(item.id, 'under_review')).history).toHaveLength(1);
        const replied = await setStatus(item.id, 'under_review', { reply: 'Still looking, thanks for waiting.' });
        expect(replied.history.map((c) => [c.from, c.to, c.reply])).toEqual([
          ['open', 'under_review', null],
          ['under_review', 'under_review', 'Still looking, thanks for waiting.'],
        ]);
      });

      it('lets moderators and up set statuses, and nobody else', async (ctx) => {
        const { h, fb, board, submit } = await start(ctx);
        const ada = await h.as('Ada');
        const item = await submit(ada);
        const before = await snapshot(h, board, [null, ada]);
        for (const viewer of [ada, await h.as('Bo'), await h.as('Val', 'volunteer')]) {
          await expectError(fb.setFeedbackStatus({ feedbackId: item.id, status: 'planned' }, { viewer }), 'forbidden');
        }
        await expectError(fb.setFeedbackStatus({ feedbackId: item.id, status: 'planned' }, { viewer: null }), 'unauthorized');
        expect(await snapshot(h, board, [null, ada])).toEqual(before);
        const statuses = ['under_review', 'planned', 'in_progress'] as const;
        for (const [i, role] of (['moderator', 'admin', 'owner'] as const).entries()) {
          const viewer = await h.as(`Staff-${role}`, role);
          expect((await fb.setFeedbackStatus({ feedbackId: item.id, status: statuses[i]! }, { viewer })).status).toBe(statuses[i]);
        }
      });

      it('rejects bad status changes by field and changes nothing', async (ctx) => {
        const { h, board, submit, setStatus } = await start(ctx);
        const ada = await h.as('Ada');
        const item = await submit(ada);
        const other = await submit(ada, { body: 'another one' });
        const before = await snapshot(h, board, [null, ada]);
        await expectError(setStatus(item.id, 'closed'), 'validation', 'status');
        await expectError(setStatus(item.id, 'duplicate'), 'validation', 'duplicateOf');
        await expectError(setStatus(item.id, 'planned', { duplicateOf: other.id }), 'validation', 'duplicateOf');
        await expectError(setStatus(item.id, 'duplicate', { duplicateOf: item.id }), 'validation', 'duplicateOf');
        await expectError(setStatus(item.id, 'duplicate', { duplicateOf: 'no-such-item' }), 'not_found', 'duplicateOf');
        await expectError(setStatus(item.id, 'planned', { reply: 'r'.repeat(5001) }), 'validation', 'reply');
        await expectError(setStatus('no-such-item', 'planned'), 'not_found');
        expect(await snapshot(h, board, [null, ada])).toEqual(before);
      });

      it('merges a duplicate: its voters move to the original, counted exactly', async (ctx) => {
        const { h, submit, vote, setStatus, get } = await start(ctx);
        const sam = await h.as('Sam');
        const dan = await h.as('Dan');
        const original = await submit(sam, { body: 'Dark mode please' });
        const duplicate = await submit(dan, { body: 'A dark theme would be great' });
        const [a, b, c] = [await h.as('A'), await h.as('B'), await h.as('C')];
        await vote(a, original.id);
        for (const voter of [a, b, c, sam]) await vote(voter, duplicate.id);
        expect((await get(null, duplicate.id)).voteCount).toBe(4);
        const merged = await setStatus(duplicate.id, 'duplicate', { duplicateOf: original.id, reply: 'Merged into the dark mode idea.' });
        expect(merged).toMatchObject({ status: 'duplicate', duplicateOf: original.id, voteCount: 0 });
        expect(merged.history[0]).toMatchObject({ to: 'duplicate', duplicateOf: original.id });
        // A already voted for the original and Sam submitted it: only B and C are new there.
        const after = await get(b, original.id);
        expect(after).toMatchObject({ voteCount: 3, viewerVoted: true });
        expect((await get(sam, original.id)).viewerVoted).toBe(false);
        expect((await get(a, duplicate.id)).viewerVoted).toBe(false);
        await expectError(vote(await h.as('D'), duplicate.id), 'conflict');
        // An item marked duplicate of the merged one points at the original it was merged into.
        const third = await submit(await h.as('Eve'), { body: 'Night theme?' });
        await vote(await h.as('F'), third.id);
        expect((await setStatus(third.id, 'duplicate', { duplicateOf: duplicate.id })).duplicateOf).toBe(original.id);
        expect((await get(null, original.id)).voteCount).toBe(4);
        await expectError(setStatus(original.id, 'duplicate', { duplicateOf: duplicate.id }), 'validation', 'duplicateOf');
      });

      it('merges only into a published original: not into a hidden or held item, changing nothing', async (ctx) => {
        const { h, board, submit, vote, setStatus, get } = await start(ctx);
        suite.needs(h, ctx, 'moderation');
        const mo = await h.as('Mo', 'moderator');
        const hidden = await submit(await h.as('Sam'), { body: 'Dark mode please' });
        const duplicate = await submit(await h.as('Dan'), { body: 'A dark theme would be great' });
        await vote(await h.as('A'), duplicate.id);
        await h.group('moderation').act({ target: { type: 'feedback', id: hidden.id }, action: 'hide' }, { viewer: mo });
        const before = await snapshot(h, board, [null, mo]);
        await expectError(setStatus(duplicate.id, 'duplicate', { duplicateOf: hidden.id }), 'conflict', 'duplicateOf');
        expect(await snapshot(h, board, [null, mo])).toEqual(before);
        // Through a chain, too: an item merged into the hidden one leads there.
        const third = await submit(await h.as('Eve'), { body: 'Night theme?' });
        await h.group('moderation').act({ target: { type: 'feedback', id: hidden.id }, action: 'restore' }, { viewer: mo });
        await setStatus(third.id, 'duplicate', { duplicateOf: hidden.id });
        await h.group('moderation').act({ target: { type: 'feedback', id: hidden.id }, action: 'hide' }, { viewer: mo });
        const again = await snapshot(h, board, [null, mo]);
        await expectError(setStatus(duplicate.id, 'duplicate', { duplicateOf: third.id }), 'conflict', 'duplicateOf');
        expect(await snapshot(h, board, [null, mo])).toEqual(again);
        expect(await get(null, duplicate.id)).toMatchObject({ status: 'open', duplicateOf: null, voteCount: 1 });

        await h.configure({ moderation: 'pre' });
        const held = await submit(await h.as('Hal'), { body: 'Dark mode on mobile' });
        expect(held.visibility).toBe('pending');
        await expectError(setStatus(duplicate.id, 'duplicate', { duplicateOf: held.id }), 'conflict', 'duplicateOf');
        expect((await get(null, duplicate.id)).voteCount).toBe(1);
      });

      it('writes an audit entry for every status change', async (ctx) => {
        const { h, submit, setStatus } = await start(ctx);
        suite.needs(h, ctx, 'moderation');
        const item = await submit(await h.as('Ada'));
        await setStatus(item.id, 'planned', { reply: 'Soon.' });
        await setStatus(item.id, 'done');
        const audit = await h.group('moderation').listAudit({ target: `feedback:${item.id}` }, { viewer: await h.owner() });
        expect(audit.items).toHaveLength(2);
        expect(audit.items.every((e) => e.actor.displayName === 'Mo')).toBe(true);
      });
    });

    describe('points', () => {
      const history = async (h: Harness, viewer: Viewer) => {
        const entries = [];
        let cursor: string | null = null;
        do {
          const input: Record<string, unknown> = { limit: 100 };
          if (cursor) input.cursor = cursor;
          const page = await h.group('gamification').pointsHistory(input as never, { viewer });
          entries.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return entries;
      };

      it('pays the submitter once for planned and once for done, however often the status moves', async (ctx) => {
        const { h, submit, setStatus } = await start(ctx);
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const item = await submit(ada);
        const ref = `feedback:${item.id}`;
        const standing = async () => (await h.group('gamification').getStanding({}, { viewer: ada })).lifetimePoints;
        const start0 = await standing();
        await setStatus(item.id, 'planned');
        await setStatus(item.id, 'open');
        await setStatus(item.id, 'planned');
        await setStatus(item.id, 'in_progress');
        await setStatus(item.id, 'done');
        await setStatus(item.id, 'in_progress');
        await setStatus(item.id, 'done');
        await setStatus(item.id, 'declined');
        const entries = (await history(h, ada)).filter((e) => e.ref === ref);
        const standingRules = entries.filter((e) => !e.reversed && e.rule !== 'reversal').map((e) => e.rule).sort();
        expect(standingRules).toEqual(['feedback_done', 'feedback_planned']);
        expect(entries.some((e) => e.rule === 'reversal')).toBe(false);
        const rules = (await h.group('community').getInfo({}, { viewer: ada })).points.rules;
        expect((await standing()) - start0).toBe((rules.feedback_planned ?? 0) + (rules.feedback_done ?? 0));
      });

      it('earns the submitter an upvote point per voter, taken back when the vote is', async (ctx) => {
        const { h, submit, vote } = await start(ctx);
        suite.needs(h, ctx, 'gamification');
        const ada = await h.as('Ada');
        const item = await submit(ada);
        await vote(await h.as('Bo'), item.id);
        await vote(await h.as('Cy'), item.id);
        await vote(await h.as('Bo'), item.id, false);
        const entries = (await history(h, ada)).filter((e) => e.ref === `feedback:${item.id}` && e.rule === 'upvote_received');
        expect(entries).toHaveLength(2);
        expect(entries.filter((e) => !e.reversed)).toHaveLength(1);
      });

      it('takes back everything an item earned when it is hidden, and gives it back on restore', async (ctx) => {
        const { h, submit, vote, setStatus } = await start(ctx);
        suite.needs(h, ctx, 'gamification');
        suite.needs(h, ctx, 'moderation');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const lifetime = async () => (await h.group('gamification').getStanding({}, { viewer: ada })).lifetimePoints;
        const rules = (await h.group('community').getInfo({}, { viewer: ada })).points.rules;
        const start0 = await lifetime();
        const item = await submit(ada);
        const afterSubmit = await lifetime();
        await vote(await h.as('Bo'), item.id);
        await setStatus(item.id, 'planned');
        const earned = (rules.upvote_received ?? 0) + (rules.feedback_planned ?? 0);
        expect(earned).toBeGreaterThan(0);
        expect((await lifetime()) - afterSubmit).toBe(earned);
        const target = { type: 'feedback' as const, id: item.id };
        await h.group('moderation').act({ target, action: 'hide' }, { viewer: mo });
        expect(await lifetime()).toBe(start0);
        await h.group('moderation').act({ target, action: 'restore' }, { viewer: mo });
        expect((await lifetime()) - start0).toBe(afterSubmit - start0 + earned);
        // Restored, it does not pay planned again when it gets there a second time.
        await setStatus(item.id, 'open');
        await setStatus(item.id, 'planned');
        expect((await lifetime()) - start0).toBe(afterSubmit - start0 + earned);
      });

      it('pays a held item for the statuses it reached once it is approved, not before', async (ctx) => {
        const { h, submit, setStatus } = await start(ctx);
        suite.needs(h, ctx, 'gamification');
        suite.needs(h, ctx, 'moderation');
        await h.configure({ moderation: 'pre' });
        const ada = await h.as('Ada');
        const lifetime = async () => (await h.group('gamification').getStanding({}, { viewer: ada })).lifetimePoints;
        const rules = (await h.group('community').getInfo({}, { viewer: ada })).points.rules;
        const start0 = await lifetime();
        const item = await submit(ada);
        expect(item.visibility).toBe('pending');
        await setStatus(item.id, 'planned');
        await setStatus(item.id, 'done');
        expect(await lifetime()).toBe(start0);
        await h.group('moderation').act({ target: { type: 'feedback', id: item.id }, action: 'approve' }, { viewer: await h.as('Mo', 'moderator') });
        const gained = (await lifetime()) - start0;
        expect(gained).toBe((rules.feedback_planned ?? 0) + (rules.feedback_done ?? 0));
        const entries = (await history(h, ada)).filter((e) => e.ref === `feedback:${item.id}` && !e.reversed).map((e) => e.rule);
        expect(entries).toEqual(expect.arrayContaining(['feedback_planned', 'feedback_done']));
      });
    });

    describe('similar feedback', () => {
      it('suggests alike items while typing, most alike first, in English and Chinese', async (ctx) => {
        const { h, fb, board, submit } = await start(ctx);
        const ada = await h.as('Ada');
        const dark = await submit(ada, { title: 'Dark mode', body: 'Please add a dark mode for night work.' });
        const export_ = await submit(ada, { title: 'CSV export', body: 'Export reports to CSV.' });
        const login = await submit(ada, { kind: 'bug', title: '无法登录', body: '手机上登录一直转圈。' });
        await submit(ada, { title: '支付问题', body: '付款页面打不开。' });
        const similar = (text: string, extra: Record<string, unknown> = {}) => fb.similarFeedback({ text, space: board, ...extra }, { viewer: ada });
        const en = await similar('dark mo');
        expect(en[0]?.feedback.id).toBe(dark.id);
        expect(en.map((s) => s.feedback.id)).not.toContain(export_.id);
        expect(en[0]!.score).toBeGreaterThan(0);
        expect(en[0]!.score).toBeLessThanOrEqual(1);
        const zh = await similar('登录失败');
        expect(zh.map((s) => s.feedback.id)).toEqual([login.id]);
        expect(await similar('')).toEqual([]);
        expect(await similar('quantum banana')).toEqual([]);
        await expectError(similar('x'.repeat(6000)), 'validation', 'text');
        await expectError(similar('dark', { limit: 0 }), 'validation', 'limit');
      });

      it('lists done and declined items after open ones, or leaves them out, and never suggests duplicates', async (ctx) => {
        const { h, fb, board, submit, setStatus } = await start(ctx);
        const ada = await h.as('Ada');
        const done = await submit(ada, { title: 'Offline mode', body: 'Work offline on the train.' });
        const open = await submit(ada, { title: 'Offline mode for mobile', body: 'Offline on mobile.' });
        const dup = await submit(ada, { title: 'Offline mode', body: 'Offline mode please' });
        await setStatus(done.id, 'done');
        await setStatus(dup.id, 'duplicate', { duplicateOf: open.id });
        const all = await fb.similarFeedback({ text: 'offline mode', space: board }, { viewer: null });
        expect(all.map((s) => s.feedback.id)).toEqual([open.id, done.id]);
        const openOnly = await fb.similarFeedback({ text: 'offline mode', space: board, includeClosed: false }, { viewer: null });
        expect(openOnly.map((s) => s.feedback.id)).toEqual([open.id]);
        expect((await fb.similarFeedback({ text: 'offline', space: board, limit: 1 }, { viewer: null })).length).toBe(1);
      });
    });

    describe('my feedback', () => {
      it('lists only the viewer’s own items, newest first, page by page', async (ctx) => {
        const { h, fb, submit } = await start(ctx);
        const ada = await h.as('Ada');
        const ids = [];
        for (let i = 0; i < 5; i++) {
          ids.push((await submit(ada, { body: `mine ${i}` })).id);
          h.advance(1000);
        }
        await submit(await h.as('Bo'), { body: 'not hers' });
        const first = await fb.myFeedback({ limit: 3 }, { viewer: ada });
        const second = await fb.myFeedback({ limit: 3, cursor: first.nextCursor! }, { viewer: ada });
        expect([...first.items, ...second.items].map((i) => i.id)).toEqual(ids.reverse());
        expect(second.nextCursor).toBeNull();
        await expectError(fb.myFeedback({}, { viewer: null }), 'unauthorized');
        await expectError(fb.myFeedback({ cursor: 'garbage' }, { viewer: ada }), 'validation', 'cursor');
      });

      it('shows guests their own items by their guest id', async (ctx) => {
        const { h, fb, submit, setStatus } = await start(ctx);
        await h.configure({ feedbackGuests: true });
        const gus = await h.as('Gus', 'guest');
        const item = await submit(gus, { email: 'gus@example.com' });
        await submit(await h.as('Gwen', 'guest'), { body: 'someone else' });
        await setStatus(item.id, 'declined', { reply: 'Not for now, sorry.' });
        const mine = await fb.myFeedback({}, { viewer: gus });
        expect(mine.items.map((i) => i.id)).toEqual([item.id]);
        expect(mine.items[0]).toMatchObject({ status: 'declined', officialReply: { body: 'Not for now, sorry.' }, email: null });
      });
    });

    describe('realtime', () => {
      it('publishes new items, votes and status changes on the board channel, without private fields', async (ctx) => {
        const { h, board, submit, vote, setStatus } = await start(ctx);
        suite.needs(h, ctx, 'realtime');
        await h.configure({ feedbackGuests: true });
        const log = h.listen(feedbackChannel(board));
        const item = await submit(await h.as('Gus', 'guest'), { email: 'gus@example.com' });
        const created = (await log.next((e) => e.type === 'feedback.created')) as Extract<CommunityEvent, { type: 'feedback.created' }>;
        expect(created.channel).toBe(feedbackChannel(board));
        expect(created.feedback).toMatchObject({ id: item.id, email: null, viewerVoted: false, voteCount: 0 });
        await vote(await h.as('Bo'), item.id);
        const voted = (await log.next((e) => e.type === 'feedback.updated' && e.feedback.voteCount === 1)) as Extract<CommunityEvent, { type: 'feedback.updated' }>;
        expect(voted.feedback).toMatchObject({ id: item.id, viewerVoted: false });
        await setStatus(item.id, 'planned', { reply: 'Planned for Q3.' });
        const planned = (await log.next((e) => e.type === 'feedback.updated' && e.feedback.status === 'planned')) as Extract<CommunityEvent, { type: 'feedback.updated' }>;
        expect(planned.feedback).toMatchObject({ id: item.id, voteCount: 1, email: null, officialReply: { body: 'Planned for Q3.' } });
        const count = log.events.length;
        await expectError(vote(await h.as('Gus', 'guest'), item.id), 'forbidden');
        await setStatus(item.id, 'planned');
        expect(log.events).toHaveLength(count);
        log.unsubscribe();
      });

      it('tells the board of a hidden item with its text, page and official reply left out, and of its restoring', async (ctx) => {
        const { h, board, submit, setStatus } = await start(ctx);
        suite.needs(h, ctx, 'realtime');
        suite.needs(h, ctx, 'moderation');
        const mo = await h.as('Mo', 'moderator');
        const item = await submit(await h.as('Ada'), { title: 'Secret plan', body: 'Leaked text', pageUrl: 'https://example.com/private', pageTitle: 'Private' });
        await setStatus(item.id, 'planned', { reply: 'Internal note' });
        const log = h.listen(feedbackChannel(board));
        try {
          const target = { type: 'feedback' as const, id: item.id };
          await h.group('moderation').act({ target, action: 'hide' }, { viewer: mo });
          const hidden = (await log.next((e) => e.type === 'feedback.updated' && e.feedback.visibility === 'hidden')) as Extract<CommunityEvent, { type: 'feedback.updated' }>;
          expect(hidden.feedback).toMatchObject({ id: item.id, title: null, body: '', pageUrl: null, pageTitle: null, officialReply: null });
          expect(JSON.stringify(hidden)).not.toMatch(/Secret plan|Leaked text|Internal note|example\.com\/private/);
          // Staff changing a hidden item's status tells the public board nothing.
          const count = log.events.length;
          await setStatus(item.id, 'done', { reply: 'Still internal' });
          await h.group('moderation').act({ target, action: 'restore' }, { viewer: mo });
          const restored = (await log.next((e) => e.type === 'feedback.updated' && e.feedback.visibility === 'published')) as Extract<CommunityEvent, { type: 'feedback.updated' }>;
          expect(restored.feedback).toMatchObject({ id: item.id, body: 'Leaked text', status: 'done', officialReply: { body: 'Still internal' } });
          expect(log.events.slice(count).map((e) => e.type === 'feedback.updated' && e.feedback.visibility)).toEqual(['published']);
        } finally {
          log.unsubscribe();
        }
      });

      it('tells the original’s board of the votes a merge moved', async (ctx) => {
        const { h, board, submit, vote, setStatus } = await start(ctx);
        suite.needs(h, ctx, 'realtime');
        const original = await submit(await h.as('Sam'), { body: 'original' });
        const duplicate = await submit(await h.as('Dan'), { body: 'copy' });
        await vote(await h.as('A'), duplicate.id);
        const log = h.listen(feedbackChannel(board));
        await setStatus(duplicate.id, 'duplicate', { duplicateOf: original.id });
        const moved = await log.next((e) => e.type === 'feedback.updated' && e.feedback.id === original.id);
        expect(moved.type === 'feedback.updated' && moved.feedback.voteCount).toBe(1);
        log.unsubscribe();
      });
    });

    describe('moderation', () => {
      it('hides an item from everyone but staff, and restores it with its votes', async (ctx) => {
        const { h, fb, submit, vote, get, list } = await start(ctx);
        suite.needs(h, ctx, 'moderation');
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const item = await submit(ada, { title: 'Dark mode', body: 'Dark mode please' });
        await vote(await h.as('Bo'), item.id);
        const target = { type: 'feedback' as const, id: item.id };
        await h.group('moderation').act({ target, action: 'hide', reason: 'off topic' }, { viewer: mo });
        await expectError(get(null, item.id), 'not_found');
        await expectError(get(ada, item.id), 'not_found');
        await expectError(vote(await h.as('Cy'), item.id), 'not_found');
        expect(await list(null)).toEqual([]);
        expect((await fb.myFeedback({}, { viewer: ada })).items).toEqual([]);
        expect((await fb.similarFeedback({ text: 'dark mode', space: item.space }, { viewer: null })).length).toBe(0);
        expect((await fb.roadmap({ space: item.space }, { viewer: null })).columns.every((c) => c.items.length === 0)).toBe(true);
        expect((await get(mo, item.id)).visibility).toBe('hidden');
        expect((await list(mo)).map((i) => i.id)).toEqual([item.id]);
        await h.group('moderation').act({ target, action: 'restore' }, { viewer: mo });
        expect(await get(null, item.id)).toMatchObject({ visibility: 'published', voteCount: 1 });
      });

      it('moves an item to another feedback board, telling both boards, and refuses other kinds of space', async (ctx) => {
        const { h, board, submit, get, list } = await start(ctx);
        suite.needs(h, ctx, 'moderation');
        const mo = await h.as('Mo', 'moderator');
        const other = await h.space('other-board', 'feedback');
        const feed = await h.space('news', 'feed');
        const item = await submit(await h.as('Ada'));
        const target = { type: 'feedback' as const, id: item.id };
        await expectError(h.group('moderation').act({ target, action: 'move', to: feed }, { viewer: mo }), 'validation');
        expect((await get(null, item.id)).space).toBe(board);
        const fromLog = h.listen(feedbackChannel(board));
        const toLog = h.listen(feedbackChannel(other));
        await h.group('moderation').act({ target, action: 'move', to: other }, { viewer: mo });
        expect((await get(null, item.id)).space).toBe(other);
        expect(await list(null)).toEqual([]);
        const moved = await h.group('feedback').listFeedback({ space: other }, { viewer: null });
        expect(moved.items.map((i) => i.id)).toEqual([item.id]);
        if (h.adapter.capabilities.realtime) {
          await fromLog.next((e) => e.type === 'feedback.updated' && e.feedback.id === item.id);
          await toLog.next((e) => e.type === 'feedback.updated' && e.feedback.space === other);
        }
        fromLog.unsubscribe();
        toLog.unsubscribe();
      });

      it('passes new feedback through the gate: flood rules and banned words apply', async (ctx) => {
        const { h, submit, list } = await start(ctx);
        suite.needs(h, ctx, 'moderation');
        await h.configure({ flood: { duplicateWindowMs: 600_000, maxPostsPerMinute: 2 }, bannedWords: ['casino'] });
        const ada = await h.as('Ada');
        await expectError(submit(ada, { body: 'Best casino bonus here' }), ['validation', 'forbidden']);
        await submit(ada, { body: 'one' });
        await expectError(submit(ada, { body: 'one' }), ['rate_limited', 'conflict', 'validation', 'forbidden']);
        await submit(ada, { body: 'two' });
        await expectError(submit(ada, { body: 'three' }), 'rate_limited');
        expect((await list(null)).map((i) => i.body).sort()).toEqual(['one', 'two']);
      });

      it('holds feedback under pre-moderation: only the submitter and staff see it until approved', async (ctx) => {
        const { h, submit, get, list } = await start(ctx);
        suite.needs(h, ctx, 'moderation');
        await h.configure({ moderation: 'pre' });
        const ada = await h.as('Ada');
        const mo = await h.as('Mo', 'moderator');
        const item = await submit(ada);
        expect(item.visibility).toBe('pending');
        expect(item.heldReason).toEqual(expect.any(String));
        await expectError(get(null, item.id), 'not_found');
        expect((await get(ada, item.id)).visibility).toBe('pending');
        expect(await list(null)).toEqual([]);
        await h.group('moderation').act({ target: { type: 'feedback', id: item.id }, action: 'approve' }, { viewer: mo });
        expect((await get(null, item.id)).visibility).toBe('published');
      });
    });
  });
}
