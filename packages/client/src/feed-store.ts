import { InfiniteQueryObserver, QueryObserver, type InfiniteData, type InfiniteQueryObserverOptions, type QueryObserverOptions } from '@tanstack/query-core';
import {
  HearthError,
  spaceChannel,
  type CommunityEvent,
  type CreatePostInput,
  type FeedAdapter,
  type FeedPage,
  type FeedPost,
  type FeedSort,
  type PostKind,
  type ReactToPostInput,
  type TopicCount,
} from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
// Types only from observed-query: its store class would be one more chunk on every page with a feed.
import { holdChannel } from './hold-channel.js';
import type { LoadState, LoadStore } from './observed-query.js';
import { Subscribable } from './subscribable.js';
import { toHearthError } from './to-hearth-error.js';
import type { ReadableStore } from './types.js';

/** Which posts a feed store lists. */
export interface FeedOptions {
  /** The space key (default `general`). */
  space?: string;
  /** `new` (default), `hot`, `top` or `unanswered`. */
  sort?: FeedSort;
  /** Only posts with this topic (`#` and case ignored). */
  topic?: string | null;
  /** Only posts of this kind. */
  kind?: PostKind | null;
  /** Page size, 1 to 100 (the backend's default when left out). */
  pageSize?: number;
}

/** What a feed store holds. */
export interface FeedState {
  /** `error` only when there is nothing to show; a failed refresh keeps `success` and sets `error`. */
  status: 'pending' | 'success' | 'error';
  /** The posts shown, pinned first, every loaded page in order, each post once. */
  posts: FeedPost[];
  /** The last load error, or null. */
  error: HearthError | null;
  /** True while any load is under way. */
  isFetching: boolean;
  /** More posts can be loaded with `fetchNextPage()`. */
  hasNextPage: boolean;
  /** True while the next page loads. */
  isFetchingNextPage: boolean;
  /** Posts that arrived by realtime and are not shown yet; `showNewPosts()` inserts them. */
  newPosts: number;
}

/**
 * A live feed: pages of posts loaded on demand, kept current by `spaceChannel(space)`
 * while observed. Changes to posts already shown (reactions, replies, edits) merge in
 * place; posts created by others are counted in `newPosts` and wait there, so nothing
 * moves under the reader until they ask.
 */
export interface FeedStore extends ReadableStore<FeedState> {
  /** The list this store follows, normalised. */
  readonly options: Readonly<Required<Pick<FeedOptions, 'space' | 'sort'>> & { topic: string | null; kind: PostKind | null }>;
  /** Loads the next page (no-op while one loads or when there is none). */
  fetchNextPage(): Promise<void>;
  /** Reloads every loaded page; failures land in `error`, never reject. */
  refetch(): Promise<void>;
  /** Puts the waiting arrivals on top (below the pinned posts) and resets `newPosts`. */
  showNewPosts(): void;
}

type Key = readonly unknown[];
type Data = InfiniteData<FeedPage, string | null>;
type Options = InfiniteQueryObserverOptions<FeedPage, HearthError, Data, Key, string | null>;

/** The prefix of every feed list query; invalidating it reloads them all. */
export const FEED_KEY = ['hearth', 'feed'] as const;

/** Cache key of one list as one viewer sees it. */
export function feedQueryKey(options: FeedStore['options'], viewerId: string | null, pageSize: number | null = null): Key {
  return [...FEED_KEY, options.space, options.sort, options.topic, options.kind, viewerId, pageSize];
}

