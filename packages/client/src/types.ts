import type { InfiniteData, QueryClient } from '@tanstack/query-core';
import type {
  BackendAdapter,
  CommentPage,
  CommentSort,
  HearthError,
  Post,
  Session,
  Thread,
  Viewer,
} from '@hearth/protocol';

/**
 * A value that changes over time, in the shape every UI binding understands (Lit
 * controllers, React's `useSyncExternalStore`, Svelte stores).
 *
 * @example
 * const stop = store.subscribe((value) => render(value));
 * render(store.getSnapshot());
 */
export interface ReadableStore<T> {
  /** The current value; the same object until something changes. */
  getSnapshot(): T;
  /** Calls `listener` with each new value; returns the unsubscribe. */
  subscribe(listener: (value: T) => void): () => void;
}

/** A comment with its visible replies beneath it. */
export interface CommentNode {
  /** The comment as the viewer may see it (a tombstone has an empty body). */
  post: Post;
  /** Direct replies, oldest first. */
  replies: CommentNode[];
  /** True while the backend has not yet confirmed this comment or change. */
  optimistic: boolean;
}

/** Everything a comment widget renders for one thread. */
export interface ThreadState {
  /** `error` only when there is nothing to show; a failed refresh keeps `success` and sets `error`. */
  status: 'pending' | 'success' | 'error';
  /** The thread, or null until the first page arrives. */
  thread: Thread | null;
  /** Top-level comments in the chosen sort, replies beneath them oldest first. */
  comments: CommentNode[];
  /** The last load error (first page or next page), or null. */
  error: HearthError | null;
  /** True when `fetchNextPage` would load more top-level comments. */
  hasNextPage: boolean;
  /** True while the next page is loading. */
  isFetchingNextPage: boolean;
  /** True while anything for this thread is loading. */
  isFetching: boolean;
}

/**
 * One live view of a thread. Stores for the same thread and sort share one cached query
 * and one request.
 *
 * @example
 * const store = client.thread('/blog/hello', { sort: 'newest' });
 * const stop = store.subscribe((state) => render(state.comments));
 * await store.fetchNextPage();
 * stop();
 * store.destroy();
 */
export interface ThreadStore extends ReadableStore<ThreadState> {
  /** Loads the next page of top-level comments; failures land in `error`, never reject. */
  fetchNextPage(): Promise<void>;
  /** Reloads every loaded page; failures land in `error`, never reject. */
  refetch(): Promise<void>;
  /** Stops listening to realtime and the cache; the store stays at its last value. */
  destroy(): void;
}

/** The viewer as the backend sees them, and the community's comment rules. */
export interface SessionState {
  /** Whether the session has loaded. */
  status: 'pending' | 'success' | 'error';
  /** The session, or null until it loads. */
  session: Session | null;
  /** The load error, or null. */
  error: HearthError | null;
}

/** The kinds of write the client performs, named after the adapter methods. */
export type WriteAction =
  | 'createComment'
  | 'editComment'
  | 'deleteComment'
  | 'hideComment'
  | 'unhideComment'
  | 'toggleReaction';

/** What the client tells its listeners, as a discriminated union on `type`. */
export type ClientEvent =
  | { type: 'viewer.changed'; viewer: Viewer | null }
  | { type: 'write.succeeded'; action: WriteAction; threadKey: string; post: Post }
  | { type: 'write.failed'; action: WriteAction; threadKey: string; error: HearthError };

/** Options for `createCommunityClient`. */
export interface CommunityClientOptions {
  /** The backend. The client knows only the BackendAdapter interface. */
  adapter: BackendAdapter;
  /** Who is acting; null for an anonymous visitor. */
  viewer?: Viewer | null;
  /** Share a cache with other code; by default the client makes and owns its own. */
  queryClient?: QueryClient;
  /** How many times a call that failed with `unavailable` is retried (default 2). */
  retry?: number;
  /** Milliseconds to wait before retry number `attempt` (0-based); default backs off from 500 ms. */
  retryDelay?: (attempt: number) => number;
  /** How long loaded data counts as fresh, in milliseconds (default 30 s; realtime keeps it fresh anyway). */
  staleTime?: number;
}

/** Options for `client.thread()`. */
export interface ThreadOptions {
  /** Order of top-level comments (default `oldest`). */
  sort?: CommentSort;
  /** Top-level comments per page (1–100; the adapter's default when left out). */
  pageSize?: number;
}

/** A page as cached: as the adapter returned it, plus merges. */
export type CachedPage = CommentPage & {
  /**
   * The viewer's own new top-level comments, shown after everything loaded until the page
   * the sort puts them on loads (then that page's copy wins). Only on the last loaded page,
   * and only while more pages remain.
   */
  unplaced?: Post[];
};

/** The cached form of a thread: the pages exactly as the adapter returned them, plus merges. */
export type ThreadData = InfiniteData<CachedPage, string | null>;

/**
 * A change shown before the backend confirms it; dropping it is the rollback. One shape
 * serves every write: a create's `apply` ignores its input and returns the placeholder.
 */
export interface PendingWrite {
  /** The post it changes, or for a create the placeholder's own id (`optimistic:<key>`). */
  postId: string;
  /** The post as shown until confirmed; must give the same result when realtime delivered the real change first. */
  apply: (post: Post | undefined) => Post | undefined;
  /** For a create, the placeholder, which its realtime echo is matched against. */
  post?: Post;
}
