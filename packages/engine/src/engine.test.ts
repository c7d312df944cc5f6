import { describe, expect, it, vi } from 'vitest';
import { HearthError, threadChannel, type CommentSettings, type CommunityEvent, type Viewer } from '@hearth/protocol';
import { createEngine, type Engine } from './engine.js';
import { MemoryStore } from './memory-store.js';

const MINUTE = 60_000;
const START = Date.UTC(2030, 0, 1, 12);

const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob', role: 'member' };
const vic: Viewer = { id: 'vic', displayName: 'Vic', role: 'volunteer' };
const mod: Viewer = { id: 'mod', displayName: 'Mo', role: 'moderator' };
const admin: Viewer = { id: 'admin', displayName: 'Ann', role: 'admin' };

function setup(settings?: Partial<CommentSettings>) {
  let now = START;
  let n = 0;
  const store = new MemoryStore();
  const events: CommunityEvent[] = [];
  const engine = createEngine({
    store,
    settings,
    // These tests write many comments within one minute; the flood rules are tested with moderation.
    community: { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 } },
    clock: () => now,
    ids: () => `id${++n}`,
    // The comments' own events; the operator inbox's (analytics.opener.changed) are tested with analytics.
    publish: (event) => {
      if (event.channel.startsWith('thread:')) events.push(event);
    },
  });
  let keys = 0;
  const post = (viewer: Viewer | null, body: string, parentId?: string, threadKey = '/t') =>
    engine.createComment({ threadKey, body, parentId, idempotencyKey: `key-${++keys}-xxxxxxxx` }, viewer);
  const list = (viewer: Viewer | null, extra: Record<string, unknown> = {}) =>
    engine.listComments({ threadKey: '/t', ...extra }, viewer);
  const visibleIds = async (viewer: Viewer | null) => {
    const page = await list(viewer);
    return [...page.items, ...page.replies].map((p) => p.id);
  };
  return {
    engine,
    store,
    events,
    post,
    list,
    visibleIds,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

async function rejection(promise: Promise<unknown>): Promise<HearthError> {
  try {
    await promise;
  } catch (error) {
    if (HearthError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected the call to reject.');
}

/** Asserts the call rejects with `code`, and that the store and published events did not change. */
async function rejectsCleanly(t: ReturnType<typeof setup>, call: () => Promise<unknown>, code: HearthError['code'], field?: string) {
  const before = JSON.stringify(t.store);
  const eventsBefore = t.events.length;
  const error = await rejection(call());
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
  expect(JSON.stringify(t.store)).toBe(before);
  expect(t.events.length).toBe(eventsBefore);
  return error;
}

describe('creating comments', () => {
  it('stores a trimmed top-level comment, creates the thread and counts it', async () => {
    const t = setup();
    expect(await t.engine.getThread({ threadKey: '/t' }, null)).toEqual({ id: null, key: '/t', commentCount: 0, locked: false, createdAt: null });
    const post = await t.post(ada, '  Hello **world**  ');
    expect(post).toMatchObject({
      threadKey: '/t',
      parentId: null,
      depth: 0,
      replyTo: null,
      body: 'Hello **world**',
      author: { id: 'ada', displayName: 'Ada', avatarUrl: null, role: 'member' },
      createdAt: new Date(START).toISOString(),
      editedAt: null,
      status: 'published',
      reactions: {},
      viewerReactions: [],
      replyCount: 0,
    });
    const thread = await t.engine.getThread({ threadKey: ' /t ' }, null);
    expect(thread).toMatchObject({ id: post.threadId, key: '/t', commentCount: 1, locked: false, createdAt: new Date(START).toISOString() });
  });

  it('keeps replies in the thread and gives each direct reply a replyTo', async () => {
    const t = setup();
    const root = await t.post(ada, 'root');
    const reply = await t.post(bob, 'reply', root.id);
    expect(reply).toMatchObject({ parentId: root.id, depth: 1, replyTo: { id: root.id, authorName: 'Ada' } });
    const page = await t.list(null);
    expect(page.items.map((p) => [p.id, p.replyCount])).toEqual([[root.id, 1]]);
    expect(page.replies.map((p) => p.id)).toEqual([reply.id]);
    expect(page.thread.commentCount).toBe(2);
  });

  it('attaches replies below the visible depth to the deepest allowed ancestor, naming whom they answered', async () => {
    const t = setup();
    const root = await t.post(ada, 'depth 0');
    const one = await t.post(bob, 'depth 1', root.id);
    const two = await t.post(ada, 'depth 2', one.id);
    const three = await t.post(mod, 'answers depth 2', two.id);
    const four = await t.post(bob, 'answers that', three.id);
    expect(two).toMatchObject({ parentId: one.id, depth: 2, replyTo: { id: one.id, authorName: 'Bob' } });
    expect(three).toMatchObject({ parentId: one.id, depth: 2, replyTo: { id: two.id, authorName: 'Ada' } });
    expect(four).toMatchObject({ parentId: one.id, depth: 2, replyTo: { id: three.id, authorName: 'Mo' } });
    const page = await t.list(null);
    expect(page.replies.map((p) => p.id)).toEqual([one.id, two.id, three.id, four.id]);
    expect(page.replies.find((p) => p.id === one.id)?.replyCount).toBe(3);
  });

  it('honours a configured depth: with maxDepth 1 every reply is top-level with a replyTo', async () => {
    const t = setup({ maxDepth: 1 });
    const root = await t.post(ada, 'root');
    const reply = await t.post(bob, 'reply', root.id);
    expect(reply).toMatchObject({ parentId: null, depth: 0, replyTo: { id: root.id, authorName: 'Ada' } });
    expect((await t.list(null)).items.map((p) => p.id)).toEqual([root.id, reply.id]);
  });

  it('rejects a parent that is unknown, deleted or in another thread with not_found on parentId', async () => {
    const t = setup();
    const elsewhere = await t.post(ada, 'other thread', undefined, '/other');
    const gone = await t.post(ada, 'soon gone');
    await t.engine.deleteComment({ postId: gone.id }, ada);
    await rejectsCleanly(t, () => t.post(bob, 'x', 'nope'), 'not_found', 'parentId');
    await rejectsCleanly(t, () => t.post(bob, 'x', elsewhere.id), 'not_found', 'parentId');
    await rejectsCleanly(t, () => t.post(bob, 'x', gone.id), 'not_found', 'parentId');
  });

  it('rejects replies to a hidden comment, even from staff', async () => {
    const t = setup();
    const root = await t.post(ada, 'root');
    await t.engine.hideComment({ postId: root.id }, mod);
    await rejectsCleanly(t, () => t.post(bob, 'x', root.id), 'not_found', 'parentId');
    await rejectsCleanly(t, () => t.post(mod, 'x', root.id), 'conflict', 'parentId');
  });

  it('refuses new comments in a locked thread, and only staff lock', async () => {
    const t = setup();
    await rejectsCleanly(t, () => t.engine.lockThread({ threadKey: '/t', locked: true }, ada), 'forbidden');
    const locked = await t.engine.lockThread({ threadKey: '/t', locked: true }, mod);
    expect(locked).toMatchObject({ key: '/t', locked: true, commentCount: 0 });
    const error = await rejectsCleanly(t, () => t.post(ada, 'hello'), 'forbidden');
    expect(error.message).toMatch(/locked/);
    await t.engine.lockThread({ threadKey: '/t', locked: false }, admin);
    expect((await t.post(ada, 'hello')).body).toBe('hello');
  });
});

describe('body rules', () => {
  it('names the body field with a message a person understands', async () => {
    const t = setup();
    expect((await rejectsCleanly(t, () => t.post(ada, ''), 'validation', 'body')).message).toBe('Comment is empty.');
    expect((await rejectsCleanly(t, () => t.post(ada, ' \n\t '), 'validation', 'body')).message).toBe('Comment is empty.');
    const long = await rejectsCleanly(t, () => t.post(ada, 'a'.repeat(10_001)), 'validation', 'body');
    expect(long.message).toBe('Comment is longer than 10,000 characters.');
  });

  it('counts characters by code point, after trimming', async () => {
    const t = setup();
    const emoji = '😀'.repeat(10_000);
    expect((await t.post(ada, `  ${emoji}  `)).body).toBe(emoji);
    await rejectsCleanly(t, () => t.post(ada, emoji + '😀'), 'validation', 'body');
  });

  it('uses configured bounds', async () => {
    const t = setup({ bodyMinLength: 3, bodyMaxLength: 5 });
    expect((await rejectsCleanly(t, () => t.post(ada, 'ab'), 'validation', 'body')).message).toBe('Comment is shorter than 3 characters.');
    expect((await rejectsCleanly(t, () => t.post(ada, 'abcdef'), 'validation', 'body')).message).toBe('Comment is longer than 5 characters.');
    expect((await t.post(ada, 'abc')).body).toBe('abc');
  });

  it('names every other malformed field', async () => {
    const t = setup();
    const post = await t.post(ada, 'hi');
    await rejectsCleanly(t, () => t.engine.createComment({ threadKey: '', body: 'x', idempotencyKey: 'key-12345678' }, ada), 'validation', 'threadKey');
    await rejectsCleanly(t, () => t.engine.createComment({ threadKey: '/t', body: 'x', idempotencyKey: 'short' }, ada), 'validation', 'idempotencyKey');
    await rejectsCleanly(t, () => t.engine.createComment({ threadKey: '/t', body: 42, idempotencyKey: 'key-12345678' }, ada), 'validation', 'body');
    await rejectsCleanly(t, () => t.engine.editComment({ postId: '', body: 'x' }, ada), 'validation', 'postId');
    await rejectsCleanly(t, () => t.engine.editComment({ postId: post.id, body: ' ' }, ada), 'validation', 'body');
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: post.id, emoji: '🦄' }, ada), 'validation', 'emoji');
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: post.id, emoji: '' }, ada), 'validation', 'emoji');
    await rejectsCleanly(t, () => t.list(null, { sort: 'random' }), 'validation', 'sort');
    await rejectsCleanly(t, () => t.list(null, { limit: 0 }), 'validation', 'limit');
    await rejectsCleanly(t, () => t.list(null, { limit: 101 }), 'validation', 'limit');
    await rejectsCleanly(t, () => t.list(null, { cursor: 'not a cursor' }), 'validation', 'cursor');
    await rejectsCleanly(t, () => t.engine.getThread({}, null), 'validation', 'threadKey');
  });

  it('rejects a malformed viewer naming the field, and defaults the role to member', async () => {
    const t = setup();
    await rejectsCleanly(t, () => t.post({ id: '', displayName: 'X' }, 'hi'), 'validation', 'viewer.id');
    expect((await t.engine.getSession({ id: 'x', displayName: 'X' })).viewer).toEqual({ id: 'x', displayName: 'X', avatarUrl: null, role: 'member' });
    expect(await t.engine.getSession(null)).toMatchObject({ viewer: null, settings: { maxDepth: 3, bodyMaxLength: 10_000 } });
  });

  it('refuses settings that cannot work', () => {
    expect(() => createEngine({ store: new MemoryStore(), settings: { maxDepth: 0 } })).toThrow(/maxDepth/);
    expect(() => createEngine({ store: new MemoryStore(), settings: { bodyMinLength: 10, bodyMaxLength: 5 } })).toThrow(HearthError);
  });
});