/** A topic as the engine stores it: `#`/`＃` stripped, NFKC, lower-cased, spaces to dashes. */
export function normalizeFeedTopic(raw: string): string {
  return raw.normalize('NFKC').replace(/^[#＃]+/u, '').trim().toLowerCase().replace(/\s+/gu, '-');
}

/**
 * A live store of one feed list through `client`.
 *
 * @example
 * const feed = feedStore(client, { space: 'general', sort: 'hot' });
 * const stop = feed.subscribe((s) => render(s.posts, s.newPosts));
 * button.onclick = () => feed.showNewPosts();
 * sentinelVisible(() => feed.fetchNextPage());
 */
export function feedStore(client: CommunityClient, options: FeedOptions = {}): FeedStore {
  return new LiveFeedStore(client, options);
}

/**
 * Starts a post as the client's viewer. The idempotency key is made here unless given (a
 * retry with the same key never posts twice). The post goes on top of every cached list of
 * its space that it belongs in, then those lists reload. Rejects with the HearthError
 * (`validation` naming `title`, `body`, `topics.N` or `profile.<field>` …).
 *
 * @example
 * const post = await createFeedPost(client, { space: 'general', title: 'Hi', body: 'Hello all', topics: ['intro'] });
 */
export async function createFeedPost(
  client: CommunityClient,
  input: Omit<CreatePostInput, 'idempotencyKey'> & { idempotencyKey?: string },
): Promise<FeedPost> {
  const idempotencyKey = input.idempotencyKey ?? (await import('./idempotency-key.js')).createIdempotencyKey();
  const viewer = client.viewer;
  const post = await load(client, () => feedOf(client).createPost({ ...input, idempotencyKey }, { viewer }));
  own(client).add(post.id);
  const queries = client.queryClient.getQueriesData<Data>({ queryKey: [...FEED_KEY, post.space] });
  for (const [key, data] of queries) {
    if (!data?.pages.length || key[6] !== (viewer?.id ?? null) || !matches(post, key[4] as string | null, key[5] as PostKind | null, key[3] as FeedSort)) continue;
    client.queryClient.setQueryData<Data>(key, insertTop(data, [post]));
  }
  void client.queryClient.invalidateQueries({ queryKey: [...FEED_KEY, post.space] });
  void client.queryClient.invalidateQueries({ queryKey: ['hearth', 'topics'] });
  return post;
}

/**
 * Turns the viewer's reaction with `emoji` on or off (or sets it with `active`) and puts the
 * answer in every cached list that shows the post.
 *
 * @example
 * await reactToFeedPost(client, { postId: post.id, emoji: '👍' });
 */
export async function reactToFeedPost(client: CommunityClient, input: ReactToPostInput): Promise<FeedPost> {
  const viewer = client.viewer;
  const post = await load(client, () => feedOf(client).reactToPost(input, { viewer }));
  patchPosts(client, post.space, viewer?.id ?? null, (old) => (old.id === post.id ? post : old));
  return post;
}

/** Options for `topicsStore`. */
export interface TopicsOptions {
  /** Only topics of this space; every space when left out. */
  space?: string;
  /** Only topics starting with this. */
  prefix?: string;
  /** How many (default 10). */
  limit?: number;
}

/**
 * The topics of a space, most used first, for suggestions and filter chips. Key:
 * `['hearth', 'topics', space, prefix, limit]`.
 *
 * @example
 * topicsStore(client, { space: 'general', prefix: 'we' }).subscribe(({ data }) => suggest(data));
 */
export function topicsStore(client: CommunityClient, { space, prefix, limit }: TopicsOptions = {}): LoadStore<TopicCount[]> {
  const normalized = prefix ? normalizeFeedTopic(prefix) : undefined;
  return new LiveTopicsStore(client, {
    queryKey: ['hearth', 'topics', space ?? null, normalized ?? null, limit ?? null],
    // Topics are public: every viewer reads the same list.
    queryFn: ({ signal }) => load(client, () => feedOf(client).listTopics({ space, prefix: normalized, limit }, { viewer: client.viewer, signal })),
    staleTime: 30_000,
    retry,
    retryDelay,
    placeholderData: (previous) => previous,
  });
}

async function load<T>(client: CommunityClient, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toHearthError(error, client.adapter.name);
  }
}

// As observed-query's: retry twice only for a backend that is unavailable rather than unable.
const retry = (failures: number, error: HearthError) => error.code === 'unavailable' && !error.details?.unsupported && failures < 2;
const retryDelay = (attempt: number) => Math.min(500 * 2 ** attempt, 8000);

function feedOf(client: CommunityClient): FeedAdapter {
  const feed = client.adapter.capabilities.feed ? client.adapter.feed : undefined;
  if (!feed) throw new HearthError('unavailable', `The ${client.adapter.name} backend has no feed.`, { unsupported: true });
  return feed;
}

// Posts this client created: their realtime arrival is no news to the writer.
const owned = new WeakMap<CommunityClient, Set<string>>();
function own(client: CommunityClient): Set<string> {
  let set = owned.get(client);
  if (!set) owned.set(client, (set = new Set()));
  return set;
}

function matches(post: FeedPost, topic: string | null, kind: PostKind | null, sort: FeedSort): boolean {
  return (
    post.status !== 'deleted' &&
    (!topic || post.topics.includes(topic)) &&
    (!kind || post.kind === kind) &&
    (sort !== 'unanswered' || (post.replyCount === 0 && post.status === 'published'))
  );
}

/** `posts` after the pinned posts at the head of the first page, without duplicates. */
function insertTop(data: Data, posts: FeedPost[]): Data {
  const ids = new Set(posts.map((p) => p.id));
  const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((p) => !ids.has(p.id)) }));
  const first = pages[0]!;
  const pinned = first.items.findIndex((p) => !p.pinned);
  const at = pinned < 0 ? first.items.length : pinned;
  pages[0] = { ...first, items: [...first.items.slice(0, at), ...posts, ...first.items.slice(at)] };
  return { ...data, pages };
}

