// Event fixtures for the realtime tests.
import type { CommunityEvent, Post } from '@hearth/protocol';

/** A comment event on `channel`; `status` and `body` decide who may see it. */
export function postEvent(id: string, channel: string, { status = 'published', body = 'Hello', authorId = 'ada' }: { status?: Post['status']; body?: string; authorId?: string } = {}): CommunityEvent {
  const post: Post = {
    id: `p-${id}`,
    threadId: 't1',
    threadKey: '/a',
    parentId: null,
    depth: 0,
    replyTo: null,
    body,
    author: { id: authorId, displayName: authorId, avatarUrl: null, role: 'member' },
    createdAt: '2026-01-01T00:00:00.000Z',
    editedAt: null,
    status,
    reactions: {},
    viewerReactions: [],
    replyCount: 0,
  };
  return { type: status === 'published' ? 'post.created' : 'post.updated', id, channel, post };
}

/** An event that carries no item. */
export function plainEvent(id: string, channel: string): CommunityEvent {
  return { type: 'leaderboard.changed', id, channel };
}
