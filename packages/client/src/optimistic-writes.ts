import { HearthError, checkBody, type CallContext, type CommentSort, type CommunityEvent, type Post, type Session } from '@hearth/protocol';
import { CacheWriter } from './cache-writer.js';
import { createIdempotencyKey } from './idempotency-key.js';
import type { Overlay, Reader } from './comment-tree.js';
import { counts, upsertPost } from './thread-cache.js';
import { toHearthError } from './to-hearth-error.js';
import type { CommunityClient } from './community-client.js';
import type { ClientEvent, PendingWrite, WriteAction } from './types.js';

/** What the write layer needs from its client beyond the client's public members. */
export interface WriteHost {
  /** Whether to retry after failure number `failures` (0-based), as for queries. */
  retry(failures: number, error: HearthError): boolean;
  /** Milliseconds before retry number `failures`. */
  retryDelay(failures: number): number;
  /** Re-derives the thread's stores after its writes changed. */
  refresh(threadKey: string): void;
  /** Tells the client's listeners. */
  emit(event: ClientEvent): void;
  /** Who is reading now. */
  reader(): Reader;
}

type Target = { threadKey: string; postId: string };

/**
 * The client's writes: each one shows at once as a pending write laid over the cache,
 * and dropping it is the rollback. Loaded on the first write or realtime event, or ahead
 * of them through `client.preloadWrites()`, since a reader of a quiet thread needs none of it.
 */
export class OptimisticWrites {
  #client: CommunityClient;
  #host: WriteHost;
  #writes = new Map<string, readonly PendingWrite[]>();
  /** Writes into the cached threads; the client hands it cache events. */
  readonly cache: CacheWriter;

  constructor(client: CommunityClient, host: WriteHost) {
    this.#client = client;
    this.#host = host;
    this.cache = new CacheWriter(client);
  }

  /** Merges realtime events into the cache, in the order they arrived. */
  merge(events: Array<[threadKey: string, event: CommunityEvent]>): void {
    for (const [threadKey, event] of events) {
      const own = this.cache.merge(threadKey, event, this.#host.reader());
      if (own) this.#claim(threadKey, own);
    }
  }

  /** The thread's unconfirmed writes; a new array whenever they change, so stores compare by identity. */
  get(threadKey: string): readonly PendingWrite[] | undefined {
    return this.#writes.get(threadKey);
  }

  /** Lays the thread's writes over its cached posts (see `deriveThread`), or undefined when it has none. */
  overlay(threadKey: string, sort: CommentSort, maxDepth: number | null): Overlay | undefined {
    const writes = this.get(threadKey);
    return (
      writes &&
      ((tops, replies, byId) => {
        const changed = new Set<string>();
        let delta = 0;
        const loaded = [...byId.values()];
        for (const { postId, apply, post: placeholder } of writes) {
          // A page loaded while a create is on the wire may hold the comment already.
          if (placeholder && loaded.some((p) => p.author.id === placeholder.author.id && answers(placeholder, p))) continue;
          const current = byId.get(postId);
          let post = apply(current);
          if (!post || post === current) continue;
          if (current) {
            const list = current.parentId === null ? tops : replies;
            list[list.indexOf(current)] = post;
          } else {
            post = placeReply(post, byId, maxDepth);
            if (!post) continue;
            if (post.parentId !== null) replies.push(post);
            else if (sort === 'newest') tops.unshift(post);
            else tops.push(post);
          }
          byId.set(post.id, post);
          changed.add(post.id);
          delta += counts(post) - counts(current);
        }
        return [changed, delta];
      })
    );
  }

  /**
   * Links the realtime echo of our own create to its placeholder, which gives way even when
   * the echo beats the response. Called after the echo is cached, so nothing flickers.
   */
  #claim(threadKey: string, post: Post): void {
    const mine = this.get(threadKey)?.find((w) => w.post && answers(w.post, post));
    if (mine) this.#drop(threadKey, mine);
  }