/** Applies `change` to every cached post of `space` seen by `viewerId` (null drops the post). */
function patchPosts(client: CommunityClient, space: string, viewerId: string | null | undefined, change: (post: FeedPost) => FeedPost | null): void {
  for (const [key, data] of client.queryClient.getQueriesData<Data>({ queryKey: [...FEED_KEY, space] })) {
    if (!data || (viewerId !== undefined && key[6] !== viewerId)) continue;
    let changed = false;
    const pages = data.pages.map((page) => {
      const items: FeedPost[] = [];
      for (const post of page.items) {
        const next = change(post);
        if (next !== post) changed = true;
        if (next) items.push(next);
      }
      return changed ? { ...page, items } : page;
    });
    if (changed) client.queryClient.setQueryData<Data>(key, { ...data, pages });
  }
}

// Realtime per client and space: one cache merge per event, then every store's own listener.
function hold(client: CommunityClient, space: string, listener: (event: CommunityEvent) => void): () => void {
  const channel = spaceChannel(space);
  const stops = [holdChannel(client, channel, (event) => merge(client, space, event), 'feed'), holdChannel(client, channel, listener)];
  return () => stops.forEach((stop) => stop());
}

/** Puts changes to posts already cached into every list of the space; new posts wait in the stores. */
function merge(client: CommunityClient, space: string, event: CommunityEvent): void {
  if (event.type === 'feed.post.updated') {
    const next = event.post;
    let reorder = false;
    patchPosts(client, space, undefined, (old) => {
      if (old.id !== next.id) return old;
      if (next.status === 'deleted') return null;
      // A pin or a move changes where posts belong; hiding or holding, who may still read it.
      if (old.pinned !== next.pinned || next.space !== space || next.status !== old.status) reorder = true;
      // The public view: it blanks what only staff or the author may read, so that stays as cached until the reload.
      if (next.status !== 'published') return old;
      return { ...next, viewerReactions: old.viewerReactions };
    });
    // Only a reload can say.
    if (reorder) void client.queryClient.invalidateQueries({ queryKey: [...FEED_KEY, space] });
  } else if (event.type === 'feed.post.reaction') {
    const viewerId = client.viewer?.id;
    patchPosts(client, space, undefined, (old) => {
      if (old.id !== event.postId) return old;
      const reactions = { ...old.reactions, [event.emoji]: event.count };
      if (!event.count) delete reactions[event.emoji];
      let viewerReactions = old.viewerReactions;
      if (viewerId && event.memberId === viewerId) {
        viewerReactions = viewerReactions.filter((e) => e !== event.emoji);
        if (event.active) viewerReactions.push(event.emoji);
      }
      return { ...old, reactions, viewerReactions };
    });
  }
}

const EMPTY: FeedPost[] = [];

/** A store that follows its sources only while someone listens, and keeps one state object until a field changes. */
abstract class LiveStore<S extends object> extends Subscribable<(state: S) => void> {
  #state: S | undefined;
  #stops: Array<() => void> = [];

  /** The last state handed out, if any. */
  protected get state(): S | undefined {
    return this.#state;
  }

  /** The state as it is now. */
  protected abstract derive(): S;
  /** Starts following; returns the stops. */
  protected abstract start(): Array<() => void>;