describe('idempotency', () => {
  it('returns the first result for the same viewer and key, creating nothing', async () => {
    const t = setup();
    const input = { threadKey: '/t', body: 'once', idempotencyKey: 'retry-key-1' };
    const first = await t.engine.createComment(input, ada);
    const again = await t.engine.createComment({ ...input, body: '  once ' }, ada);
    expect(again.id).toBe(first.id);
    expect((await t.engine.getThread({ threadKey: '/t' }, null)).commentCount).toBe(1);
    expect(t.events.filter((e) => e.type === 'post.created')).toHaveLength(1);
  });

  it('treats concurrent retries as one create', async () => {
    const t = setup();
    const input = { threadKey: '/t', body: 'once', idempotencyKey: 'retry-key-1' };
    const posts = await Promise.all([1, 2, 3].map(() => t.engine.createComment(input, ada)));
    expect(new Set(posts.map((p) => p.id)).size).toBe(1);
    expect((await t.list(null)).items).toHaveLength(1);
  });

  it('rejects the same key with a different body as a conflict', async () => {
    const t = setup();
    await t.engine.createComment({ threadKey: '/t', body: 'first', idempotencyKey: 'retry-key-1' }, ada);
    await rejectsCleanly(t, () => t.engine.createComment({ threadKey: '/t', body: 'second', idempotencyKey: 'retry-key-1' }, ada), 'conflict');
  });

  it('scopes keys to the viewer', async () => {
    const t = setup();
    const input = { threadKey: '/t', body: 'same', idempotencyKey: 'retry-key-1' };
    const a = await t.engine.createComment(input, ada);
    const b = await t.engine.createComment(input, bob);
    expect(a.id).not.toBe(b.id);
  });

  it('still answers a retry after the thread was locked', async () => {
    const t = setup();
    const input = { threadKey: '/t', body: 'made it', idempotencyKey: 'retry-key-1' };
    const first = await t.engine.createComment(input, ada);
    await t.engine.lockThread({ threadKey: '/t', locked: true }, mod);
    expect((await t.engine.createComment(input, ada)).id).toBe(first.id);
  });
});

