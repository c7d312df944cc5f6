// One vote per member per question or answer: cast, changed, taken back. Counts change in the
// same write as the vote rows; upvotes received earn the author points, reversed on removal.
import { HearthError, questionChannel, type VoteResult, type VoteTarget, type VoteValue } from '@hearth/protocol';
import type { Acting, Core, Emit } from '../core/core.js';
import type { Store } from '../store.js';
import { answerRef, emitQuestion, questionRef, readableAnswer, readableQuestion } from './answers.js';
import { questionCounts, tally, voteId, type Reader } from './present.js';
import type { VoteRecord } from './records.js';
import { settleDue } from './bounties.js';

/** Casts, changes or takes back (`0`) the acting member's vote on a target. */
export async function castVote(core: Core, tx: Store, emit: Emit, acting: Acting, target: VoteTarget, value: VoteValue, at: number): Promise<VoteResult> {
  const member = acting.member;
  const reader: Reader = { member, staff: core.isStaff(member) };
  // Resolve the target: a question (feed post of kind question) or an answer.
  const answer = target.type === 'answer' ? await readableAnswer(tx, target.id, reader, 'target.id') : null;
  const questionId = answer ? answer.questionId : target.id;
  if (!answer) {
    const post = await tx.collection('feedPosts').get(target.id);
    if (post && post.kind !== 'question' && post.status !== 'deleted') {
      throw HearthError.validation('target.id', 'Only questions and answers take votes; react to other posts instead.');
    }
  }
  const question = await readableQuestion(tx, questionId, reader, 'target.id');
  await settleDue(core, tx, emit, at, [question.id]);
  const item = answer ?? question;
  if (item.status !== 'published') throw new HearthError('conflict', `Only published ${answer ? 'answers' : 'questions'} take votes.`);
  if (item.author.id === member.id) throw new HearthError('forbidden', `You cannot vote on your own ${answer ? 'answer' : 'question'}.`);

  const votes = tx.collection('votes');
  const id = voteId(target.type, target.id, member.id);
  const prior = await votes.get(id);
  const before: VoteValue = prior?.value ?? 0;
  if (before !== value) {
    if (value === 0) await votes.remove(id);
    else {
      const record: VoteRecord = { id, targetType: target.type, targetId: target.id, questionId, memberId: member.id, value, createdAt: at };
      await votes.put(record);
    }
    const ref = answer ? answerRef(answer.id) : questionRef(question.id);
    const author = item.author.id;
    if (before === 1) await core.points.reverse(tx, { ref, memberId: author, rule: 'upvote_received', actorId: member.id, at });
    if (value === 1) await core.points.award(tx, { memberId: author, rule: 'upvote_received', ref, at, actorId: member.id });
    await core.track(tx, acting, 'vote.cast', ref, { value }, at);
  }

  let up: number;
  let down: number;
  if (answer) {
    up = answer.up + (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
    down = answer.down + (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
    if (before !== value) await tx.collection('answers').update(answer.id, { up, down });
  } else {
    ({ up, down } = (await questionCounts(tx, [question.id])).get(question.id)!);
    // The question's feed score is reactions plus votes: move it by the change in this vote.
    if (before !== value) await emitQuestion(core, tx, await tx.collection('feedPosts').update(question.id, { score: question.score + value - before }), emit);
  }
  if (before !== value) emit({ type: 'qa.votes.changed', id: core.ids(), channel: questionChannel(questionId), questionId, target, up, down });
  return { target, questionId, votes: tally(up, down, value) };
}
