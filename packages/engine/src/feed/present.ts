// How a stored post reads to one viewer, and the store reads that presenting needs.
import { canRead, postThreadKey, type FeedPost, type Member } from '@hearth/protocol';
import type { Store } from '../store.js';
import { compareKeys, hotScore, pinKey } from './ordering.js';
import type { FeedPostRecord } from './records.js';

/** What a viewer sees beyond the record: their reactions, the pin rank, the time `hot` is taken at. */
export interface PresentContext {
  viewer: Member | null;
  staff: boolean;
  viewerReactions: string[];
  pinOrder: number | null;
  now: number;
}

/** Whether `viewer` may read the post (published: all; pending: author and staff; hidden: staff). */
export function readableBy(post: FeedPostRecord, viewer: Member | null, staff: boolean): boolean {
  return canRead(post, viewer?.id ?? null, staff);
}

/** A post as the viewer sees it; what they may not read comes out empty. */
export function toFeedPost(post: FeedPostRecord, ctx: PresentContext): FeedPost {
  const open = readableBy(post, ctx.viewer, ctx.staff);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: post.id,
    space: post.spaceId,
    kind: post.kind,
    title: open ? post.title : null,
    body: open ? post.body : '',
    topics: open ? [...post.topics] : [],
    images: open ? [...post.images] : [],
    event: open && post.event ? { startsAt: iso(post.event.startsAt), location: post.event.location } : null,
    author: post.author,
    createdAt: iso(post.createdAt),
    editedAt: post.editedAt === null ? null : iso(post.editedAt),
    status: post.status,
    heldReason: open && post.status === 'pending' ? post.heldReason : null,
    pinned: post.pinnedAt !== null,
    pinOrder: post.pinnedAt !== null ? ctx.pinOrder : null,
    featured: post.featured,
    locked: post.locked,
    replyCount: post.replyCount,
    reactions: open ? { ...post.reactions } : {},
    viewerReactions: open ? ctx.viewerReactions : [],
    score: post.score,
    hot: hotScore(post, ctx.now),
    lastActivityAt: iso(post.lastActivityAt),
    acceptedAnswerId: post.acceptedAnswerId,
    duplicateOf: post.duplicateOf,
    threadKey: postThreadKey(post.id),
  };
}

/** The viewer's reactions on these posts, in the reaction set's order. */
export async function viewerReactions(tx: Store, viewer: Member | null, postIds: readonly string[], order: readonly string[]): Promise<Map<string, string[]>> {
  const byPost = new Map<string, string[]>();
  if (!viewer || postIds.length === 0) return byPost;
  const rows = await tx.collection('feedReactions').find({ where: { memberId: viewer.id, postId: { in: postIds } } });
  for (const row of rows) byPost.set(row.postId, [...(byPost.get(row.postId) ?? []), row.emoji]);
  for (const list of byPost.values()) list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return byPost;
}

/**
 * Pin ranks (1 = first) of the pinned posts the viewer can read in these spaces: what a
 * reader sees as "1st, 2nd pinned" skips pins hidden from them.
 */
export async function pinRanks(tx: Store, spaces: readonly string[], viewer: Member | null, staff: boolean): Promise<Map<string, number>> {
  const ranks = new Map<string, number>();
  if (spaces.length === 0) return ranks;
  const pinned = await tx.collection('feedPosts').find({ where: { spaceId: { in: [...new Set(spaces)] }, pinnedAt: { ne: null } } });
  const bySpace = new Map<string, FeedPostRecord[]>();
  for (const post of pinned) {
    if (post.pinnedAt === null || !readableBy(post, viewer, staff)) continue;
    bySpace.set(post.spaceId, [...(bySpace.get(post.spaceId) ?? []), post]);
  }
  for (const list of bySpace.values()) {
    list.sort((a, b) => compareKeys(pinKey(a), pinKey(b)));
    list.forEach((post, index) => ranks.set(post.id, index + 1));
  }
  return ranks;
}