describe('editing', () => {
  it('lets the author edit within the window and stamps editedAt with the clock', async () => {
    const t = setup();
    const post = await t.post(ada, 'first');
    t.advance(15 * MINUTE);
    const edited = await t.engine.editComment({ postId: post.id, body: ' second ' }, ada);
    expect(edited).toMatchObject({ id: post.id, body: 'second', editedAt: new Date(START + 15 * MINUTE).toISOString(), createdAt: post.createdAt });
    expect((await t.list(null)).items[0]?.body).toBe('second');
  });

  it('refuses the author once the window has passed, saying so', async () => {
    const t = setup();
    const post = await t.post(ada, 'first');
    t.advance(15 * MINUTE + 1);
    const error = await rejectsCleanly(t, () => t.engine.editComment({ postId: post.id, body: 'late' }, ada), 'forbidden');
    expect(error.message).toMatch(/edit window has passed/);
    expect(error.message).toMatch(/15 minutes/);
  });

  it('uses the configured window', async () => {
    const t = setup({ editWindowMs: 1000 });
    const post = await t.post(ada, 'first');
    t.advance(1001);
    await rejectsCleanly(t, () => t.engine.editComment({ postId: post.id, body: 'late' }, ada), 'forbidden');
  });

  it('lets moderators and admins edit anything at any time', async () => {
    const t = setup();
    const post = await t.post(ada, 'first');
    t.advance(24 * 60 * MINUTE);
    expect((await t.engine.editComment({ postId: post.id, body: 'by mod' }, mod)).body).toBe('by mod');
    expect((await t.engine.editComment({ postId: post.id, body: 'by admin' }, admin)).body).toBe('by admin');
  });

  it('does not edit deleted comments', async () => {
    const t = setup();
    const post = await t.post(ada, 'first');
    await t.engine.deleteComment({ postId: post.id }, ada);
    await rejectsCleanly(t, () => t.engine.editComment({ postId: post.id, body: 'revive' }, ada), 'not_found');
    await rejectsCleanly(t, () => t.engine.editComment({ postId: post.id, body: 'revive' }, mod), 'not_found');
  });

  it('treats an unchanged body as a no-op', async () => {
    const t = setup();
    const post = await t.post(ada, 'same');
    const events = t.events.length;
    expect((await t.engine.editComment({ postId: post.id, body: 'same ' }, ada)).editedAt).toBeNull();
    expect(t.events.length).toBe(events);
  });
});

