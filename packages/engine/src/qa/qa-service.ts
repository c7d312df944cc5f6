import {
  AcceptInput,
  AnswerInput,
  AnswerRefInput,
  BOUNTY_PERIOD,
  CloseDuplicateInput,
  DEFAULT_COMMENT_SETTINGS,
  EditAnswerInput,
  HearthError,
  ListQuestionsInput,
  OfferBountyInput,
  PAGE_SIZE,
  QuestionRefInput,
  SettleBountiesInput,
  SimilarQuestionsInput,
  VoteInput,
  parseInput,
  questionChannel,
  type Answer,
  type Bounty,
  type CommentSettings,
  type Page,
  type QaAdapter,
  type QuestionDetail,
  type QuestionSummary,
  type SettleResult,
  type SimilarQuestion,
  type VoteResult,
} from '@hearth/protocol';
import type { Actor, Core, Emit } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import { textHash } from '../core/text.js';
import { noSpace, spaceRecord } from '../community/community-service.js';
import type { FeedPostRecord } from '../feed/records.js';
import { presentMany, presentOne } from '../feed/posts.js';
import type { Store } from '../store.js';
import {
  answerCreated,
  answerHandler,
  answerRef,
  changeAnswerStatus,
  emitAnswer,
  emitQuestion,
  questionRef,
  readableAnswer,
  readableQuestion,
  requireRank,
} from './answers.js';
import { bountyRef, dueWhere, emitBounty, newBounty, openBounty, payOnAccept, settleDue } from './bounties.js';
import { answerCounts, bountiesOf, questionCounts, shownBounty, tally, toAnswer, toBounty, viewerVotes, type Reader } from './present.js';
import type { AnswerRecord, BountyRecord } from './records.js';
import { checkAnswerBody, compareAnswers, compareKeys, decodeListCursor, encodeListCursor, listKey, rankSimilar } from './rules.js';
import { castVote } from './votes.js';

/**
 * The Q&A rules over questions (feed posts of kind `question`). Public methods are exactly the
 * operations of `QaAdapter`. Expired bounties settle lazily inside every call that touches
 * their question (and in `settleBounties`), so no timer is needed.
 */
export class QaService implements EngineGroup<QaAdapter> {
  #core: Core;
  #order: () => readonly string[];

  /** `comments` gives the engine's comment rules, whose reaction set orders a viewer's reactions on questions. */
  constructor(core: Core, comments: () => CommentSettings = () => DEFAULT_COMMENT_SETTINGS) {
    this.#core = core;
    this.#order = () => comments().reactions;
    core.content.set('answer', answerHandler(core));
  }

  /** Questions of a space, or of every space when none is named, by filter, one page at a time. */
  async listQuestions(input: unknown, viewer: Actor): Promise<Page<QuestionSummary>> {
    const { space, filter = 'new', cursor, limit = PAGE_SIZE.default } = parseInput(ListQuestionsInput, input);
    const after = cursor === undefined ? null : decodeListCursor(filter, cursor);
    const core = this.#core;
    const reader = await this.#reader(core.store, viewer);
    if (space !== undefined && !(await spaceRecord(core.store, space))) throw noSpace(space);
    const now = core.clock();
    await this.#settleIfDue(now, await this.#questionIdsWithDueBounties(space, now));

    const store = core.store;
    const where = { kind: 'question' as const, status: { in: ['published' as const, 'pending' as const] }, ...(space === undefined ? {} : { spaceId: space }) };
    const all = (await store.collection('feedPosts').find({ where })).filter(
      (q) => q.status === 'published' || (reader.member !== null && q.authorId === reader.member.id),
    );
    const ids = all.map((q) => q.id);
    const [counts, bounties] = await Promise.all([answerCounts(store, ids), bountiesOf(store, ids)]);
    const open = (id: string) => bounties.get(id)?.find((b) => b.status === 'open') ?? null;
    const chosen = all.filter((q) => {
      switch (filter) {
        case 'unanswered':
          // What someone could answer now: closed and locked questions take no answers.
          return q.status === 'published' && counts.get(q.id) === 0 && q.acceptedAnswerId === null && q.duplicateOf === null && !q.locked;
        case 'bounty':
          return open(q.id) !== null;
        default:
          return true;
      }
    });
    const keyed = chosen.map((q) => ({ q, key: listKey(filter, q, open(q.id)?.expiresAt ?? null) })).sort((a, b) => compareKeys(filter, a.key, b.key));
    const rest = after ? keyed.filter((k) => compareKeys(filter, k.key, after) > 0) : keyed;
    const page = rest.slice(0, limit);
    const nextCursor = rest.length > limit ? encodeListCursor(filter, page[page.length - 1]!.key) : null;
    const items = await this.#summaries(store, page.map((k) => k.q), reader, now, counts, bounties);
    return { items, nextCursor };
  }

