import { describe, expect, it } from 'vitest';
import { HearthError, type CommunityEvent, type Viewer } from '@hearth/protocol';
import { createEngine } from '../engine.js';
import { MemoryStore } from '../memory-store.js';

const START = Date.UTC(2030, 0, 1, 12);
const ada: Viewer = { id: 'ada', displayName: 'Ada' };
const bo: Viewer = { id: 'bo', displayName: 'Bo' };
const cy: Viewer = { id: 'cy', displayName: 'Cy' };
const mo: Viewer = { id: 'mo', displayName: 'Mo', role: 'moderator' };

type Call = { hook: string; args: Record<string, unknown> };

/** An engine whose points and openers hooks record every call before doing their work. */
function setup() {
  let now = START;
  let n = 0;
  const store = new MemoryStore();
  const events: CommunityEvent[] = [];
  const engine = createEngine({ store, clock: () => now, ids: () => `id${++n}`, publish: (e) => events.push(e) });
  const calls: Call[] = [];
  const points = engine.core.points;
  const openers = engine.core.openers;
  engine.core.points = {
    ...points,
    award: (tx, entry) => (calls.push({ hook: 'award', args: entry }), points.award(tx, entry)),
    reverse: (tx, entry) => (calls.push({ hook: 'reverse', args: entry }), points.reverse(tx, entry)),
  };
  engine.core.openers = {
    ...openers,
    opened: (tx, opener) => (calls.push({ hook: 'opened', args: opener }), openers.opened(tx, opener)),
    replied: (tx, reply) => (calls.push({ hook: 'replied', args: reply }), openers.replied(tx, reply)),
  };
  let keys = 0;
  const submit = (viewer: Viewer, extra: Record<string, unknown> = {}) =>
    engine.feedback.submitFeedback({ kind: 'idea', body: `Dark mode ${keys}`, idempotencyKey: `key-${++keys}-xxxxxxxx`, ...extra }, viewer);
  const status = (feedbackId: string, to: string, extra: Record<string, unknown> = {}) => engine.feedback.setFeedbackStatus({ feedbackId, status: to, ...extra }, mo);
  const awards = (rule: string) => calls.filter((c) => c.hook === 'award' && c.args.rule === rule);
  return { engine, store, events, calls, submit, status, awards, advance: (ms: number) => (now += ms) };
}