describe('permissions', () => {
  type Action = 'edit' | 'delete' | 'hide' | 'unhide';
  const actors: Record<string, Viewer | null> = { author: ada, other: bob, volunteer: vic, moderator: mod, admin, anonymous: null };
  const expected: Record<Action, Record<string, 'ok' | HearthError['code']>> = {
    edit: { author: 'ok', other: 'forbidden', volunteer: 'forbidden', moderator: 'ok', admin: 'ok', anonymous: 'unauthorized' },
    delete: { author: 'ok', other: 'forbidden', volunteer: 'forbidden', moderator: 'ok', admin: 'ok', anonymous: 'unauthorized' },
    hide: { author: 'forbidden', other: 'forbidden', volunteer: 'forbidden', moderator: 'ok', admin: 'ok', anonymous: 'unauthorized' },
    unhide: { author: 'forbidden', other: 'forbidden', volunteer: 'forbidden', moderator: 'ok', admin: 'ok', anonymous: 'unauthorized' },
  };

  for (const [action, row] of Object.entries(expected) as Array<[Action, Record<string, string>]>) {
    for (const [who, outcome] of Object.entries(row)) {
      it(`${action} by ${who}: ${outcome}`, async () => {
        const t = setup();
        const post = await t.post(ada, 'original');
        if (action === 'unhide') await t.engine.hideComment({ postId: post.id }, mod);
        const viewer = actors[who]!;
        const call = () => {
          if (action === 'edit') return t.engine.editComment({ postId: post.id, body: 'changed' }, viewer);
          if (action === 'delete') return t.engine.deleteComment({ postId: post.id }, viewer);
          if (action === 'hide') return t.engine.hideComment({ postId: post.id }, viewer);
          return t.engine.unhideComment({ postId: post.id }, viewer);
        };
        if (outcome === 'ok') {
          const result = await call();
          const status = { edit: 'published', delete: 'deleted', hide: 'hidden', unhide: 'published' }[action];
          expect(result.status).toBe(status);
          if (action === 'edit') expect(result.body).toBe('changed');
        } else {
          await rejectsCleanly(t, call, outcome as HearthError['code']);
        }
      });
    }
  }

  it('anonymous viewers may read but not create or react', async () => {
    const t = setup();
    const post = await t.post(ada, 'hi');
    expect((await t.list(null)).items).toHaveLength(1);
    await rejectsCleanly(t, () => t.post(null, 'hi'), 'unauthorized');
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, null), 'unauthorized');
  });

  it('answers not_found for ids that do not exist', async () => {
    const t = setup();
    await rejectsCleanly(t, () => t.engine.editComment({ postId: 'missing', body: 'x' }, mod), 'not_found', 'postId');
    await rejectsCleanly(t, () => t.engine.deleteComment({ postId: 'missing' }, mod), 'not_found', 'postId');
    await rejectsCleanly(t, () => t.engine.hideComment({ postId: 'missing' }, mod), 'not_found', 'postId');
    await rejectsCleanly(t, () => t.engine.unhideComment({ postId: 'missing' }, mod), 'not_found', 'postId');
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: 'missing', emoji: '👍' }, ada), 'not_found', 'postId');
  });
});

