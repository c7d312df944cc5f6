// The poll writes and realtime merge, loaded when first needed (see `lazyModule`); poll-store.ts documents the writes.
import type { CommunityEvent, CreatePollInput, PollRefInput, PollView, PollVoteInput, PollsAdapter, ReopenPollInput, Viewer } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { createIdempotencyKey } from './idempotency-key.js';
import { callAdapter } from './observed-query.js';
import { checkPollId, pollQueryKey, pollsOf } from './poll-store.js';

export function vote(client: CommunityClient, viewer: Viewer | null, input: PollVoteInput): Promise<PollView> {
  return write(client, viewer, (polls, ctx) => polls.vote({ ...input, pollId: checkPollId(input.pollId) }, ctx));
}

export function retractVote(client: CommunityClient, viewer: Viewer | null, input: PollRefInput): Promise<PollView> {
  return write(client, viewer, (polls, ctx) => polls.retractVote({ pollId: checkPollId(input.pollId) }, ctx));
}

export function createPoll(client: CommunityClient, viewer: Viewer | null, input: Omit<CreatePollInput, 'idempotencyKey'> & { idempotencyKey?: string }): Promise<PollView> {
  const idempotencyKey = input.idempotencyKey ?? createIdempotencyKey();
  return write(client, viewer, (polls, ctx) => polls.createPoll({ ...input, idempotencyKey }, ctx));
}

export function closePoll(client: CommunityClient, viewer: Viewer | null, input: PollRefInput): Promise<PollView> {
  return write(client, viewer, (polls, ctx) => polls.closePoll({ pollId: checkPollId(input.pollId) }, ctx));
}

export function reopenPoll(client: CommunityClient, viewer: Viewer | null, input: ReopenPollInput): Promise<PollView> {
  return write(client, viewer, (polls, ctx) => polls.reopenPoll({ ...input, pollId: checkPollId(input.pollId) }, ctx));
}

async function write(client: CommunityClient, viewer: Viewer | null, call: (polls: PollsAdapter, ctx: { viewer: Viewer | null }) => Promise<PollView>): Promise<PollView> {
  const view = await callAdapter(client, () => call(pollsOf(client), { viewer }));
  // Only the writer's own view: others' differ (their ballot, what they may see) and follow by realtime.
  client.queryClient.setQueryData(pollQueryKey(view.poll.id, viewer?.id ?? null), view);
  return view;
}

/**
 * Puts a `poll.updated` event into every cached view of the poll. Results in an event are
 * the ones everyone may see, so they can go straight in; anything it cannot settle for a
 * viewer (results withheld, closing or reopening, which changes who may vote) reloads.
 */
export function merge(client: CommunityClient, pollId: string, event: CommunityEvent): void {
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
