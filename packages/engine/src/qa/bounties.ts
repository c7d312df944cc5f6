// Bounty settlement: paid in full on an accept up to `graceUntil`, half to the top answer
// when it expires unaccepted, never refunded. Runs inside whatever write touches the question.
import { questionChannel, type Member } from '@hearth/protocol';
import type { Acting, Core, Emit } from '../core/core.js';
import type { Where } from '../collections.js';
import type { Store } from '../store.js';
import { toBounty } from './present.js';
import type { AnswerRecord, BountyRecord } from './records.js';
import { bountyWinner } from './rules.js';

/** `bounty:<id>`: the escrow and the award are recorded under this ref. */
export function bountyRef(id: string): string {
  return `bounty:${id}`;
}

/** Publishes a bounty's new state on its question's channel. */
export function emitBounty(core: Core, emit: Emit, bounty: BountyRecord): void {
  emit({ type: 'qa.bounty.changed', id: core.ids(), channel: questionChannel(bounty.questionId), questionId: bounty.questionId, bounty: toBounty(bounty) });
}

/** Where the open bounties past their grace period are, optionally only on some questions. */
export function dueWhere(at: number, questionIds?: readonly string[]): Where<BountyRecord> {
  const where: Where<BountyRecord> = { status: 'open', graceUntil: { lt: at } };
  if (questionIds) where.questionId = { in: questionIds };
  return where;
}

/**
 * Settles every open bounty past its grace period (on these questions, or all): half,
 * rounded down, to the top answer with enough upvotes, else nothing. Returns what it settled.
 */
export async function settleDue(core: Core, tx: Store, emit: Emit, at: number, questionIds?: readonly string[]): Promise<BountyRecord[]> {
  if (questionIds && questionIds.length === 0) return [];
  const due = await tx.collection('bounties').find({ where: dueWhere(at, questionIds), orderBy: [['graceUntil', 'asc']] });
  const settled: BountyRecord[] = [];
  for (const bounty of due) settled.push(await expire(core, tx, emit, bounty, at));
  return settled;
}

async function expire(core: Core, tx: Store, emit: Emit, bounty: BountyRecord, at: number): Promise<BountyRecord> {
  const answers = await tx.collection('answers').find({ where: { questionId: bounty.questionId, status: 'published' } });
  const winner = bountyWinner(answers, bounty.memberId);
  const amount = winner ? Math.floor(bounty.amount / 2) : 0;
  if (winner && amount > 0) {
    await core.points.move(tx, { memberId: winner.author.id, delta: amount, rule: 'bounty_award', ref: bountyRef(bounty.id), at, actorId: null, reason: 'Half of an expired bounty' });
  }
  const changed = await tx.collection('bounties').update(bounty.id, {
    status: 'expired',
    paidTo: winner && amount > 0 ? winner.author.id : null,
    answerId: winner && amount > 0 ? winner.id : null,
    paidAmount: amount,
    settledAt: at,
  });
  await core.track(tx, null, 'bounty.settled', `post:${bounty.questionId}`, { amount, outcome: amount > 0 ? 'expired_half' : 'expired_unpaid' }, at);
  emitBounty(core, emit, changed);
  return changed;
}

/** The question's open bounty, or null. */
export async function openBounty(tx: Store, questionId: string): Promise<BountyRecord | null> {
  return (await tx.collection('bounties').find({ where: { questionId, status: 'open' }, limit: 1 }))[0] ?? null;
}

/**
 * Pays the question's open bounty in full to the accepted answer's author, when the accept
 * comes by `graceUntil` (call `settleDue` first, so a late accept finds it expired). An
 * answer by the asker takes nothing and leaves the bounty open. Returns the paid bounty.
 */
export async function payOnAccept(core: Core, tx: Store, emit: Emit, answer: AnswerRecord, acting: Acting, at: number): Promise<BountyRecord | null> {
  const bounty = await openBounty(tx, answer.questionId);
  if (!bounty || at > bounty.graceUntil || answer.author.id === bounty.memberId) return null;
  await core.points.move(tx, { memberId: answer.author.id, delta: bounty.amount, rule: 'bounty_award', ref: bountyRef(bounty.id), at, actorId: acting.member.id, reason: 'Bounty for the accepted answer' });
  const changed = await tx.collection('bounties').update(bounty.id, { status: 'paid', paidTo: answer.author.id, answerId: answer.id, paidAmount: bounty.amount, settledAt: at });
  await core.track(tx, acting, 'bounty.settled', `post:${bounty.questionId}`, { amount: bounty.amount, outcome: 'awarded' }, at);
  emitBounty(core, emit, changed);
  return changed;
}

/** A new bounty's record: open 7 days, then 24 h of grace. */
export function newBounty(id: string, questionId: string, asker: Member, amount: number, at: number, period: { openMs: number; graceMs: number }): BountyRecord {
  const expiresAt = at + period.openMs;
  return {
    id,
    questionId,
    memberId: asker.id,
    amount,
    createdAt: at,
    expiresAt,
    graceUntil: expiresAt + period.graceMs,
    status: 'open',
    paidTo: null,
    answerId: null,
    paidAmount: 0,
    settledAt: null,
  };
}