describe('deleting', () => {
  it('removes a comment without replies from listings and the count', async () => {
    const t = setup();
    const keep = await t.post(ada, 'keep');
    const post = await t.post(ada, 'oops');
    const deleted = await t.engine.deleteComment({ postId: post.id }, ada);
    expect(deleted).toMatchObject({ id: post.id, status: 'deleted', body: '' });
    const page = await t.list(mod);
    expect(page.items.map((p) => p.id)).toEqual([keep.id]);
    expect(page.thread.commentCount).toBe(1);
  });

  it('leaves a tombstone while replies are visible, and drops it with the last one', async () => {
    const t = setup();
    const root = await t.post(ada, 'root');
    const reply = await t.post(bob, 'reply', root.id);
    await t.engine.deleteComment({ postId: root.id }, ada);
    const page = await t.list(bob);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: root.id, status: 'deleted', body: '', replyCount: 1, reactions: {} });
    expect(page.replies.map((p) => p.id)).toEqual([reply.id]);
    expect(page.thread.commentCount).toBe(1);
    await t.engine.deleteComment({ postId: reply.id }, bob);
    expect((await t.list(bob)).items).toEqual([]);
  });

  it('answers a second delete with not_found', async () => {
    const t = setup();
    const post = await t.post(ada, 'x');
    await t.engine.deleteComment({ postId: post.id }, ada);
    await rejectsCleanly(t, () => t.engine.deleteComment({ postId: post.id }, ada), 'not_found');
  });
});

describe('hiding', () => {
  it('shows hidden comments to moderators with their body and to nobody else', async () => {
    const t = setup();
    const post = await t.post(ada, 'spam');
    const hidden = await t.engine.hideComment({ postId: post.id }, mod);
    expect(hidden).toMatchObject({ status: 'hidden', body: 'spam' });
    expect(await t.visibleIds(null)).toEqual([]);
    expect(await t.visibleIds(bob)).toEqual([]);
    expect(await t.visibleIds(ada)).toEqual([]);
    const modPage = await t.list(mod);
    expect(modPage.items[0]).toMatchObject({ id: post.id, status: 'hidden', body: 'spam' });
    expect((await t.list(admin)).items).toHaveLength(1);
    expect(modPage.thread.commentCount).toBe(0);
  });

  it('turns a hidden comment with visible replies into a tombstone for members', async () => {
    const t = setup();
    const root = await t.post(ada, 'rude');
    const reply = await t.post(bob, 'calm down', root.id);
    await t.engine.hideComment({ postId: root.id }, mod);
    const page = await t.list(bob);
    expect(page.items[0]).toMatchObject({ id: root.id, status: 'hidden', body: '', replyCount: 1 });
    expect(page.replies.map((p) => p.id)).toEqual([reply.id]);
  });

  it('makes hidden comments unreachable for members: no edit, react or reply', async () => {
    const t = setup();
    const post = await t.post(ada, 'rude');
    await t.engine.hideComment({ postId: post.id }, mod);
    await rejectsCleanly(t, () => t.engine.editComment({ postId: post.id, body: 'nice' }, ada), 'not_found');
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, bob), 'not_found');
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, mod), 'conflict');
  });

  it('restores a comment on unhide, and hiding twice changes nothing', async () => {
    const t = setup();
    const post = await t.post(ada, 'fine after all');
    await t.engine.hideComment({ postId: post.id }, mod);
    const events = t.events.length;
    expect((await t.engine.hideComment({ postId: post.id }, mod)).status).toBe('hidden');
    expect(t.events.length).toBe(events);
    await t.engine.unhideComment({ postId: post.id }, admin);
    expect((await t.list(null)).items[0]).toMatchObject({ id: post.id, status: 'published', body: 'fine after all' });
    expect((await t.engine.getThread({ threadKey: '/t' }, null)).commentCount).toBe(1);
  });
});

describe('pending comments', () => {
  it('are visible only to their author and staff', async () => {
    const t = setup();
    const root = await t.post(ada, 'root');
    await t.store.insertPost({
      id: 'pending-1',
      threadId: root.threadId,
      parentId: null,
      rootId: null,
      depth: 0,
      replyTo: null,
      body: 'awaiting review',
      author: { id: 'bob', displayName: 'Bob', avatarUrl: null, role: 'member' },
      createdAt: t.now(),
      editedAt: null,
      status: 'pending',
    });
    expect(await t.visibleIds(null)).toEqual([root.id]);
    expect(await t.visibleIds(ada)).toEqual([root.id]);
    expect(await t.visibleIds(bob)).toEqual([root.id, 'pending-1']);
    expect(await t.visibleIds(mod)).toEqual([root.id, 'pending-1']);
    expect((await t.engine.getThread({ threadKey: '/t' }, null)).commentCount).toBe(1);
  });
});

