import {
  FeedbackRefInput,
  HearthError,
  ListFeedbackInput,
  MyFeedbackInput,
  PAGE_SIZE,
  ROADMAP_STATUSES,
  RoadmapInput,
  SetFeedbackStatusInput,
  SimilarFeedbackInput,
  SubmitFeedbackInput,
  VoteFeedbackInput,
  parseInput,
  type Feedback,
  type FeedbackAdapter,
  type FeedbackDetail,
  type FeedbackStatus,
  type FeedbackSuggestion,
  type Page,
  type Roadmap,
} from '@hearth/protocol';
import type { Actor, Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import { textHash } from '../core/text.js';
import { noSpace, spaceRecord } from '../community/community-service.js';
import type { Store } from '../store.js';
import { compareBoard, decodeBoardCursor, pageBoard, rankSimilar, CLOSED_STATUSES } from './board.js';
import { STATUS_RULES, awardStatus, emitItem, feedbackHandler, feedbackRef, moveVotes } from './effects.js';
import type { FeedbackRecord, FeedbackUpdateRecord } from './records.js';
import { canSee, present, presentOne, voteCounts, voteId, type Looker } from './view.js';

/** The board items go to when no space is named. */
const DEFAULT_BOARD = 'feedback';
/** How far `duplicateOf` chains are followed to the item that is not itself a duplicate. */
const MAX_DUPLICATE_CHAIN = 20;

/**
 * The feedback rules. Public methods are exactly the operations of `FeedbackAdapter`.
 *
 * Vote counts are counted from the vote rows, never stored, so concurrent votes (or two
 * tabs of the memory adapter) always add up. Items the viewer may not see (hidden or
 * deleted, for anyone below moderator; pending, for anyone but the submitter and staff)
 * are `not_found` to them and left out of every list.
 */
export class FeedbackService implements EngineGroup<FeedbackAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    core.content.set('feedback', feedbackHandler(core));
  }

  /** Sends feedback (members; guests where `feedbackGuests` is on); the same `idempotencyKey` never creates twice. */
  async submitFeedback(input: unknown, viewer: Actor): Promise<FeedbackDetail> {
    const data = parseInput(SubmitFeedbackInput, input);
    const core = this.#core;
    const at = core.clock();
    const fields = {
      kind: data.kind,
      title: data.title || null,
      body: data.body,
      rating: data.rating ?? null,
      nps: data.nps ?? null,
      pageUrl: data.pageUrl || null,
      pageTitle: data.pageTitle || null,
      email: data.email || null,
    };
    const spaceKey = data.space ?? DEFAULT_BOARD;
    return core.write(async (tx, emit) => {
      const settings = await core.settings(tx);
      const acting = await core.act(tx, viewer, at);
      const member = acting.member;
      core.require(member, 'send_feedback', settings);
      if (fields.email !== null && member.role !== 'guest') {
        throw HearthError.validation('email', 'Only guests leave an email address; we reach members through their account.');
      }
      await feedbackBoard(tx, spaceKey);
      const fingerprint = JSON.stringify([spaceKey, fields]);
      const looker: Looker = { member, staff: core.isStaff(member) };
      return core.once(
        tx,
        member.id,
        data.idempotencyKey,
        fingerprint,
        async () => {
          const text = fields.title ? `${fields.title}\n\n${fields.body}` : fields.body;
          const { status, reason } = await core.gate.screen(tx, { acting, type: 'feedback', text, at });
          const record: FeedbackRecord = {
            id: core.ids(),
            spaceId: spaceKey,
            ...fields,
            author: member,
            authorId: member.id,
            status: 'open',
            duplicateOf: null,
            createdAt: at,
            updatedAt: at,
            searchText: text.toLowerCase(),
            visibility: status,
            heldReason: status === 'pending' ? (reason ?? 'held for review') : null,
          };
          await tx.collection('feedback').insert(record);
          const ref = feedbackRef(record.id);
          await core.track(tx, acting, 'feedback.created', ref, { hash: textHash(text), kind: record.kind, rating: record.rating, nps: record.nps }, at);
          await core.openers.opened(tx, { type: 'feedback', itemId: record.id, location: spaceKey, title: record.title ?? excerpt(record.body), authorId: member.id, at, status, fresh: true });
          if (status === 'published') {
            await core.countPublished(tx, member.id, 1);
            await emitItem(core, tx, emit, 'feedback.created', record);
          } else {
            await core.gate.held?.(tx, { type: 'feedback', id: record.id, reason, at });
          }
          // The receiver is the community's own backend: it gets the staff view (a guest's email included).
          await core.webhooks.deliver(tx, 'feedback.created', { feedback: await presentOne(tx, record, { member: null, staff: true }) }, at);
          return { id: record.id, result: await presentOne(tx, record, looker) };
        },
        async (id) => presentOne(tx, await mustGet(tx, id), looker),
        at,
      );
    });
  }

  /** One item with its votes and status history; `not_found` when the viewer may not see it. */
  async getFeedback(input: unknown, viewer: Actor): Promise<FeedbackDetail> {
    const { feedbackId } = parseInput(FeedbackRefInput, input);
    const store = this.#core.store;
    const looker = await this.#looker(store, viewer);
    const record = await store.collection('feedback').get(feedbackId);
    if (!record || !canSee(record, looker)) throw notFound();
    return presentOne(store, record, looker);
  }

  /** The public board: filtered by status and kind, sorted by votes, newest or last updated. */
  async listFeedback(input: unknown, viewer: Actor): Promise<Page<Feedback>> {
    const { space = DEFAULT_BOARD, status, kind, sort = 'votes', cursor, limit = PAGE_SIZE.default } = parseInput(ListFeedbackInput, input);
    const after = cursor === undefined ? null : decodeBoardCursor(sort, cursor);
    const store = this.#core.store;
    const looker = await this.#looker(store, viewer);
    await feedbackBoard(store, space);
    const statuses = status === undefined ? undefined : [status].flat();
    const kinds = kind === undefined ? undefined : [kind].flat();
    const records = (
      await store.collection('feedback').find({
        where: { spaceId: space, status: statuses && { in: statuses }, kind: kinds && { in: kinds } },
      })
    ).filter((r) => canSee(r, looker));
    const counts = await voteCounts(store, records.map((r) => r.id));
    const keyed = records.map((record) => ({ id: record.id, votes: counts.get(record.id) ?? 0, createdAt: record.createdAt, updatedAt: record.updatedAt, record }));
    const page = pageBoard(sort, keyed, after, limit);
    return { items: await present(store, page.items.map((k) => k.record), looker), nextCursor: page.nextCursor };
  }

  /** The roadmap: under review, planned, in progress and done columns, most votes first. */
  async roadmap(input: unknown, viewer: Actor): Promise<Roadmap> {
    const { space = DEFAULT_BOARD, limit = 50 } = parseInput(RoadmapInput, input);
    const store = this.#core.store;
    const looker = await this.#looker(store, viewer);
    await feedbackBoard(store, space);
    // The same items for everyone (published only); `viewerVoted` and staff-only fields follow the viewer.
    const records = await store.collection('feedback').find({ where: { spaceId: space, visibility: 'published', status: { in: [...ROADMAP_STATUSES] } } });
    const counts = await voteCounts(store, records.map((r) => r.id));
    const columns = [];
    for (const status of ROADMAP_STATUSES) {
      const column = records
        .filter((r) => r.status === status)
        .map((record) => ({ id: record.id, votes: counts.get(record.id) ?? 0, createdAt: record.createdAt, updatedAt: record.updatedAt, record }))
        .sort((a, b) => compareBoard('votes', a, b))
        .slice(0, limit);
      columns.push({ status, items: await present(store, column.map((k) => k.record), looker) });
    }
    return { space, columns };
  }

  /** Sets the viewer's upvote on or off (members; never on one's own item). */
  async voteFeedback(input: unknown, viewer: Actor): Promise<Feedback> {
    const { feedbackId, active } = parseInput(VoteFeedbackInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const member = acting.member;
      core.require(member, 'react');
      const looker: Looker = { member, staff: core.isStaff(member) };
      const record = await tx.collection('feedback').get(feedbackId);
      if (!record || !canSee(record, looker)) throw notFound();
      const view = async () => (await present(tx, [record], looker))[0]!;
      if (record.authorId === member.id) {
        if (!active) return view();
        throw new HearthError('forbidden', 'You cannot vote for your own feedback.');
      }
      const votes = tx.collection('feedbackVotes');
      const id = voteId(record.id, member.id);
      const existing = await votes.get(id);
      if (Boolean(existing) === active) return view();
      const ref = feedbackRef(record.id);
      if (active) {
        if (record.visibility !== 'published') throw new HearthError('conflict', 'Only published feedback takes votes.');
        if (record.status === 'duplicate') {
          throw new HearthError('conflict', 'This feedback was merged into another item; vote for that one instead.', { duplicateOf: record.duplicateOf });
        }
        await votes.insert({ id, feedbackId: record.id, memberId: member.id, createdAt: at });
        await core.points.award(tx, { memberId: record.authorId, rule: 'upvote_received', ref, at, actorId: member.id });
      } else {
        await votes.remove(id);
        await core.points.reverse(tx, { ref, memberId: record.authorId, rule: 'upvote_received', actorId: member.id, at });
      }
      await core.track(tx, acting, 'feedback.voted', ref, { active }, at);
      if (record.visibility === 'published') await emitItem(core, tx, emit, 'feedback.updated', record);
      return view();
    });
  }

  /** Moves an item to a status with an optional official reply (moderators and up). Audited. */
  async setFeedbackStatus(input: unknown, viewer: Actor): Promise<FeedbackDetail> {
    const data = parseInput(SetFeedbackStatusInput, input);
    const to = data.status;
    const reply = data.reply || null;
    if (to === 'duplicate' && !data.duplicateOf) throw HearthError.validation('duplicateOf', 'Say which item this one duplicates.');
    if (to !== 'duplicate' && data.duplicateOf) throw HearthError.validation('duplicateOf', 'Only an item marked duplicate names an original.');
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const member = acting.member;
      core.require(member, 'triage_feedback');
      const looker: Looker = { member, staff: true };
      const record = await tx.collection('feedback').get(data.feedbackId);
      if (!record || record.visibility === 'deleted') throw notFound();
      const original = to === 'duplicate' ? await this.#original(tx, record, data.duplicateOf!) : null;
      const from = record.status;
      const duplicateOf = original?.id ?? null;
      // The same status again without a reply is a retry: nothing to record.
      if (from === to && reply === null && record.duplicateOf === duplicateOf) return presentOne(tx, record, looker);

      const updates = tx.collection('feedbackUpdates');
      const prior = await updates.find({ where: { feedbackId: record.id } });
      const update: FeedbackUpdateRecord = { id: core.ids(), feedbackId: record.id, from, to, reply, duplicateOf, actor: member, at, seq: prior.length + 1 };
      await updates.insert(update);
      const changed = await tx.collection('feedback').update(record.id, { status: to, duplicateOf, updatedAt: at });
      const ref = feedbackRef(record.id);

      // Planned and done pay the submitter once each, ever: only the first time the item gets there.
      if (STATUS_RULES[to] && from !== to && !prior.some((u) => u.to === to)) await awardStatus(core, tx, changed, to, at);
      if (original && (await moveVotes(core, tx, record, original, at)) > 0 && original.visibility === 'published') {
        await emitItem(core, tx, emit, 'feedback.updated', original);
      }
      await core.openers.replied(tx, { ref, replier: member, at });
      await core.audit(tx, { action: 'feedback.status', actor: member, target: ref, reason: reply, at, data: { from, to, duplicateOf } });
      await core.track(tx, acting, 'feedback.status_changed', ref, { from, to }, at);
      if (changed.visibility === 'published') await emitItem(core, tx, emit, 'feedback.updated', changed);
      await core.webhooks.deliver(tx, 'feedback.status_changed', { feedback: await presentOne(tx, changed, { member: null, staff: true }), from, to, reply, duplicateOf, by: member }, at);
      return presentOne(tx, changed, looker);
    });
  }

  /** Items like the text being typed, most alike first, so people vote instead of repeating. */
  async similarFeedback(input: unknown, viewer: Actor): Promise<FeedbackSuggestion[]> {
    const { text, space = DEFAULT_BOARD, limit = 5, includeClosed = true } = parseInput(SimilarFeedbackInput, input);
    const store = this.#core.store;
    const looker = await this.#looker(store, viewer);
    await feedbackBoard(store, space);
    if (text === '') return [];
    // Suggestions are for voting: published items that are not themselves merged away.
    const statuses = (['open', 'under_review', 'planned', 'in_progress', 'done', 'declined'] as FeedbackStatus[]).filter((s) => includeClosed || !CLOSED_STATUSES.includes(s));
    const records = await store.collection('feedback').find({ where: { spaceId: space, visibility: 'published', status: { in: statuses } } });
    const counts = await voteCounts(store, records.map((r) => r.id));
    const candidates = records.map((record) => ({
      id: record.id,
      votes: counts.get(record.id) ?? 0,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      status: record.status,
      text: record.title ? `${record.title} ${record.body}` : record.body,
      record,
    }));
    const ranked = rankSimilar(text, candidates, limit);
    const items = await present(store, ranked.map((r) => r.item.record), looker);
    return items.map((feedback, i) => ({ feedback, score: ranked[i]!.score }));
  }

  /** The viewer's own items with their statuses and official replies, newest first. */
  async myFeedback(input: unknown, viewer: Actor): Promise<Page<FeedbackDetail>> {
    const { cursor, limit = PAGE_SIZE.default } = parseInput(MyFeedbackInput, input);
    const after = cursor === undefined ? null : decodeBoardCursor('new', cursor);
    const store = this.#core.store;
    const known = await this.#core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to see your feedback.');
    const looker: Looker = { member: known.member, staff: this.#core.isStaff(known.member) };
    // Hidden and deleted items are gone for their submitter too; held ones show as pending.
    const records = await store.collection('feedback').find({ where: { authorId: known.member.id, visibility: { in: ['published', 'pending'] } } });
    const keyed = records.map((record) => ({ id: record.id, votes: 0, createdAt: record.createdAt, updatedAt: record.updatedAt, record }));
    const page = pageBoard('new', keyed, after, limit);
    return { items: await present(store, page.items.map((k) => k.record), looker, true), nextCursor: page.nextCursor };
  }

  async #looker(tx: Store, viewer: Actor): Promise<Looker> {
    const known = await this.#core.known(tx, viewer);
    const member = known?.member ?? null;
    return { member, staff: this.#core.isStaff(member) };
  }

  /** The item a duplicate points at: followed along its own `duplicateOf` to the first that is not a duplicate, which must be published. */
  async #original(tx: Store, record: FeedbackRecord, id: string): Promise<FeedbackRecord> {
    let original = await tx.collection('feedback').get(id);
    for (let hops = 0; original && original.status === 'duplicate' && original.duplicateOf && hops < MAX_DUPLICATE_CHAIN; hops++) {
      original = await tx.collection('feedback').get(original.duplicateOf);
    }
    if (!original || original.visibility === 'deleted') {
      throw new HearthError('not_found', 'The original feedback item does not exist.', { issues: [{ path: 'duplicateOf', message: 'No such item.' }] });
    }
    if (original.id === record.id) throw HearthError.validation('duplicateOf', 'An item cannot be a duplicate of itself, nor of an item already merged into it.');
    // Moved votes must land where voters see and count them, not on a hidden or held item.
    if (original.visibility !== 'published') {
      throw new HearthError('conflict', `The original feedback item is ${original.visibility === 'hidden' ? 'hidden' : 'waiting for review'}; merge into a published item.`, {
        issues: [{ path: 'duplicateOf', message: 'The original is not published.' }],
      });
    }
    return original;
  }
}

/** Checks that `key` names a feedback board: `not_found` for no space, `validation` for another kind. */
async function feedbackBoard(tx: Store, key: string): Promise<void> {
  const space = await spaceRecord(tx, key);
  if (!space) throw noSpace(key);
  if (space.kind !== 'feedback') throw HearthError.validation('space', `"${key}" is a ${space.kind} space, not a feedback board.`);
}

async function mustGet(tx: Store, id: string): Promise<FeedbackRecord> {
  const record = await tx.collection('feedback').get(id);
  if (!record) throw new HearthError('internal', 'The feedback item this key created is missing.');
  return record;
}

function notFound(): HearthError {
  return new HearthError('not_found', 'This feedback item does not exist.');
}

/** The first line of a body, short enough for a queue row. */
function excerpt(body: string): string {
  const line = body.split('\n', 1)[0]!.trim();
  const chars = [...line];
  return chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : line;
}
