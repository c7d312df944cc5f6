import { QueryClient, type Query } from '@tanstack/query-core';
import {
  HearthError,
  threadChannel,
  type BackendAdapter,
  type CallContext,
  type CommentSort,
  type CommunityEvent,
  type Member,
  type Post,
  type Session,
  type Viewer,
} from '@hearth/protocol';
import type { Reader } from './comment-tree.js';
import { Subscribable } from './subscribable.js';
import { createIdempotencyKey } from './idempotency-key.js';
import { SessionObserver, type SessionQueryKey, type SessionQueryOptions } from './session-observer.js';
import { findCachedPost, setReaction, upsertPost } from './thread-cache.js';
import { ThreadObserver, type ThreadQueryKey, type ThreadQueryOptions } from './thread-observer.js';
import { toHearthError } from './to-hearth-error.js';
import type {
  ClientEvent,
  CommunityClientOptions,
  PendingWrite,
  ReadableStore,
  SessionState,
  ThreadData,
  ThreadOptions,
  ThreadStore,
  WriteAction,
} from './types.js';

type Patch = (data: ThreadData, sort: CommentSort) => ThreadData;

interface ThreadEntry {
  stores: Set<{ onChange(): void; destroy(): void }>;
  unsubscribe: (() => void) | null;
}

const SORTS: readonly string[] = ['oldest', 'newest', 'top'];
const STAFF: readonly string[] = ['owner', 'admin', 'moderator'];
const NO_WRITES: readonly PendingWrite[] = [];


/**
 * The typed client every widget talks through: one cache, de-duplicated requests,
 * optimistic writes with exact rollback, and realtime merged into what is cached.
 *
 * @example
 * const client = createCommunityClient({ adapter: createMemoryAdapter(), viewer: { id: 'u1', displayName: 'Ada' } });
 * const thread = client.thread('/blog/hello', { sort: 'newest' });
 * thread.subscribe((state) => render(state.comments));
 * await client.createComment({ threadKey: '/blog/hello', body: 'First!' });
 */
export class CommunityClient extends Subscribable<(event: ClientEvent) => void> {
  /** The backend every call goes to. */
  readonly adapter: BackendAdapter;
  /** The cache; pass your own in the options to share it. */
  readonly queryClient: QueryClient;
  #viewer: Viewer | null;
  #ownsQueryClient: boolean;
  #retry: number;
  #retryDelay: (attempt: number) => number;
  #staleTime: number;
  #threads = new Map<string, ThreadEntry>();
  #writes = new Map<string, readonly PendingWrite[]>();
  #queued = new Map<string, Patch[]>();
  #viewerListeners = new Set<() => void>();
  #reader: Reader | null = null;
  #session: SessionObserver | null = null;
  #nextWriteId = 0;
  #stopCache: () => void;
  #destroyed = false;

