import {
  BREAKDOWN_MIN_GROUP,
  CreatePollInput,
  EditPollInput,
  HearthError,
  ListPollsInput,
  ListVotersInput,
  PAGE_SIZE,
  PollRefInput,
  ReopenPollInput,
  PollVoteInput,
  parseInput,
  refKey,
  type Level,
  type Page,
  type Poll,
  type PollBreakdown,
  type PollView,
  type PollVoter,
  type PollsAdapter,
} from '@hearth/protocol';
import { DuplicateRecordError } from '../collections.js';
import type { Acting, Actor, Core, Emit } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import type { Store } from '../store.js';
import { levelFor, lifetimeOf } from '../points/ledger.js';
import type { BallotRecord, PollRecord } from './records.js';
import { breakdownOf, type VoterFacts } from './breakdown.js';
import { checkDescription, checkEdit } from './poll-edit.js';
import { checkBallot, checkClosesAt, checkCreate, hiddenReason, isClosed, sameBallot, voterKey } from './poll-rules.js';
import { ballotsOf, toPoll, toView, toVoter, updatedEvent, type Looker } from './views.js';

/**
 * The polls rules. Public methods are exactly the operations of `PollsAdapter`.
 *
 * Ballots are rows keyed `${pollId}:${voterKey}`, one per voter, and every result is
 * tallied from them, so concurrent ballots count exactly and merged stores agree. A poll
 * closes by hand (`closedAt`) or when its `closesAt` passes by the injected clock; the
 * latter needs no write, so it publishes no event and tracks no `poll.closed`.
 */
