// How feedback records become what a viewer sees: who may see an item, vote counts counted
// from the vote rows, the latest official reply and the status history.
import type { Feedback, FeedbackDetail, FeedbackReply, FeedbackStatusChange, Member } from '@hearth/protocol';
import type { Store } from '../store.js';
import type { FeedbackRecord, FeedbackUpdateRecord } from './records.js';

/** Who is looking: the member (null for anonymous) and whether they are staff. */
export interface Looker {
  member: Member | null;
  staff: boolean;
}

/** The public view (realtime events): nobody signed in, not staff. */
export const PUBLIC: Looker = { member: null, staff: false };

/**
 * Whether a looker may see an item: published by everyone, pending by its author and staff,
 * hidden and deleted by staff only.
 */
export function canSee(record: FeedbackRecord, looker: Looker): boolean {
  if (record.visibility === 'published') return true;
  if (looker.staff) return true;
  return record.visibility === 'pending' && looker.member !== null && looker.member.id === record.authorId;
}

/** The id of a member's upvote on an item. */
export function voteId(feedbackId: string, memberId: string): string {
  return `${feedbackId}:${memberId}`;
}

/** Vote counts of several items, counted from the vote rows. */
export async function voteCounts(tx: Store, ids: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return counts;
  const votes = await tx.collection('feedbackVotes').find({ where: { feedbackId: { in: ids } } });
  for (const vote of votes) counts.set(vote.feedbackId, (counts.get(vote.feedbackId) ?? 0) + 1);
  return counts;
}

/** Every status change of the items, oldest first. */
export async function historyOf(tx: Store, ids: readonly string[]): Promise<Map<string, FeedbackUpdateRecord[]>> {
  const out = new Map<string, FeedbackUpdateRecord[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const updates = await tx.collection('feedbackUpdates').find({ where: { feedbackId: { in: ids } }, orderBy: [['at', 'asc'], ['seq', 'asc']] });
  for (const update of updates) out.get(update.feedbackId)?.push(update);
  return out;
}

/** Presents items for a looker, reading their votes, the looker's own votes and replies in a few queries. */
export async function present(tx: Store, records: readonly FeedbackRecord[], looker: Looker, withHistory: true): Promise<FeedbackDetail[]>;
export async function present(tx: Store, records: readonly FeedbackRecord[], looker: Looker, withHistory?: false): Promise<Feedback[]>;
export async function present(tx: Store, records: readonly FeedbackRecord[], looker: Looker, withHistory = false): Promise<Feedback[] | FeedbackDetail[]> {
  const ids = records.map((r) => r.id);
  // One after another: a SQL transaction runs one statement at a time anyway.
  const counts = await voteCounts(tx, ids);
  const history = await historyOf(tx, ids);
  const mine = await votedBy(tx, ids, looker.member);
  return records.map((record) => {
    const changes = history.get(record.id) ?? [];
    const item = toFeedback(record, looker, counts.get(record.id) ?? 0, mine.has(record.id), changes);
    return withHistory ? { ...item, history: changes.map(toChange) } : item;
  });
}

/** One item for a looker. */
export async function presentOne(tx: Store, record: FeedbackRecord, looker: Looker): Promise<FeedbackDetail> {
  const [detail] = await present(tx, [record], looker, true);
  return detail!;
}

async function votedBy(tx: Store, ids: readonly string[], member: Member | null): Promise<Set<string>> {
  if (!member || ids.length === 0) return new Set();
  const votes = await tx.collection('feedbackVotes').getMany(ids.map((id) => voteId(id, member.id)));
  return new Set(votes.map((v) => v.feedbackId));
}

function toFeedback(record: FeedbackRecord, looker: Looker, voteCount: number, viewerVoted: boolean, changes: readonly FeedbackUpdateRecord[]): Feedback {
  const privy = looker.staff || (looker.member !== null && looker.member.id === record.authorId);
  // Text of an item the looker may not read (a realtime event about a hidden item) is left out.
  const readable = canSee(record, looker);
  const reply = [...changes].reverse().find((c) => c.reply !== null);
  const officialReply: FeedbackReply | null = reply ? { body: reply.reply!, status: reply.to, author: reply.actor, at: iso(reply.at) } : null;
  const item: Feedback = {
    id: record.id,
    space: record.spaceId,
    kind: record.kind,
    title: readable ? record.title : null,
    body: readable ? record.body : '',
    rating: record.rating,
    nps: record.nps,
    pageUrl: readable ? record.pageUrl : null,
    pageTitle: readable ? record.pageTitle : null,
    author: record.author,
    email: looker.staff ? record.email : null,
    status: record.status,
    duplicateOf: record.duplicateOf,
    voteCount,
    viewerVoted,
    officialReply: readable ? officialReply : null,
    visibility: record.visibility,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
  if (privy && record.visibility === 'pending' && record.heldReason) item.heldReason = record.heldReason;
  return item;
}

function toChange(update: FeedbackUpdateRecord): FeedbackStatusChange {
  return { id: update.id, from: update.from, to: update.to, reply: update.reply, duplicateOf: update.duplicateOf, actor: update.actor, at: iso(update.at) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
