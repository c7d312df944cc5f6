import { InfiniteQueryObserver, type InfiniteData, type InfiniteQueryObserverOptions, type InfiniteQueryObserverResult } from '@tanstack/query-core';
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
import { lazyModule } from './lazy-module.js';
import { callAdapter as load, groupOf, holdChannel, ObservedQueryStore, retry, retryDelay, type LoadStore } from './observed-query.js';
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
export function createFeedPost(
  client: CommunityClient,
  input: Omit<CreatePostInput, 'idempotencyKey'> & { idempotencyKey?: string },
): Promise<FeedPost> {
  return updates.call(client, 'createFeedPost', input);
}

/**
 * Turns the viewer's reaction with `emoji` on or off (or sets it with `active`) and puts the
 * answer in every cached list that shows the post.
 *
 * @example
 * await reactToFeedPost(client, { postId: post.id, emoji: '👍' });
 */
export function reactToFeedPost(client: CommunityClient, input: ReactToPostInput): Promise<FeedPost> {
  return updates.call(client, 'reactToFeedPost', input);
}

/** The writes and realtime merges, loaded on the first one. */
const updates = lazyModule(() => import('./feed-updates.js'));

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
  return new ObservedQueryStore<TopicCount[]>(client, () => ({
    queryKey: ['hearth', 'topics', space ?? null, normalized ?? null, limit ?? null],
    // Topics are public: every viewer reads the same list.
    queryFn: ({ signal }) => load(client, () => feedOf(client).listTopics({ space, prefix: normalized, limit }, { viewer: client.viewer, signal })),
    staleTime: 30_000,
    retry,
    retryDelay,
    placeholderData: (previous) => previous,
  }));
}

/** The adapter's feed, or an `unavailable` error naming the adapter. */
export function feedOf(client: CommunityClient): FeedAdapter {
  return groupOf(client, 'feed', 'feed', 'has no feed');
}

/** Posts each client created: their realtime arrival is no news to the writer. */
export const owned = new WeakMap<CommunityClient, Set<string>>();

/** Whether `post` belongs in a list of `topic`, `kind` and `sort`. */
export function matches(post: FeedPost, topic: string | null, kind: PostKind | null, sort: FeedSort): boolean {
  return (
    post.status !== 'deleted' &&
    (!topic || post.topics.includes(topic)) &&
    (!kind || post.kind === kind) &&
    (sort !== 'unanswered' || (post.replyCount === 0 && post.status === 'published'))
  );
}

/** `posts` after the pinned posts at the head of the first page, without duplicates. */
export function insertTop(data: Data, posts: FeedPost[]): Data {
  const ids = new Set(posts.map((p) => p.id));
  const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((p) => !ids.has(p.id)) }));
  const first = pages[0]!;
  const pinned = first.items.findIndex((p) => !p.pinned);
  const at = pinned < 0 ? first.items.length : pinned;
  pages[0] = { ...first, items: [...first.items.slice(0, at), ...posts, ...first.items.slice(at)] };
  return { ...data, pages };
}

/**
 * Holds `client`'s subscription to the space for the cache merge, one per event for every
 * store of the space; returns the release. New posts are for each store to count.
 */
function holdSpace(client: CommunityClient, space: string): () => void {
  const merge = updates.on((m, event: CommunityEvent) => m.merge(client, space, event));
  return holdChannel(
    client,
    spaceChannel(space),
    (event) => {
      // The commonest event, and not for the merge: spare a reader who only watches posts come in the load.
      if (event.type !== 'feed.post.created') merge(event);
    },
    'feed',
  );
}

const EMPTY: FeedPost[] = [];

class LiveFeedStore extends ObservedQueryStore<Data, FeedState> implements FeedStore {
  readonly options: FeedStore['options'];
  readonly #pages: InfiniteQueryObserver<FeedPage, HearthError, Data, Key, string | null>;
  #arrivals: FeedPost[] = [];
  #inputs: unknown[] = [];
  #posts = EMPTY;
  #newPosts = 0;

  constructor(client: CommunityClient, { space, sort, topic, kind, pageSize }: FeedOptions) {
    const options = {
      space: space?.trim() || 'general',
      sort: sort ?? 'new',
      topic: topic ? normalizeFeedTopic(topic) || null : null,
      kind: kind ?? null,
    };
    const query = (): Options => {
      const viewer = client.viewer;
      return {
        queryKey: feedQueryKey(options, viewer?.id ?? null, pageSize ?? null),
        queryFn: ({ pageParam, signal }) =>
          load(client, () =>
            feedOf(client).listPosts(
              { space: options.space, sort: options.sort, topic: options.topic ?? undefined, kind: options.kind ?? undefined, cursor: pageParam ?? undefined, limit: pageSize },
              { viewer, signal },
            ),
          ),
        initialPageParam: null,
        getNextPageParam: (last) => last.nextCursor,
        staleTime: 30_000,
        retry,
        retryDelay,
        // After a viewer switch, keep the posts up while they reload.
        placeholderData: (previous) => previous,
      };
    };
    const pages = new InfiniteQueryObserver(client.queryClient, query());
    super(client, query as never, (c) => holdSpace(c, options.space), pages as never);
    this.options = options;
    this.#pages = pages;
  }

  async fetchNextPage(): Promise<void> {
    const result = this.#pages.getCurrentResult();
    if (!result.hasNextPage || result.isFetching) return;
    await this.#pages.fetchNextPage();
  }

  showNewPosts(): void {
    const key = this.#pages.options.queryKey;
    const data = this.client.queryClient.getQueryData<Data>(key);
    const shown = new Set(this.getSnapshot().posts.map((p) => p.id));
    // Newest first, as they would have come.
    const fresh = this.#arrivals.filter((p) => !shown.has(p.id)).reverse();
    this.#arrivals = [];
    if (data?.pages.length && fresh.length) this.client.queryClient.setQueryData<Data>(key, insertTop(data, fresh));
    this.refresh();
  }

  protected override follow(): Array<() => void> {
    return [
      ...super.follow(),
      holdChannel(this.client, spaceChannel(this.options.space), (event) => {
        if (event.type !== 'feed.post.created') return;
        const { topic, kind, sort } = this.options;
        if (event.post.status === 'published' && matches(event.post, topic, kind, sort) && !this.#arrivals.some((p) => p.id === event.post.id)) {
          this.#arrivals.push(event.post);
          this.refresh();
        }
      }),
    ];
  }

  protected override derive(result: InfiniteQueryObserverResult<Data, HearthError>): FeedState {
    const data = result.data;
    const mine = owned.get(this.client);
    const inputs = [data, this.#arrivals.length, mine?.size];
    if (inputs.some((value, i) => value !== this.#inputs[i])) {
      this.#inputs = inputs;
      const seen = new Set<string>();
      this.#posts = [];
      for (const page of data?.pages ?? []) {
        for (const post of page.items) {
          if (seen.has(post.id)) continue;
          seen.add(post.id);
          this.#posts.push(post);
        }
      }
      this.#newPosts = this.#arrivals.filter((p) => !seen.has(p.id) && !mine?.has(p.id)).length;
    }
    return {
      status: data ? 'success' : result.status,
      posts: this.#posts,
      error: result.error ?? null,
      isFetching: result.isFetching,
      hasNextPage: result.hasNextPage,
      isFetchingNextPage: result.isFetchingNextPage,
      newPosts: this.#newPosts,
    };
  }
}
