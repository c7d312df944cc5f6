// Reads and status changes of feed posts shared by the service and the hooks it installs.
import { HearthError, refKey, spaceChannel, type FeedPost, type Member } from '@hearth/protocol';
import type { Core, Emit } from '../core/core.js';
import type { Store } from '../store.js';
import { pinRanks, readableBy, toFeedPost, viewerReactions } from './present.js';
import type { FeedPostRecord } from './records.js';

/** The reaction set in display order (from the engine's comment settings). */
export type ReactionOrder = () => readonly string[];

/** `post:<id>`, the ref of a feed post in the ledger, openers and audit log. */
export function postRef(id: string): string {
  return refKey({ type: 'post', id });
}

/** Posts as `viewer` sees them, with their reactions and pin ranks, `hot` measured at `now`. */
export async function presentMany(tx: Store, records: readonly FeedPostRecord[], viewer: Member | null, staff: boolean, order: ReactionOrder, now: number): Promise<FeedPost[]> {
  const mine = await viewerReactions(tx, viewer, records.map((r) => r.id), order());
  const pinnedSpaces = records.filter((r) => r.pinnedAt !== null).map((r) => r.spaceId);
  const ranks = await pinRanks(tx, pinnedSpaces, viewer, staff);
  return records.map((record) =>
    toFeedPost(record, { viewer, staff, viewerReactions: mine.get(record.id) ?? [], pinOrder: ranks.get(record.id) ?? null, now }),
  );
}

/** One post as `viewer` sees it. */
export async function presentOne(tx: Store, record: FeedPostRecord, viewer: Member | null, staff: boolean, order: ReactionOrder, now: number): Promise<FeedPost> {
  return (await presentMany(tx, [record], viewer, staff, order, now))[0]!;
}

/** The post `viewer` may read, or `not_found` naming `postId` (deleted posts are gone for everyone). */
export async function readablePost(tx: Store, postId: string, viewer: Member | null, staff: boolean): Promise<FeedPostRecord> {
  const post = await tx.collection('feedPosts').get(postId);
  if (!post || !readableBy(post, viewer, staff)) {
    const message = post?.status === 'deleted' ? 'This post was deleted.' : 'This post does not exist.';
    throw new HearthError('not_found', message, { issues: [{ path: 'postId', message }] });
  }
  return post;
}

/** A post in any status, or `not_found` (for moderation, which sees everything). */
export async function anyPost(tx: Store, postId: string): Promise<FeedPostRecord> {
  const post = await tx.collection('feedPosts').get(postId);
  if (!post) throw new HearthError('not_found', 'This post does not exist.', { issues: [{ path: 'postId', message: 'This post does not exist.' }] });
  return post;
}

/** Publishes the public view of a post on its space's channel (and on `alsoSpace`, for moves). */
export async function emitPost(
  core: Core,
  tx: Store,
  record: FeedPostRecord,
  type: 'feed.post.created' | 'feed.post.updated',
  emit: Emit,
  order: ReactionOrder,
  alsoSpace?: string,
): Promise<void> {
  const post = await presentOne(tx, record, null, false, order, core.clock());
  for (const space of alsoSpace && alsoSpace !== record.spaceId ? [record.spaceId, alsoSpace] : [record.spaceId]) {
    emit({ type, id: core.ids(), channel: spaceChannel(space), post });
  }
}

/**
 * Moves a post to a status with every side effect: leaving `published` reverses what it
 * earned and uncounts it; reaching `published` awards `post` again and counts it; the
 * openers queue follows; the space hears of it (a post held until now is `created` for
 * the public). Deleting also unpins.
 */
export async function changeStatus(core: Core, tx: Store, record: FeedPostRecord, status: FeedPostRecord['status'], emit: Emit, order: ReactionOrder, at: number): Promise<FeedPostRecord> {
  const prior = record.status;
  if (prior === status) return record;
  const patch: Partial<FeedPostRecord> = { status };
  if (status === 'deleted') patch.pinnedAt = null;
  if (status !== 'pending') patch.heldReason = null;
  const changed = await tx.collection('feedPosts').update(record.id, patch);
  const ref = postRef(record.id);
  if (prior === 'published') {
    await core.points.reverse(tx, { ref, at });
    await core.countPublished(tx, record.authorId, -1);
  }
  if (status === 'published') {
    await core.points.award(tx, { memberId: record.authorId, rule: 'post', ref, at });
    await core.countPublished(tx, record.authorId, 1);
  }
  await core.openers.status(tx, ref, status);
  await emitPost(core, tx, changed, prior === 'pending' && status === 'published' ? 'feed.post.created' : 'feed.post.updated', emit, order);
  return changed;
}
