// How Q&A records read to one viewer, and the store reads that presenting needs.
import { canRead, type Answer, type Bounty, type Member, type VoteTally, type VoteValue } from '@hearth/protocol';
import type { Store } from '../store.js';
import type { AnswerRecord, BountyRecord, VoteRecord } from './records.js';

/** Who reads: the member (null when anonymous) and whether they are staff. */
export interface Reader {
  member: Member | null;
  staff: boolean;
}

/** The public, viewer-free reader that realtime events are written for. */
export const PUBLIC: Reader = { member: null, staff: false };

const iso = (ms: number) => new Date(ms).toISOString();

/** The id of one member's vote on one target (unique per member and target). */
export function voteId(type: VoteRecord['targetType'], targetId: string, memberId: string): string {
  return `${type}:${targetId}:${memberId}`;
}

/** A tally from counts and the viewer's vote. */
export function tally(up: number, down: number, viewerVote: VoteValue): VoteTally {
  return { up, down, score: up - down, viewerVote };
}

/** An answer as `reader` sees it; a body they may not read comes out empty. A held answer says why to those who may read it. */
export function toAnswer(answer: AnswerRecord, reader: Reader, viewerVote: VoteValue): Answer {
  const open = canRead(answer, reader.member?.id ?? null, reader.staff);
  const out: Answer = {
    id: answer.id,
    questionId: answer.questionId,
    body: open ? answer.body : '',
    author: answer.author,
    createdAt: iso(answer.createdAt),
    editedAt: answer.editedAt === null ? null : iso(answer.editedAt),
    status: answer.status,
    accepted: answer.accepted,
    votes: tally(answer.up, answer.down, open ? viewerVote : 0),
  };
  if (open && answer.status === 'pending' && answer.heldReason) out.heldReason = answer.heldReason;
  return out;
}

/** A bounty as everyone sees it. */
export function toBounty(bounty: BountyRecord): Bounty {
  return {
    id: bounty.id,
    questionId: bounty.questionId,
    offeredBy: bounty.memberId,
    amount: bounty.amount,
    createdAt: iso(bounty.createdAt),
    expiresAt: iso(bounty.expiresAt),
    graceUntil: iso(bounty.graceUntil),
    status: bounty.status,
    paidTo: bounty.paidTo,
    answerId: bounty.answerId,
    paidAmount: bounty.paidAmount,
    settledAt: bounty.settledAt === null ? null : iso(bounty.settledAt),
  };
}

/** The viewer's votes on these targets of one type, by target id. */
export async function viewerVotes(tx: Store, type: VoteRecord['targetType'], ids: readonly string[], viewer: Member | null): Promise<Map<string, VoteValue>> {
  const out = new Map<string, VoteValue>();
  if (!viewer || ids.length === 0) return out;
  const rows = await tx.collection('votes').getMany(ids.map((id) => voteId(type, id, viewer.id)));
  for (const row of rows) out.set(row.targetId, row.value);
  return out;
}

/** Up and down votes on these questions, by question id, counted from the vote rows. */
export async function questionCounts(tx: Store, ids: readonly string[]): Promise<Map<string, { up: number; down: number }>> {
  const out = new Map<string, { up: number; down: number }>(ids.map((id) => [id, { up: 0, down: 0 }]));
  if (ids.length === 0) return out;
  const rows = await tx.collection('votes').find({ where: { targetType: 'post', targetId: { in: ids } } });
  for (const row of rows) {
    const counts = out.get(row.targetId)!;
    if (row.value === 1) counts.up += 1;
    else counts.down += 1;
  }
  return out;
}

/** Published answers per question. */
export async function answerCounts(tx: Store, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return out;
  const rows = await tx.collection('answers').find({ where: { questionId: { in: ids }, status: 'published' } });
  for (const row of rows) out.set(row.questionId, (out.get(row.questionId) ?? 0) + 1);
  return out;
}

/** The bounty a question shows: the open one, else the latest settled one, else none. */
export function shownBounty(bounties: readonly BountyRecord[]): BountyRecord | null {
  const open = bounties.find((b) => b.status === 'open');
  if (open) return open;
  return [...bounties].sort((a, b) => b.createdAt - a.createdAt)[0] ?? null;
}

/** Bounties of these questions, by question id, newest first. */
export async function bountiesOf(tx: Store, ids: readonly string[]): Promise<Map<string, BountyRecord[]>> {
  const out = new Map<string, BountyRecord[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await tx.collection('bounties').find({ where: { questionId: { in: ids } }, orderBy: [['createdAt', 'desc']] });
  for (const row of rows) out.get(row.questionId)?.push(row);
  return out;
}
