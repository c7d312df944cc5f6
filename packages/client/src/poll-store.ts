import { QueryObserver, type QueryObserverOptions } from '@tanstack/query-core';
import { HearthError, pollChannel, type CommunityEvent, type PollRefInput, type PollView, type PollVoteInput, type PollsAdapter, type ReopenPollInput, type CreatePollInput } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { Subscribable } from './subscribable.js';
import { toHearthError } from './to-hearth-error.js';
import type { ReadableStore } from './types.js';
import { holdChannel } from './hold-channel.js';

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
type Observer = QueryObserver<PollView, HearthError, PollView, PollView, Key>;
type Result = ReturnType<Observer['getCurrentResult']>;

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
  return write(client, (polls, ctx) => polls.vote({ ...input, pollId: checkPollId(input.pollId) }, ctx));
}

/**
 * Withdraws the client viewer's ballot and updates the cache. Rejects with `conflict` once
 * the poll has closed or when it does not allow changes.
 *
 * @example
 * await retractVote(client, { pollId });
 */
export function retractVote(client: CommunityClient, input: PollRefInput): Promise<PollView> {
  return write(client, (polls, ctx) => polls.retractVote({ pollId: checkPollId(input.pollId) }, ctx));
}

/**
 * Creates a poll as the client's viewer (staff: `create_poll`) and caches its view. The
 * idempotency key is made here unless given, so a retried call with the same key never
 * creates twice.
 *
 * @example
 * const view = await createPoll(client, { question: 'Lunch?', type: 'single', options: ['Pizza', 'Sushi'] });
 */
export async function createPoll(client: CommunityClient, input: Omit<CreatePollInput, 'idempotencyKey'> & { idempotencyKey?: string }): Promise<PollView> {
  // The key maker comes with the client's write path; widgets pass their own key and never load it here.
  const idempotencyKey = input.idempotencyKey ?? (await import('./idempotency-key.js')).createIdempotencyKey();
  return write(client, (polls, ctx) => polls.createPoll({ ...input, idempotencyKey }, ctx));
}

/**
 * Closes the poll now (its author, or moderators) and updates the cache.
 *
 * @example
 * await closePoll(client, { pollId });
 */
export function closePoll(client: CommunityClient, input: PollRefInput): Promise<PollView> {
  return write(client, (polls, ctx) => polls.closePoll({ pollId: checkPollId(input.pollId) }, ctx));
}

/**
 * Opens a closed poll again (its author, or moderators), keeping its ballots, and updates the cache.
 *
 * @example
 * await reopenPoll(client, { pollId, closesAt: null });
 */
export function reopenPoll(client: CommunityClient, input: ReopenPollInput): Promise<PollView> {
  return write(client, (polls, ctx) => polls.reopenPoll({ ...input, pollId: checkPollId(input.pollId) }, ctx));
}

async function write(
  client: CommunityClient,
  call: (polls: PollsAdapter, ctx: { viewer: CommunityClient['viewer'] }) => Promise<PollView>,
): Promise<PollView> {
  const viewer = client.viewer;
  let view: PollView;
  try {
    view = await call(pollsOf(client), { viewer });
  } catch (error) {
    throw toHearthError(error, client.adapter.name);
  }
  // Only the writer's own view: others' differ (their ballot, what they may see) and follow by realtime.
  client.queryClient.setQueryData(pollQueryKey(view.poll.id, viewer?.id ?? null), view);
  return view;
}

function pollsOf(client: CommunityClient): PollsAdapter {
  const polls = client.adapter.polls;
  if (!polls) throw new HearthError('unavailable', `The ${client.adapter.name} adapter does not offer polls.`);
  return polls;
}

function checkPollId(pollId: string): string {
  const id = pollId?.trim();
  if (!id || id.length > 128) throw HearthError.validation('pollId', 'A poll id is 1 to 128 characters.');
  return id;
}

class LivePollStore extends Subscribable<(state: PollState) => void> implements PollStore {
  readonly pollId: string;
  readonly #client: CommunityClient;
  readonly #observer: Observer;
  #state: PollState;
  #stop: Array<() => void> = [];