  /** See `CommunityClient#createComment`. */
  async createComment(input: { threadKey: string; parentId?: string | null; body: string; idempotencyKey?: string }): Promise<Post> {
    const { threadKey, body, parentId = null, idempotencyKey = createIdempotencyKey() } = input;
    const viewer = this.#client.viewer;
    const post: Post = {
      id: `optimistic:${idempotencyKey}`,
      threadId: '',
      threadKey,
      parentId,
      depth: 0,
      replyTo: null,
      body: this.#checkBody(body),
      author: this.#session()?.viewer ?? {
        id: viewer?.id ?? 'guest',
        displayName: viewer?.displayName ?? 'Guest',
        avatarUrl: viewer?.avatarUrl ?? null,
        role: viewer?.role ?? (viewer ? 'member' : 'guest'),
      },
      createdAt: new Date().toISOString(),
      editedAt: null,
      status: 'published',
      reactions: {},
      viewerReactions: [],
      replyCount: 0,
    };
    try {
      return await this.#write('createComment', threadKey, { postId: post.id, apply: () => post, post }, (ctx) =>
        this.#client.adapter.createComment({ threadKey, parentId, body, idempotencyKey }, ctx),
      );
    } catch (error) {
      // Hand back the key, so a manual retry cannot post twice.
      const e = error as HearthError;
      throw new HearthError(e.code, e.message, { ...e.details, idempotencyKey });
    }
  }

  /** See `CommunityClient#editComment`. */
  async editComment({ threadKey, postId, body }: Target & { body: string }): Promise<Post> {
    const shown = this.#checkBody(body);
    const editedAt = new Date().toISOString();
    return this.#patch('editComment', { threadKey, postId }, (post) => ({ ...post, body: shown, editedAt }), { postId, body });
  }

  /** See `CommunityClient#deleteComment`. */
  deleteComment(target: Target): Promise<Post> {
    return this.#patch('deleteComment', target, (post) => ({ ...post, status: 'deleted' }));
  }

  /** See `CommunityClient#hideComment`. */
  hideComment(target: Target): Promise<Post> {
    return this.#patch('hideComment', target, (post) => ({ ...post, status: 'hidden' }));
  }

  /** See `CommunityClient#unhideComment`. */
  unhideComment(target: Target): Promise<Post> {
    return this.#patch('unhideComment', target, (post) => ({ ...post, status: 'published' }));
  }

  /** See `CommunityClient#toggleReaction`. */
  toggleReaction({ threadKey, postId, emoji }: Target & { emoji: string }): Promise<Post> {
    let current = this.cache.cachedPost(threadKey, postId);
    for (const write of this.get(threadKey) ?? []) if (write.postId === postId) current = write.apply(current);
    // A target state rather than a flip, here and on the wire: the realtime echo of this
    // very toggle, arriving before the response, is not flipped back, and the backend
    // does not flip the wrong way when another tab changed the reaction meanwhile.
    const active = !current?.viewerReactions.includes(emoji);
    return this.#patch(
      'toggleReaction',
      { threadKey, postId },
      (post) => {
        if (post.viewerReactions.includes(emoji) === active) return post;
        const count = (post.reactions[emoji] ?? 0) + (active ? 1 : -1);
        const reactions = { ...post.reactions, [emoji]: count };
        if (count <= 0) delete reactions[emoji];
        const viewerReactions = post.viewerReactions.filter((e) => e !== emoji);
        if (active) viewerReactions.push(emoji);
        return { ...post, reactions, viewerReactions };
      },
      // Setting a state is idempotent, so a lost response is retried like any other write.
      { postId, emoji, active },
    );
  }

  /** A change to one cached post, sent as `input` to the adapter method named `action`. */
  #patch(action: WriteAction, { threadKey, postId }: Target, apply: (post: Post) => Post, input: object = { postId }): Promise<Post> {
    return this.#write(
      action,
      threadKey,
      { postId, apply: (post) => post && apply(post) },
      (ctx) => (this.#client.adapter[action] as (input: object, ctx: CallContext) => Promise<Post>)(input, ctx),
    );
  }

  /**
   * Shows `write` until the backend answers, then puts the backend's post in the cache
   * and drops the write in one step so nothing flickers; on failure only drops it.
   */
  async #write(action: WriteAction, threadKey: string, write: PendingWrite, call: (ctx: CallContext) => Promise<Post>): Promise<Post> {
    const host = this.#host;
    const viewer = this.#client.viewer;
    this.#set(threadKey, [...(this.get(threadKey) ?? []), write]);
    let post: Post;
    for (let attempt = 0; ; attempt++) {
      try {
        post = await call({ viewer });
        break;
      } catch (error) {
        const e = toHearthError(error, this.#client.adapter.name);
        if (host.retry(attempt, e)) {
          await new Promise((resolve) => setTimeout(resolve, host.retryDelay(attempt)));
          continue;
        }
        this.#drop(threadKey, write);
        host.emit({ type: 'write.failed', action, threadKey, error: e });
        throw e;
      }
    }
    this.cache.write(threadKey, (data, sort) => upsertPost(data, post, sort, !!write.post && 'own', false));
    this.#drop(threadKey, write);
    host.emit({ type: 'write.succeeded', action, threadKey, post });
    return post;
  }

  #set(threadKey: string, writes: readonly PendingWrite[]): void {
    if (writes.length) this.#writes.set(threadKey, writes);
    else this.#writes.delete(threadKey);
    this.#host.refresh(threadKey);
  }

  #drop(threadKey: string, write: PendingWrite): void {
    const writes = this.get(threadKey) ?? [];
    if (writes.includes(write)) this.#set(threadKey, writes.filter((w) => w !== write));
  }

  /** The session as cached under the key `CommunityClient#session` uses. */
  #session(): Session | undefined {
    return this.#client.queryClient.getQueryData<Session>(['hearth', 'session', this.#client.viewer?.id ?? null]);
  }

  /** Checks a body the way the engine does; returns it trimmed, as it will show. */
  #checkBody(body: string): string {
    const { bodyMinLength = 1, bodyMaxLength = 100_000 } = this.#session()?.settings ?? {};
    return checkBody(body, { bodyMinLength, bodyMaxLength });
  }
}

/** Whether `post` looks like the stored form of the placeholder (the engine may have moved a reply up). */
function answers(placeholder: Post, post: Post): boolean {
  return placeholder.body === post.body.trim() && (placeholder.parentId === post.parentId || placeholder.parentId === post.replyTo?.id);
}

/**
 * Puts an optimistic reply where the engine will: under its parent, or under the deepest
 * ancestor that still has room when the parent is at the deepest visible level, always
 * remembering whom it answered.
 */
function placeReply(post: Post, byId: ReadonlyMap<string, Post>, maxDepth: number | null): Post | undefined {
  if (post.parentId === null) return post;
  const parent = byId.get(post.parentId);
  if (!parent) return undefined;
  const replyTo = { id: parent.id, authorName: parent.author.displayName };
  let target: Post | undefined = parent;
  while (maxDepth !== null && target && target.depth >= maxDepth - 1) {
    target = target.parentId === null ? undefined : byId.get(target.parentId);
  }
  if (!target) return { ...post, parentId: null, depth: 0, replyTo };
  return { ...post, parentId: target.id, depth: target.depth + 1, replyTo };
}
