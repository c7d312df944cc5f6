import { InfiniteQueryObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import {
  HearthError,
  roleAtLeast,
  threadChannel,
  type BackendAdapter,
  type CommentPage,
  type CommunityEvent,
  type Post,
  type Session,
  type Viewer,
} from '@hearth/protocol';
import { deriveThread, type DerivedThread, type Reader } from './comment-tree.js';
import type { OptimisticWrites } from './optimistic-writes.js';
import { holdChannel } from './hold-channel.js';
import { QueryStore } from './query-store.js';
import { Subscribable } from './subscribable.js';
import { toHearthError } from './to-hearth-error.js';
import type {
  ClientEvent,
  CommunityClientOptions,
  ReadableStore,
  SessionState,
  ThreadData,
  ThreadOptions,
  ThreadState,
  ThreadStore,
  WriteAction,
} from './types.js';

/** Cache keys: `['hearth', 'session', viewerId]` and `['hearth', 'thread', threadKey, sort, viewerId, pageSize]`. */
type Key = readonly unknown[];

const NONE: readonly never[] = [];
/** The write code, shared by every client so realtime events load it in the order they arrive. */
let writesCode: Promise<typeof import('./optimistic-writes.js')> | null = null;

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
  #owns: boolean;
  /** Freshness and retry rules, shared by both queries and the writes. */
  #defaults: { staleTime: number; retry: (failures: number, error: HearthError) => boolean; retryDelay: (failures: number) => number };
  /** The live thread stores, each with its thread key. */
  #threads = new Map<QueryStore<ThreadState>, string>();
  /** The write code, once loaded; it also merges realtime events into the cache. */
  #writer: OptimisticWrites | null = null;
  #loading: Promise<unknown> | null = null;
  /** Realtime events that arrived before the write code did, oldest first. */
  #events: Array<[threadKey: string, event: CommunityEvent]> = [];
  #session: QueryStore<SessionState> | null = null;
  /** Who is reading, kept with the session it came from so stores can compare it by identity. */
  #reader: [Session | undefined, Reader] | null = null;
  #stopCache: () => void;

  constructor(options: CommunityClientOptions) {
    super();
    this.adapter = options.adapter;
    this.#viewer = options.viewer ?? null;
    this.#owns = !options.queryClient;
    this.queryClient = options.queryClient ?? new QueryClient();
    const { retry = 2, retryDelay = (attempt: number) => Math.min(500 * 2 ** attempt, 8000), staleTime = 30_000 } = options;
    this.#defaults = { staleTime, retry: (failures, error) => error.code === 'unavailable' && failures < retry, retryDelay };
    this.queryClient.mount();
    this.#stopCache = this.queryClient.getQueryCache().subscribe((event) => {
      const [scope, kind] = event.query.queryKey;
      if (scope !== 'hearth') return;
      // The session says who is reading (role, nesting depth), which every thread depends on.
      if (kind !== 'session') this.#writer?.cache.follow(event);
      else if (event.type === 'updated') this.#refresh();
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
    this.#session?.refresh();
    this.#refresh();
    // Queries for a new viewer id already started above; what is left is stale data
    // under the same key (a refreshed token, a changed role).
    void this.queryClient.invalidateQueries({ queryKey: ['hearth'], predicate: (query) => query.state.fetchStatus === 'idle' });
    this.#emit({ type: 'viewer.changed', viewer: this.#viewer });
  }

  /** The viewer as the backend sees them, and the comment rules: one shared store. */
  session(): ReadableStore<SessionState> {
    if (this.#session) return this.#session;
    const options = () => {
      // Each key fetches as the viewer it names, even when refetched after a switch.
      const viewer = this.#viewer;
      return {
        ...this.#defaults,
        queryKey: ['hearth', 'session', viewer?.id ?? null],
        queryFn: ({ signal }: { signal: AbortSignal }) => this.#load(this.adapter.getSession({ viewer, signal })),
      };
    };
    const observer = new QueryObserver<Session, HearthError, Session, Session, Key>(this.queryClient, options());
    return (this.#session = new QueryStore(observer, options, (): SessionState => {
      const { data, status, error } = observer.getCurrentResult();
      return { status: data ? 'success' : status, session: data ?? null, error };
    }));
  }

  /**
   * A live view of one thread. Call `destroy()` when done; stores for the same thread and
   * sort share one request and one cache entry.
   */
  thread(threadKey: string, { sort = 'oldest', pageSize }: ThreadOptions = {}): ThreadStore {
    const key = checkThreadKey(threadKey);
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100)) {
      throw HearthError.validation('pageSize', 'Page size is 1 to 100.');
    }
    const options = () => {
      const viewer = this.#viewer;
      return {
        ...this.#defaults,
        queryKey: ['hearth', 'thread', key, sort, viewer?.id ?? null, pageSize ?? null],
        queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) =>
          this.#load(this.adapter.listComments({ threadKey: key, sort, cursor: pageParam ?? undefined, limit: pageSize }, { viewer, signal })),
        initialPageParam: null,
        getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor,
        // After a viewer switch, keep showing the thread while it reloads rather than a spinner.
        placeholderData: <T>(previous: T) => previous,
      };
    };
    // One adapter subscription and one hand-off per event however many stores show the thread.
    const off = holdChannel(
      this,
      threadChannel(key),
      (event) => {
        this.#events.push([key, event]);
        if (this.#writer) this.#writer.merge(this.#events.splice(0));
        else this.preloadWrites().catch(() => {}); // kept queued for the next event or write to load again
      },
      'thread',
    );
    // Re-deriving the tree is the costly part, so it happens only when its inputs change.
    let inputs: unknown[] = [];
    let tree: DerivedThread | null = null;
    const observer = new InfiniteQueryObserver<CommentPage, HearthError, ThreadData, Key, string | null>(this.queryClient, options());
    const store: QueryStore<ThreadState> = new QueryStore(
      observer,
      options,
      (): ThreadState => {
        const result = observer.getCurrentResult();
        const [data, writes, reader] = [result.data, this.#writer?.get(key), this.#currentReader()];
        if (data !== inputs[0] || writes !== inputs[1] || reader !== inputs[2]) {
          inputs = [data, writes, reader];
          tree = data?.pages.length ? deriveThread(data, reader, this.#writer?.overlay(key, sort, reader.maxDepth)) : null;
        }
        return {
          status: tree ? 'success' : result.status === 'error' ? 'error' : 'pending',
          thread: tree?.thread ?? null,
          comments: tree?.comments ?? (NONE as never[]),
          error: result.error,
          hasNextPage: result.hasNextPage,
          isFetchingNextPage: result.isFetchingNextPage,
          isFetching: result.isFetching,
        };
      },
      [
        () => {
          this.#threads.delete(store);
          off();
        },
      ],
    );
    this.#threads.set(store, key);
    return store;
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
  createComment(input: { threadKey: string; parentId?: string | null; body: string; idempotencyKey?: string }): Promise<Post> {
    return this.#run('createComment', input);
  }

  /** Replaces a comment's body; shows at once and rolls back on failure. */
  editComment(input: { threadKey: string; postId: string; body: string }): Promise<Post> {
    return this.#run('editComment', input);
  }

  /** Deletes a comment (a tombstone stays while it has replies); shows at once and rolls back on failure. */
  deleteComment(input: { threadKey: string; postId: string }): Promise<Post> {
    return this.#run('deleteComment', input);
  }

  /** Hides a comment from everyone but staff; shows at once and rolls back on failure. */
  hideComment(input: { threadKey: string; postId: string }): Promise<Post> {
    return this.#run('hideComment', input);
  }

  /** Publishes a hidden comment again; shows at once and rolls back on failure. */
  unhideComment(input: { threadKey: string; postId: string }): Promise<Post> {
    return this.#run('unhideComment', input);
  }

  /** Turns the viewer's reaction on or off; the count and the viewer's state change at once. */
  toggleReaction(input: { threadKey: string; postId: string; emoji: string }): Promise<Post> {
    return this.#run('toggleReaction', input);
  }

  /**
   * Loads the code for writing, which the first write otherwise loads itself. Once it is
   * in, a write shows in the same task it is made; call this when a write becomes likely
   * (a composer gains focus) so the first one does not wait on the network.
   *
   * @example
   * textarea.addEventListener('focus', () => void client.preloadWrites(), { once: true });
   */
  preloadWrites(): Promise<unknown> {
    return (this.#loading ??= (writesCode ??= import('./optimistic-writes.js')).then(
      ({ OptimisticWrites }) => {
        this.#writer = new OptimisticWrites(this, {
          ...this.#defaults,
          refresh: (threadKey) => this.#refresh(threadKey),
          emit: (event) => this.#emit(event),
          reader: () => this.#currentReader(),
        });
        this.#writer.merge(this.#events.splice(0));
      },
      (error) => {
        writesCode = this.#loading = null;
        throw toHearthError(error, this.adapter.name);
      },
    ));
  }

  /** Destroys every store, stops realtime, and releases the cache if the client made it. */
  destroy(): void {
    for (const store of [...this.#threads.keys()]) store.destroy();
    this.#session?.destroy();
    this.#stopCache();
    this.queryClient.unmount();
    if (this.#owns) this.queryClient.clear();
    this.listeners.clear();
  }

  /** Runs a write, synchronously up to its optimistic step once the write code is in. */
  async #run(action: WriteAction, input: { threadKey: string }): Promise<Post> {
    const run = () => this.#writer![action]({ ...input, threadKey: checkThreadKey(input.threadKey) } as never);
    return this.#writer ? run() : this.preloadWrites().then(run);
  }

  /** Re-derives the stores of one thread, or of all. */
  #refresh(threadKey?: string): void {
    for (const [store, key] of [...this.#threads]) if (threadKey === undefined || key === threadKey) store.refresh();
  }

  /** The current viewer's session, when loaded. */
  #cachedSession(): Session | undefined {
    return this.queryClient.getQueryData<Session>(['hearth', 'session', this.#viewer?.id ?? null]);
  }

  /** Who is reading now; the same object while that does not change. */
  #currentReader(): Reader {
    const session = this.#cachedSession();
    if (!this.#reader || this.#reader[0] !== session) {
      const role = session?.viewer?.role ?? this.#viewer?.role;
      this.#reader = [
        session,
        {
          viewerId: session?.viewer?.id ?? this.#viewer?.id ?? null,
          staff: !!role && roleAtLeast(role, 'moderator'),
          maxDepth: session?.settings.maxDepth ?? null,
        },
      ];
    }
    return this.#reader[1];
  }

  /** Waits for an adapter call, making whatever it throws a HearthError. */
  async #load<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      throw toHearthError(error, this.adapter.name);
    }
  }

  #emit(event: ClientEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function checkThreadKey(threadKey: string): string {
  const key = threadKey?.trim();
  if (!key || key.length > 512) throw HearthError.validation('threadKey', 'A thread key is 1 to 512 characters.');
  return key;
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