  constructor(client: CommunityClient, pollId: string) {
    super();
    this.#client = client;
    this.pollId = pollId;
    this.#observer = new QueryObserver<PollView, HearthError, PollView, PollView, Key>(client.queryClient, this.#options());
    this.#state = this.#derive();
  }

  getSnapshot(): PollState {
    // Unobserved, the observer does not follow the cache; read the cache itself instead.
    if (this.listeners.size === 0) this.#refresh(this.#observer.getOptimisticResult(this.#client.queryClient.defaultQueryOptions(this.#options())));
    return this.#state;
  }

  override subscribe(listener: (state: PollState) => void): () => void {
    const off = super.subscribe(listener);
    if (this.listeners.size === 1) this.#start();
    return () => {
      const had = this.listeners.size;
      off();
      if (had && this.listeners.size === 0) this.#end();
    };
  }

  async refetch(): Promise<void> {
    await this.#observer.refetch();
  }

  #options(): QueryObserverOptions<PollView, HearthError, PollView, PollView, Key> {
    // Each key fetches as the viewer it names, even when refetched after a switch.
    const viewer = this.#client.viewer;
    return {
      queryKey: pollQueryKey(this.pollId, viewer?.id ?? null),
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        try {
          return await pollsOf(this.#client).getPoll({ pollId: this.pollId }, { viewer, signal });
        } catch (error) {
          throw toHearthError(error, this.#client.adapter.name);
        }
      },
      staleTime: 30_000,
      retry: (failures: number, error: HearthError) => error.code === 'unavailable' && failures < 2,
      retryDelay: (attempt: number) => Math.min(500 * 2 ** attempt, 8000),
      // After a viewer switch, keep the poll up while it reloads rather than a spinner.
      placeholderData: (previous: PollView | undefined) => previous,
    };
  }

  #derive(result = this.#observer.getCurrentResult()): PollState {
    const { data, status, error, isFetching } = result;
    return { status: data ? 'success' : status, view: data ?? null, error: error ?? null, isFetching };
  }

  #refresh = (result?: Result): void => {
    const next = this.#derive(result);
    const previous = this.#state;
    if (next.status === previous.status && next.view === previous.view && next.error === previous.error && next.isFetching === previous.isFetching) return;
    this.#state = next;
    for (const listener of [...this.listeners]) listener(next);
  };

  #start(): void {
    this.#observer.setOptions(this.#options());
    this.#stop = [
      this.#observer.subscribe(() => this.#refresh()),
      this.#client.subscribe((event) => {
        if (event.type !== 'viewer.changed') return;
        this.#observer.setOptions(this.#options());
        this.#refresh();
      }),
      this.#hold(),
    ];
    this.#refresh();
  }

  #end(): void {
    for (const stop of this.#stop.splice(0)) stop();
  }

  /** Joins the poll's realtime channel for this client (one merge per event for every store of the poll); returns the release. */
  #hold(): () => void {
    const client = this.#client;
    const pollId = this.pollId;
    return holdChannel(client, pollChannel(pollId), (event) => merge(client, pollId, event), 'poll');
  }
}

/**
 * Puts a `poll.updated` event into every cached view of the poll. Results in an event are
 * the ones everyone may see, so they can go straight in; anything it cannot settle for a
 * viewer (results withheld, closing or reopening, which changes who may vote) reloads.
 */
function merge(client: CommunityClient, pollId: string, event: CommunityEvent): void {
  if (event.type !== 'poll.updated' || event.pollId !== pollId) return;
  const filters = { queryKey: ['hearth', 'poll', pollId] };
  let reload = !event.results;
  for (const [key, view] of client.queryClient.getQueriesData<PollView>(filters)) {
    if (!view) continue;
    if (view.poll.closed !== event.closed) {
      reload = true;
      continue;
    }
    // Results this viewer may see but the event withholds: keep them consistent until the reload.
    if (!event.results && view.results) continue;
    const poll = view.poll.totalBallots === event.totalBallots ? view.poll : { ...view.poll, totalBallots: event.totalBallots };
    client.queryClient.setQueryData(key, { ...view, poll, ...(event.results && { results: event.results, resultsHiddenReason: null }) });
  }
  if (reload) void client.queryClient.invalidateQueries(filters);
}
