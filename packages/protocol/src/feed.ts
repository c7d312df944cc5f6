import * as z from 'zod/mini';
import { IdempotencyKey } from './comments.js';
import { MemberProfile, SpaceKey } from './community.js';
import { Member } from './member.js';
import { Cursor, PageSize } from './page.js';
import { PostStatus } from './post.js';
import type { CallContext } from './adapter.js';

/** What a feed post is: a discussion, a question (title required), an announcement (staff), an event. */
export const POST_KINDS = ['discussion', 'question', 'announcement', 'event'] as const;
export const PostKind = z.enum(POST_KINDS);
export type PostKind = z.infer<typeof PostKind>;

/**
 * Feed orders. `new`: newest first. `top`: score first. `hot`: score and replies decayed by
 * age (see docs/feed.md). `unanswered`: published posts nobody has replied to, oldest first.
 * Pinned posts lead the first page of every order.
 */
export const FEED_SORTS = ['new', 'top', 'hot', 'unanswered'] as const;
export const FeedSort = z.enum(FEED_SORTS);
export type FeedSort = z.infer<typeof FeedSort>;

/** Feed limits: the engine enforces them, composers show them. */
export const FEED_LIMITS = {
  titleMaxLength: 200,
  bodyMinLength: 1,
  bodyMaxLength: 20_000,
  maxTopics: 5,
  topicMaxLength: 32,
  maxImages: 4,
  locationMaxLength: 200,
} as const;

const PostId = z.string().check(z.minLength(1, 'Post id is required.'), z.maxLength(128));

/** When and where an event post happens. */
export const FeedEventInfo = z.object({
  /** ISO date-time the event starts. */
  startsAt: z.string(),
  /** A place or a link; null when not given. */
  location: z.nullable(z.string()),
});
export type FeedEventInfo = z.infer<typeof FeedEventInfo>;

/**
 * A post in a feed space as the viewer sees it. A post the viewer may not read (hidden,
 * pending by someone else, deleted) shows with empty `title`, `body` and `images`.
 * Replies are comments in the thread `threadKey` (`postThreadKey(id)`).
 */
export const FeedPost = z.object({
  id: z.string(),
  /** The space key. */
  space: z.string(),
  kind: PostKind,
  title: z.nullable(z.string()),
  /** Markdown source. */
  body: z.string(),
  /** Normalised topic tags (`#` stripped, lower-cased), at most 5. */
  topics: z.array(z.string()),
  /** Image URLs (http or https), at most 4. */
  images: z.array(z.string()),
  /** For kind `event`: when and where; null otherwise. */
  event: z.nullable(FeedEventInfo),
  author: Member,
  createdAt: z.string(),
  editedAt: z.nullable(z.string()),
  status: PostStatus,
  /** Why a pending post waits for review, for its author and staff; null otherwise. */
  heldReason: z.nullable(z.string()),
  pinned: z.boolean(),
  /** 1 for the first pinned post of its space, 2 for the next...; null when not pinned. */
  pinOrder: z.nullable(z.number().check(z.int(), z.minimum(1))),
  /** Featured by staff ("精华"). */
  featured: z.boolean(),
  /** Locked posts take no new replies. */
  locked: z.boolean(),
  /** Published replies (and, for questions, answers). */
  replyCount: z.number().check(z.int(), z.nonnegative()),
  /** Count per emoji; emojis with no reactions are absent. */
  reactions: z.record(z.string(), z.number().check(z.int(), z.nonnegative())),
  /** The emojis the viewer has reacted with (always empty in realtime events). */
  viewerReactions: z.array(z.string()),
  /** Reactions plus question votes: the `top` key. */
  score: z.number().check(z.int()),
  /** The `hot` key at the time of reading (see docs/feed.md). */
  hot: z.number(),
  /** The last reply, or the creation when there is none. */
  lastActivityAt: z.string(),
  /** For questions: the accepted answer. */
  acceptedAnswerId: z.nullable(z.string()),
  /** Closed as a duplicate of this post. */
  duplicateOf: z.nullable(z.string()),
  /** The comment thread of the post's replies. */
  threadKey: z.string(),
});
export type FeedPost = z.infer<typeof FeedPost>;

/** One page of a feed. */
export const FeedPage = z.object({ items: z.array(FeedPost), nextCursor: z.nullable(z.string()) });
export type FeedPage = z.infer<typeof FeedPage>;

/** A topic and how many visible published posts carry it. */
export const TopicCount = z.object({ topic: z.string(), posts: z.number().check(z.int(), z.nonnegative()) });
export type TopicCount = z.infer<typeof TopicCount>;

// The transport bounds are loose where the engine words a better message (topics are
// counted after normalising and de-duplicating; bodies by the community's length rules).
const Title = z.string().check(z.maxLength(FEED_LIMITS.titleMaxLength, `A title has at most ${FEED_LIMITS.titleMaxLength} characters.`));
const Body = z.string().check(z.maxLength(100_000, 'Body is far too long.'));
const Topics = z.array(z.string().check(z.maxLength(100, 'A topic is far too long.'))).check(z.maxLength(20, `At most ${FEED_LIMITS.maxTopics} topics.`));
const Images = z.array(z.string().check(z.maxLength(2048, 'An image URL has at most 2048 characters.'))).check(
  z.maxLength(FEED_LIMITS.maxImages, `At most ${FEED_LIMITS.maxImages} images.`),
);

