import { describe, expect, it } from 'vitest';
import { FEED_SORTS, postThreadKey, spaceChannel, type CommunityEvent, type CreatePostInput, type FeedPage, type FeedPost, type Viewer } from '@hearth/protocol';
import { expectError, type Harness, type Suite } from '../harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type FeedEvent<T extends string> = Extract<CommunityEvent, { type: T }>;

/** Conformance for the feed group: posts in spaces, topics, sorts, reactions, onboarding. */
export function feedConformance(suite: Suite): void {
  /** A fresh world with a feed space of its own and helpers bound to it. */
  const world = async (ctx: { skip: (note?: string) => void }, label = 'feed') => {
    const h = await suite.start();
    suite.needs(h, ctx, 'feed');
    const space = await h.space(label, 'feed');
    // These tests write many posts quickly; the flood rules have their own suite.
    await h.configure({ flood: { duplicateWindowMs: 10 * MINUTE, maxPostsPerMinute: 100 } });
    const feed = h.group('feed');
    let n = 0;
    const post = (viewer: Viewer | null, extra: Partial<CreatePostInput> = {}) =>
      feed.createPost({ space, body: `Post number ${++n}`, idempotencyKey: h.key(), ...extra }, { viewer });
    const list = (viewer: Viewer | null, extra: Record<string, unknown> = {}) => feed.listPosts({ space, ...extra } as never, { viewer });
    const ids = async (extra: Record<string, unknown> = {}, viewer: Viewer | null = null) => (await list(viewer, { limit: 100, ...extra })).items.map((p) => p.id);
    /** Every post of every page, walking cursors. */
    const walk = async (extra: Record<string, unknown>, viewer: Viewer | null = null) => {
      const seen: FeedPost[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page: FeedPage = await list(viewer, cursor ? { ...extra, cursor } : extra);
        sizes.push(page.items.length);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && sizes.length < 50);
      return { seen, sizes };
    };
    /** What these viewers see of the space (and one post), for "rejected calls changed nothing". */
    const state = async (viewers: Array<Viewer | null>, postId?: string) => {
      const views = [];
      for (const viewer of viewers) {
        views.push(await ids({}, viewer));
        views.push((await list(viewer, { limit: 100 })).items);
        if (postId) views.push(await feed.getPost({ postId }, { viewer }));
      }
      views.push(await feed.listTopics({ space }, { viewer: null }));
      return views;
    };
    return { h, space, feed, post, list, ids, walk, state };
  };

  /** An emoji the adapter accepts, a second one, and one it does not. */
  const emojis = (h: Harness) => {
    const [first, second = first] = h.settings.reactions;
    const invalid = ['🦄', '🐙', 'nope'].find((e) => !h.settings.reactions.includes(e))!;
    return { first: first!, second: second!, invalid };
  };

  /** A topic unique to this test run (servers share databases between runs). */
  const uniqueTopic = (h: Harness, label: string) => `${label}${h.thread('x').split('/')[2]!.slice(0, 8)}`;

  describe('feed', () => {
    describe('creating posts', () => {
      it('creates a discussion with trimmed body, normalised topics and a reply thread, readable by anyone', async (ctx) => {
        const { h, space, feed, post, ids } = await world(ctx);
        const ada = await h.as('Ada');
        const created = await post(ada, { title: '  Hello there  ', body: '  Hi **all**  ', topics: ['#Intro', 'intro', '#新手'] });
        expect(created).toMatchObject({
          space,
          kind: 'discussion',
          title: 'Hello there',
          body: 'Hi **all**',
          topics: ['intro', '新手'],
          images: [],
          event: null,
          author: { displayName: 'Ada', role: 'member' },
          editedAt: null,
          status: 'published',
          heldReason: null,
          pinned: false,
          pinOrder: null,
          featured: false,
          locked: false,
          replyCount: 0,
          reactions: {},
          viewerReactions: [],
          score: 0,
          acceptedAnswerId: null,
          duplicateOf: null,
          threadKey: postThreadKey(created.id),
        });
        expect(Date.parse(created.createdAt)).toBe(h.now);
        expect(created.lastActivityAt).toBe(created.createdAt);
        expect(created.hot).toBeGreaterThan(0);
        expect(await feed.getPost({ postId: created.id }, { viewer: null })).toEqual({ ...created, hot: expect.any(Number) });
        expect(await ids()).toEqual([created.id]);
      });

      it('takes questions (title required), announcements from staff, events with a start, and images', async (ctx) => {
        const { h, post } = await world(ctx);
        const [ada, mod] = [await h.as('Ada'), await h.as('Mo', 'moderator')];
        const question = await post(ada, { kind: 'question', title: 'How do I export?', body: 'Details inside.' });
        expect(question).toMatchObject({ kind: 'question', title: 'How do I export?', acceptedAnswerId: null });
        expect((await post(mod, { kind: 'announcement', title: 'Release', body: 'v2 is out' })).kind).toBe('announcement');
        const event = await post(ada, { kind: 'event', title: 'Meetup', event: { startsAt: '2031-05-01T18:00:00+08:00', location: ' Shanghai ' } });
        expect(event.event).toEqual({ startsAt: '2031-05-01T10:00:00.000Z', location: 'Shanghai' });
        const online = await post(ada, { kind: 'event', event: { startsAt: '2031-05-02T10:00:00Z' } });
        expect(online.event).toEqual({ startsAt: '2031-05-02T10:00:00.000Z', location: null });
        const pictures = await post(ada, { images: ['https://cdn.example.com/a.png', 'http://cdn.example.com/b.jpg'] });
        expect(pictures.images).toEqual(['https://cdn.example.com/a.png', 'http://cdn.example.com/b.jpg']);
      });

      it('posts questions into a Q&A space and refuses other kinds there, and any post on a feedback board', async (ctx) => {
        const { h, feed } = await world(ctx);
        const ada = await h.as('Ada');
        const qa = await h.space('ask', 'qa');
        const board = await h.space('ideas', 'feedback');
        const question = await feed.createPost({ space: qa, kind: 'question', title: 'Why?', body: 'Because.', idempotencyKey: h.key() }, { viewer: ada });
        expect(question.space).toBe(qa);
        await expectError(feed.createPost({ space: qa, body: 'chatter', idempotencyKey: h.key() }, { viewer: ada }), 'validation', 'kind');
        await expectError(feed.createPost({ space: qa, kind: 'discussion', body: 'chatter', idempotencyKey: h.key() }, { viewer: ada }), 'validation', 'kind');
        await expectError(feed.createPost({ space: board, body: 'an idea', idempotencyKey: h.key() }, { viewer: ada }), 'validation', 'space');
        await expectError(feed.createPost({ space: `nowhere-${h.key()}`.slice(0, 60), body: 'x', idempotencyKey: h.key() }, { viewer: ada }), 'not_found');
        expect((await feed.listPosts({ space: qa }, { viewer: null })).items.map((p) => p.id)).toEqual([question.id]);
        await expectError(feed.listPosts({ space: `nowhere-${h.key()}`.slice(0, 60) }, { viewer: null }), 'not_found');
      });

      it('rejects bad input naming the field, and creates nothing', async (ctx) => {
        const { h, post, state } = await world(ctx);
        const ada = await h.as('Ada');
        await post(ada, { body: 'keeps the space non-empty' });
        const before = await state([null, ada]);
        const cases: Array<[Partial<CreatePostInput>, string]> = [
          [{ body: '   ' }, 'body'],
          [{ body: 'x'.repeat(20_001) }, 'body'],
          [{ title: 't'.repeat(201) }, 'title'],
          [{ kind: 'question', title: '  ' }, 'title'],
          [{ kind: 'question' }, 'title'],
          [{ kind: 'poll' as never }, 'kind'],
          [{ topics: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'topics'],
          [{ topics: ['ok', 'x'.repeat(33)] }, 'topics.1'],
          [{ topics: ['#'] }, 'topics.0'],
          [{ images: Array.from({ length: 5 }, (_, i) => `https://cdn.example.com/${i}.png`) }, 'images'],
          [{ images: ['https://cdn.example.com/ok.png', 'javascript:alert(1)'] }, 'images.1'],
          [{ images: ['data:image/png;base64,AAAA'] }, 'images.0'],
          [{ kind: 'event' }, 'event.startsAt'],
          [{ kind: 'event', event: { startsAt: 'next tuesday' } }, 'event.startsAt'],
          [{ event: { startsAt: '2031-01-01T00:00:00Z' } }, 'event'],
          [{ idempotencyKey: 'short' }, 'idempotencyKey'],
        ];
        for (const [input, field] of cases) await expectError(post(ada, input), 'validation', field);
        // Six spellings of five topics are fine: they count after normalising.
        expect((await post(ada, { topics: ['a', 'b', 'c', 'd', 'e', '#A'] })).topics).toEqual(['a', 'b', 'c', 'd', 'e']);
        const after = await state([null, ada]);
        expect((after[0] as string[]).length).toBe((before[0] as string[]).length + 1);
      });

      it('screens posts and edits against banned words, changing nothing when refused', async (ctx) => {
        const { h, post, feed, state } = await world(ctx);
        suite.needs(h, ctx, 'moderation');
        await h.configure({ bannedWords: ['刷单', 'spamword'] });
        const ada = await h.as('Ada');
        const clean = await post(ada, { title: 'Clean', body: 'nothing to see' });
        const before = await state([null, ada], clean.id);
        await expectError(post(ada, { body: '专业刷单，联系我' }), 'validation');
        await expectError(post(ada, { title: 'SPAMWORD inside', body: 'fine body' }), 'validation');
        await expectError(feed.editPost({ postId: clean.id, body: 'now with spamword' }, { viewer: ada }), 'validation');
        expect(await state([null, ada], clean.id)).toEqual(mapHot(before));
      });

      it('returns the first post for a retried idempotency key, and refuses the key for another post', async (ctx) => {
        const { h, post, ids, feed, space } = await world(ctx);
        const ada = await h.as('Ada');
        const key = h.key();
        const input = { space, body: 'only once', topics: ['#Once'], idempotencyKey: key };
        const first = await feed.createPost(input, { viewer: ada });
        const again = await feed.createPost(input, { viewer: ada });
        expect(again.id).toBe(first.id);
        await expectError(feed.createPost({ ...input, body: 'something else' }, { viewer: ada }), 'conflict', 'idempotencyKey');
        // The key is the member's own: another member may use the same one.
        const bobs = await feed.createPost(input, { viewer: await h.as('Bob') });
        expect(bobs.id).not.toBe(first.id);
        expect((await ids()).sort()).toEqual([first.id, bobs.id].sort());
        const retries = await Promise.all(Array.from({ length: 5 }, () => feed.createPost({ ...input, body: 'retried in parallel', idempotencyKey: `${key}-parallel` }, { viewer: ada })));
        expect(new Set(retries.map((p) => p.id)).size).toBe(1);
        const many = await Promise.all(Array.from({ length: 8 }, (_, i) => post(ada, { body: `parallel ${i}` })));
        expect(new Set(many.map((p) => p.id)).size).toBe(8);
        expect(await ids()).toHaveLength(11);
      });
    });

    describe('permissions', () => {
      it('lets members post, refuses anonymous callers and guests, and keeps announcements for staff', async (ctx) => {
        const { h, post, ids } = await world(ctx);
        await expectError(post(null), 'unauthorized');
        await expectError(post(await h.as('Guest', 'guest')), 'forbidden');
        await h.configure({ guestPosting: true });
        // Guest posting covers comments, not starting posts.
        await expectError(post(await h.as('Guest', 'guest')), 'forbidden');
        await expectError(post(await h.as('Ada'), { kind: 'announcement', title: 'Free stuff' }), 'forbidden');
        await expectError(post(await h.as('Vic', 'volunteer'), { kind: 'announcement' }), 'forbidden');
        expect(await ids()).toEqual([]);
        expect((await post(await h.as('Vic', 'volunteer'))).status).toBe('published');
        expect((await post(await h.as('Ann', 'admin'), { kind: 'announcement' })).kind).toBe('announcement');
      });

      it('lets the author edit within the edit window and moderators always; nobody else', async (ctx) => {
        const { h, post, feed } = await world(ctx);
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const created = await post(ada, { title: 'Draft', body: 'first', topics: ['old'] });
        h.advance(MINUTE);
        const edited = await feed.editPost({ postId: created.id, title: 'Final', body: ' second ', topics: ['#New', '#新'] }, { viewer: ada });
        expect(edited).toMatchObject({ title: 'Final', body: 'second', topics: ['new', '新'], editedAt: new Date(h.now).toISOString() });
        const untouched = await feed.editPost({ postId: created.id, body: 'second' }, { viewer: ada });
        expect(untouched.editedAt).toBe(edited.editedAt);
        await expectError(feed.editPost({ postId: created.id, body: 'hijack' }, { viewer: bob }), 'forbidden');
        await expectError(feed.editPost({ postId: created.id, body: 'x' }, { viewer: null }), 'unauthorized');
        await expectError(feed.editPost({ postId: created.id, body: '' }, { viewer: ada }), 'validation', 'body');
        await expectError(feed.editPost({ postId: created.id, topics: ['1', '2', '3', '4', '5', '6'] }, { viewer: ada }), 'validation', 'topics');
        await expectError(feed.editPost({ postId: created.id, images: ['ftp://x.example/y.png'] }, { viewer: ada }), 'validation', 'images.0');
        await expectError(feed.editPost({ postId: `missing-${h.key()}`, body: 'x' }, { viewer: ada }), 'not_found');
        h.advance(h.settings.editWindowMs + MINUTE);
        await expectError(feed.editPost({ postId: created.id, body: 'too late' }, { viewer: ada }), 'forbidden');
        expect((await feed.editPost({ postId: created.id, body: 'tidied by staff' }, { viewer: mod })).body).toBe('tidied by staff');
        expect((await feed.getPost({ postId: created.id }, { viewer: null })).body).toBe('tidied by staff');
      });

      it('questions keep their title: an edit cannot clear it', async (ctx) => {
        const { h, post, feed } = await world(ctx);
        const ada = await h.as('Ada');
        const question = await post(ada, { kind: 'question', title: 'Why?' });
        await expectError(feed.editPost({ postId: question.id, title: ' ' }, { viewer: ada }), 'validation', 'title');
        const discussion = await post(ada, { title: 'Optional' });
        expect((await feed.editPost({ postId: discussion.id, title: null }, { viewer: ada })).title).toBeNull();
      });

      it('soft-deletes for the author or a moderator; the post is gone for reads and writes', async (ctx) => {
        const { h, post, feed, ids } = await world(ctx);
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const mine = await post(ada, { body: 'mine' });
        const theirs = await post(bob, { body: 'theirs' });
        await expectError(feed.deletePost({ postId: mine.id }, { viewer: bob }), 'forbidden');
        await expectError(feed.deletePost({ postId: mine.id }, { viewer: await h.as('Vic', 'volunteer') }), 'forbidden');
        await expectError(feed.deletePost({ postId: mine.id }, { viewer: null }), 'unauthorized');
        const deleted = await feed.deletePost({ postId: mine.id }, { viewer: ada });
        expect(deleted).toMatchObject({ id: mine.id, status: 'deleted', body: '', title: null });
        await expectError(feed.getPost({ postId: mine.id }, { viewer: ada }), 'not_found');
        await expectError(feed.getPost({ postId: mine.id }, { viewer: mod }), 'not_found');
        await expectError(feed.deletePost({ postId: mine.id }, { viewer: ada }), 'not_found');
        await expectError(feed.editPost({ postId: mine.id, body: 'back' }, { viewer: ada }), 'not_found');
        expect((await feed.deletePost({ postId: theirs.id }, { viewer: mod })).status).toBe('deleted');
        expect(await ids({}, mod)).toEqual([]);
        if (h.adapter.capabilities.moderation) {
          // A moderator removing someone else's post is audited; an author removing their own is not.
          const audit = h.group('moderation');
          expect((await audit.listAudit({ target: `post:${theirs.id}` }, { viewer: mod })).items).toEqual([expect.objectContaining({ action: 'delete', actor: expect.objectContaining({ displayName: 'Mo' }) })]);
          expect((await audit.listAudit({ target: `post:${mine.id}` }, { viewer: mod })).items).toEqual([]);
        }
        await expectError(feed.getPost({ postId: `missing-${h.key()}` }, { viewer: null }), 'not_found', 'postId');
      });

      it('shows held posts only to their author and staff, with the reason', async (ctx) => {
        const { h, post, feed, ids, space } = await world(ctx);
        await h.configure({ moderation: 'pre' });
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const held = await post(ada, { body: 'waiting for review', topics: [uniqueTopic(h, 'held')] });
        expect(held.status).toBe('pending');
        expect(typeof held.heldReason).toBe('string');
        expect(await ids({}, ada)).toEqual([held.id]);
        expect(await ids({}, mod)).toEqual([held.id]);
        expect(await ids({}, bob)).toEqual([]);
        expect(await ids({}, null)).toEqual([]);
        await expectError(feed.getPost({ postId: held.id }, { viewer: bob }), 'not_found');
        await expectError(feed.reactToPost({ postId: held.id, emoji: h.settings.reactions[0]! }, { viewer: mod }), 'conflict');
        expect(await ids({ sort: 'unanswered' }, ada)).toEqual([]);
        expect(await feed.listTopics({ space }, { viewer: null })).toEqual([]);
      });
    });

    describe('onboarding', () => {
      it('asks for the missing profile fields on a first post, saves those sent with it, and asks only once', async (ctx) => {
        const { h, post, ids } = await world(ctx);
        await h.configure({ onboardingFields: ['headline', 'industry'] });
        const ada = await h.as('Ada');
        const community = h.group('community');
        const refused = await expectError(post(ada), 'validation', 'profile.headline');
        expect(refused.details.issues?.map((i) => i.path)).toEqual(['profile.headline', 'profile.industry']);
        await expectError(post(ada, { profile: { headline: 'Data engineer' } }), 'validation', 'profile.industry');
        // The refused post saved nothing, not even the half profile.
        expect((await community.getInfo({}, { viewer: ada })).needsOnboarding).toBe(true);
        expect(await ids()).toEqual([]);
        const first = await post(ada, { profile: { headline: 'Data engineer', industry: '制造业' } });
        expect(first.status).toBe('published');
        expect((await community.getInfo({}, { viewer: ada })).needsOnboarding).toBe(false);
        // Fields the community adds later do not block members who have posted before.
        await h.configure({ onboardingFields: ['headline', 'industry', 'expertise'] });
        expect((await post(ada, { body: 'second' })).status).toBe('published');
        await expectError(post(await h.as('Bob')), 'validation', 'profile.headline');
        const bobs = await post(await h.as('Bob'), { profile: { headline: 'PM', industry: 'Retail', expertise: ['SQL'] } });
        expect(bobs.author.displayName).toBe('Bob');
      });

      it('asks nothing when the community lists no onboarding fields', async (ctx) => {
        const { h, post } = await world(ctx);
        expect((await post(await h.as('Ada'))).status).toBe('published');
      });
    });

    describe('listing', () => {
      it('sorts by new (the default), top, hot and unanswered', async (ctx) => {
        const { h, post, feed, ids, space } = await world(ctx);
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const { first, second } = emojis(h);
        const old = await post(ada, { body: 'old but loved' });
        h.advance(48 * HOUR);
        const mid = await post(ada, { body: 'middle' });
        h.advance(HOUR);
        const fresh = await post(ada, { body: 'fresh' });
        for (const viewer of [bob, cy]) await feed.reactToPost({ postId: old.id, emoji: first }, { viewer });
        if (second !== first) await feed.reactToPost({ postId: old.id, emoji: second }, { viewer: bob });
        await feed.reactToPost({ postId: mid.id, emoji: first }, { viewer: bob });
        expect(await ids()).toEqual([fresh.id, mid.id, old.id]);
        expect(await ids({ sort: 'new' })).toEqual([fresh.id, mid.id, old.id]);
        expect(await ids({ sort: 'top' })).toEqual([old.id, mid.id, fresh.id]);
        // Two days of age outweigh a couple of reactions.
        expect(await ids({ sort: 'hot' })).toEqual([mid.id, fresh.id, old.id]);
        expect(await ids({ sort: 'unanswered' })).toEqual([old.id, mid.id, fresh.id]);
        const page = await feed.listPosts({ space, sort: 'hot' }, { viewer: null });
        const hots = page.items.map((p) => p.hot);
        expect([...hots].sort((a, b) => b - a)).toEqual(hots);
        expect(page.items.find((p) => p.id === old.id)?.score).toBe(second !== first ? 3 : 2);
      });

      it('filters by topic (normalised, Chinese included) and by kind', async (ctx) => {
        const { h, post, ids } = await world(ctx);
        const ada = await h.as('Ada');
        const a = await post(ada, { topics: ['#产品反馈', '#Web Dev'] });
        const b = await post(ada, { kind: 'question', title: 'Q?', topics: ['产品反馈'] });
        const c = await post(ada, { topics: ['#web-dev'] });
        expect((await ids({ topic: '＃产品反馈' })).sort()).toEqual([a.id, b.id].sort());
        expect((await ids({ topic: 'WEB DEV' })).sort()).toEqual([a.id, c.id].sort());
        expect(await ids({ kind: 'question' })).toEqual([b.id]);
        expect(await ids({ kind: 'question', topic: 'web-dev' })).toEqual([]);
        expect(await ids({ topic: 'nothing-here' })).toEqual([]);
        await expectError(ids({ topic: '#' }), 'validation', 'topic');
        await expectError(ids({ kind: 'poll' }), 'validation', 'kind');
        await expectError(ids({ sort: 'best' }), 'validation', 'sort');
      });

      it('pages through every sort with no duplicates or gaps', async (ctx) => {
        const { h, post, feed, walk, ids } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const posts: FeedPost[] = [];
        for (let i = 0; i < 11; i++) {
          h.advance(10 * MINUTE);
          const created = await post(ada, { body: `post ${i}` });
          posts.push(created);
          if (i % 3 === 1) await feed.reactToPost({ postId: created.id, emoji: emojis(h).first }, { viewer: bob });
        }
        for (const sort of FEED_SORTS) {
          const { seen, sizes } = await walk({ sort, limit: 4 });
          expect(sizes, sort).toEqual([4, 4, 3]);
          expect(new Set(seen.map((p) => p.id)).size).toBe(11);
          expect(seen.map((p) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());
          expect(seen.map((p) => p.id)).toEqual(await ids({ sort }));
        }
      });

      it('keeps a hot walk stable while time passes and new posts arrive between pages', async (ctx) => {
        const { h, post, feed, list, space } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const posts: FeedPost[] = [];
        for (let i = 0; i < 9; i++) {
          h.advance(3 * HOUR);
          posts.push(await post(ada, { body: `hot ${i}` }));
          for (let r = 0; r < i % 4; r++) await feed.reactToPost({ postId: posts[i]!.id, emoji: emojis(h).first }, { viewer: await h.as(`Fan${r}`) });
        }
        const first = await list(null, { sort: 'hot', limit: 3 });
        h.advance(30 * HOUR);
        await post(bob, { body: 'arrived meanwhile' });
        const seen = [...first.items.map((p) => p.id)];
        let cursor = first.nextCursor;
        while (cursor) {
          const page: FeedPage = await feed.listPosts({ space, sort: 'hot', limit: 3, cursor }, { viewer: null });
          seen.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor;
        }
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort()).toEqual(posts.map((p) => p.id).sort());
      });

      it('scores hot by the documented formula: (score + 2·replies + 1) / (ageHours + 2)^1.5', async (ctx) => {
        const { h, post, feed, list } = await world(ctx);
        const [ada, bob, cy] = [await h.as('Ada'), await h.as('Bob'), await h.as('Cy')];
        const created = await post(ada, { body: 'measure me' });
        expect(created.hot).toBeCloseTo(1 / 2 ** 1.5, 12);
        h.advance(2 * HOUR);
        await feed.reactToPost({ postId: created.id, emoji: emojis(h).first }, { viewer: bob });
        await h.post(cy, created.threadKey, 'A reply');
        const read = await feed.getPost({ postId: created.id }, { viewer: null });
        expect(read).toMatchObject({ score: 1, replyCount: 1 });
        expect(read.hot).toBeCloseTo((1 + 2 * 1 + 1) / 4 ** 1.5, 12); // = 0.5
        h.advance(22 * HOUR);
        const listed = (await list(null, { sort: 'hot' })).items.find((p) => p.id === created.id)!;
        expect(listed.hot).toBeCloseTo(4 / 26 ** 1.5, 12);
      });

      it('walks pinned posts across pages in pin order, once each, and skips pins the viewer cannot read', async (ctx) => {
        const { h, post, walk } = await world(ctx);
        suite.needs(h, ctx, 'moderation');
        const [ada, mod] = [await h.as('Ada'), await h.as('Mo', 'moderator')];
        const act = (id: string, action: string) => h.group('moderation').act({ target: { type: 'post', id }, action: action as never }, { viewer: mod });
        const made: FeedPost[] = [];
        for (let i = 0; i < 6; i++) {
          h.advance(MINUTE);
          made.push(await post(ada, { body: `pin walk ${i}` }));
        }
        const [a, b, c, d, e, f] = made.map((p) => p.id) as [string, string, string, string, string, string];
        for (const id of [d, b, e]) {
          h.advance(1000);
          await act(id, 'pin');
        }
        await act(b, 'hide');
        for (const sort of ['new', 'top', 'hot'] as const) {
          const pub = await walk({ sort, limit: 2 });
          // No reactions or replies: top and hot fall back to newest first, like new.
          expect(pub.seen.map((p) => p.id), sort).toEqual([d, e, f, c, a]);
          expect(pub.sizes).toEqual([2, 2, 1]);
          expect(pub.seen.slice(0, 2).map((p) => p.pinOrder)).toEqual([1, 2]);
          const staff = await walk({ sort, limit: 2 }, mod);
          expect(staff.seen.map((p) => p.id), sort).toEqual([d, b, e, f, c, a]);
          expect(staff.seen.slice(0, 3).map((p) => p.pinOrder)).toEqual([1, 2, 3]);
        }
      });

      it('defaults to 20 per page and allows up to 100', async (ctx) => {
        const { h, post, list } = await world(ctx);
        const ada = await h.as('Ada');
        for (let i = 0; i < 21; i++) {
          h.advance(1000);
          await post(ada, { body: `post ${i}` });
        }
        const first = await list(null);
        expect(first.items).toHaveLength(20);
        const rest = await list(null, { cursor: first.nextCursor });
        expect(rest.items.map((p) => p.body)).toEqual(['post 0']);
        expect(rest.nextCursor).toBeNull();
        expect((await list(null, { limit: 100 })).items).toHaveLength(21);
        await expectError(list(null, { limit: 101 }), 'validation', 'limit');
      });

      it('rejects malformed cursors and cursors of another sort or filter, naming cursor', async (ctx) => {
        const { h, post, list } = await world(ctx);
        const ada = await h.as('Ada');
        for (let i = 0; i < 3; i++) await post(ada, { body: `p${i}`, topics: ['t'] });
        const page = await list(null, { limit: 1 });
        expect(page.nextCursor).not.toBeNull();
        for (const cursor of ['garbage', `${page.nextCursor}x!`, '%%%']) await expectError(list(null, { limit: 1, cursor }), 'validation', 'cursor');
        await expectError(list(null, { limit: 1, sort: 'top', cursor: page.nextCursor }), 'validation', 'cursor');
        await expectError(list(null, { limit: 1, topic: 't', cursor: page.nextCursor }), 'validation', 'cursor');
      });

      it('lists topics with counts, most used first, narrowed by space and prefix', async (ctx) => {
        const { h, post, feed, space } = await world(ctx);
        const ada = await h.as('Ada');
        const other = await h.space('other', 'feed');
        const [hot, cool, zh] = [uniqueTopic(h, 'hot'), uniqueTopic(h, 'cool'), `新手${uniqueTopic(h, '')}`];
        await post(ada, { topics: [hot, cool, zh] });
        await post(ada, { topics: [hot, zh] });
        await post(ada, { topics: [`#${hot.toUpperCase()}`] });
        const gone = await post(ada, { topics: [cool] });
        await feed.deletePost({ postId: gone.id }, { viewer: ada });
        await feed.createPost({ space: other, body: 'elsewhere', topics: [cool], idempotencyKey: h.key() }, { viewer: ada });
        expect(await feed.listTopics({ space }, { viewer: null })).toEqual([
          { topic: hot, posts: 3 },
          { topic: zh, posts: 2 },
          { topic: cool, posts: 1 },
        ]);
        expect(await feed.listTopics({ space, prefix: '#新手' }, { viewer: null })).toEqual([{ topic: zh, posts: 2 }]);
        expect(await feed.listTopics({ space, limit: 1 }, { viewer: null })).toEqual([{ topic: hot, posts: 3 }]);
        expect(await feed.listTopics({ prefix: cool }, { viewer: null })).toEqual([{ topic: cool, posts: 2 }]);
        await expectError(feed.listTopics({ space: `nowhere-${h.key()}`.slice(0, 60) }, { viewer: null }), 'not_found');
        await expectError(feed.listTopics({ limit: 0 }, { viewer: null }), 'validation', 'limit');
      });
    });

    describe('reactions', () => {
      it('toggles and sets reactions, counting score and the viewer\'s own', async (ctx) => {
        const { h, post, feed } = await world(ctx);
        const { first, second, invalid } = emojis(h);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const created = await post(ada);
        const on = await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
        expect(on).toMatchObject({ reactions: { [first]: 1 }, viewerReactions: [first], score: 1 });
        expect((await feed.getPost({ postId: created.id }, { viewer: ada })).viewerReactions).toEqual([]);
        const twice = await feed.reactToPost({ postId: created.id, emoji: first, active: true }, { viewer: bob });
        expect(twice.reactions).toEqual({ [first]: 1 });
        if (second !== first) {
          const both = await feed.reactToPost({ postId: created.id, emoji: second }, { viewer: bob });
          expect(both).toMatchObject({ reactions: { [first]: 1, [second]: 1 }, score: 2 });
          expect([...both.viewerReactions].sort()).toEqual([first, second].sort());
          await feed.reactToPost({ postId: created.id, emoji: second }, { viewer: bob });
        }
        const off = await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
        expect(off).toMatchObject({ reactions: {}, viewerReactions: [], score: 0 });
        expect((await feed.reactToPost({ postId: created.id, emoji: first, active: false }, { viewer: bob })).reactions).toEqual({});
        await expectError(feed.reactToPost({ postId: created.id, emoji: invalid }, { viewer: bob }), 'validation', 'emoji');
        await expectError(feed.reactToPost({ postId: created.id, emoji: first }, { viewer: null }), 'unauthorized');
        await expectError(feed.reactToPost({ postId: created.id, emoji: first }, { viewer: await h.as('Guest', 'guest') }), 'forbidden');
        await expectError(feed.reactToPost({ postId: `missing-${h.key()}`, emoji: first }, { viewer: bob }), 'not_found');
        await feed.deletePost({ postId: created.id }, { viewer: ada });
        await expectError(feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob }), 'not_found');
      });

      it('keeps counts exact when many members react at once', async (ctx) => {
        const { h, post, feed } = await world(ctx);
        const { first } = emojis(h);
        const created = await post(await h.as('Ada'));
        const fans = await Promise.all(Array.from({ length: 12 }, (_, i) => h.as(`Fan${i}`)));
        await Promise.all(fans.map((viewer) => feed.reactToPost({ postId: created.id, emoji: first }, { viewer })));
        expect((await feed.getPost({ postId: created.id }, { viewer: null })).reactions).toEqual({ [first]: 12 });
        await Promise.all(fans.slice(0, 5).map((viewer) => feed.reactToPost({ postId: created.id, emoji: first }, { viewer })));
        const after = await feed.getPost({ postId: created.id }, { viewer: null });
        expect(after).toMatchObject({ reactions: { [first]: 7 }, score: 7 });
      });
    });

    describe('replies', () => {
      it('counts comments in the post\'s thread as replies and refuses them on locked-out posts', async (ctx) => {
        const { h, post, feed, ids, space } = await world(ctx);
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const created = await post(ada, { kind: 'question', title: 'Anyone?' });
        h.advance(MINUTE);
        const other = await post(ada, { body: 'still waiting' });
        expect(await ids({ sort: 'unanswered' })).toEqual([created.id, other.id]);
        h.advance(HOUR);
        const log = h.adapter.capabilities.realtime ? h.listen(spaceChannel(space)) : null;
        try {
          await h.post(bob, created.threadKey, 'Me!');
          const heard = (await log?.next((e) => e.type === 'feed.post.updated' && e.post.id === created.id)) as FeedEvent<'feed.post.updated'> | undefined;
          if (log) expect(heard?.post.replyCount).toBe(1);
        } finally {
          log?.unsubscribe();
        }
        const read = await feed.getPost({ postId: created.id }, { viewer: null });
        expect(read).toMatchObject({ replyCount: 1, lastActivityAt: new Date(h.now).toISOString() });
        expect(await ids({ sort: 'unanswered' })).toEqual([other.id]);
        await feed.deletePost({ postId: other.id }, { viewer: ada });
        await expectError(h.post(bob, other.threadKey, 'too late'), 'not_found');
      });
    });

    describe('points', () => {
      it('earns post points when published, reaction points once per reacting member, and loses them on removal', async (ctx) => {
        const { h, post, feed } = await world(ctx);
        suite.needs(h, ctx, 'gamification');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const { first, second } = emojis(h);
        const points = async () => (await h.group('gamification').getStanding({ memberId: ada.id }, { viewer: ada })).lifetimePoints;
        const rules = (await h.group('community').getInfo({}, { viewer: null })).points.rules;
        const [forPost, forReaction] = [rules.post ?? 0, rules.reaction_received ?? 0];
        const created = await post(ada);
        expect(await points()).toBe(forPost);
        await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
        if (second !== first) await feed.reactToPost({ postId: created.id, emoji: second }, { viewer: bob });
        // Reacting to one's own post earns nothing.
        await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: ada });
        expect(await points()).toBe(forPost + forReaction);
        if (second !== first) {
          await feed.reactToPost({ postId: created.id, emoji: second }, { viewer: bob });
          expect(await points()).toBe(forPost + forReaction);
        }
        await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
        expect(await points()).toBe(forPost);
        await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
        await feed.deletePost({ postId: created.id }, { viewer: ada });
        expect(await points()).toBe(0);
      });
    });

    describe('curation through moderation', () => {
      it('pins several posts in order ahead of every sort, unpins, and features', async (ctx) => {
        const { h, post, ids, list } = await world(ctx);
        suite.needs(h, ctx, 'moderation');
        const [ada, mod] = [await h.as('Ada'), await h.as('Mo', 'moderator')];
        const act = (id: string, action: string, viewer: Viewer = mod) => h.group('moderation').act({ target: { type: 'post', id }, action: action as never }, { viewer });
        const posts: FeedPost[] = [];
        for (let i = 0; i < 4; i++) {
          h.advance(MINUTE);
          posts.push(await post(ada, { body: `curated ${i}` }));
        }
        const [a, b, c, d] = posts as [FeedPost, FeedPost, FeedPost, FeedPost];
        await act(c.id, 'pin');
        await act(a.id, 'pin');
        for (const sort of FEED_SORTS) {
          const page = await list(null, { sort });
          expect(page.items.slice(0, 2).map((p) => [p.id, p.pinned, p.pinOrder]), sort).toEqual([[c.id, true, 1], [a.id, true, 2]]);
          expect(page.items).toHaveLength(4);
        }
        expect(await ids()).toEqual([c.id, a.id, d.id, b.id]);
        await expectError(act(b.id, 'pin', ada), 'forbidden');
        await expectError(act(b.id, 'feature', await h.as('Vic', 'volunteer')), 'forbidden');
        await act(c.id, 'unpin');
        expect((await list(null)).items.map((p) => [p.id, p.pinOrder])).toEqual([[a.id, 1], [d.id, null], [c.id, null], [b.id, null]]);
        await act(b.id, 'feature');
        const featured = (await list(null)).items.filter((p) => p.featured).map((p) => p.id);
        expect(featured).toEqual([b.id]);
        await act(b.id, 'unfeature');
        expect((await list(null)).items.some((p) => p.featured)).toBe(false);
      });

      it('locks a post against replies, hides and restores it, and moves it to another feed space', async (ctx) => {
        const { h, post, feed, ids } = await world(ctx);
        suite.needs(h, ctx, 'moderation');
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const act = (id: string, action: string, extra: Record<string, unknown> = {}, viewer: Viewer = mod) =>
          h.group('moderation').act({ target: { type: 'post', id }, action: action as never, ...extra }, { viewer });
        const created = await post(ada, { title: 'Heated' });
        await act(created.id, 'lock');
        expect((await feed.getPost({ postId: created.id }, { viewer: null })).locked).toBe(true);
        await expectError(h.post(bob, created.threadKey, 'one more thing'), 'forbidden');
        await act(created.id, 'unlock');
        await h.post(bob, created.threadKey, 'one more thing');
        expect((await feed.getPost({ postId: created.id }, { viewer: null })).replyCount).toBe(1);
        await act(created.id, 'hide');
        await expectError(feed.getPost({ postId: created.id }, { viewer: ada }), 'not_found');
        expect(await ids({}, bob)).toEqual([]);
        expect((await feed.getPost({ postId: created.id }, { viewer: mod })).status).toBe('hidden');
        await act(created.id, 'restore');
        expect((await feed.getPost({ postId: created.id }, { viewer: bob })).status).toBe('published');
        const elsewhere = await h.space('elsewhere', 'feed');
        const qa = await h.space('questions', 'qa');
        await expectError(act(created.id, 'move', { to: qa }), 'validation', 'to');
        await expectError(act(created.id, 'move', { to: elsewhere }, ada), 'forbidden');
        await act(created.id, 'move', { to: elsewhere });
        expect(await ids()).toEqual([]);
        expect((await feed.listPosts({ space: elsewhere }, { viewer: null })).items.map((p) => [p.id, p.space])).toEqual([[created.id, elsewhere]]);
      });
    });

    describe('realtime', () => {
      it('announces created, updated, reaction and deleted posts on the space channel, as the public sees them', async (ctx) => {
        const { h, post, feed, space } = await world(ctx);
        suite.needs(h, ctx, 'realtime');
        const [ada, bob] = [await h.as('Ada'), await h.as('Bob')];
        const log = h.listen(spaceChannel(space));
        try {
          const created = await post(ada, { title: 'Live', topics: ['#live'] });
          const heard = (await log.next((e) => e.type === 'feed.post.created' && e.post.id === created.id)) as FeedEvent<'feed.post.created'>;
          expect(heard).toMatchObject({ channel: spaceChannel(space), post: { id: created.id, title: 'Live', topics: ['live'], viewerReactions: [] } });
          await feed.editPost({ postId: created.id, body: 'edited live' }, { viewer: ada });
          const updated = (await log.next((e) => e.type === 'feed.post.updated' && e.post.body === 'edited live')) as FeedEvent<'feed.post.updated'>;
          expect(updated.post.editedAt).not.toBeNull();
          const { first } = emojis(h);
          await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
          const reaction = await log.next((e) => e.type === 'feed.post.reaction' && e.postId === created.id);
          expect(reaction).toMatchObject({ emoji: first, count: 1, active: true, memberId: expect.any(String), channel: spaceChannel(space) });
          await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
          await log.next((e) => e.type === 'feed.post.reaction' && e.postId === created.id && !e.active);
          await feed.deletePost({ postId: created.id }, { viewer: ada });
          const deleted = (await log.next((e) => e.type === 'feed.post.updated' && e.post.status === 'deleted')) as FeedEvent<'feed.post.updated'>;
          expect(deleted.post).toMatchObject({ id: created.id, body: '', title: null });
          expect(new Set(log.events.map((e) => e.id)).size).toBe(log.events.length);
          expect(log.events.every((e) => e.channel === spaceChannel(space))).toBe(true);
        } finally {
          log.unsubscribe();
        }
      });

      it('announces a held post to nobody until it is published', async (ctx) => {
        const { h, post, space } = await world(ctx);
        suite.needs(h, ctx, 'realtime');
        await h.configure({ moderation: 'pre' });
        const log = h.listen(spaceChannel(space));
        try {
          await post(await h.as('Ada'), { body: 'held back' });
          await h.configure({ moderation: 'post' });
          const open = await post(await h.as('Ada'), { body: 'out in the open' });
          await log.next((e) => e.type === 'feed.post.created' && e.post.id === open.id);
          expect(log.events.filter((e) => e.type === 'feed.post.created')).toHaveLength(1);
        } finally {
          log.unsubscribe();
        }
      });
    });

    describe('rejected calls change nothing', () => {
      it('leaves every view of the space as it was after a run of refused calls', async (ctx) => {
        const { h, post, feed, state } = await world(ctx);
        const [ada, bob, mod] = [await h.as('Ada'), await h.as('Bob'), await h.as('Mo', 'moderator')];
        const { first, invalid } = emojis(h);
        const created = await post(ada, { title: 'Stable', topics: ['#keep'] });
        await feed.reactToPost({ postId: created.id, emoji: first }, { viewer: bob });
        const viewers = [null, ada, bob, mod];
        const before = await state(viewers, created.id);
        await expectError(post(null), 'unauthorized');
        await expectError(post(ada, { body: '' }), 'validation');
        await expectError(post(ada, { topics: ['1', '2', '3', '4', '5', '6'] }), 'validation');
        await expectError(post(bob, { kind: 'announcement' }), 'forbidden');
        await expectError(feed.editPost({ postId: created.id, body: 'hijack' }, { viewer: bob }), 'forbidden');
        await expectError(feed.editPost({ postId: created.id, title: 'x'.repeat(201) }, { viewer: ada }), 'validation');
        await expectError(feed.deletePost({ postId: created.id }, { viewer: bob }), 'forbidden');
        await expectError(feed.reactToPost({ postId: created.id, emoji: invalid }, { viewer: bob }), 'validation');
        await expectError(feed.reactToPost({ postId: created.id, emoji: first }, { viewer: null }), 'unauthorized');
        h.advance(h.settings.editWindowMs + MINUTE);
        await expectError(feed.editPost({ postId: created.id, body: 'late' }, { viewer: ada }), 'forbidden');
        expect(await state(viewers, created.id)).toEqual(mapHot(before));
      });
    });
  });

  /** Hot scores drift with the clock; compare everything else exactly. */
  function mapHot(views: unknown[]): unknown[] {
    const loose = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(loose);
      if (value && typeof value === 'object' && 'hot' in value) return { ...(value as object), hot: expect.any(Number) };
      return value;
    };
    return views.map(loose);
  }
}
