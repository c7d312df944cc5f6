import {
  HearthError,
  feedbackChannel,
  type CommunityEvent,
  type Feedback,
  type FeedbackAdapter,
  type FeedbackDetail,
  type FeedbackKind,
  type FeedbackSort,
  type FeedbackStatus,
  type FeedbackSuggestion,
  type Page,
  type Roadmap,
  type SubmitFeedbackInput,
} from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { callAdapter as load, holdChannel, ObservedQueryStore, retry, retryDelay, type LoadState, type LoadStore } from './observed-query.js';

/** The prefix of every feedback query; invalidating it refreshes every board, roadmap and "my feedback". */
export const FEEDBACK_KEY = ['hearth', 'feedback'] as const;

/** Options for `feedbackListStore`. */
export interface FeedbackListOptions {
  /** The board (a space of kind `feedback`); the built-in `feedback` board by default. */
  space?: string | null;
  /** Only these statuses (every status when empty or absent). */
  status?: readonly FeedbackStatus[] | null;
  /** Only these kinds (every kind when empty or absent). */
  kind?: readonly FeedbackKind[] | null;
  /** `votes` (default), `new` or `updated`. */
  sort?: FeedbackSort;
  /** Items per page, 1–100 (default 20). */
  limit?: number;
}

/** A page of a feedback board as a store holds it. */
export type FeedbackListState = LoadState<Page<Feedback>>;
/** A roadmap as a store holds it. */
export type RoadmapState = LoadState<Roadmap>;
/** The viewer's own feedback as a store holds it. */
export type MyFeedbackState = LoadState<Page<FeedbackDetail>>;

const STALE_TIME = 30_000;

function feedbackOf(client: CommunityClient): FeedbackAdapter {
  const group = client.adapter.capabilities.feedback ? client.adapter.feedback : undefined;
  if (!group) throw new HearthError('unavailable', `The ${client.adapter.name} backend has no feedback boards.`, { unsupported: true });
  return group;
}

const boardOf = (space: string | null | undefined): string => space?.trim() || 'feedback';
const list = <T extends string>(values: readonly T[] | null | undefined): T[] | null => (values?.length ? [...new Set(values)].sort() : null);
const clamp = (limit: number | undefined, fallback: number): number =>
  Number.isFinite(limit) ? Math.min(100, Math.max(1, Math.round(limit!))) : fallback;

/** Holds `client`'s subscription to `space`'s feedback channel (one merge per event for every store of the board); returns the release. */
function holdBoard(space: string): (client: CommunityClient) => () => void {
  return (client) => holdChannel(client, feedbackChannel(space), (event) => merge(client, space, event), 'feedback');
}

/**
 * Applies a `feedback.created` or `feedback.updated` event: an updated item is patched into
 * every cached board, roadmap and "my feedback" at once (keeping each viewer's own vote and
 * what staff may see), then everything of the board reloads, since a status or vote change
 * can move an item between filters, columns and places in the order.
 */
function merge(client: CommunityClient, space: string, event: CommunityEvent): void {
  if (event.type !== 'feedback.created' && event.type !== 'feedback.updated') return;
  if (event.type === 'feedback.updated') patch(client, event.feedback, true);
  void client.queryClient.invalidateQueries({
    queryKey: FEEDBACK_KEY,
    predicate: (query) => query.queryKey[2] === 'mine' || query.queryKey[3] === space,
  });
}

/**
 * Puts `item` into every cached copy of it. From an event (`publicView`), the viewer's vote
 * and the email are each cache's own; from the viewer's own write, they are the item's.
 */
function patch(client: CommunityClient, item: Feedback, publicView: boolean): void {
  const own = client.viewer?.id ?? null;
  const update = <T extends Feedback>(old: T): T =>
    old.id !== item.id ? old : { ...old, ...item, ...(publicView && { viewerVoted: old.viewerVoted, email: old.email }) };
  for (const [key, data] of client.queryClient.getQueriesData<Page<Feedback> | Roadmap>({ queryKey: FEEDBACK_KEY })) {
    // The writer's answer carries their own vote: only their caches (the viewer id ends each key) take it.
    if (!data || (!publicView && key[key.length - 1] !== own)) continue;
    const next =
      'columns' in data
        ? { ...data, columns: data.columns.map((column) => ({ ...column, items: column.items.map(update) })) }
        : { ...data, items: data.items.map(update) };
    client.queryClient.setQueryData(key, next);
  }
}

/**
 * A live page of a feedback board, filtered by status and kind and sorted by votes, newest
 * or last updated. While observed it follows `feedbackChannel(space)` and reloads on every
 * change to the board. Key: `['hearth', 'feedback', 'list', space, status, kind, sort, limit, viewerId]`.
 *
 * @example
 * const board = feedbackListStore(client, { status: ['planned'], sort: 'votes' });
 * const stop = board.subscribe(({ data }) => data && render(data.items));
 */
