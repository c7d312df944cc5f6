// Pure rules of the feedback board: ordering, page cursors and "similar" ranking. Kept
// apart from the service so they can be tested without a store.
import type { FeedbackSort, FeedbackStatus } from '@hearth/protocol';
import { cursorNumber, cursorString, invalidCursor, packCursor, unpackCursor } from '../core/page-cursor.js';
import { similarity, terms } from '../core/text.js';

/** What the board orders an item by. */
export interface BoardKey {
  id: string;
  votes: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * Orders two items for a sort: `votes` most votes first, `new` newest first, `updated` most
 * recently changed first; ties go to the newer item, then the larger id, so the order is total.
 */
export function compareBoard(sort: FeedbackSort, a: BoardKey, b: BoardKey): number {
  const desc = (x: number, y: number) => y - x;
  const primary = sort === 'votes' ? desc(a.votes, b.votes) : sort === 'updated' ? desc(a.updatedAt, b.updatedAt) : 0;
  if (primary !== 0) return primary;
  const created = desc(a.createdAt, b.createdAt);
  if (created !== 0) return created;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

const SORT_CODES: Record<FeedbackSort, string> = { votes: 'v', new: 'n', updated: 'u' };

/** Where the next page starts (strictly after `key` in the sort's order). Opaque to callers. */
export function encodeBoardCursor(sort: FeedbackSort, key: BoardKey): string {
  return packCursor([SORT_CODES[sort], key.votes, key.createdAt, key.updatedAt, key.id]);
}

/** Reads a cursor made by `encodeBoardCursor` for the same sort, or a `validation` error on `cursor`. */
export function decodeBoardCursor(sort: FeedbackSort, cursor: string): BoardKey {
  const parts = unpackCursor(cursor, SORT_CODES[sort]);
  if (parts.length !== 4) throw invalidCursor();
  const [votes, createdAt, updatedAt, id] = parts;
  return { votes: cursorNumber(votes), createdAt: cursorNumber(createdAt), updatedAt: cursorNumber(updatedAt), id: cursorString(id) };
}

/** One page of `items` (already filtered) in the sort's order, after `after` when given. */
export function pageBoard<T extends BoardKey>(sort: FeedbackSort, items: readonly T[], after: BoardKey | null, limit: number): { items: T[]; nextCursor: string | null } {
  const sorted = [...items].sort((a, b) => compareBoard(sort, a, b));
  const rest = after ? sorted.filter((item) => compareBoard(sort, item, after) > 0) : sorted;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rest.length > limit && last ? encodeBoardCursor(sort, last) : null };
}

/** Statuses that close an item: suggestions list them after the open ones. */
export const CLOSED_STATUSES: readonly FeedbackStatus[] = ['done', 'declined'];

/** The least share of the typed text's terms an item must hold to be suggested. */
export const MIN_SIMILARITY = 0.3;

/** A candidate for "similar" suggestions. */
export interface SimilarCandidate extends BoardKey {
  status: FeedbackStatus;
  text: string;
}

/**
 * Ranks candidates by how alike they are to `query` (CJK-safe terms): items alike enough,
 * open ones before done and declined ones, then most alike, then most votes, then newest.
 */
export function rankSimilar<T extends SimilarCandidate>(query: string, candidates: readonly T[], limit: number): Array<{ item: T; score: number }> {
  const wanted = terms(query);
  if (wanted.size === 0) return [];
  const scored = candidates
    .map((item) => ({ item, score: similarity(wanted, item.text) }))
    .filter(({ score }) => score >= MIN_SIMILARITY);
  const closed = (item: T) => (CLOSED_STATUSES.includes(item.status) ? 1 : 0);
  scored.sort((a, b) => closed(a.item) - closed(b.item) || b.score - a.score || compareBoard('votes', a.item, b.item));
  return scored.slice(0, limit).map(({ item, score }) => ({ item, score: Math.round(score * 1000) / 1000 }));
}
