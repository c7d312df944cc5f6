// Loading questions and answers, and moving an answer between statuses with every side effect
// (points, counts, the question's reply count and acceptance, openers, realtime). Shared by the
// service and the content handler moderation drives.
import { DEFAULT_COMMENT_SETTINGS, HearthError, canRead, outranks, questionChannel, refKey } from '@hearth/protocol';
import type { Acting, ContentHandler, Core, Emit } from '../core/core.js';
import type { Store } from '../store.js';
import type { FeedPostRecord } from '../feed/records.js';
import { emitPost } from '../feed/posts.js';
import { PUBLIC, toAnswer, type Reader } from './present.js';
import type { AnswerRecord } from './records.js';
import { settleDue } from './bounties.js';

// Events show the public view, which lists no viewer reactions, so any reaction order will do.
const publicOrder = (): readonly string[] => DEFAULT_COMMENT_SETTINGS.reactions;

/** `answer:<id>`: what an answer earned is recorded under this ref. */
export function answerRef(id: string): string {
  return refKey({ type: 'answer', id });
}

/** `post:<id>`: a question's ref (ledger, openers). */
export function questionRef(id: string): string {
  return refKey({ type: 'post', id });
}

function missing(path: string, message: string): HearthError {
  return new HearthError('not_found', message, { issues: [{ path, message }] });
}

/** The question `reader` may read, or `not_found` naming `path` (deleted questions are gone for everyone). */
export async function readableQuestion(tx: Store, id: string, reader: Reader, path = 'questionId'): Promise<FeedPostRecord> {
  const post = await tx.collection('feedPosts').get(id);
  if (!post || post.kind !== 'question' || !canRead(post, reader.member?.id ?? null, reader.staff)) {
    throw missing(path, post?.status === 'deleted' && post.kind === 'question' ? 'This question was deleted.' : 'There is no such question.');
  }
  return post;
}

/** The answer `reader` may read, or `not_found` naming `path`. */
export async function readableAnswer(tx: Store, id: string, reader: Reader, path = 'answerId'): Promise<AnswerRecord> {
  const answer = await tx.collection('answers').get(id);
  if (!answer || !canRead(answer, reader.member?.id ?? null, reader.staff)) {
    throw missing(path, answer?.status === 'deleted' ? 'This answer was deleted.' : 'There is no such answer.');
  }
  return answer;
}

/**
 * Throws `forbidden` when a moderator would edit or delete the answer of someone ranked
 * above them (the rank rule of moderation, docs/moderation.md), by the author's role now.
 */
export async function requireRank(tx: Store, answer: AnswerRecord, acting: Acting, action: 'edit' | 'delete'): Promise<void> {
  const record = await tx.collection('members').get(answer.author.id);
  const role = record ? (record.assignedRole ?? record.role) : answer.author.role;
  if (outranks(role, acting.member.role)) throw new HearthError('forbidden', `You cannot ${action} an answer by someone ranked above you.`);
}

/** Publishes an answer's public view on its question's channel. */
export function emitAnswer(core: Core, emit: Emit, type: 'qa.answer.created' | 'qa.answer.updated', answer: AnswerRecord): void {
  emit({ type, id: core.ids(), channel: questionChannel(answer.questionId), questionId: answer.questionId, answer: toAnswer(answer, PUBLIC, 0) });
}

/** Tells the question's space that the question changed (replies, score, acceptance, closing). */
export async function emitQuestion(core: Core, tx: Store, question: FeedPostRecord, emit: Emit): Promise<void> {
  await emitPost(core, tx, question, 'feed.post.updated', emit, publicOrder);
}

