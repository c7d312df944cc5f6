import type { QueryObserverResult } from '@tanstack/query-core';
import { HearthError, pollChannel, type PollRefInput, type PollView, type PollVoteInput, type PollsAdapter, type ReopenPollInput, type CreatePollInput } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { lazyModule } from './lazy-module.js';
import { callAdapter, holdChannel, ObservedQueryStore, retryDelay } from './observed-query.js';
import type { ReadableStore } from './types.js';

/** Everything a poll widget renders for one poll, as the client's viewer sees it. */
export interface PollState {
  /** `error` only when there is nothing to show; a failed refresh keeps `success` and sets `error`. */
  status: 'pending' | 'success' | 'error';
  /** The poll, its results when visible, and the viewer's ballot; null until loaded. */
  view: PollView | null;
  /** The last load error, or null. */
  error: HearthError | null;
  /** True while the poll is (re)loading. */
  isFetching: boolean;
}

/**
 * One live view of a poll. It follows realtime only while something listens: the first
 * `subscribe()` joins `pollChannel(pollId)` (shared by every store of that poll on the
 * client) and the last unsubscribe leaves it.
 */
export interface PollStore extends ReadableStore<PollState> {
  /** The poll this store follows. */
  readonly pollId: string;
  /** Reloads the poll; failures land in `error`, never reject. */
  refetch(): Promise<void>;
}

type Key = readonly unknown[];

/** Cache key of one viewer's view of a poll: `['hearth', 'poll', pollId, viewerId]`. */
export function pollQueryKey(pollId: string, viewerId: string | null): Key {
  return ['hearth', 'poll', pollId, viewerId];
}

/**
 * A live store of one poll through `client`: its state is loaded with query-core (shared
 * and de-duplicated with every other store of the same poll and viewer), merged with
 * `poll.updated` events while observed, and reloaded when the client's viewer changes.
 *
 * @example
 * const store = pollStore(client, 'poll_1');
 * const stop = store.subscribe((state) => render(state.view));
 * await vote(client, { pollId: 'poll_1', choices: [optionId] });
 * stop(); // leaves the realtime channel once nobody else listens
 */
export function pollStore(client: CommunityClient, pollId: string): PollStore {
  return new LivePollStore(client, checkPollId(pollId));
}

/** The writes and realtime merges, loaded on the first one. */
const updates = lazyModule(() => import('./poll-updates.js'));

/**
 * Casts (or, when the poll allows, replaces) the client viewer's ballot and puts the answer
 * in the cache, so every store of the poll shows it at once. Rejects with the HearthError
 * (`conflict` once the poll has closed, `validation` naming `choices` or `rating`, ...).
 *
 * @example
 * await vote(client, { pollId, choices: [poll.options[0].id] });
 * await vote(client, { pollId, rating: 4 });
 */
export function vote(client: CommunityClient, input: PollVoteInput): Promise<PollView> {
  return updates.call(client, 'vote', input);
}

/**
 * Withdraws the client viewer's ballot and updates the cache. Rejects with `conflict` once
 * the poll has closed or when it does not allow changes.
 *
 * @example
 * await retractVote(client, { pollId });
 */
export function retractVote(client: CommunityClient, input: PollRefInput): Promise<PollView> {
  return updates.call(client, 'retractVote', input);
}

/**
 * Creates a poll as the client's viewer (staff: `create_poll`) and caches its view. The
 * idempotency key is made here unless given, so a retried call with the same key never
 * creates twice.
 *
 * @example
 * const view = await createPoll(client, { question: 'Lunch?', type: 'single', options: ['Pizza', 'Sushi'] });
 */
export function createPoll(client: CommunityClient, input: Omit<CreatePollInput, 'idempotencyKey'> & { idempotencyKey?: string }): Promise<PollView> {
  return updates.call(client, 'createPoll', input);
}

/**
 * Closes the poll now (its author, or moderators) and updates the cache.
 *
 * @example
 * await closePoll(client, { pollId });
 */
export function closePoll(client: CommunityClient, input: PollRefInput): Promise<PollView> {
  return updates.call(client, 'closePoll', input);
}

/**
 * Opens a closed poll again (its author, or moderators), keeping its ballots, and updates the cache.
 *
 * @example
 * await reopenPoll(client, { pollId, closesAt: null });
 */
export function reopenPoll(client: CommunityClient, input: ReopenPollInput): Promise<PollView> {
  return updates.call(client, 'reopenPoll', input);
}

/** The adapter's polls, or an `unavailable` error naming the adapter. */
export function pollsOf(client: CommunityClient): PollsAdapter {
  const polls = client.adapter.polls;
  if (!polls) throw new HearthError('unavailable', `The ${client.adapter.name} adapter does not offer polls.`);
  return polls;
}

/** The trimmed poll id; a `validation` error naming `pollId` when it cannot be one. */
export function checkPollId(pollId: string): string {
  const id = pollId?.trim();
  if (!id || id.length > 128) throw HearthError.validation('pollId', 'A poll id is 1 to 128 characters.');
  return id;
}

class LivePollStore extends ObservedQueryStore<PollView, PollState> implements PollStore {
  readonly pollId: string;

  constructor(client: CommunityClient, pollId: string) {
    super(
      client,
      () => {
        // Each key fetches as the viewer it names, even when refetched after a switch.
        const viewer = client.viewer;
        return {
          queryKey: pollQueryKey(pollId, viewer?.id ?? null),
          queryFn: ({ signal }) => callAdapter(client, () => pollsOf(client).getPoll({ pollId }, { viewer, signal })),
          staleTime: 30_000,
          retry: (failures, error) => error.code === 'unavailable' && failures < 2,
          retryDelay,
          // After a viewer switch, keep the poll up while it reloads rather than a spinner.
          placeholderData: (previous) => previous,
        };
      },
      // One merge per event for every store of the poll on this client.
      (c) => holdChannel(c, pollChannel(pollId), updates.on((m, event) => m.merge(c, pollId, event)), 'poll'),
    );
    this.pollId = pollId;
  }

  protected override derive({ data, status, error, isFetching }: QueryObserverResult<PollView, HearthError>): PollState {
    return { status: data ? 'success' : status, view: data ?? null, error: error ?? null, isFetching };
  }
}