export class PollsService implements EngineGroup<PollsAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /** Creates a poll (`create_poll`: staff). The same (viewer, idempotencyKey) returns the first poll. */
  async createPoll(input: unknown, viewer: Actor): Promise<PollView> {
    const { idempotencyKey, description: rawDescription, ...request } = parseInput(CreatePollInput, input);
    const checked = checkCreate(request);
    const description = checkDescription(rawDescription);
    const core = this.#core;
    const at = core.clock();
    const shape = {
      type: request.type,
      resultsVisibility: request.resultsVisibility ?? 'always',
      voters: request.voters ?? 'secret',
      allowChange: request.allowChange ?? true,
      closesAt: request.closesAt ?? null,
      context: request.context ?? null,
    } as const;
    const fingerprint = JSON.stringify({ op: 'createPoll', ...checked, ...shape, ...(description === null ? {} : { description }) });
    return core.write(async (tx) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'create_poll');
      return core.once(
        tx,
        acting.member.id,
        idempotencyKey,
        fingerprint,
        async () => {
          // Checked here rather than up front, so a retry after the deadline still finds its poll.
          const closesAt = checkClosesAt(shape.closesAt, at);
          const id = core.ids();
          const record: PollRecord = {
            id,
            question: checked.question,
            description,
            type: shape.type,
            options: checked.labels.map((label, index) => ({ id: `${id}-o${index + 1}`, label })),
            minPicks: checked.minPicks,
            maxPicks: checked.maxPicks,
            scale: checked.scale,
            resultsVisibility: shape.resultsVisibility,
            voters: shape.voters,
            allowChange: shape.allowChange,
            closesAt,
            closedAt: null,
            author: acting.member,
            createdAt: at,
            editedAt: null,
            context: shape.context,
          };
          await tx.collection('polls').insert(record);
          await core.track(tx, acting, 'poll.created', pollRef(id), { kind: record.type }, at);
          return { id, result: await this.#view(tx, record, acting, at) };
        },
        async (id) => this.#view(tx, await this.#poll(tx, id), acting, at),
        at,
      );
    });
  }

  /** A poll as the viewer sees it: results when the visibility rule allows (staff always), their ballot, totals. */
  async getPoll(input: unknown, viewer: Actor): Promise<PollView> {
    const { pollId } = parseInput(PollRefInput, input);
    const store = this.#core.store;
    const at = this.#core.clock();
    const poll = await this.#poll(store, pollId);
    return this.#view(store, poll, await this.#looker(store, viewer, at), at);
  }

  /**
   * Casts the viewer's ballot. A second ballot replaces the first only when the poll allows
   * changes (else `conflict`); the same ballot again changes nothing. Closed polls take none.
   */
  async vote(input: unknown, viewer: Actor): Promise<PollView> {
    const { pollId, choices, rating } = parseInput(PollVoteInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'vote_poll', await core.settings(tx));
      const poll = await this.#poll(tx, pollId);
      this.#open(poll, at);
      const ballot = checkBallot(poll, { choices, rating });
      const key = voterKey(acting.member);
      const ballots = tx.collection('ballots');
      const prior = await ballots.get(`${poll.id}:${key}`);
      if (prior && sameBallot(prior, ballot)) return this.#view(tx, poll, acting, at);
      if (prior && !poll.allowChange) {
        throw new HearthError('conflict', 'You have already voted in this poll, and it does not allow changing a vote.');
      }
      const record: BallotRecord = {
        id: `${poll.id}:${key}`,
        pollId: poll.id,
        voterKey: key,
        voter: acting.member,
        choices: ballot.choices,
        rating: ballot.rating,
        createdAt: prior?.createdAt ?? at,
        updatedAt: at,
      };
      if (prior) await ballots.put(record);
      else {
        try {
          await ballots.insert(record);
        } catch (error) {
          // A store that runs transactions side by side reports the other request's ballot here.
          if (error instanceof DuplicateRecordError) throw new HearthError('conflict', 'Another request cast your ballot at the same moment. Reload the poll to see it.');
          throw error;
        }
      }
      await core.track(tx, acting, 'poll.voted', pollRef(poll.id), { pollId: poll.id }, at);
      return this.#changed(tx, poll, acting, at, emit);
    });
  }

  /** Withdraws the viewer's ballot; only while the poll is open and allows changes. */
  async retractVote(input: unknown, viewer: Actor): Promise<PollView> {
    const { pollId } = parseInput(PollRefInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'vote_poll', await core.settings(tx));
      const poll = await this.#poll(tx, pollId);
      this.#open(poll, at);
      if (!poll.allowChange) throw new HearthError('conflict', 'This poll does not allow changing or withdrawing a vote.');
      const removed = await tx.collection('ballots').remove(`${poll.id}:${voterKey(acting.member)}`);
      if (!removed) throw new HearthError('not_found', 'You have not voted in this poll.');
      await core.track(tx, acting, 'poll.retracted', pollRef(poll.id), { pollId: poll.id }, at);
      return this.#changed(tx, poll, acting, at, emit);
    });
  }

  /** Closes the poll now (its author, or moderators). A closed poll is returned unchanged. */
  async closePoll(input: unknown, viewer: Actor): Promise<PollView> {
    const { pollId } = parseInput(PollRefInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const poll = await this.#poll(tx, pollId);
      this.#mayRun(acting, poll);
      if (isClosed(poll, at)) return this.#view(tx, poll, acting, at);
      const closed = await tx.collection('polls').update(poll.id, { closedAt: at });
      await core.audit(tx, { action: 'poll.close', actor: acting.member, target: pollRef(poll.id), at });
      await core.track(tx, acting, 'poll.closed', pollRef(poll.id), {}, at);
      return this.#changed(tx, closed, acting, at, emit);
    });
  }

  /**
   * Opens a closed poll again (its author, or moderators). `closesAt` sets a new deadline
   * (null: none); left out, a deadline still ahead stays and one that has passed is cleared.
   * On an open poll it only moves the deadline, when given.
   */
  async reopenPoll(input: unknown, viewer: Actor): Promise<PollView> {
    const { pollId, closesAt } = parseInput(ReopenPollInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const poll = await this.#poll(tx, pollId);
      this.#mayRun(acting, poll);
      const deadline = closesAt !== undefined ? checkClosesAt(closesAt, at) : poll.closesAt !== null && poll.closesAt > at ? poll.closesAt : null;
      if (!isClosed(poll, at) && (closesAt === undefined || deadline === poll.closesAt)) return this.#view(tx, poll, acting, at);
      const reopened = await tx.collection('polls').update(poll.id, { closedAt: null, closesAt: deadline });
      await core.audit(tx, { action: 'poll.reopen', actor: acting.member, target: pollRef(poll.id), at, data: { closesAt: deadline === null ? null : new Date(deadline).toISOString() } });
      await core.track(tx, acting, 'poll.reopened', pollRef(poll.id), {}, at);
      return this.#changed(tx, reopened, acting, at, emit);
    });
  }

  /**
   * Who voted, in the order they first voted, optionally only those who chose (or ranked)
   * one option. Only for `public` polls, and only for viewers who may see the results.
   */
  async listVoters(input: unknown, viewer: Actor): Promise<Page<PollVoter>> {
    const { pollId, optionId, cursor, limit = PAGE_SIZE.default } = parseInput(ListVotersInput, input);
    const store = this.#core.store;
    const at = this.#core.clock();
    const after = cursor === undefined ? null : decodeCursor(cursor);
    const poll = await this.#poll(store, pollId);
    if (optionId !== undefined) {
      if (poll.type === 'rating') throw HearthError.validation('optionId', 'A rating poll has no options to filter by.');
      if (!poll.options.some((o) => o.id === optionId)) {
        throw new HearthError('not_found', 'This poll has no such option.', { issues: [{ path: 'optionId', message: 'No such option.' }] });
      }
    }
    if (poll.voters === 'secret') throw new HearthError('forbidden', "This poll's votes are secret.");
    const looker = await this.#looker(store, viewer, at);
    const mine = looker.member ? await store.collection('ballots').get(`${poll.id}:${voterKey(looker.member)}`) : null;
    const privileged = looker.staff || (looker.member !== null && looker.member.role !== 'guest' && looker.member.id === poll.author.id);
    if (hiddenReason(poll, isClosed(poll, at), { privileged, voted: mine !== null }) !== null) {
      throw new HearthError('forbidden', 'You cannot see who voted until you can see the results.');
    }

    // Keyset over (createdAt, id): the ballots at the cursor's time after its id, then later ones.
    const ballots = store.collection('ballots');
    const base = { pollId: poll.id, ...(optionId !== undefined ? { choices: { has: optionId } } : {}) };
    const orderBy = [['createdAt', 'asc']] as const;
    const rows: BallotRecord[] = [];
    if (after) rows.push(...(await ballots.find({ where: { ...base, createdAt: after.createdAt, id: { gt: after.id } }, orderBy, limit: limit + 1 })));
    if (rows.length <= limit) {
      const createdAt = after ? { gt: after.createdAt } : undefined;
      rows.push(...(await ballots.find({ where: { ...base, createdAt }, orderBy, limit: limit + 1 - rows.length })));
    }
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(toVoter), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /**
   * The community's polls, newest first (ties by id), open or closed by the backend's clock, or
   * both. Staff who review only: polls sit in pages and posts the list would otherwise reveal.
   */
  async listPolls(input: unknown, viewer: Actor): Promise<Page<Poll>> {
    const { status, cursor, limit = PAGE_SIZE.default } = parseInput(ListPollsInput, input);
    const core = this.#core;
    const store = core.store;
    const known = await core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to take part.');
    core.require(known.member, 'review');
    const at = core.clock();
    let after = cursor === undefined ? null : decodeCursor(cursor);

    // Keyset over (createdAt desc, id asc), read in batches until a page of matches is in.
    const polls = store.collection('polls');
    const batch = Math.min(Math.max(limit * 2, 50), 500);
    const found: PollRecord[] = [];
    for (;;) {
      const rows: PollRecord[] = [];
      if (after) rows.push(...(await polls.find({ where: { createdAt: after.createdAt, id: { gt: after.id } }, limit: batch })));
      if (rows.length < batch) {
        rows.push(...(await polls.find({ where: after ? { createdAt: { lt: after.createdAt } } : {}, orderBy: [['createdAt', 'desc']], limit: batch - rows.length })));
      }
      found.push(...rows.filter((p) => status === undefined || (status === 'closed') === isClosed(p, at)));
      const last = rows[rows.length - 1];
      if (found.length > limit || rows.length < batch || !last) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const page = found.slice(0, limit);
    const counts = await Promise.all(page.map((p) => store.collection('ballots').count({ pollId: p.id })));
    const last = page[page.length - 1];
    return { items: page.map((p, i) => toPoll(p, counts[i]!, at)), nextCursor: found.length > limit && last ? encodeCursor(last) : null };
  }

  /**
   * Changes a poll's question, description, options, deadline or results visibility: its
   * author or a moderator, with `create_poll`, never above their rank. Options may be added,
   * reordered and corrected; one with votes is never removed or replaced. Audited as
   * `poll.edit` with what changed; an edit that changes nothing writes nothing.
   */
  async editPoll(input: unknown, viewer: Actor): Promise<PollView> {
    const { pollId, ...edit } = parseInput(EditPollInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'create_poll');
      const poll = await this.#poll(tx, pollId);
      this.#mayRun(acting, poll);
      await core.requireRank(tx, poll.author, acting, 'edit a poll');
      const ballots = await ballotsOf(tx, poll.id);
      const checked = checkEdit(poll, edit, ballots, at, () => `${poll.id}-o${core.ids()}`);
      if (checked.changed.length === 0) return this.#view(tx, poll, acting, at);
      const edited = await tx.collection('polls').update(poll.id, checked.patch);
      await core.audit(tx, {
        action: 'poll.edit',
        actor: acting.member,
        target: pollRef(poll.id),
        at,
        data: { changed: checked.changed.join(','), added: checked.added, removed: checked.removed.join(', '), relabelled: checked.relabelled },
      });
      await core.track(tx, acting, 'poll.edited', pollRef(poll.id), { changed: checked.changed.join(',') }, at);
      return this.#changed(tx, edited, acting, at, emit);
    });
  }

  /**
   * A poll's results split by the voters' role and level as they stand now (`view_insights`).
   * Aggregates only; a secret poll shows no group under `BREAKDOWN_MIN_GROUP` ballots.
   */
  async breakdown(input: unknown, viewer: Actor): Promise<PollBreakdown> {
    const { pollId } = parseInput(PollRefInput, input);
    const core = this.#core;
    const store = core.store;
    const known = await core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to take part.');
    core.require(known.member, 'view_insights');
    const poll = await this.#poll(store, pollId);
    const ballots = await ballotsOf(store, poll.id);
    const settings = await core.settings(store);
    const memberIds = [...new Set(ballots.filter((b) => b.voter.role !== 'guest').map((b) => b.voter.id))];
    const records = new Map((await store.collection('members').getMany(memberIds)).map((m) => [m.id, m]));
    const lifetimes = new Map<string, number>();
    for (const id of memberIds) {
      const kept = records.get(id)?.points;
      // Records from before running sums were kept: the ledger answers.
      lifetimes.set(id, kept ? kept.lifetime : lifetimeOf(await store.collection('ledger').find({ where: { memberId: id } })));
    }
    const voters: VoterFacts[] = ballots.map((ballot) => {
      if (ballot.voter.role === 'guest') return { ballot, role: 'guest', level: null };
      const record = records.get(ballot.voter.id);
      const level: Level = levelFor(settings.points.levels, lifetimes.get(ballot.voter.id) ?? 0).level;
      return { ballot, role: record ? (record.assignedRole ?? record.role) : ballot.voter.role, level };
    });
    return breakdownOf(poll, voters, poll.voters === 'secret' ? BREAKDOWN_MIN_GROUP : 1);
  }

  async #poll(tx: Store, pollId: string): Promise<PollRecord> {
    const poll = await tx.collection('polls').get(pollId);
    if (!poll) throw new HearthError('not_found', 'There is no such poll.', { issues: [{ path: 'pollId', message: 'No such poll.' }] });
    return poll;
  }

  /** Refuses votes on a closed poll, saying since when. */
  #open(poll: PollRecord, at: number): void {
    if (!isClosed(poll, at)) return;
    const since = new Date(poll.closedAt ?? poll.closesAt!).toISOString();
    throw new HearthError('conflict', `This poll closed at ${since} and takes no more votes.`, { closedAt: since });
  }

  /** Closing and reopening: the poll's author, or a moderator. */
  #mayRun(acting: Acting, poll: PollRecord): void {
    if (acting.member.role !== 'guest' && acting.member.id === poll.author.id) return;
    this.#core.require(acting.member, 'moderate');
  }

  async #looker(tx: Store, viewer: Actor, at: number): Promise<Looker> {
    const known = await this.#core.known(tx, viewer);
    if (!known) return { member: null, staff: false, mayWrite: false };
    const banned = known.record !== null && known.record.bannedUntil !== null && known.record.bannedUntil > at;
    return { member: known.member, staff: this.#core.isStaff(known.member), mayWrite: !banned };
  }

  async #view(tx: Store, poll: PollRecord, who: Acting | Looker, at: number): Promise<PollView> {
    const looker: Looker = 'record' in who ? { member: who.member, staff: this.#core.isStaff(who.member), mayWrite: true } : who;
    return toView(poll, await ballotsOf(tx, poll.id), looker, await this.#core.settings(tx), at);
  }

  /** After a change: publish `poll.updated` (once the write commits) and return the actor's view. */
  async #changed(tx: Store, poll: PollRecord, acting: Acting, at: number, emit: Emit): Promise<PollView> {
    const ballots = await ballotsOf(tx, poll.id);
    emit(updatedEvent(this.#core.ids(), poll, ballots, at));
    return toView(poll, ballots, { member: acting.member, staff: this.#core.isStaff(acting.member), mayWrite: true }, await this.#core.settings(tx), at);
  }
}

function pollRef(id: string): string {
  return refKey({ type: 'poll', id });
}

const CURSOR_PREFIX = 'v1.';

function encodeCursor(row: BallotRecord | PollRecord): string {
  return `${CURSOR_PREFIX}${row.createdAt}.${row.id}`;
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const match = cursor.startsWith(CURSOR_PREFIX) ? /^(\d+)\.(.+)$/su.exec(cursor.slice(CURSOR_PREFIX.length)) : null;
  if (!match) throw HearthError.validation('cursor', 'This cursor is not one this list gave out.');
  return { createdAt: Number(match[1]), id: match[2]! };
}