export function feedbackListStore(client: CommunityClient, options: FeedbackListOptions = {}): LoadStore<Page<Feedback>> {
  const space = boardOf(options.space);
  const status = list(options.status);
  const kind = list(options.kind);
  const sort = options.sort ?? 'votes';
  const limit = clamp(options.limit, 20);
  return new ObservedQueryStore<Page<Feedback>>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: [...FEEDBACK_KEY, 'list', space, status, kind, sort, limit, viewer?.id ?? null],
        queryFn: ({ signal }) =>
          load(client, () =>
            feedbackOf(client).listFeedback({ space, sort, limit, ...(status && { status }), ...(kind && { kind }) }, { viewer, signal }),
          ),
        staleTime: STALE_TIME,
        retry,
        retryDelay,
        // Another filter or sort: keep the old items up while the new ones load.
        placeholderData: (previous) => previous,
      };
    },
    holdBoard(space),
  );
}

/**
 * The live roadmap of a board: under review, planned, in progress and done, most votes first.
 * Key: `['hearth', 'feedback', 'roadmap', space, limit, viewerId]`.
 *
 * @example
 * roadmapStore(client).subscribe(({ data }) => data && data.columns.forEach(renderColumn));
 */
export function roadmapStore(client: CommunityClient, options: { space?: string | null; limit?: number } = {}): LoadStore<Roadmap> {
  const space = boardOf(options.space);
  const limit = clamp(options.limit, 50);
  return new ObservedQueryStore<Roadmap>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: [...FEEDBACK_KEY, 'roadmap', space, limit, viewer?.id ?? null],
        queryFn: ({ signal }) => load(client, () => feedbackOf(client).roadmap({ space, limit }, { viewer, signal })),
        staleTime: STALE_TIME,
        retry,
        retryDelay,
      };
    },
    holdBoard(space),
  );
}

/**
 * The viewer's own feedback, newest first, with statuses, official replies and histories.
 * Signed out it stays pending: there is nobody whose feedback to show. While observed it
 * follows `space`'s board, so a status change or an official reply shows up at once.
 * Key: `['hearth', 'feedback', 'mine', limit, viewerId]`.
 *
 * @example
 * myFeedbackStore(client).subscribe(({ data }) => data && renderMine(data.items));
 */
export function myFeedbackStore(client: CommunityClient, options: { space?: string | null; limit?: number } = {}): LoadStore<Page<FeedbackDetail>> {
  const limit = clamp(options.limit, 20);
  return new ObservedQueryStore<Page<FeedbackDetail>>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: [...FEEDBACK_KEY, 'mine', limit, viewer?.id ?? null],
        queryFn: ({ signal }) => load(client, () => feedbackOf(client).myFeedback({ limit }, { viewer, signal })),
        enabled: !!viewer,
        staleTime: STALE_TIME,
        retry,
        retryDelay,
      };
    },
    holdBoard(boardOf(options.space)),
  );
}

/**
 * Items like `text` (what someone is typing), most alike first, so they can upvote one
 * instead of sending it again. Empty text suggests nothing without asking the backend.
 *
 * @example
 * const similar = await similarFeedback(client, 'dark theme please', { signal });
 */
export async function similarFeedback(
  client: CommunityClient,
  text: string,
  options: { space?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<FeedbackSuggestion[]> {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const viewer = client.viewer;
  return load(client, () =>
    feedbackOf(client).similarFeedback(
      { text: trimmed, space: boardOf(options.space), limit: options.limit ?? 5 },
      { viewer, ...(options.signal && { signal: options.signal }) },
    ),
  );
}

/**
 * Sends feedback as the client's viewer. The idempotency key is made here unless given, so
 * a retried call with the same key never creates twice. The new item goes to the top of the
 * viewer's cached "my feedback" at once; boards and the roadmap reload.
 *
 * @example
 * const item = await submitFeedback(client, { kind: 'idea', body: 'Dark mode', pageUrl: location.href });
 */
export async function submitFeedback(
  client: CommunityClient,
  input: Omit<SubmitFeedbackInput, 'idempotencyKey'> & { idempotencyKey?: string },
): Promise<FeedbackDetail> {
  const viewer = client.viewer;
  const idempotencyKey = input.idempotencyKey ?? (await import('./idempotency-key.js')).createIdempotencyKey();
  const item = await load(client, () => feedbackOf(client).submitFeedback({ ...input, idempotencyKey }, { viewer }));
  for (const [key, data] of client.queryClient.getQueriesData<Page<FeedbackDetail>>({ queryKey: [...FEEDBACK_KEY, 'mine'] })) {
    if (data && key[4] === (viewer?.id ?? null) && !data.items.some((old) => old.id === item.id)) {
      client.queryClient.setQueryData(key, { ...data, items: [item, ...data.items] });
    }
  }
  void client.queryClient.invalidateQueries({ queryKey: FEEDBACK_KEY });
  return item;
}

/**
 * Sets the viewer's upvote on an item on or off. The answer is patched into every cached
 * board, roadmap and "my feedback" at once; then boards reload, since votes order them.
 * Rejects with a HearthError (`forbidden` for one's own item or a guest, `conflict` on a duplicate).
 *
 * @example
 * await voteFeedback(client, { feedbackId: item.id, active: true });
 */
export async function voteFeedback(client: CommunityClient, input: { feedbackId: string; active: boolean }): Promise<Feedback> {
  const viewer = client.viewer;
  const item = await load(client, () => feedbackOf(client).voteFeedback({ feedbackId: input.feedbackId, active: input.active }, { viewer }));
  patch(client, item, false);
  void client.queryClient.invalidateQueries({ queryKey: FEEDBACK_KEY });
  return item;
}
