// Side effects shared by the feedback operations and moderation: what an item earns its
// submitter, moving a duplicate's voters, realtime events, and the content handler.
import { HearthError, feedbackChannel, refKey, type FeedbackStatus } from '@hearth/protocol';
import type { ContentHandler, Core, Emit } from '../core/core.js';
import { noSpace, spaceRecord } from '../community/community-service.js';
import type { Store } from '../store.js';
import type { FeedbackRecord } from './records.js';
import { PUBLIC, presentOne, voteId } from './view.js';

/** The ledger and report reference of an item: `feedback:<id>`. */
export function feedbackRef(id: string): string {
  return refKey({ type: 'feedback', id });
}

/** The points rule a status earns the submitter the first time an item reaches it. */
export const STATUS_RULES: Partial<Record<FeedbackStatus, 'feedback_planned' | 'feedback_done'>> = { planned: 'feedback_planned', done: 'feedback_done' };

/**
 * Awards the submitter what reaching `status` earns (planned, done). The ledger keeps one
 * standing entry per (member, rule, ref), and the caller only asks the first time the item
 * reaches the status, so moving planned → open → planned never pays twice; later status
 * changes never take it back (only removing the item does).
 */
export async function awardStatus(core: Core, tx: Store, record: FeedbackRecord, status: FeedbackStatus, at: number): Promise<void> {
  const rule = STATUS_RULES[status];
  if (!rule || record.visibility !== 'published') return;
  await core.points.award(tx, { memberId: record.authorId, rule, ref: feedbackRef(record.id), at, actorId: null });
}

/**
 * Gives back what a published item earned once it is published again (approved, restored):
 * an upvote for each standing vote, and the planned/done points its history reached.
 */
export async function restoreEarnings(core: Core, tx: Store, record: FeedbackRecord, at: number): Promise<void> {
  const ref = feedbackRef(record.id);
  const votes = await tx.collection('feedbackVotes').find({ where: { feedbackId: record.id } });
  for (const vote of votes) await core.points.award(tx, { memberId: record.authorId, rule: 'upvote_received', ref, at, actorId: vote.memberId });
  const reached = new Set((await tx.collection('feedbackUpdates').find({ where: { feedbackId: record.id } })).map((u) => u.to));
  for (const status of ['planned', 'done'] as const) if (reached.has(status)) await awardStatus(core, tx, { ...record, visibility: 'published' }, status, at);
}

/**
 * Moves a duplicate's voters to the original: each voter gets a vote there unless they
 * already have one or submitted the original; every vote on the duplicate goes (and the
 * upvote points it earned with it). Returns how many votes the original gained.
 */
export async function moveVotes(core: Core, tx: Store, duplicate: FeedbackRecord, original: FeedbackRecord, at: number): Promise<number> {
  const votes = tx.collection('feedbackVotes');
  const from = feedbackRef(duplicate.id);
  const to = feedbackRef(original.id);
  let moved = 0;
  for (const vote of await votes.find({ where: { feedbackId: duplicate.id } })) {
    await votes.remove(vote.id);
    await core.points.reverse(tx, { ref: from, memberId: duplicate.authorId, rule: 'upvote_received', actorId: vote.memberId, at });
    if (vote.memberId === original.authorId) continue;
    const id = voteId(original.id, vote.memberId);
    if (await votes.get(id)) continue;
    await votes.insert({ id, feedbackId: original.id, memberId: vote.memberId, createdAt: at });
    if (original.visibility === 'published') await core.points.award(tx, { memberId: original.authorId, rule: 'upvote_received', ref: to, at, actorId: vote.memberId });
    moved += 1;
  }
  return moved;
}

/** Publishes an item's public view on its board's channel. */
export async function emitItem(core: Core, tx: Store, emit: Emit, type: 'feedback.created' | 'feedback.updated', record: FeedbackRecord, channelSpace: string = record.spaceId): Promise<void> {
  const { history: _history, ...feedback } = await presentOne(tx, record, PUBLIC);
  emit({ type, id: core.ids(), channel: feedbackChannel(channelSpace), feedback });
}

/** What moderation can do to feedback: approve, hide, delete, restore, and move between boards. */
export function feedbackHandler(core: Core): ContentHandler {
  const get = async (tx: Store, id: string): Promise<FeedbackRecord> => {
    const record = await tx.collection('feedback').get(id);
    if (!record) throw new HearthError('not_found', 'This feedback item does not exist.');
    return record;
  };
  return {
    load: async (tx, id) => {
      const record = await tx.collection('feedback').get(id);
      if (!record) return null;
      const text = record.title ? `${record.title}\n\n${record.body}` : record.body;
      return { type: 'feedback', id, author: record.author, status: record.visibility, text, location: record.spaceId, createdAt: record.createdAt };
    },
    setStatus: async (tx, id, status, emit) => {
      const record = await get(tx, id);
      const from = record.visibility;
      if (from === status) return;
      const at = core.clock();
      const changed = await tx.collection('feedback').update(id, { visibility: status, heldReason: status === 'pending' ? record.heldReason : null });
      if (from === 'published') {
        await core.countPublished(tx, record.authorId, -1);
        await core.points.reverse(tx, { ref: feedbackRef(id), at });
      } else if (status === 'published') {
        await core.countPublished(tx, record.authorId, 1);
        await restoreEarnings(core, tx, changed, at);
      }
      await core.openers.status(tx, feedbackRef(id), status);
      // The board learns of an approved item as new; of a removed one so it can drop it.
      if (status === 'published') await emitItem(core, tx, emit, from === 'pending' ? 'feedback.created' : 'feedback.updated', changed);
      else if (from === 'published') await emitItem(core, tx, emit, 'feedback.updated', changed);
    },
    move: async (tx, id, to, emit) => {
      const record = await get(tx, id);
      if (record.spaceId === to) return;
      const space = await spaceRecord(tx, to);
      if (!space) throw noSpace(to);
      if (space.kind !== 'feedback') throw HearthError.validation('space', `"${to}" is a ${space.kind} space, not a feedback board.`);
      const moved = await tx.collection('feedback').update(id, { spaceId: to });
      if (moved.visibility !== 'published') return;
      // Both boards hear of it: the old one drops the item, the new one shows it.
      await emitItem(core, tx, emit, 'feedback.updated', moved, record.spaceId);
      await emitItem(core, tx, emit, 'feedback.updated', moved);
    },
  };
}