describe('reactions', () => {
  it('toggles one reaction per member per emoji and reports the viewer\'s own', async () => {
    const t = setup();
    const post = await t.post(ada, 'nice');
    const on = await t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, bob);
    expect(on).toMatchObject({ reactions: { '👍': 1 }, viewerReactions: ['👍'] });
    await t.engine.toggleReaction({ postId: post.id, emoji: '🎉' }, bob);
    const two = await t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, ada);
    expect(two).toMatchObject({ reactions: { '👍': 2, '🎉': 1 }, viewerReactions: ['👍'] });
    expect((await t.list(bob)).items[0]?.viewerReactions).toEqual(['👍', '🎉']);
    expect((await t.list(null)).items[0]?.viewerReactions).toEqual([]);
    const off = await t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, bob);
    expect(off).toMatchObject({ reactions: { '👍': 1, '🎉': 1 }, viewerReactions: ['🎉'] });
    await t.engine.toggleReaction({ postId: post.id, emoji: '🎉' }, bob);
    expect((await t.list(null)).items[0]?.reactions).toEqual({ '👍': 1 });
  });

  it('sets the state asked for with `active`, changing and publishing nothing when it already holds', async () => {
    const t = setup();
    const post = await t.post(ada, 'nice');
    // Another tab turned it on meanwhile; this tab, still showing it off, asks for on.
    await t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, bob);
    const published = t.events.length;
    const again = await t.engine.toggleReaction({ postId: post.id, emoji: '👍', active: true }, bob);
    expect(again).toMatchObject({ reactions: { '👍': 1 }, viewerReactions: ['👍'] });
    expect(t.events.length).toBe(published);
    const off = await t.engine.toggleReaction({ postId: post.id, emoji: '👍', active: false }, bob);
    expect(off).toMatchObject({ reactions: {}, viewerReactions: [] });
    expect(t.events.at(-1)).toMatchObject({ type: 'reaction.changed', emoji: '👍', count: 0, memberId: 'bob', active: false });
    const stillOff = await t.engine.toggleReaction({ postId: post.id, emoji: '👍', active: false }, bob);
    expect(stillOff).toMatchObject({ reactions: {}, viewerReactions: [] });
    expect(t.events.length).toBe(published + 1);
  });

  it('keeps counts exact under concurrent toggles', async () => {
    const t = setup();
    const post = await t.post(ada, 'popular');
    const members = Array.from({ length: 30 }, (_, i) => ({ id: `m${i}`, displayName: `M${i}` }));
    await Promise.all(members.map((m) => t.engine.toggleReaction({ postId: post.id, emoji: '❤️' }, m)));
    expect((await t.list(null)).items[0]?.reactions).toEqual({ '❤️': 30 });
    await Promise.all(members.slice(0, 10).map((m) => t.engine.toggleReaction({ postId: post.id, emoji: '❤️' }, m)));
    expect((await t.list(null)).items[0]?.reactions).toEqual({ '❤️': 20 });
  });

  it('accepts only the configured emojis', async () => {
    const t = setup({ reactions: ['🔥'] });
    const post = await t.post(ada, 'hot');
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, bob), 'validation', 'emoji');
    expect((await t.engine.toggleReaction({ postId: post.id, emoji: '🔥' }, bob)).reactions).toEqual({ '🔥': 1 });
  });

  it('does not react to deleted comments', async () => {
    const t = setup();
    const post = await t.post(ada, 'gone');
    await t.engine.deleteComment({ postId: post.id }, ada);
    await rejectsCleanly(t, () => t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, bob), 'not_found');
  });
});

