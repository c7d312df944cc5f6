import { describe, expect, it } from 'vitest';
import type { Viewer } from '@hearth/protocol';
import { createEngine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';
import { erasureRef } from './member-data.js';

// The finer rules of erasure the conformance kit does not reach: feed posts, answers and
// votes, other members' points that the erased member caused, and who may erase whom.

const START = Date.UTC(2030, 0, 1, 12);
const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bob: Viewer = { id: 'bob', displayName: 'Bob' };
const admin: Viewer = { id: 'admin', displayName: 'Admin', role: 'admin' };
const owner: Viewer = { id: 'owner', displayName: 'Owner', role: 'owner' };

async function setup() {
  let now = START;
  const store = new MemoryStore();
  const engine = createEngine({ store, clock: () => (now += 1000) });
  await engine.community.updateSettings({ flood: { duplicateWindowMs: 0, maxPostsPerMinute: 1000 } }, owner);
  let keys = 0;
  const key = () => `key-member-data-${++keys}`;
  // Ada asks a question and posts; Bob answers and replies; each votes on the other.
  const question = await engine.feed.createPost({ space: 'qa', kind: 'question', title: 'How do refunds work?', body: 'Charged twice.', idempotencyKey: key() }, ada);
  const post = await engine.feed.createPost({ space: 'general', title: 'Hello all', body: 'Ada here.', idempotencyKey: key() }, ada);
  const reply = await engine.createComment({ threadKey: `post:${post.id}`, body: 'Welcome, Ada!', idempotencyKey: key() }, bob);
  const bobsAnswer = await engine.qa.answer({ questionId: question.id, body: 'Ask support for a refund.', idempotencyKey: key() }, bob);
  const adasAnswer = await engine.qa.answer({ questionId: question.id, body: 'Same here.', idempotencyKey: key() }, ada);
  await engine.qa.vote({ target: { type: 'answer', id: bobsAnswer.id }, value: 1 }, ada);
  await engine.qa.vote({ target: { type: 'answer', id: adasAnswer.id }, value: 1 }, bob);
  return { engine, store, question, post, reply, bobsAnswer, adasAnswer };
}

describe('eraseMember', () => {
  it('remove: deletes their posts and answers, keeps replies by others, and keeps their votes counted under no name', async () => {
    const { engine, store, post, reply, bobsAnswer, adasAnswer } = await setup();
    const bobBefore = await engine.gamification.getStanding({ memberId: 'bob' }, admin);
    const result = await engine.members.eraseMember({ memberId: 'ada', content: 'remove' }, admin);
    expect(result.counts).toMatchObject({ posts: 2, answers: 1, votes: 1 });

    const gone = (await store.collection('feedPosts').get(post.id))!;
    expect(gone).toMatchObject({ status: 'deleted', body: '', title: null, author: { displayName: 'Deleted member' } });
    expect(gone.authorId).not.toBe('ada');
    expect((await store.collection('answers').get(adasAnswer.id))!).toMatchObject({ status: 'deleted', body: '' });
    expect(await store.getPost(reply.id)).toMatchObject({ body: 'Welcome, Ada!', status: 'published' });
    // Bob's answer keeps Ada's upvote, and the points it earned him, under a new id.
    expect((await store.collection('answers').get(bobsAnswer.id))!.up).toBe(1);
    const votes = await store.collection('votes').find({ where: { targetId: bobsAnswer.id } });
    expect(votes).toHaveLength(1);
    expect(votes[0]!.memberId).toMatch(/^erased-/);
    expect((await engine.gamification.getStanding({ memberId: 'bob' }, admin)).lifetimePoints).toBe(bobBefore.lifetimePoints);
    expect(await store.collection('ledger').find({ where: { actorId: 'ada' } })).toEqual([]);
    // Nothing anywhere still carries her id.
    for (const name of ['activity', 'audit', 'ledger', 'votes', 'feedPosts', 'answers', 'openers', 'members'] as const) {
      expect(JSON.stringify(await store.collection(name).find()), name).not.toMatch(/"ada"/);
    }
  });

  it('anonymise: posts and answers stay readable under "Deleted member", with the counts they had', async () => {
    const { engine, store, post, adasAnswer } = await setup();
    const before = (await store.collection('feedPosts').get(post.id))!;
    await engine.members.eraseMember({ memberId: 'ada', content: 'anonymise' }, admin);
    const kept = (await store.collection('feedPosts').get(post.id))!;
    expect(kept).toMatchObject({ status: 'published', body: 'Ada here.', replyCount: before.replyCount, author: { displayName: 'Deleted member' } });
    expect((await store.collection('answers').get(adasAnswer.id))!).toMatchObject({ status: 'published', up: 1, author: { displayName: 'Deleted member' } });
  });

  it('lets only an owner erase an admin, nobody themselves or an owner, and logs the erasure under a reference, not the id', async () => {
    const { engine, store } = await setup();
    const other: Viewer = { id: 'admin2', displayName: 'Second admin', role: 'admin' };
    await engine.createComment({ threadKey: '/t', body: 'Second admin here', idempotencyKey: 'key-member-data-admin2' }, other);
    await expect(engine.members.eraseMember({ memberId: 'admin2', content: 'remove' }, admin)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(engine.members.eraseMember({ memberId: 'admin', content: 'remove' }, admin)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(engine.members.eraseMember({ memberId: 'owner', content: 'remove' }, admin)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await store.collection('members').get('admin2')).not.toBeNull();
    await engine.members.eraseMember({ memberId: 'admin2', content: 'remove' }, owner);
    const [entry] = await store.collection('audit').find({ where: { action: 'member.erase' } });
    expect(entry).toMatchObject({ target: erasureRef('admin2'), data: { content: 'remove' } });
    expect(JSON.stringify(entry)).not.toContain('admin2');
    expect(erasureRef('admin2')).not.toBe(erasureRef('admin3'));
  });
});

describe('grantBadge and revokeBadge', () => {
  it('leaves a title the member carries that the badge did not give', async () => {
    const { engine } = await setup();
    await engine.members.setTitle({ memberId: 'bob', title: 'Helper' }, admin);
    expect((await engine.gamification.grantBadge({ memberId: 'bob', badge: 'streak_30' }, admin)).title).toBe('Helper');
    expect((await engine.gamification.revokeBadge({ memberId: 'bob', badge: 'streak_30' }, admin)).title).toBe('Helper');
  });
});
