import type { CommentSort, Member, PostStatus, ReplyTarget } from '@hearth/protocol';
import type { Collection } from './collections.js';
import type { CollectionName, Records } from './records.js';

/**
 * A stored thread. Times are epoch milliseconds; the engine turns them into ISO strings.
 *
 * SQL sketch: `threads(id text primary key, key text unique not null, locked boolean, created_at bigint)`.
 */
export interface ThreadRecord {
  id: string;
  /** The host-chosen key (page path); unique. */
  key: string;
  locked: boolean;
  createdAt: number;
}

/**
 * A stored post, in every status. `reactions` and `score` are kept in step with the
 * reaction rows by `Store.toggleReaction`, so sorting by `top` needs no join.
 *
 * SQL sketch: `posts(id, thread_id, parent_id, root_id, depth, reply_to jsonb, body, author jsonb,
 * created_at, edited_at, status, reactions jsonb, score int, seq bigint generated always as identity)`,
 * indexed on `(thread_id, created_at, seq) where parent_id is null`,
 * `(thread_id, score desc, created_at, seq) where parent_id is null` and `(root_id)`.
 */
export interface PostRecord {
  id: string;
  threadId: string;
  /** Where the post shows in the tree; null for a top-level post. */
  parentId: string | null;
  /** The top-level ancestor; null for a top-level post. Lets descendants load in one query. */
  rootId: string | null;
  depth: number;
  replyTo: ReplyTarget | null;
  body: string;
  /** The author as they were when they wrote it. */
  author: Member;
  createdAt: number;
  editedAt: number | null;
  status: PostStatus;
  /** Count per emoji; emojis at zero are absent. */
  reactions: Record<string, number>;
  /** The sum of `reactions`, the `top` sort key. */
  score: number;
  /** Insertion order, assigned by the store; breaks ties between equal timestamps. */
  seq: number;
}

/** A post as the engine hands it to `insertPost`: the store assigns `seq` and starts the counts. */
export type NewPostRecord = Omit<PostRecord, 'seq' | 'reactions' | 'score'>;

/** The fields `updatePost` may change (`author` and `replyTo` when a member's data is erased). */
export type PostPatch = Partial<Pick<PostRecord, 'body' | 'status' | 'editedAt' | 'author' | 'replyTo'>>;

/** One member's reaction with one emoji on one post; unique per (post, member, emoji). */
export interface ReactionRecord {
  postId: string;
  memberId: string;
  emoji: string;
  createdAt: number;
}

/** What a create with an idempotency key produced; unique per (actor, key). */
export interface IdempotencyRecord {
  actorId: string;
  key: string;
  /** A fingerprint of the request, so a reused key with a different request is a conflict. */
  fingerprint: string;
  postId: string;
  createdAt: number;
}

/**
 * Where a keyset page of top-level posts starts: strictly after this key in the sort's order.
 * `score` is only read for `top`.
 */
export interface RootKey {
  score: number;
  createdAt: number;
  seq: number;
}

/** A request for one batch of top-level posts. */
export interface ListRootsQuery {
  threadId: string;
  /**
   * `oldest`: (createdAt, seq) ascending. `newest`: (createdAt, seq) descending.
   * `top`: score descending, then (createdAt, seq) ascending.
   */
  sort: CommentSort;
  /** Exclusive start; null for the first batch. */
  after: RootKey | null;
  limit: number;
}

/**
 * Persistence for the engine. Small on purpose: every method maps to one indexed SQL
 * statement, and the engine keeps all rules (visibility, permissions, depth) to itself.
 *
 * Records go in as copies (changing an object after handing it in changes nothing stored)
 * and come out read-only: a store may hand one object to several callers (a SQL store does,
 * within a transaction), so a caller that wants a changed record builds a new object. The
 * memory store hands records out frozen, so a change throws wherever the tests reach.
 * Methods may be called on the store itself (each call is atomic) or on the handle passed
 * to `transaction`.
 *
 * @example
 * const engine = createEngine({ store: new MemoryStore() });
 */
export interface Store {
  /**
   * Runs `fn` atomically against `tx`: either every write inside lands or none does (a
   * throw rolls back), and concurrent transactions behave as if run one after another.
   * Not re-entrant: call methods on `tx`, never `transaction` again, inside `fn`. A store may
   * run `fn` more than once (a SQL store retries after a serialization failure), so `fn`
   * touches nothing but `tx` until it returns.
   *
   * A SQL store may give snapshot isolation rather than full serializability: two
   * transactions conflict only when both write one row. So a rule that decides on rows
   * other writers add (a threshold of reports, a cap of ballots) also writes one row they
   * all share, and the store re-runs whichever commits second.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  /** A thread by its id, or null. */
  getThread(id: string): Promise<ThreadRecord | null>;
  /** A thread by its key, or null. */
  getThreadByKey(key: string): Promise<ThreadRecord | null>;
  /** Stores a new thread; a duplicate id or key throws. */
  insertThread(thread: ThreadRecord): Promise<void>;
  /** Locks or unlocks a thread. */
  setThreadLocked(id: string, locked: boolean): Promise<void>;

  /** A post by id, in any status, or null. */
  getPost(id: string): Promise<PostRecord | null>;
  /**
   * Stores a new post with no reactions and returns it with its `seq`. The id is fresh (the
   * engine's own): as with `Collection.append`, a SQL store may send the insert with the
   * transaction's later writes, so an existing id fails the transaction where it is sent
   * rather than this call.
   */
  insertPost(post: NewPostRecord): Promise<PostRecord>;
  /** Changes a post's body, status or edit time and returns the result; unknown ids throw. */
  updatePost(id: string, patch: PostPatch): Promise<PostRecord>;
  /** One batch of a thread's top-level posts in every status, in the sort's order. */
  listRoots(query: ListRootsQuery): Promise<PostRecord[]>;
  /** Every post in any status below the given top-level posts, (createdAt, seq) ascending. */
  listDescendants(rootIds: readonly string[]): Promise<PostRecord[]>;
  /** How many posts in a thread have the given status. */
  countPosts(threadId: string, status: PostStatus): Promise<number>;

  /**
   * Adds the reaction if absent, removes it if present, keeps the post's `reactions` and
   * `score` exact, and returns whether it is now on and the emoji's new count on the post.
   */
  toggleReaction(reaction: ReactionRecord): Promise<{ active: boolean; count: number }>;
  /** The reactions one member has on any of the given posts. */
  listMemberReactions(memberId: string, postIds: readonly string[]): Promise<ReactionRecord[]>;
  /** Every member's reactions on any of the given posts, in no particular order. */
  listReactions(postIds: readonly string[]): Promise<ReactionRecord[]>;

  /** The record for (actor, key), or null. */
  getIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null>;
  /** Stores an idempotency record; a duplicate (actor, key) throws. */
  insertIdempotency(record: IdempotencyRecord): Promise<void>;

  /**
   * One generic record table (members, feed posts, polls, the points ledger, ...). Calls on
   * a collection taken from a transaction's handle are part of that transaction.
   */
  collection<N extends CollectionName>(name: N): Collection<Records[N]>;
}