  getSnapshot(): S {
    // Unobserved, nothing pushes: read the cache now.
    if (!this.listeners.size || !this.#state) this.refresh(false);
    return this.#state!;
  }

  override subscribe(listener: (state: S) => void): () => void {
    const off = super.subscribe(listener);
    if (this.listeners.size === 1) {
      this.#stops = this.start();
      this.refresh();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      off();
      if (!this.listeners.size) for (const stop of this.#stops.splice(0)) stop();
    };
  }

  protected refresh(notify = true): void {
    const next = this.derive();
    const previous = this.#state as Record<string, unknown> | undefined;
    if (previous && Object.entries(next).every(([key, value]) => previous[key] === value)) return;
    this.#state = next;
    if (notify) for (const listener of [...this.listeners]) listener(next);
  }
}

class LiveTopicsStore extends LiveStore<LoadState<TopicCount[]>> implements LoadStore<TopicCount[]> {
  readonly #client: CommunityClient;
  readonly #options: QueryObserverOptions<TopicCount[], HearthError, TopicCount[], TopicCount[], Key>;
  readonly #observer: QueryObserver<TopicCount[], HearthError, TopicCount[], TopicCount[], Key>;

  constructor(client: CommunityClient, options: QueryObserverOptions<TopicCount[], HearthError, TopicCount[], TopicCount[], Key>) {
    super();
    this.#client = client;
    this.#options = options;
    this.#observer = new QueryObserver(client.queryClient, options);
  }

  async refetch(): Promise<void> {
    await this.#observer.refetch();
  }

  protected start(): Array<() => void> {
    return [this.#observer.subscribe(() => this.refresh())];
  }

  protected derive(): LoadState<TopicCount[]> {
    const result = this.listeners.size ? this.#observer.getCurrentResult() : this.#observer.getOptimisticResult(this.#client.queryClient.defaultQueryOptions(this.#options));
    const data = result.data ?? null;
    return { status: data ? 'success' : result.status, data, error: result.error ?? null, isFetching: result.isFetching };
  }
}

class LiveFeedStore extends LiveStore<FeedState> implements FeedStore {
  readonly options: FeedStore['options'];
  readonly #client: CommunityClient;
  readonly #pageSize: number | null;
  readonly #observer: InfiniteQueryObserver<FeedPage, HearthError, Data, Key, string | null>;
  #arrivals: FeedPost[] = [];
  #inputs: unknown[] = [];

  constructor(client: CommunityClient, { space, sort, topic, kind, pageSize }: FeedOptions) {
    super();
    this.#client = client;
    this.options = {
      space: space?.trim() || 'general',
      sort: sort ?? 'new',
      topic: topic ? normalizeFeedTopic(topic) || null : null,
      kind: kind ?? null,
    };
    this.#pageSize = pageSize ?? null;
    this.#observer = new InfiniteQueryObserver(client.queryClient, this.#queryOptions());
  }

  async fetchNextPage(): Promise<void> {
    const result = this.#observer.getCurrentResult();
    if (!result.hasNextPage || result.isFetching) return;
    await this.#observer.fetchNextPage();
  }

  async refetch(): Promise<void> {
    await this.#observer.refetch();
  }

  showNewPosts(): void {
    const key = this.#observer.options.queryKey;
    const data = this.#client.queryClient.getQueryData<Data>(key);
    const shown = new Set(this.getSnapshot().posts.map((p) => p.id));
    // Newest first, as they would have come.
    const fresh = this.#arrivals.filter((p) => !shown.has(p.id)).reverse();
    this.#arrivals = [];
    if (data?.pages.length && fresh.length) this.#client.queryClient.setQueryData<Data>(key, insertTop(data, fresh));
    this.refresh();
  }

  #queryOptions(): Options {
    const client = this.#client;
    const viewer = client.viewer;
    const { space, sort, topic, kind } = this.options;
    const limit = this.#pageSize ?? undefined;
    return {
      queryKey: feedQueryKey(this.options, viewer?.id ?? null, this.#pageSize),
      queryFn: ({ pageParam, signal }) =>
        load(client, () => feedOf(client).listPosts({ space, sort, topic: topic ?? undefined, kind: kind ?? undefined, cursor: pageParam ?? undefined, limit }, { viewer, signal })),
      initialPageParam: null,
      getNextPageParam: (last) => last.nextCursor,
      staleTime: 30_000,
      retry,
      retryDelay,
      // After a viewer switch, keep the posts up while they reload.
      placeholderData: (previous) => previous,
    };
  }

  protected start(): Array<() => void> {
    this.#observer.setOptions(this.#queryOptions());
    return [
      this.#observer.subscribe(() => this.refresh()),
      this.#client.subscribe((event) => {
        if (event.type !== 'viewer.changed') return;
        this.#observer.setOptions(this.#queryOptions());
        this.refresh();
      }),
      hold(this.#client, this.options.space, (event) => {
        if (event.type !== 'feed.post.created') return;
        const { topic, kind, sort } = this.options;
        if (event.post.status === 'published' && matches(event.post, topic, kind, sort) && !this.#arrivals.some((p) => p.id === event.post.id)) {
          this.#arrivals.push(event.post);
          this.refresh();
        }
      }),
    ];
  }

  protected derive(): FeedState {
    // Unobserved, the observer does not follow the cache: ask what it would show now.
    const result = this.listeners.size ? this.#observer.getCurrentResult() : this.#observer.getOptimisticResult(this.#client.queryClient.defaultQueryOptions(this.#queryOptions()) as never);
    const data = result.data;
    const mine = owned.get(this.#client);
    const inputs = [data, this.#arrivals.length, mine?.size];
    let posts = this.state?.posts ?? EMPTY;
    let newPosts = this.state?.newPosts ?? 0;
    if (inputs.some((value, i) => value !== this.#inputs[i])) {
      this.#inputs = inputs;
      const seen = new Set<string>();
      posts = [];
      for (const page of data?.pages ?? []) {
        for (const post of page.items) {
          if (seen.has(post.id)) continue;
          seen.add(post.id);
          posts.push(post);
        }
      }
      newPosts = this.#arrivals.filter((p) => !seen.has(p.id) && !mine?.has(p.id)).length;
    }
    return {
      status: data ? 'success' : result.status,
      posts,
      error: result.error ?? null,
      isFetching: result.isFetching,
      hasNextPage: result.hasNextPage,
      isFetchingNextPage: result.isFetchingNextPage,
      newPosts,
    };
  }

}
