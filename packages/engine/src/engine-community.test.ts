import { describe, expect, it } from 'vitest';
import { HearthError, type Viewer } from '@hearth/protocol';
import { createEngine } from './engine.js';
import { MemoryStore } from './memory-store.js';
import type { GateHooks, OpenerHooks, PointsHooks, ThreadHooks } from './core/core.js';

// How the comments engine calls the hooks the community services install. The services'
// own behaviour is tested through the conformance kit; here fakes record the calls, so a
// broken wire shows up here and not as a puzzling total somewhere else.

const START = Date.UTC(2030, 0, 1, 12);
const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const mod: Viewer = { id: 'mod', displayName: 'Mo', role: 'moderator' };

function setup() {
  const now = START;
  let n = 0;
  const engine = createEngine({ store: new MemoryStore(), clock: () => now, ids: () => `id${++n}` });
  const calls: Array<[string, Record<string, unknown>]> = [];
  const record = (name: string) => async (_tx: unknown, arg: unknown) => void calls.push([name, arg as Record<string, unknown>]);
  const points: PointsHooks = {
    award: async (_tx, entry) => {
      calls.push(['award', entry]);
      return null;
    },
    reverse: record('reverse') as PointsHooks['reverse'],
    move: async () => {
      throw new Error('unused');
    },
    balance: async () => 0,
    checkBadges: async () => {},
    summary: engine.core.points.summary,
  };
  const openers: OpenerHooks = {
    opened: record('opened') as OpenerHooks['opened'],
    replied: record('replied') as OpenerHooks['replied'],
    replyRemoved: async (_tx, ref) => void calls.push(['replyRemoved', { ref }]),
    status: async (_tx, ref, status) => void calls.push(['status', { ref, status }]),
  };
  engine.core.points = points;
  engine.core.openers = openers;
  let keys = 0;
  const post = (viewer: Viewer | null, body: string, parentId?: string, threadKey = '/t') =>
    engine.createComment({ threadKey, body, parentId, idempotencyKey: `key-${++keys}-xxxxxxxx` }, viewer);
  const named = (name: string) => calls.filter(([n]) => n === name).map(([, arg]) => arg);
  return { engine, calls, post, named };
}

