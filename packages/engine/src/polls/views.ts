// How polls leave the engine: the public poll, one viewer's view of it, and the realtime event.
import { allows, pollChannel, type CommunityEvent, type CommunitySettings, type Member, type Poll, type PollView, type PollVoter } from '@hearth/protocol';
import type { Store } from '../store.js';
import type { BallotRecord, PollRecord } from './records.js';
import { closedTime, hiddenReason, isClosed, tally, voterKey } from './poll-rules.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Every ballot of a poll; results are tallied from these rows, never from a stored counter. */
export function ballotsOf(tx: Store, pollId: string): Promise<BallotRecord[]> {
  return tx.collection('ballots').find({ where: { pollId } });
}

/** The poll as everyone sees it. */
export function toPoll(poll: PollRecord, totalBallots: number, now: number): Poll {
  return {
    id: poll.id,
    question: poll.question,
    description: poll.description ?? null,
    type: poll.type,
    options: poll.options.map((o) => ({ id: o.id, label: o.label })),
    minPicks: poll.minPicks,
    maxPicks: poll.maxPicks,
    scale: poll.scale ? { ...poll.scale } : null,
    resultsVisibility: poll.resultsVisibility,
    voters: poll.voters,
    allowChange: poll.allowChange,
    closesAt: iso(poll.closesAt),
    closedAt: iso(closedTime(poll, now)),
    closed: isClosed(poll, now),
    author: { ...poll.author },
    createdAt: iso(poll.createdAt)!,
    editedAt: iso(poll.editedAt ?? null),
    context: poll.context,
    totalBallots,
  };
}

/** Who looks at a poll: the member as the community knows them, and whether they are staff. */
export interface Looker {
  member: Member | null;
  staff: boolean;
  /** False when banned (a banned member's vote would be refused). */
  mayWrite: boolean;
}

/** The poll as `looker` sees it: results only when the visibility rule allows. */
export function toView(poll: PollRecord, ballots: readonly BallotRecord[], looker: Looker, settings: CommunitySettings, now: number): PollView {
  const { member } = looker;
  const closed = isClosed(poll, now);
  const mine = member ? (ballots.find((b) => b.id === `${poll.id}:${voterKey(member)}`) ?? null) : null;
  const reason = hiddenReason(poll, closed, { privileged: looker.staff || (member !== null && member.role !== 'guest' && member.id === poll.author.id), voted: mine !== null });
  const mayVote =
    member !== null &&
    looker.mayWrite &&
    allows(member.role, 'vote_poll') &&
    (member.role !== 'guest' || settings.pollGuests) &&
    !closed &&
    (mine === null || poll.allowChange);
  return {
    poll: toPoll(poll, ballots.length, now),
    results: reason === null ? tally(poll, ballots) : null,
    resultsHiddenReason: reason,
    viewerBallot: mine ? { choices: [...mine.choices], rating: mine.rating, votedAt: iso(mine.createdAt)!, updatedAt: iso(mine.updatedAt)! } : null,
    viewerCanVote: mayVote,
  };
}

/** `poll.updated` for the poll's channel: totals always, results only when anyone may see them. */
export function updatedEvent(id: string, poll: PollRecord, ballots: readonly BallotRecord[], now: number): CommunityEvent {
  const closed = isClosed(poll, now);
  const publicResults = hiddenReason(poll, closed, { privileged: false, voted: false }) === null;
  return {
    type: 'poll.updated',
    id,
    channel: pollChannel(poll.id),
    pollId: poll.id,
    totalBallots: ballots.length,
    closed,
    results: publicResults ? tally(poll, ballots) : null,
  };
}

/** One row of `listVoters`. */
export function toVoter(ballot: BallotRecord): PollVoter {
  return { voter: { ...ballot.voter }, choices: [...ballot.choices], rating: ballot.rating, votedAt: iso(ballot.createdAt)! };
}