  /** A question with its answers (accepted first, then by score, then oldest), votes and bounty. */
  async getQuestion(input: unknown, viewer: Actor): Promise<QuestionDetail> {
    const { questionId } = parseInput(QuestionRefInput, input);
    const core = this.#core;
    const reader = await this.#reader(core.store, viewer);
    const now = core.clock();
    await this.#settleIfDue(now, [questionId]);
    const question = await readableQuestion(core.store, questionId, reader);
    return this.#detail(core.store, question, reader, now);
  }

  /** Answers a question; the same `idempotencyKey` never answers twice. */
  async answer(input: unknown, viewer: Actor): Promise<Answer> {
    const { questionId, body: raw, idempotencyKey } = parseInput(AnswerInput, input);
    const body = checkAnswerBody(raw);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'comment', await core.settings(tx));
      const reader = this.#readerOf(acting.member);
      const fingerprint = JSON.stringify(['answer', questionId, body]);
      return core.once(
        tx,
        acting.member.id,
        idempotencyKey,
        fingerprint,
        async () => {
          await settleDue(core, tx, emit, at, [questionId]);
          const question = await readableQuestion(tx, questionId, reader);
          if (question.status !== 'published') throw new HearthError('conflict', 'This question is waiting for review; it takes answers once it is published.');
          if (question.duplicateOf !== null) {
            throw new HearthError('conflict', 'This question was closed as a duplicate; answer the original question instead.', { duplicateOf: question.duplicateOf });
          }
          if (question.locked) throw new HearthError('forbidden', 'This question is locked, so it takes no new answers.');
          const { status, reason } = await core.gate.screen(tx, { acting, type: 'answer', text: body, at });
          const record: AnswerRecord = {
            id: core.ids(),
            questionId,
            body,
            author: acting.member,
            createdAt: at,
            editedAt: null,
            status,
            heldReason: status === 'pending' ? reason : null,
            accepted: false,
            up: 0,
            down: 0,
          };
          await tx.collection('answers').insert(record);
          await core.track(tx, acting, 'answer.created', answerRef(record.id), { hash: textHash(body), questionId }, at);
          if (status === 'published') await answerCreated(core, tx, record, emit, at);
          else await core.gate.held?.(tx, { type: 'answer', id: record.id, reason, at });
          const created = toAnswer(record, reader, 0);
          await core.webhooks.deliver(tx, 'post.created', { kind: 'answer', questionId, answer: created }, at);
          return { id: record.id, result: created };
        },
        async (id) => {
          const record = await tx.collection('answers').get(id);
          if (!record) throw new HearthError('internal', 'The answer this key created is missing.');
          return toAnswer(record, reader, (await viewerVotes(tx, 'answer', [id], acting.member)).get(id) ?? 0);
        },
        at,
      );
    });
  }

  /** Replaces an answer's body: its author, or a moderator. */
  async editAnswer(input: unknown, viewer: Actor): Promise<Answer> {
    const { answerId, body: raw } = parseInput(EditAnswerInput, input);
    const body = checkAnswerBody(raw);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const reader = this.#readerOf(acting.member);
      const answer = await readableAnswer(tx, answerId, reader);
      if (answer.author.id !== acting.member.id) {
        core.require(acting.member, 'moderate');
        await requireRank(tx, answer, acting, 'edit');
      }
      await settleDue(core, tx, emit, at, [answer.questionId]);
      const vote = (await viewerVotes(tx, 'answer', [answerId], acting.member)).get(answerId) ?? 0;
      if (body === answer.body) return toAnswer(answer, reader, vote);
      await core.gate.screen(tx, { acting, type: 'answer', text: body, at, edit: true });
      const changed = await tx.collection('answers').update(answerId, { body, editedAt: at });
      await core.track(tx, acting, 'answer.updated', answerRef(answerId), { hash: textHash(body) }, at);
      if (answer.author.id !== acting.member.id) await core.audit(tx, { action: 'answer.edit', actor: acting.member, target: answerRef(answerId), at });
      if (changed.status === 'published') emitAnswer(core, emit, 'qa.answer.updated', changed);
      return toAnswer(changed, reader, vote);
    });
  }

  /** Soft-deletes an answer: its author, or a moderator. What it earned is reversed. */
  async deleteAnswer(input: unknown, viewer: Actor): Promise<Answer> {
    const { answerId } = parseInput(AnswerRefInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const reader = this.#readerOf(acting.member);
      const answer = await readableAnswer(tx, answerId, reader);
      const own = answer.author.id === acting.member.id;
      if (!own) {
        core.require(acting.member, 'moderate');
        await requireRank(tx, answer, acting, 'delete');
      }
      await settleDue(core, tx, emit, at, [answer.questionId]);
      const changed = await changeAnswerStatus(core, tx, answer, 'deleted', emit, at);
      await core.track(tx, acting, 'answer.deleted', answerRef(answerId), { questionId: answer.questionId }, at);
      if (!own) {
        await core.moderated(tx, acting, { action: 'delete', target: answerRef(answerId), at });
      }
      return toAnswer(changed, reader, 0);
    });
  }

  /** Votes a question or answer up, down or back; one vote per member, never on one's own. */
  async vote(input: unknown, viewer: Actor): Promise<VoteResult> {
    const { target, value } = parseInput(VoteInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'react');
      return castVote(core, tx, emit, acting, target, value, at);
    });
  }

  /**
   * Accepts an answer (the asker or a moderator), replacing an earlier one: the earlier loses
   * its `answer_accepted` points. Pays an open bounty in full up to its `graceUntil`.
   */
  async accept(input: unknown, viewer: Actor): Promise<QuestionDetail> {
    const { questionId, answerId } = parseInput(AcceptInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      const reader = this.#readerOf(acting.member);
      const question = await readableQuestion(tx, questionId, reader);
      if (question.authorId !== acting.member.id && !core.isStaff(acting.member)) {
        throw new HearthError('forbidden', 'Only the asker or a moderator can accept an answer.');
      }
      const answer = await readableAnswer(tx, answerId, reader);
      if (answer.questionId !== questionId) throw HearthError.validation('answerId', 'This answer belongs to another question.');
      if (answer.status !== 'published') throw new HearthError('conflict', 'Only a published answer can be accepted.');
      if (question.status !== 'published') throw new HearthError('conflict', 'Only a published question can have an accepted answer.');
      await settleDue(core, tx, emit, at, [questionId]);
      if (question.acceptedAnswerId === answerId && answer.accepted) return this.#detail(tx, question, reader, at);

      const answers = tx.collection('answers');
      const previous = question.acceptedAnswerId === null ? null : await answers.get(question.acceptedAnswerId);
      if (previous) {
        const unaccepted = await answers.update(previous.id, { accepted: false });
        await core.points.reverse(tx, { ref: answerRef(previous.id), memberId: previous.author.id, rule: 'answer_accepted', at });
        emitAnswer(core, emit, 'qa.answer.updated', unaccepted);
      }
      const accepted = await answers.update(answerId, { accepted: true });
      // Accepting one's own answer earns nothing, whoever the asker is.
      if (answer.author.id !== question.authorId && answer.author.id !== acting.member.id) {
        await core.points.award(tx, { memberId: answer.author.id, rule: 'answer_accepted', ref: answerRef(answerId), at, actorId: acting.member.id });
      }
      const changed = await tx.collection('feedPosts').update(questionId, { acceptedAnswerId: answerId });
      await core.track(tx, acting, 'answer.accepted', answerRef(answerId), { questionId }, at);
      if (question.authorId !== acting.member.id) {
        await core.audit(tx, { action: 'answer.accept', actor: acting.member, target: answerRef(answerId), at, data: { questionId } });
      }
      await payOnAccept(core, tx, emit, accepted, acting, at);
      emitAnswer(core, emit, 'qa.answer.updated', accepted);
      emit({ type: 'qa.accepted', id: core.ids(), channel: questionChannel(questionId), questionId, answerId, previousAnswerId: previous?.id ?? null });
      await emitQuestion(core, tx, changed, emit);
      return this.#detail(tx, changed, reader, at);
    });
  }

  /** Escrows 50–500 of the asker's points on their question: 7 days open, then 24 h of grace. */
  async offerBounty(input: unknown, viewer: Actor): Promise<Bounty> {
    const { questionId, amount, idempotencyKey } = parseInput(OfferBountyInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'offer_bounty');
      const create = async () => {
        const reader = this.#readerOf(acting.member);
        const question = await readableQuestion(tx, questionId, reader);
        if (question.authorId !== acting.member.id) throw new HearthError('forbidden', 'Only the asker can offer a bounty on this question.');
        if (question.status !== 'published') throw new HearthError('conflict', 'A bounty needs a published question.');
        if (question.duplicateOf !== null) throw new HearthError('conflict', 'This question was closed as a duplicate, so it takes no bounty.');
        if (question.acceptedAnswerId !== null) throw new HearthError('conflict', 'This question already has an accepted answer.');
        await settleDue(core, tx, emit, at, [questionId]);
        if (await openBounty(tx, questionId)) throw new HearthError('conflict', 'This question already has an open bounty; one at a time.');
        const balance = await core.points.balance(tx, acting.member.id);
        if (amount > balance) {
          const message = `You have ${balance} points to spend, fewer than the ${amount} this bounty needs.`;
          throw new HearthError('conflict', message, { balance, issues: [{ path: 'amount', message }] });
        }
        // The n-th bounty of a question has a fixed id, so two offers racing collide on insert.
        const n = (await tx.collection('bounties').count({ questionId })) + 1;
        const bounty = newBounty(`${questionId}:${n}`, questionId, acting.member, amount, at, BOUNTY_PERIOD);
        await tx.collection('bounties').insert(bounty);
        await core.points.move(tx, { memberId: acting.member.id, delta: -amount, rule: 'bounty_escrow', ref: bountyRef(bounty.id), at, actorId: acting.member.id, reason: 'Bounty offered' });
        await core.track(tx, acting, 'bounty.offered', questionRef(questionId), { amount }, at);
        emitBounty(core, emit, bounty);
        return { id: bounty.id, result: toBounty(bounty) };
      };
      if (idempotencyKey === undefined) return (await create()).result;
      const load = async (id: string) => toBounty((await tx.collection('bounties').get(id))!);
      return core.once(tx, acting.member.id, idempotencyKey, JSON.stringify(['bounty', questionId, amount]), create, load, at);
    });
  }

  /** Settles every bounty past its grace period (staff who review). */
  async settleBounties(input: unknown, viewer: Actor): Promise<SettleResult> {
    parseInput(SettleBountiesInput, input ?? {});
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'review');
      const settled = await settleDue(core, tx, emit, at);
      return { settled: settled.map(toBounty) };
    });
  }

  /** Closes a question as a duplicate of another (moderators); it takes no new answers. */
  async closeDuplicate(input: unknown, viewer: Actor): Promise<QuestionDetail> {
    const { questionId, originalId } = parseInput(CloseDuplicateInput, input);
    if (questionId === originalId) throw HearthError.validation('originalId', 'A question cannot be a duplicate of itself.');
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'moderate');
      const reader = this.#readerOf(acting.member);
      const question = await readableQuestion(tx, questionId, reader);
      const original = await readableQuestion(tx, originalId, reader, 'originalId');
      if (original.status !== 'published') throw HearthError.validation('originalId', 'Link to a published question.');
      if (original.duplicateOf !== null) {
        throw HearthError.validation('originalId', 'That question is itself closed as a duplicate; link to the question it points to.');
      }
      await settleDue(core, tx, emit, at, [questionId]);
      if (question.duplicateOf === originalId) return this.#detail(tx, question, reader, at);
      const changed = await tx.collection('feedPosts').update(questionId, { duplicateOf: originalId });
      await core.moderated(tx, acting, { action: 'close_duplicate', target: questionRef(questionId), at, data: { originalId } });
      emit({ type: 'qa.question.closed', id: core.ids(), channel: questionChannel(questionId), questionId, duplicateOf: originalId });
      await emitQuestion(core, tx, changed, emit);
      return this.#detail(tx, changed, reader, at);
    });
  }

  /** Reopens a question closed as a duplicate (moderators); an open question stays as it is. */
  async reopen(input: unknown, viewer: Actor): Promise<QuestionDetail> {
    const { questionId } = parseInput(QuestionRefInput, input);
    const core = this.#core;
    const at = core.clock();
    return core.write(async (tx, emit) => {
      const acting = await core.act(tx, viewer, at);
      core.require(acting.member, 'moderate');
      const reader = this.#readerOf(acting.member);
      const question = await readableQuestion(tx, questionId, reader);
      await settleDue(core, tx, emit, at, [questionId]);
      if (question.duplicateOf === null) return this.#detail(tx, question, reader, at);
      const changed = await tx.collection('feedPosts').update(questionId, { duplicateOf: null });
      await core.moderated(tx, acting, { action: 'reopen', target: questionRef(questionId), at, data: { originalId: question.duplicateOf } });
      emit({ type: 'qa.question.closed', id: core.ids(), channel: questionChannel(questionId), questionId, duplicateOf: null });
      await emitQuestion(core, tx, changed, emit);
      return this.#detail(tx, changed, reader, at);
    });
  }

  /** Published questions like `text`, best first with a 0–1 score (CJK-safe: 如何重置密码 finds 忘记密码怎么重置). */
  async similarQuestions(input: unknown, viewer: Actor): Promise<SimilarQuestion[]> {
    const { space, text, limit = 5 } = parseInput(SimilarQuestionsInput, input);
    const core = this.#core;
    const store = core.store;
    const reader = await this.#reader(store, viewer);
    if (space !== undefined && !(await spaceRecord(store, space))) throw noSpace(space);
    const where = space === undefined ? { kind: 'question' as const, status: 'published' as const } : { kind: 'question' as const, status: 'published' as const, spaceId: space };
    const candidates = await store.collection('feedPosts').find({ where });
    const ranked = rankSimilar(text, candidates, (q) => `${q.title ?? ''} ${q.body}`, limit);
    const questions = ranked.map((r) => r.item);
    const ids = questions.map((q) => q.id);
    const [posts, counts] = await Promise.all([presentMany(store, questions, reader.member, reader.staff, this.#order, core.clock()), answerCounts(store, ids)]);
    return ranked.map((r, i) => ({ question: posts[i]!, answerCount: counts.get(r.item.id) ?? 0, accepted: r.item.acceptedAnswerId !== null, score: r.score }));
  }

  /** Who reads, as this community knows them (an assigned role counts). */
  async #reader(tx: Store, viewer: Actor): Promise<Reader> {
    const member = (await this.#core.known(tx, viewer))?.member ?? null;
    return this.#readerOf(member);
  }

  #readerOf(member: Reader['member']): Reader {
    return { member, staff: this.#core.isStaff(member) };
  }

  /** Questions of a space (every space: undefined) with an open bounty past its grace period. */
  async #questionIdsWithDueBounties(space: string | undefined, at: number): Promise<string[]> {
    const store = this.#core.store;
    const due = await store.collection('bounties').find({ where: dueWhere(at) });
    if (due.length === 0) return [];
    const questions = await store.collection('feedPosts').getMany([...new Set(due.map((b) => b.questionId))]);
    return questions.filter((q) => space === undefined || q.spaceId === space).map((q) => q.id);
  }

  /** Runs a settling write only when one of these questions has a bounty due, so plain reads stay reads. */
  async #settleIfDue(at: number, questionIds: readonly string[]): Promise<void> {
    if (questionIds.length === 0) return;
    const core = this.#core;
    if ((await core.store.collection('bounties').count(dueWhere(at, questionIds))) === 0) return;
    await core.write((tx: Store, emit: Emit) => settleDue(core, tx, emit, at, questionIds));
  }

  async #summaries(
    tx: Store,
    questions: readonly FeedPostRecord[],
    reader: Reader,
    now: number,
    counts: Map<string, number>,
    bounties: Map<string, BountyRecord[]>,
  ): Promise<QuestionSummary[]> {
    const ids = questions.map((q) => q.id);
    const [posts, tallies, mine] = await Promise.all([
      presentMany(tx, questions, reader.member, reader.staff, this.#order, now),
      questionCounts(tx, ids),
      viewerVotes(tx, 'post', ids, reader.member),
    ]);
    return questions.map((q, i) => {
      const { up, down } = tallies.get(q.id)!;
      const bounty = shownBounty(bounties.get(q.id) ?? []);
      return {
        question: posts[i]!,
        answerCount: counts.get(q.id) ?? 0,
        accepted: q.acceptedAnswerId !== null,
        votes: tally(up, down, mine.get(q.id) ?? 0),
        bounty: bounty ? toBounty(bounty) : null,
      };
    });
  }

  async #detail(tx: Store, question: FeedPostRecord, reader: Reader, now: number): Promise<QuestionDetail> {
    const all = await tx.collection('answers').find({ where: { questionId: question.id, status: { ne: 'deleted' } } });
    const visible = all.filter((a) => a.status === 'published' || reader.staff || (a.status === 'pending' && a.author.id === reader.member?.id)).sort(compareAnswers);
    const [post, answerVotes, questionVotes, counts, bounties] = await Promise.all([
      presentOne(tx, question, reader.member, reader.staff, this.#order, now),
      viewerVotes(
        tx,
        'answer',
        visible.map((a) => a.id),
        reader.member,
      ),
      viewerVotes(tx, 'post', [question.id], reader.member),
      questionCounts(tx, [question.id]),
      bountiesOf(tx, [question.id]),
    ]);
    const original = question.duplicateOf === null ? null : await tx.collection('feedPosts').get(question.duplicateOf);
    const { up, down } = counts.get(question.id)!;
    const history = bounties.get(question.id) ?? [];
    const shown = shownBounty(history);
    return {
      question: post,
      answers: visible.map((a) => toAnswer(a, reader, answerVotes.get(a.id) ?? 0)),
      answerCount: all.filter((a) => a.status === 'published').length,
      acceptedAnswerId: question.acceptedAnswerId,
      votes: tally(up, down, questionVotes.get(question.id) ?? 0),
      bounty: shown ? toBounty(shown) : null,
      bounties: history.map(toBounty),
      duplicateOf: question.duplicateOf === null ? null : { id: question.duplicateOf, title: original && original.status === 'published' ? original.title : null },
      answerable: question.status === 'published' && question.duplicateOf === null && !question.locked,
    };
  }
}