describe('sorting and pagination', () => {
  async function threeRoots(t: ReturnType<typeof setup>) {
    const a = await t.post(ada, 'a');
    t.advance(MINUTE);
    const b = await t.post(ada, 'b');
    t.advance(MINUTE);
    const c = await t.post(ada, 'c');
    await t.engine.toggleReaction({ postId: b.id, emoji: '👍' }, bob);
    await t.engine.toggleReaction({ postId: b.id, emoji: '❤️' }, bob);
    await t.engine.toggleReaction({ postId: c.id, emoji: '👍' }, bob);
    return [a.id, b.id, c.id];
  }

  it('sorts oldest (the default), newest and top', async () => {
    const t = setup();
    const [a, b, c] = await threeRoots(t);
    const ids = async (sort?: string) => (await t.list(null, sort ? { sort } : {})).items.map((p) => p.id);
    expect(await ids()).toEqual([a, b, c]);
    expect(await ids('oldest')).toEqual([a, b, c]);
    expect(await ids('newest')).toEqual([c, b, a]);
    expect(await ids('top')).toEqual([b, c, a]);
  });

  it('orders equal times by creation, and equal scores oldest first', async () => {
    const t = setup();
    const posts = [];
    for (let i = 0; i < 5; i++) posts.push((await t.post(ada, `same instant ${i}`)).id);
    expect((await t.list(null, { sort: 'oldest' })).items.map((p) => p.id)).toEqual(posts);
    expect((await t.list(null, { sort: 'newest' })).items.map((p) => p.id)).toEqual([...posts].reverse());
    expect((await t.list(null, { sort: 'top' })).items.map((p) => p.id)).toEqual(posts);
  });

  it('walks every sort page by page with no duplicates or gaps, skipping invisible roots', async () => {
    const t = setup();
    const visible: string[] = [];
    for (let i = 0; i < 25; i++) {
      t.advance(1000);
      const root = await t.post(ada, `root ${i}`);
      if (i % 5 === 1) {
        await t.engine.deleteComment({ postId: root.id }, ada);
        continue;
      }
      if (i % 7 === 2) {
        await t.engine.hideComment({ postId: root.id }, mod);
        continue;
      }
      visible.push(root.id);
      if (i % 3 === 0) await t.post(bob, `reply to ${i}`, root.id);
      if (i % 4 === 0) await t.engine.toggleReaction({ postId: root.id, emoji: '👍' }, bob);
    }
    expect(visible.length % 4).not.toBe(0);
    for (const sort of ['oldest', 'newest', 'top']) {
      const seen: string[] = [];
      const pages: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.list(bob, { sort, limit: 4, cursor });
        pages.push(page.items.length);
        seen.push(...page.items.map((p) => p.id));
        const roots = new Set(page.items.map((p) => p.id));
        for (const reply of page.replies) expect(roots.has(reply.parentId!)).toBe(true);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...visible].sort());
      expect(pages).toEqual(Array.from({ length: Math.ceil(visible.length / 4) }, (_, i) => Math.min(4, visible.length - 4 * i)));
    }
  });

  it('one read of a page serves every viewer: signed out, the author of held roots and a moderator each get what they may see', async () => {
    const t = setup();
    const expected = { out: [] as string[], bob: [] as string[], mod: [] as string[] };
    let threadId = '';
    for (let i = 0; i < 14; i++) {
      t.advance(1000);
      if (i % 3 === 0 && threadId) {
        // Held for review: only its author and staff may see it.
        const id = `held-${i}`;
        await t.store.insertPost({ id, threadId, parentId: null, rootId: null, depth: 0, replyTo: null, body: `held ${i}`, author: { id: 'bob', displayName: 'Bob', avatarUrl: null, role: 'member' }, createdAt: t.now(), editedAt: null, status: 'pending' });
        expected.bob.push(id);
        expected.mod.push(id);
        continue;
      }
      const root = await t.post(ada, `root ${i}`);
      threadId = root.threadId;
      if (i % 4 === 1) {
        await t.engine.hideComment({ postId: root.id }, mod);
        expected.mod.push(root.id);
        continue;
      }
      for (const list of Object.values(expected)) list.push(root.id);
    }
    const records = await t.engine.readCommentPage({ threadKey: '/t', limit: 3 });
    const first = async (viewer: Viewer | null) => (await t.engine.presentCommentPage(records, viewer)).items.map((p) => p.id);
    expect(await first(null)).toEqual(expected.out.slice(0, 3));
    expect(await first(bob)).toEqual(expected.bob.slice(0, 3));
    expect(await first(mod)).toEqual(expected.mod.slice(0, 3));
    for (const [viewer, ids] of [[null, expected.out], [bob, expected.bob], [mod, expected.mod]] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.engine.presentCommentPage(await t.engine.readCommentPage({ threadKey: '/t', limit: 3, cursor }), viewer);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(ids);
    }
  });

  it('presents kept records without reading again, except a role when a post is held and reactions when there were too many to keep', async () => {
    const t = setup();
    const first = await t.post(ada, 'first');
    await t.post(bob, 'second');
    await t.engine.toggleReaction({ postId: first.id, emoji: '👍' }, bob);
    const records = await t.engine.readCommentPage({ threadKey: '/t' });
    const reactionReads = vi.spyOn(t.store, 'listMemberReactions');
    const collections = vi.spyOn(t.store, 'collection');
    try {
      const page = await t.engine.presentCommentPage(records, bob);
      expect(page.items.map((p) => p.viewerReactions)).toEqual([['👍'], []]);
      expect((await t.engine.presentCommentPage(records, ada)).items.map((p) => p.viewerReactions)).toEqual([[], []]);
      expect(reactionReads).not.toHaveBeenCalled();
      expect(collections).not.toHaveBeenCalled();

      // Too many reactions to keep: each viewer's own are read.
      expect((await t.engine.presentCommentPage({ ...records, reactions: null }, bob)).items.map((p) => p.viewerReactions)).toEqual([['👍'], []]);
      expect(reactionReads).toHaveBeenCalledTimes(1);

      // A held post: who sees it depends on the role the community gave, so it is read.
      await t.engine.hideComment({ postId: first.id }, mod);
      const held = await t.engine.readCommentPage({ threadKey: '/t' });
      expect(held.allPublished).toBe(false);
      collections.mockClear();
      expect((await t.engine.presentCommentPage(held, mod)).items.map((p) => p.body)).toEqual(['first', 'second']);
      expect((await t.engine.presentCommentPage(held, bob)).items.map((p) => p.body)).toEqual(['second']);
      expect(collections).toHaveBeenCalledWith('members');
    } finally {
      reactionReads.mockRestore();
      collections.mockRestore();
    }
  });

  it('defaults to 20 per page and ends with a null cursor', async () => {
    const t = setup();
    for (let i = 0; i < 21; i++) await t.post(ada, `c${i}`);
    const first = await t.list(null);
    expect(first.items).toHaveLength(20);
    const second = await t.list(null, { cursor: first.nextCursor });
    expect(second.items.map((p) => p.body)).toEqual(['c20']);
    expect(second.nextCursor).toBeNull();
  });

  it('rejects a cursor made for another sort', async () => {
    const t = setup();
    await t.post(ada, 'a');
    await t.post(ada, 'b');
    const page = await t.list(null, { limit: 1 });
    await rejectsCleanly(t, () => t.list(null, { limit: 1, sort: 'top', cursor: page.nextCursor }), 'validation', 'cursor');
  });

  it('reads an unknown thread as empty', async () => {
    const t = setup();
    expect(await t.engine.listComments({ threadKey: '/nothing' }, ada)).toEqual({
      thread: { id: null, key: '/nothing', commentCount: 0, locked: false, createdAt: null },
      items: [],
      replies: [],
      nextCursor: null,
    });
  });
});