describe('FeedbackService', () => {
  it('asks for planned and done points once each, with no actor so the ledger dedupes per (member, rule, ref)', async () => {
    const { submit, status, awards, calls } = setup();
    const item = await submit(ada);
    for (const to of ['planned', 'open', 'planned', 'in_progress', 'done', 'planned', 'done', 'declined']) await status(item.id, to);
    expect(awards('feedback_planned').map((c) => c.args)).toEqual([expect.objectContaining({ memberId: 'ada', ref: `feedback:${item.id}`, actorId: null })]);
    expect(awards('feedback_done')).toHaveLength(1);
    expect(calls.filter((c) => c.hook === 'reverse')).toEqual([]);
  });

  it('takes everything an item earned back when it is hidden, and gives it back on restore', async () => {
    const { engine, submit, status, calls, awards } = setup();
    const item = await submit(ada);
    await engine.feedback.voteFeedback({ feedbackId: item.id, active: true }, bo);
    await status(item.id, 'planned');
    const handler = engine.core.content.get('feedback')!;
    await engine.core.write(async (tx, emit) => handler.setStatus(tx, item.id, 'hidden', emit, await engine.core.act(tx, mo)));
    expect(calls.filter((c) => c.hook === 'reverse').map((c) => c.args)).toEqual([expect.objectContaining({ ref: `feedback:${item.id}` })]);
    const before = calls.length;
    await engine.core.write(async (tx, emit) => handler.setStatus(tx, item.id, 'published', emit, await engine.core.act(tx, mo)));
    const restored = calls.slice(before).filter((c) => c.hook === 'award').map((c) => [c.args.rule, c.args.actorId]);
    expect(restored).toEqual([['upvote_received', 'bo'], ['feedback_planned', null]]);
    expect(awards('upvote_received')).toHaveLength(2);
  });

  it('opens a conversation on submit and counts every status change as a staff reply', async () => {
    const { submit, status, calls } = setup();
    const item = await submit(ada, { title: 'Dark mode' });
    expect(calls.find((c) => c.hook === 'opened')?.args).toMatchObject({ type: 'feedback', itemId: item.id, location: 'feedback', title: 'Dark mode', authorId: 'ada', status: 'published' });
    await status(item.id, 'under_review', { reply: 'Looking into it.' });
    await status(item.id, 'planned');
    const replies = calls.filter((c) => c.hook === 'replied');
    expect(replies).toHaveLength(2);
    expect(replies[0]!.args).toMatchObject({ ref: `feedback:${item.id}`, replier: { id: 'mo', role: 'moderator' } });
  });

  it('tracks creation with the hash, kind, rating and NPS, votes, and status changes; audits status changes', async () => {
    const { engine, store, submit, status } = setup();
    const item = await submit(ada, { kind: 'bug', rating: 2, nps: 4 });
    await engine.feedback.voteFeedback({ feedbackId: item.id, active: true }, bo);
    await engine.feedback.voteFeedback({ feedbackId: item.id, active: false }, bo);
    await status(item.id, 'planned', { reply: 'Soon' });
    const activity = await store.collection('activity').find({ where: { ref: `feedback:${item.id}` }, orderBy: [['at', 'asc']] });
    const byType = (type: string) => activity.filter((a) => a.type === type).map((a) => a.data);
    expect(byType('feedback.created')).toEqual([{ hash: expect.any(String), kind: 'bug', rating: 2, nps: 4 }]);
    expect(byType('feedback.voted')).toEqual([{ active: true }, { active: false }]);
    expect(byType('feedback.status_changed')).toEqual([{ from: 'open', to: 'planned' }]);
    const audit = await store.collection('audit').find({ where: { target: `feedback:${item.id}` } });
    expect(audit).toEqual([expect.objectContaining({ action: 'feedback.status', actor: expect.objectContaining({ id: 'mo' }), reason: 'Soon', data: { from: 'open', to: 'planned', duplicateOf: null } })]);
  });

  it('writes nothing at all for a rejected submission', async () => {
    const { engine, store } = setup();
    const before = JSON.stringify(store.toJSON());
    await expect(engine.feedback.submitFeedback({ kind: 'idea', body: 'x', email: 'a@b.co', idempotencyKey: 'key-xxxxxxxx' }, ada)).rejects.toSatisfy((e) => HearthError.is(e, 'validation') && e.field === 'email');
    await expect(engine.feedback.submitFeedback({ kind: 'idea', body: 'x', space: 'general', idempotencyKey: 'key-xxxxxxxx' }, ada)).rejects.toSatisfy((e) => HearthError.is(e, 'validation') && e.field === 'space');
    expect(JSON.stringify(store.toJSON())).toBe(before);
  });

  it('moves a duplicate’s votes and their points to the original', async () => {
    const { engine, submit, status, calls } = setup();
    const original = await submit(ada);
    const duplicate = await submit(cy);
    await engine.feedback.voteFeedback({ feedbackId: duplicate.id, active: true }, bo);
    await engine.feedback.voteFeedback({ feedbackId: duplicate.id, active: true }, ada);
    const before = calls.length;
    await status(duplicate.id, 'duplicate', { duplicateOf: original.id });
    const moved = calls.slice(before).filter((c) => c.hook === 'award' || c.hook === 'reverse').map((c) => [c.hook, c.args.memberId, c.args.actorId]);
    // Ada submitted the original, so her vote goes without a new one; Bo's moves.
    expect(moved.sort()).toEqual([
      ['award', 'ada', 'bo'],
      ['reverse', 'cy', 'ada'],
      ['reverse', 'cy', 'bo'],
    ]);
    expect((await engine.feedback.getFeedback({ feedbackId: original.id }, null)).voteCount).toBe(1);
  });
});