describe('comments and the community hooks', () => {
  it('earns reply points for a published comment and opens it as a conversation', async () => {
    const { post, named } = setup();
    const root = await post(ada, 'Is anyone here?');
    expect(named('award')).toEqual([expect.objectContaining({ memberId: 'ada', rule: 'reply', ref: `comment:${root.id}` })]);
    expect(named('opened')).toEqual([expect.objectContaining({ type: 'comment', itemId: root.id, location: '/t', authorId: 'ada', status: 'published' })]);
    const reply = await post(bob, 'Yes!', root.id);
    expect(named('replied')).toEqual([expect.objectContaining({ ref: `comment:${root.id}`, replier: expect.objectContaining({ id: 'bob' }) })]);
    expect(named('opened')).toHaveLength(1);
    expect(named('award').map((a) => a.ref)).toEqual([`comment:${root.id}`, `comment:${reply.id}`]);
  });

  it('reverses what a comment earned when it is hidden or deleted, and earns again on restore', async () => {
    const { engine, post, named } = setup();
    const root = await post(ada, 'root');
    const reply = await post(bob, 'reply', root.id);
    await engine.hideComment({ postId: reply.id }, mod);
    expect(named('reverse')).toEqual([expect.objectContaining({ ref: `comment:${reply.id}` })]);
    expect(named('replyRemoved')).toEqual([{ ref: `comment:${root.id}` }]);
    await engine.unhideComment({ postId: reply.id }, mod);
    expect(named('award').filter((a) => a.ref === `comment:${reply.id}`)).toHaveLength(2);
    await engine.deleteComment({ postId: root.id }, ada);
    expect(named('status')).toContainEqual({ ref: `comment:${root.id}`, status: 'deleted' });
  });

  it('awards reactions to the author with the reactor as actor, and reverses exactly that one', async () => {
    const { engine, post, named } = setup();
    const root = await post(ada, 'react to me');
    await engine.toggleReaction({ postId: root.id, emoji: '👍', active: true }, bob);
    expect(named('award')).toContainEqual(expect.objectContaining({ memberId: 'ada', rule: 'reaction_received', actorId: 'bob' }));
    await engine.toggleReaction({ postId: root.id, emoji: '👍', active: false }, bob);
    expect(named('reverse')).toEqual([expect.objectContaining({ ref: `comment:${root.id}`, memberId: 'ada', rule: 'reaction_received', actorId: 'bob' })]);
  });

  it('stores what the gate holds as pending, says why, and publishes it on approval', async () => {
    const { engine, post, named } = setup();
    const held: unknown[] = [];
    const gate: GateHooks = {
      screen: async () => ({ status: 'pending', reason: 'new_member_hold' }),
      held: async (_tx, item) => void held.push(item),
    };
    engine.core.gate = gate;
    const comment = await post(ada, 'first words');
    expect(comment).toMatchObject({ status: 'pending', heldReason: 'new_member_hold' });
    expect(held).toEqual([expect.objectContaining({ type: 'comment', id: comment.id, reason: 'new_member_hold' })]);
    expect(named('award')).toEqual([]);
    expect((await engine.listComments({ threadKey: '/t' }, bob)).items).toEqual([]);
    await engine.core.write((tx, emit) => engine.core.content.get('comment')!.setStatus(tx, comment.id, 'published', emit, null as never));
    expect((await engine.listComments({ threadKey: '/t' }, bob)).items.map((p) => p.id)).toEqual([comment.id]);
    expect(named('award')).toEqual([expect.objectContaining({ rule: 'reply', ref: `comment:${comment.id}` })]);
  });

  it('refuses what the gate blocks and stores nothing', async () => {
    const { engine, post } = setup();
    engine.core.gate = {
      screen: async () => {
        throw HearthError.validation('body', 'Contains a word this community does not allow.');
      },
    };
    await expect(post(ada, 'buy now')).rejects.toMatchObject({ code: 'validation', field: 'body' });
    expect((await engine.getThread({ threadKey: '/t' }, null)).commentCount).toBe(0);
    expect(await engine.core.store.collection('activity').count()).toBe(0);
  });

  it('asks the host item before a reply in its thread and tells it after', async () => {
    const { engine, post } = setup();
    const seen: unknown[] = [];
    let locked = false;
    const hooks: ThreadHooks = {
      beforeReply: async (_tx, itemId) => {
        if (locked) throw new HearthError('forbidden', `Post ${itemId} is locked.`);
      },
      replied: async (_tx, itemId, reply) => void seen.push([itemId, reply.replier.id, reply.delta]),
    };
    engine.core.threads.set('post', hooks);
    const reply = await post(bob, 'nice post', undefined, 'post:p1');
    expect(seen).toEqual([['p1', 'bob', 1]]);
    await engine.deleteComment({ postId: reply.id }, bob);
    expect(seen).toEqual([
      ['p1', 'bob', 1],
      ['p1', 'bob', -1],
    ]);
    locked = true;
    await expect(post(bob, 'again', undefined, 'post:p1')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await engine.getThread({ threadKey: 'post:p1' }, null)).commentCount).toBe(0);
  });

  it('tracks every comment write with a hash of its text for the flood rules', async () => {
    const { engine, post } = setup();
    const root = await post(ada, 'Hello  there');
    await engine.toggleReaction({ postId: root.id, emoji: '👍' }, bob);
    const activity = await engine.core.store.collection('activity').find({ orderBy: [['at', 'asc']] });
    expect(activity.map((a) => a.type)).toEqual(['member.joined', 'comment.created', 'member.joined', 'reaction.added']);
    const created = activity.find((a) => a.type === 'comment.created')!;
    expect(created).toMatchObject({ memberId: 'ada', ref: `comment:${root.id}`, day: '2030-01-01', data: { threadKey: '/t', depth: 0 } });
    expect(typeof created.data.hash).toBe('string');
  });

  it('lets guests comment only where the community allows guest posting', async () => {
    const { engine, post } = setup();
    const guest: Viewer = { id: 'g1', displayName: 'Gus', role: 'guest' };
    await expect(post(guest, 'hi')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await engine.getSession(null)).guests).toBe(false);
    await engine.core.write((tx) => engine.core.saveSettings(tx, { guestPosting: true }));
    await expect(post(guest, 'hi')).resolves.toMatchObject({ status: 'published' });
    // The session tells widgets, so they offer a name field only where guests may post.
    expect((await engine.getSession(null)).guests).toBe(true);
  });

  it('honours a role the community assigned over the claimed one', async () => {
    const { engine, post } = setup();
    const root = await post(ada, 'root');
    await post(bob, 'me first');
    await expect(engine.hideComment({ postId: root.id }, bob)).rejects.toMatchObject({ code: 'forbidden' });
    await engine.core.store.collection('members').update('bob', { assignedRole: 'moderator' });
    await expect(engine.hideComment({ postId: root.id }, bob)).resolves.toMatchObject({ status: 'hidden' });
    expect((await engine.getSession(bob)).viewer?.role).toBe('moderator');
  });

  it('lets no moderator edit, hide or delete the comment of someone ranked above them', async () => {
    const { engine, post } = setup();
    const admin: Viewer = { id: 'ann', displayName: 'Ann', role: 'admin' };
    const mine = await post(admin, 'from the admin');
    for (const attempt of [
      () => engine.editComment({ postId: mine.id, body: 'changed' }, mod),
      () => engine.hideComment({ postId: mine.id }, mod),
      () => engine.deleteComment({ postId: mine.id }, mod),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/ranked above you/) });
    }
    expect((await engine.listComments({ threadKey: '/t' }, null)).items).toEqual([expect.objectContaining({ id: mine.id, body: 'from the admin', status: 'published' })]);
    const theirs = await post(mod, 'from the moderator');
    await expect(engine.hideComment({ postId: theirs.id }, admin)).resolves.toMatchObject({ status: 'hidden' });
  });
});
