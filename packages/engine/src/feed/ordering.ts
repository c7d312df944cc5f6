// Feed orders and their cursors. Every order is a total order on a key tuple compared
// ascending (numbers negated for "descending"), ties broken by id, so a cursor holding
// the last key of a page says exactly where the next page starts: no duplicates, no gaps.
import type { FeedSort } from '@hearth/protocol';
import { cursorNumber, invalidCursor, packCursor, unpackCursor } from '../core/page-cursor.js';
import type { FeedPostRecord } from './records.js';

const HOUR = 3_600_000;

/** The `hot` formula's constants (docs/feed.md explains them). */
export const HOT = {
  /** Each reply weighs as much as this many points of score. */
  replyWeight: 2,
  /** Hours added to a post's age so a brand-new post does not divide by (almost) zero. */
  offsetHours: 2,
  /** How fast age wins over score: higher sinks old posts faster. */
  gravity: 1.5,
} as const;

/** `(score + 2·replyCount + 1) / (ageHours + 2)^1.5`, with age taken at `now`. */
export function hotScore(post: Pick<FeedPostRecord, 'score' | 'replyCount' | 'createdAt'>, now: number): number {
  const ageHours = Math.max(0, now - post.createdAt) / HOUR;
  return (post.score + HOT.replyWeight * post.replyCount + 1) / Math.pow(ageHours + HOT.offsetHours, HOT.gravity);
}

/** A position in an order: compared element by element, ascending. */
export type SortKey = Array<number | string>;

/** The key of a post in `sort`, with `hot` measured at `now`. */
export function sortKey(post: FeedPostRecord, sort: FeedSort, now: number): SortKey {
  switch (sort) {
    case 'new':
      return [-post.createdAt, post.id];
    case 'top':
      return [-post.score, -post.createdAt, post.id];
    case 'hot':
      return [-hotScore(post, now), -post.createdAt, post.id];
    case 'unanswered':
      return [post.createdAt, post.id];
  }
}

/** The key of a pinned post: pin order, then id. */
export function pinKey(post: FeedPostRecord): SortKey {
  return [post.pinnedAt ?? 0, post.id];
}

/** Orders two keys of the same shape. */
export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Whether a post still waits for a first reply: published, none, no accepted answer, open. */
export function unanswered(post: FeedPostRecord): boolean {
  return post.status === 'published' && post.replyCount === 0 && post.acceptedAnswerId === null && post.duplicateOf === null && !post.locked;
}

/** Where the next page starts. */
export interface FeedCursor {
  sort: FeedSort;
  /** Which list, so a link from another space or filter is refused. */
  list: string;
  /** The clock-time snapshot `hot` is measured at on every page of one walk. */
  at: number;
  /** Whether the last item was a pinned post (then the rest of the pins come next). */
  pinned: boolean;
  /** The last item's key (`pinKey` when pinned, else `sortKey`). */
  key: SortKey;
}

const SORT_CODES: Record<FeedSort, string> = { new: 'n', top: 't', hot: 'h', unanswered: 'u' };

/** Encodes a cursor. Opaque to callers; only `decodeFeedCursor` reads it. */
export function encodeFeedCursor(cursor: FeedCursor): string {
  return packCursor(['f', SORT_CODES[cursor.sort], cursor.list, cursor.at, cursor.pinned ? 1 : 0, cursor.key]);
}

/** Reads a cursor made for the same sort and list, or throws a `validation` error on `cursor`. */
export function decodeFeedCursor(text: string, sort: FeedSort, list: string): FeedCursor {
  const parts = unpackCursor(text, 'f');
  if (parts.length !== 5 || parts[0] !== SORT_CODES[sort] || parts[1] !== list) throw invalidCursor();
  const [, , at, pinned, key] = parts;
  const keyOk = Array.isArray(key) && key.length >= 2 && key.length <= 3 && key.every((k) => (typeof k === 'number' && Number.isFinite(k)) || typeof k === 'string');
  if ((pinned !== 0 && pinned !== 1) || !keyOk) throw invalidCursor();
  return { sort, list, at: cursorNumber(at), pinned: pinned === 1, key: key as SortKey };
}

/**
 * One page of `posts` (already filtered to what the viewer sees): pinned posts first in
 * pin order, then the rest in `sort` order, starting after `after`.
 */
export function pageOfPosts(
  posts: readonly FeedPostRecord[],
  sort: FeedSort,
  limit: number,
  at: number,
  list: string,
  after: FeedCursor | null,
): { items: FeedPostRecord[]; next: FeedCursor | null } {
  const keyed = (post: FeedPostRecord) => ({ post, pinned: post.pinnedAt !== null, key: post.pinnedAt !== null ? pinKey(post) : sortKey(post, sort, at) });
  const all = posts.map(keyed);
  const pins = all.filter((p) => p.pinned).sort((a, b) => compareKeys(a.key, b.key));
  const rest = all.filter((p) => !p.pinned).sort((a, b) => compareKeys(a.key, b.key));
  let sequence: typeof all;
  if (!after) sequence = [...pins, ...rest];
  else if (after.pinned) sequence = [...pins.filter((p) => compareKeys(p.key, after.key) > 0), ...rest];
  else sequence = rest.filter((p) => compareKeys(p.key, after.key) > 0);
  const page = sequence.slice(0, limit);
  const last = page[page.length - 1];
  const next = sequence.length > limit && last ? { sort, list, at, pinned: last.pinned, key: last.key } : null;
  return { items: page.map((p) => p.post), next };
}
