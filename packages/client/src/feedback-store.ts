import {
  feedbackChannel,
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
import { lazyModule } from './lazy-module.js';
import { callAdapter as load, groupOf, holdChannel, ObservedQueryStore, retry, retryDelay, type LoadState, type LoadStore } from './observed-query.js';

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

/** The adapter's feedback boards, or an `unavailable` error naming the adapter. */
export function feedbackOf(client: CommunityClient): FeedbackAdapter {
  return groupOf(client, 'feedback', 'feedback', 'has no feedback boards');
}

/** The board a store or call is about: `space`, or the built-in one. */
export const boardOf = (space: string | null | undefined): string => space?.trim() || 'feedback';
const list = <T extends string>(values: readonly T[] | null | undefined): T[] | null => (values?.length ? [...new Set(values)].sort() : null);
const clamp = (limit: number | undefined, fallback: number): number =>
  Number.isFinite(limit) ? Math.min(100, Math.max(1, Math.round(limit!))) : fallback;

/** Holds `client`'s subscription to `space`'s feedback channel (one merge per event for every store of the board); returns the release. */
function holdBoard(space: string): (client: CommunityClient) => () => void {
  return (client) => holdChannel(client, feedbackChannel(space), updates.on((m, event) => m.merge(client, space, event)), 'feedback');
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
export function similarFeedback(
  client: CommunityClient,
  text: string,
  options: { space?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<FeedbackSuggestion[]> {
  return updates.call(client, 'similarFeedback', { text, ...options });
}

/**
 * Sends feedback as the client's viewer. The idempotency key is made here unless given, so
 * a retried call with the same key never creates twice. The new item goes to the top of the
 * viewer's cached "my feedback" at once; boards and the roadmap reload.
 *
 * @example
 * const item = await submitFeedback(client, { kind: 'idea', body: 'Dark mode', pageUrl: location.href });
 */
export function submitFeedback(
  client: CommunityClient,
  input: Omit<SubmitFeedbackInput, 'idempotencyKey'> & { idempotencyKey?: string },
): Promise<FeedbackDetail> {
  return updates.call(client, 'submitFeedback', input);
}

/**
 * Sets the viewer's upvote on an item on or off. The answer is patched into every cached
 * board, roadmap and "my feedback" at once; then boards reload, since votes order them.
 * Rejects with a HearthError (`forbidden` for one's own item or a guest, `conflict` on a duplicate).
 *
 * @example
 * await voteFeedback(client, { feedbackId: item.id, active: true });
 */
export function voteFeedback(client: CommunityClient, input: { feedbackId: string; active: boolean }): Promise<Feedback> {
  return updates.call(client, 'voteFeedback', input);
}

/** The writes and realtime merges, loaded on the first one. */
const updates = lazyModule(() => import('./feedback-updates.js'));