/** What publishing an answer sets off: the author's count and points, the question's replies, openers. */
async function published(core: Core, tx: Store, answer: AnswerRecord, emit: Emit, at: number): Promise<void> {
  await core.countPublished(tx, answer.author.id, 1);
  const question = await tx.collection('feedPosts').get(answer.questionId);
  if (!question) return;
  // Answering one's own question earns nothing (it would be points for talking to oneself).
  if (question.authorId !== answer.author.id) {
    await core.points.award(tx, { memberId: answer.author.id, rule: 'answer', ref: answerRef(answer.id), at, actorId: answer.author.id });
  }
  const changed = await tx.collection('feedPosts').update(question.id, { replyCount: question.replyCount + 1, lastActivityAt: Math.max(question.lastActivityAt, at) });
  await core.openers.replied(tx, { ref: questionRef(question.id), replier: answer.author, at });
  await emitQuestion(core, tx, changed, emit);
}

/**
 * The reverse of `published`, when a published answer is hidden, deleted or sent back to
 * review: what it earned (answer, upvotes, acceptance) is reversed, and an accepted answer
 * stops being accepted (the asker may accept it again once it is back).
 */
async function unpublished(core: Core, tx: Store, answer: AnswerRecord, emit: Emit, at: number): Promise<void> {
  await core.countPublished(tx, answer.author.id, -1);
  await core.points.reverse(tx, { ref: answerRef(answer.id), at });
  const question = await tx.collection('feedPosts').get(answer.questionId);
  if (!question) return;
  const patch: Partial<FeedPostRecord> = { replyCount: Math.max(0, question.replyCount - 1) };
  if (question.acceptedAnswerId === answer.id) patch.acceptedAnswerId = null;
  const changed = await tx.collection('feedPosts').update(question.id, patch);
  await core.openers.replyRemoved(tx, questionRef(question.id), answer.author);
  await emitQuestion(core, tx, changed, emit);
}

/**
 * Moves an answer to a status with every side effect and publishes the change; returns the
 * answer as stored. A deleted answer's body is emptied and nothing brings it back.
 */
export async function changeAnswerStatus(core: Core, tx: Store, answer: AnswerRecord, status: AnswerRecord['status'], emit: Emit, at: number): Promise<AnswerRecord> {
  const prior = answer.status;
  if (prior === status) return answer;
  if (prior === 'deleted') throw new HearthError('not_found', 'This answer was deleted.');
  const patch: Partial<AnswerRecord> = { status };
  if (status !== 'pending') patch.heldReason = null;
  if (status === 'deleted') patch.body = '';
  if (status !== 'published') patch.accepted = false;
  const changed = await tx.collection('answers').update(answer.id, patch);
  if (prior === 'published') await unpublished(core, tx, answer, emit, at);
  if (status === 'published') await published(core, tx, changed, emit, at);
  // The public first hears of an answer when it is published.
  if (prior === 'pending' && status === 'published') emitAnswer(core, emit, 'qa.answer.created', changed);
  else if (prior !== 'pending') emitAnswer(core, emit, 'qa.answer.updated', changed);
  return changed;
}

/** Stores a new answer's first side effects once the gate said it is published. */
export async function answerCreated(core: Core, tx: Store, answer: AnswerRecord, emit: Emit, at: number): Promise<void> {
  await published(core, tx, answer, emit, at);
  emitAnswer(core, emit, 'qa.answer.created', answer);
}

/** What moderation can do to answers: approve, hide, restore, delete. */
export function answerHandler(core: Core): ContentHandler {
  return {
    load: async (tx, id) => {
      const answer = await tx.collection('answers').get(id);
      if (!answer) return null;
      const question = await tx.collection('feedPosts').get(answer.questionId);
      return {
        type: 'answer',
        id,
        author: answer.author,
        status: answer.status,
        text: answer.body,
        location: question?.spaceId ?? 'qa',
        createdAt: answer.createdAt,
      };
    },
    setStatus: async (tx, id, status, emit) => {
      const answer = await tx.collection('answers').get(id);
      if (!answer) throw new HearthError('not_found', 'There is no such answer.');
      const at = core.clock();
      // An expired bounty settles as it stood at the end of grace, before this answer changes.
      await settleDue(core, tx, emit, at, [answer.questionId]);
      await changeAnswerStatus(core, tx, answer, status, emit, at);
    },
  };
}