  constructor(options: CommunityClientOptions) {
    super();
    if (!options || typeof options.adapter !== 'object' || options.adapter === null) {
      throw new HearthError('validation', 'createCommunityClient needs an adapter.', {
        issues: [{ path: 'adapter', message: 'An adapter is required.' }],
      });
    }
    this.adapter = options.adapter;
    this.#viewer = options.viewer ?? null;
    this.#ownsQueryClient = !options.queryClient;
    this.queryClient = options.queryClient ?? new QueryClient();
    this.#retry = options.retry ?? 2;
    this.#retryDelay = options.retryDelay ?? ((attempt) => Math.min(500 * 2 ** attempt, 8000));
    this.#staleTime = options.staleTime ?? 30_000;
    this.queryClient.mount();
    this.#stopCache = this.queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'removed') this.#queued.delete(event.query.queryHash);
      else if (event.type === 'updated') this.#onQueryUpdated(event.query, event.action.type);
    });
  }

  /** Who is acting, or null for an anonymous visitor. */
  get viewer(): Viewer | null {
    return this.#viewer;
  }

  /** Switches who is acting; the session and every thread reload, since reactions and permissions differ. */
  setViewer(viewer: Viewer | null): void {
    this.#viewer = viewer ?? null;
    this.#reader = null;
    for (const listener of [...this.#viewerListeners]) listener();
    for (const entry of this.#threads.values()) for (const store of [...entry.stores]) store.onChange();
    // Queries for a new viewer id already started above; what is left is stale data
    // under the same key (a refreshed token, a changed role).
    void this.queryClient.invalidateQueries({
      queryKey: ['hearth'],
      predicate: (query) => query.state.fetchStatus === 'idle',
    });
    this.#emit({ type: 'viewer.changed', viewer: this.#viewer });
  }

  /**
   * The viewer as the backend sees them, and the comment rules. One shared store that
   * loads while someone listens.
   */
  session(): ReadableStore<SessionState> {
    this.#assertAlive();
    this.#session ??= new SessionObserver({
      queryClient: this.queryClient,
      sessionOptions: () => this.#sessionOptions(),
      watchViewer: (listener) => {
        this.#viewerListeners.add(listener);
        return () => this.#viewerListeners.delete(listener);
      },
    });
    return this.#session;
  }

  /**
   * A live view of one thread. Call `destroy()` when done; stores for the same thread and
   * sort share one request and one cache entry.
   */
  thread(threadKey: string, options: ThreadOptions = {}): ThreadStore {
    this.#assertAlive();
    const key = checkThreadKey(threadKey);
    const sort = options.sort ?? 'oldest';
    if (!SORTS.includes(sort)) throw HearthError.validation('sort', `Sort must be one of ${SORTS.join(', ')}.`);
    const pageSize = options.pageSize ?? null;
    if (pageSize !== null && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100)) {
      throw HearthError.validation('pageSize', 'Page size must be a whole number from 1 to 100.');
    }
    return new ThreadObserver(
      {
        queryClient: this.queryClient,
        threadOptions: (k, s, p) => this.#threadOptions(k, s, p),
        reader: () => this.#currentReader(),
        writes: (k) => this.#writes.get(k) ?? NO_WRITES,
        retain: (k, store) => this.#retain(k, store),
      },
      key,
      sort,
      pageSize,
    );
  }

  /**
   * Posts a comment or reply. It shows at once; on failure it disappears again and the
   * promise rejects with the HearthError, whose `details.idempotencyKey` retries the same
   * create without risk of posting twice.
   *
   * @example
   * try { await client.createComment({ threadKey, body }) }
   * catch (e) { if (HearthError.is(e, 'unavailable')) retryLater(e.details.idempotencyKey) }
   */
  async createComment(input: {
    threadKey: string;
    parentId?: string | null;
    body: string;
    idempotencyKey?: string;
  }): Promise<Post> {
    const threadKey = checkThreadKey(input.threadKey);
    const body = this.#checkBody(input.body);
    const parentId = input.parentId == null ? null : checkPostId(input.parentId, 'parentId');
    const idempotencyKey = input.idempotencyKey ?? createIdempotencyKey();
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length < 8 || idempotencyKey.length > 128) {
      throw HearthError.validation('idempotencyKey', 'An idempotency key is 8 to 128 characters.');
    }
    const write: PendingWrite = {
      kind: 'create',
      id: ++this.#nextWriteId,
      threadKey,
      post: this.#placeholder(threadKey, parentId, body.trim(), idempotencyKey),
      realId: null,
    };
    try {
      return await this.#write('createComment', threadKey, write, true, true, (ctx) =>
        this.adapter.createComment({ threadKey, parentId, body, idempotencyKey }, ctx),
      );
    } catch (error) {
      const e = error as HearthError;
      throw new HearthError(e.code, e.message, { ...e.details, idempotencyKey });
    }
  }

  /** Replaces a comment's body; shows at once and rolls back on failure. */
  editComment(input: { threadKey: string; postId: string; body: string }): Promise<Post> {
    return this.#patch('editComment', input, (ctx, postId) => this.adapter.editComment({ postId, body: input.body }, ctx), () => {
      const body = this.#checkBody(input.body).trim();
      const editedAt = new Date().toISOString();
      return (post) => (post.body === body ? post : { ...post, body, editedAt });
    });
  }

  /** Deletes a comment (a tombstone stays while it has replies); shows at once and rolls back on failure. */
  deleteComment(input: { threadKey: string; postId: string }): Promise<Post> {
    return this.#patch('deleteComment', input, (ctx, postId) => this.adapter.deleteComment({ postId }, ctx), () => (post) =>
      post.status === 'deleted' ? post : { ...post, status: 'deleted', body: '' },
    );
  }

  /** Hides a comment from everyone but staff; shows at once and rolls back on failure. */
  hideComment(input: { threadKey: string; postId: string }): Promise<Post> {
    return this.#patch('hideComment', input, (ctx, postId) => this.adapter.hideComment({ postId }, ctx), () => (post) =>
      post.status === 'hidden' ? post : { ...post, status: 'hidden' },
    );
  }

  /** Publishes a hidden comment again; shows at once and rolls back on failure. */
  unhideComment(input: { threadKey: string; postId: string }): Promise<Post> {
    return this.#patch('unhideComment', input, (ctx, postId) => this.adapter.unhideComment({ postId }, ctx), () => (post) =>
      post.status === 'published' ? post : { ...post, status: 'published' },
    );
  }

  /** Turns the viewer's reaction on or off; the count and the viewer's state change at once. */
  toggleReaction(input: { threadKey: string; postId: string; emoji: string }): Promise<Post> {
    const emoji = input.emoji;
    return this.#patch(
      'toggleReaction',
      input,
      (ctx, postId) => this.adapter.toggleReaction({ postId, emoji }, ctx),
      (threadKey, postId) => {
        if (typeof emoji !== 'string' || emoji.length === 0 || emoji.length > 16) {
          throw HearthError.validation('emoji', 'Pick a reaction.');
        }
        const current = this.#currentPost(threadKey, postId);
        if (!current) return null;
        // A target state rather than a flip, so the realtime echo of this very toggle,
        // arriving before the response, is not flipped back.
        const active = !current.viewerReactions.includes(emoji);
        return (post) => {
          if (post.viewerReactions.includes(emoji) === active) return post;
          const reactions = { ...post.reactions };
          const count = (reactions[emoji] ?? 0) + (active ? 1 : -1);
          if (count > 0) reactions[emoji] = count;
          else delete reactions[emoji];
          const viewerReactions = active
            ? [...post.viewerReactions, emoji]
            : post.viewerReactions.filter((e) => e !== emoji);
          return { ...post, reactions, viewerReactions };
        };
      },
      // A toggle is not idempotent: retrying after a lost response could undo it.
      false,
    );
  }

  /** Destroys every store, stops realtime, and releases the cache if the client made it. */
  destroy(): void {
    if (this.#destroyed) return;
    for (const entry of [...this.#threads.values()]) for (const store of [...entry.stores]) store.destroy();
    this.#session?.destroy();
    this.#stopCache();
    this.queryClient.unmount();
    if (this.#ownsQueryClient) this.queryClient.clear();
    this.#destroyed = true;
    this.listeners.clear();
  }

  async #patch(
    action: WriteAction,
    input: { threadKey: string; postId: string },
    call: (ctx: CallContext, postId: string) => Promise<Post>,
    makeApply: (threadKey: string, postId: string) => ((post: Post) => Post) | null,
    retry = true,
  ): Promise<Post> {
    const threadKey = checkThreadKey(input.threadKey);
    const postId = checkPostId(input.postId, 'postId');
    const apply = makeApply(threadKey, postId);
    const write: PendingWrite | null = apply ? { kind: 'patch', id: ++this.#nextWriteId, threadKey, postId, apply } : null;
    return this.#write(action, threadKey, write, false, retry, (ctx) => call(ctx, postId));
  }

  /**
   * Shows `write` until the backend answers, then puts the backend's post in the cache
   * and drops the write in one step so nothing flickers; on failure only drops it.
   */
  async #write(
    action: WriteAction,
    threadKey: string,
    write: PendingWrite | null,
    insert: boolean,
    retry: boolean,
    call: (ctx: CallContext) => Promise<Post>,
  ): Promise<Post> {
    if (write) this.#setWrites(threadKey, [...(this.#writes.get(threadKey) ?? NO_WRITES), write]);
    let post: Post;
    try {
      post = await this.#call(call, retry);
    } catch (error) {
      const e = error as HearthError;
      if (write) this.#dropWrite(threadKey, write.id);
      this.#emit({ type: 'write.failed', action, threadKey, error: e });
      throw e;
    }
    this.#writeThread(threadKey, (data, sort) => upsertPost(data, post, sort, { insert, fromEvent: false }));
    if (write) this.#dropWrite(threadKey, write.id);
    this.#emit({ type: 'write.succeeded', action, threadKey, post });
    return post;
  }

  /** Calls the adapter as the current viewer, retrying `unavailable` when the call is safe to repeat. */
  async #call<T>(call: (ctx: CallContext) => Promise<T>, retry: boolean): Promise<T> {
    const viewer = this.#viewer;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call({ viewer });
      } catch (error) {
        const e = toHearthError(error, this.adapter.name);
        if (!retry || e.code !== 'unavailable' || attempt >= this.#retry || this.#destroyed) throw e;
        await new Promise((resolve) => setTimeout(resolve, this.#retryDelay(attempt)));
      }
    }
  }

  #setWrites(threadKey: string, writes: readonly PendingWrite[]): void {
    if (writes.length === 0) this.#writes.delete(threadKey);
    else this.#writes.set(threadKey, writes);
    const entry = this.#threads.get(threadKey);
    if (entry) for (const store of [...entry.stores]) store.onChange();
  }

  #dropWrite(threadKey: string, id: number): void {
    const writes = this.#writes.get(threadKey) ?? NO_WRITES;
    this.#setWrites(
      threadKey,
      writes.filter((w) => w.id !== id),
    );
  }

  /**
   * Applies `patch` to every cached sort of the thread for this viewer. A fetch already in
   * flight would overwrite the change with older data, so the patch is kept and applied
   * again when that fetch ends.
   */
  #writeThread(threadKey: string, patch: Patch): void {
    const viewerId = this.#viewer?.id ?? null;
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: ['hearth', 'thread', threadKey] })) {
      const key = query.queryKey as unknown as ThreadQueryKey;
      if (key[4] !== viewerId) continue;
      const data = query.state.data as ThreadData | undefined;
      if (data) {
        const next = patch(data, key[3]);
        if (next !== data) this.queryClient.setQueryData(key, next);
      }
      if (query.state.fetchStatus !== 'idle') {
        const queued = this.#queued.get(query.queryHash) ?? [];
        queued.push(patch);
        this.#queued.set(query.queryHash, queued);
      }
    }
  }

  #onQueryUpdated(query: Query, action: string): void {
    const key = query.queryKey;
    if (key[0] !== 'hearth') return;
    if (key[1] === 'session') {
      if (action === 'success' && this.#refreshReader()) {
        for (const entry of this.#threads.values()) for (const store of [...entry.stores]) store.onChange();
      }
      return;
    }
    const queued = this.#queued.get(query.queryHash);
    if (!queued || query.state.fetchStatus !== 'idle') return;
    this.#queued.delete(query.queryHash);
    const data = query.state.data as ThreadData | undefined;
    if (!data) return;
    const sort = (key as unknown as ThreadQueryKey)[3];
    const next = queued.reduce((d, patch) => patch(d, sort), data);
    if (next !== data) this.queryClient.setQueryData(key, next);
  }

  #retain(threadKey: string, store: { onChange(): void; destroy(): void }): () => void {
    let entry = this.#threads.get(threadKey);
    if (!entry) {
      entry = { stores: new Set(), unsubscribe: null };
      this.#threads.set(threadKey, entry);
      if (this.adapter.capabilities.realtime) {
        entry.unsubscribe = this.adapter.subscribe(threadChannel(threadKey), (event) => this.#onEvent(threadKey, event));
      }
    }
    entry.stores.add(store);
    const held = entry;
    return () => {
      if (!held.stores.delete(store) || held.stores.size > 0) return;
      held.unsubscribe?.();
      if (this.#threads.get(threadKey) === held) this.#threads.delete(threadKey);
    };
  }

  #onEvent(threadKey: string, event: CommunityEvent): void {
    const viewerId = this.#currentReader().viewerId;
    switch (event.type) {
      case 'post.created':
        this.#claim(threadKey, event.post, viewerId);
        this.#writeThread(threadKey, (data, sort) =>
          upsertPost(data, event.post, sort, { insert: true, fromEvent: true }),
        );
        break;
      case 'post.updated':
        this.#writeThread(threadKey, (data, sort) =>
          upsertPost(data, event.post, sort, { insert: false, fromEvent: true }),
        );
        break;
      case 'reaction.changed':
        this.#writeThread(threadKey, (data) => setReaction(data, event, viewerId));
        break;
      default:
        // Newer adapters may send events this client does not know; ignoring them is safe.
        break;
    }
  }

  /**
   * Links the realtime echo of our own create to its placeholder, so the placeholder
   * gives way to the real comment even when the echo beats the response.
   */
  #claim(threadKey: string, post: Post, viewerId: string | null): void {
    if (viewerId === null || post.author.id !== viewerId) return;
    const writes = this.#writes.get(threadKey);
    if (!writes || writes.some((w) => w.kind === 'create' && w.realId === post.id)) return;
    const body = post.body.trim();
    const index = writes.findIndex(
      (w) =>
        w.kind === 'create' &&
        w.realId === null &&
        w.post.body === body &&
        (w.post.parentId === post.parentId || w.post.parentId === post.replyTo?.id),
    );
    if (index === -1) return;
    const next = writes.slice();
    next[index] = { ...(writes[index] as Extract<PendingWrite, { kind: 'create' }>), realId: post.id };
    this.#setWrites(threadKey, next);
  }

  /** The post as the viewer sees it now: cached, with unconfirmed changes applied. */
  #currentPost(threadKey: string, postId: string): Post | undefined {
    const viewerId = this.#viewer?.id ?? null;
    let post: Post | undefined;
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: ['hearth', 'thread', threadKey] })) {
      const data = query.state.data as ThreadData | undefined;
      if ((query.queryKey as unknown as ThreadQueryKey)[4] !== viewerId || !data) continue;
      post = findCachedPost(data, postId);
      if (post) break;
    }
    if (!post) return undefined;
    for (const write of this.#writes.get(threadKey) ?? NO_WRITES) {
      if (write.kind === 'patch' && write.postId === postId) post = write.apply(post);
    }
    return post;
  }

  #placeholder(threadKey: string, parentId: string | null, body: string, idempotencyKey: string): Post {
    const viewer = this.#viewer;
    const author: Member = this.#cachedSession()?.viewer ?? {
      id: viewer?.id ?? 'guest',
      displayName: viewer?.displayName ?? 'Guest',
      avatarUrl: viewer?.avatarUrl ?? null,
      role: viewer?.role ?? (viewer ? 'member' : 'guest'),
    };
    return {
      id: `optimistic:${idempotencyKey}`,
      threadId: '',
      threadKey,
      parentId,
      depth: 0,
      replyTo: null,
      body,
      author,
      createdAt: new Date().toISOString(),
      editedAt: null,
      status: 'published',
      reactions: {},
      viewerReactions: [],
      replyCount: 0,
    };
  }

  #checkBody(body: unknown): string {
    if (typeof body !== 'string') throw HearthError.validation('body', 'Write something first.');
    const settings = this.#cachedSession()?.settings;
    const length = body.trim().length;
    if (length < (settings?.bodyMinLength ?? 1)) throw HearthError.validation('body', 'Write something first.');
    const max = settings?.bodyMaxLength ?? 100_000;
    if (length > max) throw HearthError.validation('body', `Keep it under ${max.toLocaleString()} characters.`);
    return body;
  }

  #cachedSession(): Session | undefined {
    return this.queryClient.getQueryData<Session>(sessionKey(this.#viewer));
  }

  #currentReader(): Reader {
    if (!this.#reader) this.#refreshReader();
    return this.#reader!;
  }

  /** Recomputes who is reading; true when it changed. Kept as one object so stores can compare by identity. */
  #refreshReader(): boolean {
    const session = this.#cachedSession();
    const viewer = this.#viewer;
    const role = session?.viewer?.role ?? viewer?.role ?? null;
    const next: Reader = {
      viewerId: session?.viewer?.id ?? viewer?.id ?? null,
      staff: role !== null && STAFF.includes(role),
      maxDepth: session?.settings.maxDepth ?? null,
    };
    const previous = this.#reader;
    if (previous && previous.viewerId === next.viewerId && previous.staff === next.staff && previous.maxDepth === next.maxDepth) {
      return false;
    }
    this.#reader = next;
    return true;
  }

  #threadOptions(threadKey: string, sort: CommentSort, pageSize: number | null): ThreadQueryOptions {
    const viewer = this.#viewer;
    return {
      queryKey: ['hearth', 'thread', threadKey, sort, viewer?.id ?? null, pageSize],
      queryFn: ({ pageParam, signal }) =>
        this.#load(
          () =>
            this.adapter.listComments(
              {
                threadKey,
                sort,
                ...(pageParam === null ? {} : { cursor: pageParam }),
                ...(pageSize === null ? {} : { limit: pageSize }),
              },
              { viewer, signal },
            ),
        ),
      initialPageParam: null,
      getNextPageParam: (last) => last.nextCursor,
      staleTime: this.#staleTime,
      retry: (failures, error) => error.code === 'unavailable' && failures < this.#retry,
      retryDelay: (failures) => this.#retryDelay(failures),
      // After a viewer switch, keep showing the thread while it reloads rather than a spinner.
      placeholderData: (previous) => previous,
    };
  }

  #sessionOptions(): SessionQueryOptions {
    const viewer = this.#viewer;
    return {
      queryKey: sessionKey(viewer),
      queryFn: ({ signal }) => this.#load(() => this.adapter.getSession({ viewer, signal })),
      staleTime: this.#staleTime,
      retry: (failures, error) => error.code === 'unavailable' && failures < this.#retry,
      retryDelay: (failures) => this.#retryDelay(failures),
    };
  }

  async #load<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toHearthError(error, this.adapter.name);
    }
  }

  #emit(event: ClientEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new HearthError('internal', 'This community client was destroyed; create a new one.');
  }
}

function sessionKey(viewer: Viewer | null): SessionQueryKey {
  return ['hearth', 'session', viewer?.id ?? null];
}

function checkThreadKey(threadKey: unknown): string {
  const key = typeof threadKey === 'string' ? threadKey.trim() : '';
  if (key.length === 0) throw HearthError.validation('threadKey', 'Thread key is required.');
  if (key.length > 512) throw HearthError.validation('threadKey', 'Thread key is at most 512 characters.');
  return key;
}

function checkPostId(postId: unknown, path: string): string {
  if (typeof postId !== 'string' || postId.length === 0 || postId.length > 128) {
    throw HearthError.validation(path, 'Post id is required.');
  }
  if (postId.startsWith('optimistic:')) {
    throw new HearthError('conflict', 'This comment is still being posted; try again in a moment.', {
      issues: [{ path, message: 'The comment is not saved yet.' }],
    });
  }
  return postId;
}

/**
 * Creates the client a page's widgets share.
 *
 * @example
 * const client = createCommunityClient({ adapter: createMemoryAdapter(), viewer: null });
 */
export function createCommunityClient(options: CommunityClientOptions): CommunityClient {
  return new CommunityClient(options);
}
