// A member's recent content creates, which the gate's repeat and rate rules read on every
// new post. Kept on the member's record so that check reads no log; the activity log
// answers when the record does not reach back far enough.
import type { Store } from '../store.js';
import type { ActivityRecord, MemberRecord, RecentCreates } from '../records.js';

/** The analytics events of content creates; each carries `data.hash` (see `textHash`). */
export const CONTENT_CREATED: readonly ActivityRecord['type'][] = ['comment.created', 'post.created', 'answer.created', 'feedback.created'];

/** The rate rule counts one minute back; the repeat rule looks back its own window when that is longer. */
export const MINUTE = 60_000;

/**
 * At most this many creates are kept (newest); past it the kept span starts later, and a
 * check reaching further back asks the log. Only staff, whom the rate rule does not bind,
 * or a community allowing hundreds a minute, post that often.
 */
export const KEPT_CREATES = 100;

/** One content create as the gate sees it. */
export interface RecentCreate {
  at: number;
  hash: string | null;
}

/**
 * The member's content creates after `since`, newest first. From their record when what it
 * keeps reaches back to `since`; else from the activity log, which then starts the kept list.
 */
export async function recentCreates(tx: Store, memberId: string, since: number): Promise<RecentCreate[]> {
  const members = tx.collection('members');
  const kept = (await members.get(memberId))?.recentCreates;
  if (kept && kept.from <= since) return kept.creates.filter(([at]) => at > since).map(([at, hash]) => ({ at, hash }));
  const events = await tx.collection('activity').find({ where: { memberId, type: { in: CONTENT_CREATED }, at: { gt: since } }, orderBy: [['at', 'desc']] });
  const creates = events.map((event): RecentCreate => ({ at: event.at, hash: typeof event.data.hash === 'string' ? event.data.hash : null }));
  await members.update(memberId, { recentCreates: keep({ from: since, creates: [] }, creates) });
  return creates;
}

/**
 * Adds a content create to the member's kept list, dropping what has left `lookback`, when
 * the record keeps one (else the next check asks the log and starts it).
 */
export async function keptCreate(tx: Store, memberId: string, create: RecentCreate, lookback: number): Promise<void> {
  const members = tx.collection('members');
  const record: MemberRecord | null = await members.get(memberId);
  const kept = record?.recentCreates;
  if (!kept) return;
  const from = Math.max(kept.from, create.at - lookback);
  await members.update(memberId, { recentCreates: keep({ from, creates: kept.creates.filter(([at]) => at > from) }, [create]) });
}

/** `kept` with `added` in it, newest first, cut to `KEPT_CREATES` (the span then starts at the newest dropped). */
function keep(kept: RecentCreates, added: readonly RecentCreate[]): RecentCreates {
  const creates = [...kept.creates, ...added.map(({ at, hash }): [number, string | null] => [at, hash])].sort((a, b) => b[0] - a[0]);
  if (creates.length <= KEPT_CREATES) return { from: kept.from, creates };
  return { from: Math.max(kept.from, creates[KEPT_CREATES]![0]), creates: creates.slice(0, KEPT_CREATES) };
}
