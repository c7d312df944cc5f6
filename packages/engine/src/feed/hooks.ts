// What the feed offers other services: the moderation handler for content type `post`
// and the thread hooks the comments engine calls around replies in `post:<id>` threads.
import { HearthError } from '@hearth/protocol';
import type { ContentHandler, Core, ThreadHooks } from '../core/core.js';
import { noSpace, spaceRecord } from '../community/community-service.js';
import type { Store } from '../store.js';
import { anyPost, changeStatus, emitPost, postRef, type ReactionOrder } from './posts.js';
import { readableBy } from './present.js';
import type { FeedPostRecord } from './records.js';

/** The next pin order key in a space: after every pin there, and never before `at`. */
export async function nextPinKey(tx: Store, spaceId: string, at: number, except?: string): Promise<number> {
  const pinned = await tx.collection('feedPosts').find({ where: { spaceId, pinnedAt: { ne: null } }, orderBy: [['pinnedAt', 'desc']], limit: 2 });
  const last = pinned.find((p) => p.id !== except)?.pinnedAt ?? null;
  return last === null ? at : Math.max(at, last + 1);
}

/** Whether a space of `kind` takes posts of `postKind` (feed: any; qa: questions; feedback: none). */
export function spaceTakes(spaceKind: string, postKind: FeedPostRecord['kind']): boolean {
  if (spaceKind === 'feed') return true;
  if (spaceKind === 'qa') return postKind === 'question';
  return false;
}

/** Moderation's view of feed posts and questions (type `post`). */
export function feedContentHandler(core: Core, order: ReactionOrder): ContentHandler {
  const posts = (tx: Store) => tx.collection('feedPosts');
  return {
    async load(tx, id) {
      const post = await posts(tx).get(id);
      if (!post) return null;
      return {
        type: 'post',
        id: post.id,
        author: post.author,
        status: post.status,
        text: post.title ? `${post.title}\n\n${post.body}` : post.body,
        location: post.spaceId,
        createdAt: post.createdAt,
      };
    },

    async setStatus(tx, id, status, emit) {
      await changeStatus(core, tx, await anyPost(tx, id), status, emit, order, core.clock());
    },

    async lock(tx, id, locked, emit) {
      const post = await anyPost(tx, id);
      if (post.locked === locked) return;
      await emitPost(core, tx, await posts(tx).update(id, { locked }), 'feed.post.updated', emit, order);
    },

    async pin(tx, id, pinned, at, emit) {
      const post = await anyPost(tx, id);
      if ((post.pinnedAt !== null) === pinned) return;
      if (pinned && post.status === 'deleted') throw new HearthError('conflict', 'A deleted post cannot be pinned.');
      // Pinning again later puts the post last: pins read in the order staff made them.
      const pinnedAt = pinned ? await nextPinKey(tx, post.spaceId, at) : null;
      await emitPost(core, tx, await posts(tx).update(id, { pinnedAt }), 'feed.post.updated', emit, order);
    },

    async feature(tx, id, featured, emit) {
      const post = await anyPost(tx, id);
      if (post.featured === featured) return;
      await emitPost(core, tx, await posts(tx).update(id, { featured }), 'feed.post.updated', emit, order);
    },

    async move(tx, id, to, emit) {
      const post = await anyPost(tx, id);
      if (post.spaceId === to) return;
      const space = await spaceRecord(tx, to);
      if (!space) throw noSpace(to);
      if (!spaceTakes(space.kind, post.kind)) {
        const why = space.kind === 'qa' ? 'A Q&A space takes only questions.' : 'A feedback board takes feedback, not posts.';
        throw new HearthError('validation', why, { issues: [{ path: 'to', message: why }] });
      }
      // A pinned post stays pinned, after the pins already in its new space.
      const pinnedAt = post.pinnedAt === null ? null : await nextPinKey(tx, to, core.clock(), post.id);
      const moved = await posts(tx).update(id, { spaceId: to, pinnedAt });
      // Both spaces hear it: the old one to drop the post, the new one to show it.
      await emitPost(core, tx, moved, 'feed.post.updated', emit, order, post.spaceId);
    },
  };
}

/**
 * Replies to feed posts: refused on missing, unreadable, locked or unpublished posts;
 * counted, and the space hears the new count.
 */
export function feedThreadHooks(core: Core, order: ReactionOrder): ThreadHooks {
  return {
    async beforeReply(tx, itemId, acting) {
      const post = await tx.collection('feedPosts').get(itemId);
      if (!post || !readableBy(post, acting.member, core.isStaff(acting.member))) {
        throw new HearthError('not_found', 'The post you are replying to no longer exists.', { issues: [{ path: 'threadKey', message: 'No such post.' }] });
      }
      if (post.locked) throw new HearthError('forbidden', 'This post is locked, so it takes no new replies.');
      if (post.status !== 'published') throw new HearthError('conflict', 'Only published posts take replies.');
    },

    async replied(tx, itemId, reply) {
      const post = await tx.collection('feedPosts').get(itemId);
      if (!post) return;
      const replyCount = Math.max(0, post.replyCount + reply.delta);
      const ref = postRef(itemId);
      let updated: FeedPostRecord;
      if (reply.delta === 1) {
        updated = await tx.collection('feedPosts').update(itemId, { replyCount, lastActivityAt: Math.max(post.lastActivityAt, reply.at) });
        await core.openers.replied(tx, { ref, replier: reply.replier, at: reply.at });
      } else {
        updated = await tx.collection('feedPosts').update(itemId, { replyCount });
        await core.openers.replyRemoved(tx, ref, reply.replier);
      }
      if (post.status === 'published') await emitPost(core, tx, updated, 'feed.post.updated', core.emitter(tx), order);
    },
  };
}