describe('events', () => {
  it('publishes one event per successful write on the thread channel, with no viewer state', async () => {
    const t = setup();
    const post = await t.post(ada, 'hello');
    await t.engine.toggleReaction({ postId: post.id, emoji: '👍' }, bob);
    await t.engine.editComment({ postId: post.id, body: 'hello again' }, ada);
    await t.engine.hideComment({ postId: post.id }, mod);
    expect(t.events.map((e) => e.type)).toEqual(['post.created', 'reaction.changed', 'post.updated', 'post.updated']);
    expect(new Set(t.events.map((e) => e.channel))).toEqual(new Set([threadChannel('/t')]));
    expect(new Set(t.events.map((e) => e.id)).size).toBe(4);
    const [created, reaction, edited, hidden] = t.events as [
      Extract<CommunityEvent, { type: 'post.created' }>,
      Extract<CommunityEvent, { type: 'reaction.changed' }>,
      Extract<CommunityEvent, { type: 'post.updated' }>,
      Extract<CommunityEvent, { type: 'post.updated' }>,
    ];
    expect(created.post).toMatchObject({ id: post.id, body: 'hello', viewerReactions: [] });
    expect(reaction).toMatchObject({ postId: post.id, emoji: '👍', count: 1, memberId: 'bob', active: true });
    expect(edited.post).toMatchObject({ body: 'hello again', reactions: { '👍': 1 }, viewerReactions: [] });
    // The channel is public, so a hidden post's event carries no body.
    expect(hidden.post).toMatchObject({ status: 'hidden', body: '' });
  });

  it('publishes only after the write is stored, and a throwing publisher does not fail the write', async () => {
    const store = new MemoryStore();
    const storedAtPublish: boolean[] = [];
    const engine = createEngine({
      store,
      publish: (event) => {
        if (event.type === 'post.created') storedAtPublish.push(store.toJSON().posts.some((p) => p.id === event.post.id));
        throw new Error('subscriber broke');
      },
    });
    const original = console.error;
    console.error = () => {};
    try {
      const post = await engine.createComment({ threadKey: '/t', body: 'x', idempotencyKey: 'key-12345678' }, ada);
      expect(storedAtPublish).toEqual([true]);
      expect(await store.getPost(post.id)).not.toBeNull();
    } finally {
      console.error = original;
    }
  });
});

describe('engine with a shared store', () => {
  it('sees writes from another engine over the same store', async () => {
    const store = new MemoryStore();
    const one: Engine = createEngine({ store });
    const two: Engine = createEngine({ store });
    const post = await one.createComment({ threadKey: '/t', body: 'x', idempotencyKey: 'key-12345678' }, ada);
    expect((await two.listComments({ threadKey: '/t' }, null)).items.map((p) => p.id)).toEqual([post.id]);
  });
});