/** When and where, for a post of kind `event`. */
export const FeedEventInput = z.object({
  startsAt: z.iso.datetime({ offset: true, message: 'Give the start as an ISO date-time, such as 2026-05-01T18:00:00Z.' }),
  location: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(FEED_LIMITS.locationMaxLength)))),
});
export type FeedEventInput = z.input<typeof FeedEventInput>;

export const CreatePostInput = z.object({
  space: SpaceKey,
  /** Defaults to `discussion`. A `qa` space takes only `question`. */
  kind: z.optional(PostKind),
  /** Required for questions. */
  title: z.optional(z.nullable(Title)),
  body: Body,
  /** `#topic` tags; normalised and de-duplicated, at most 5 after that. */
  topics: z.optional(Topics),
  images: z.optional(Images),
  /** Required for kind `event`, refused for other kinds. */
  event: z.optional(z.nullable(FeedEventInput)),
  /** Onboarding fields to save on the member's profile with this post. */
  profile: z.optional(MemberProfile),
  idempotencyKey: IdempotencyKey,
});
export type CreatePostInput = z.input<typeof CreatePostInput>;

export const GetPostInput = z.object({ postId: PostId });
export type GetPostInput = z.input<typeof GetPostInput>;

export const ListPostsInput = z.object({
  space: SpaceKey,
  /** Defaults to `new`. */
  sort: z.optional(FeedSort),
  /** Only posts with this topic (normalised like topics on posts). */
  topic: z.optional(z.string().check(z.maxLength(100))),
  kind: z.optional(PostKind),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListPostsInput = z.input<typeof ListPostsInput>;

/** Fields left out stay as they are; `title: null` clears a non-question's title. */
export const EditPostInput = z.object({
  postId: PostId,
  title: z.optional(z.nullable(Title)),
  body: z.optional(Body),
  topics: z.optional(Topics),
  images: z.optional(Images),
});
export type EditPostInput = z.input<typeof EditPostInput>;

export const DeletePostInput = z.object({ postId: PostId });
export type DeletePostInput = z.input<typeof DeletePostInput>;

/** Like `toggleReaction` on comments: toggles, or with `active` sets the state idempotently. */
export const ReactToPostInput = z.object({
  postId: PostId,
  emoji: z.string().check(z.minLength(1, 'Pick a reaction.'), z.maxLength(16)),
  active: z.optional(z.boolean()),
});
export type ReactToPostInput = z.input<typeof ReactToPostInput>;

export const ListTopicsInput = z.object({
  /** Only topics of this space; every feed and Q&A space when left out. */
  space: z.optional(SpaceKey),
  /** Only topics starting with this (normalised; a leading `#` is ignored). */
  prefix: z.optional(z.string().check(z.maxLength(100))),
  /** Defaults to 10. */
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
});
export type ListTopicsInput = z.input<typeof ListTopicsInput>;

/**
 * Feed operations: posts in spaces with topics, reactions, pins and features. Pinning,
 * featuring, locking and moving go through `moderation.act` (type `post`).
 *
 * @example
 * const post = await adapter.feed!.createPost(
 *   { space: 'general', title: 'Hello', body: 'First post!', topics: ['#新手'], idempotencyKey: key() },
 *   { viewer },
 * );
 * const page = await adapter.feed!.listPosts({ space: 'general', sort: 'hot' }, { viewer });
 */
export interface FeedAdapter {
  /** Starts a post (members; announcements: staff); the same `idempotencyKey` never creates twice. */
  createPost(input: CreatePostInput, ctx: CallContext): Promise<FeedPost>;
  /** One post the viewer may read, or `not_found`. */
  getPost(input: GetPostInput, ctx: CallContext): Promise<FeedPost>;
  /** One page of a space: pinned posts first on the first page, then the sort; filter by topic and kind. */
  listPosts(input: ListPostsInput, ctx: CallContext): Promise<FeedPage>;
  /** Changes title, body, topics or images: the author within the edit window, moderators always. */
  editPost(input: EditPostInput, ctx: CallContext): Promise<FeedPost>;
  /** Soft-deletes: the author, or moderators. */
  deletePost(input: DeletePostInput, ctx: CallContext): Promise<FeedPost>;
  /** Turns the viewer's reaction with `emoji` on or off. */
  reactToPost(input: ReactToPostInput, ctx: CallContext): Promise<FeedPost>;
  /** Topics with their post counts, most used first (composer suggestions). */
  listTopics(input: ListTopicsInput, ctx: CallContext): Promise<TopicCount[]>;
}

/** Realtime events of the feed, on `spaceChannel(space)`; posts as the public sees them. */
export const FEED_EVENTS = [
  z.object({ type: z.literal('feed.post.created'), id: z.string(), channel: z.string(), post: FeedPost }),
  z.object({ type: z.literal('feed.post.updated'), id: z.string(), channel: z.string(), post: FeedPost }),
  z.object({
    type: z.literal('feed.post.reaction'),
    id: z.string(),
    channel: z.string(),
    postId: z.string(),
    emoji: z.string(),
    /** The new total for this emoji on this post. */
    count: z.number(),
    memberId: z.string(),
    active: z.boolean(),
  }),
] as const;
