// The feedback writes and realtime merges, loaded when first needed (see `lazyModule`); feedback-store.ts documents the writes.
import type { CommunityEvent, Feedback, FeedbackDetail, FeedbackSuggestion, Page, Roadmap, SubmitFeedbackInput, Viewer } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { FEEDBACK_KEY, boardOf, feedbackOf } from './feedback-store.js';
import { createIdempotencyKey } from './idempotency-key.js';
import { callAdapter as load } from './observed-query.js';

// Asked while feedback is being typed, so it comes with the sending.
export async function similarFeedback(
  client: CommunityClient,
  viewer: Viewer | null,
  { text, ...options }: { text: string; space?: string | null; limit?: number; signal?: AbortSignal },
): Promise<FeedbackSuggestion[]> {
  const trimmed = text.trim();
  if (!trimmed) return [];
  return load(client, () =>
    feedbackOf(client).similarFeedback(
      { text: trimmed, space: boardOf(options.space), limit: options.limit ?? 5 },
      { viewer, ...(options.signal && { signal: options.signal }) },
    ),
  );
}

export async function submitFeedback(
  client: CommunityClient,
  viewer: Viewer | null,
  input: Omit<SubmitFeedbackInput, 'idempotencyKey'> & { idempotencyKey?: string },
): Promise<FeedbackDetail> {
  const idempotencyKey = input.idempotencyKey ?? createIdempotencyKey();
  const item = await load(client, () => feedbackOf(client).submitFeedback({ ...input, idempotencyKey }, { viewer }));
  for (const [key, data] of client.queryClient.getQueriesData<Page<FeedbackDetail>>({ queryKey: [...FEEDBACK_KEY, 'mine'] })) {
    if (data && key[4] === (viewer?.id ?? null) && !data.items.some((old) => old.id === item.id)) {
      client.queryClient.setQueryData(key, { ...data, items: [item, ...data.items] });
    }
  }
  void client.queryClient.invalidateQueries({ queryKey: FEEDBACK_KEY });
  return item;
}

export async function voteFeedback(client: CommunityClient, viewer: Viewer | null, input: { feedbackId: string; active: boolean }): Promise<Feedback> {
  const item = await load(client, () => feedbackOf(client).voteFeedback({ feedbackId: input.feedbackId, active: input.active }, { viewer }));
  patch(client, item, false);
  void client.queryClient.invalidateQueries({ queryKey: FEEDBACK_KEY });
  return item;
}

/**
 * Applies a `feedback.created` or `feedback.updated` event: an updated item is patched into
 * every cached board, roadmap and "my feedback" at once (keeping each viewer's own vote and
 * what staff may see), then everything of the board reloads, since a status or vote change
 * can move an item between filters, columns and places in the order.
 */
export function merge(client: CommunityClient, space: string, event: CommunityEvent): void {
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
