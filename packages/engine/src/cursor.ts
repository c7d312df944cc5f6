import type { CommentSort } from '@hearth/protocol';
import { cursorNumber, invalidCursor, packCursor, unpackCursor } from './core/page-cursor.js';
import type { RootKey } from './store.js';

const SORT_CODES: Record<CommentSort, string> = { oldest: 'o', newest: 'n', top: 't' };

/** Encodes where the next page starts. Opaque to callers; only `decodeCursor` reads it. */
export function encodeCursor(sort: CommentSort, key: RootKey): string {
  const parts = [SORT_CODES[sort], key.createdAt, key.seq];
  if (sort === 'top') parts.push(key.score);
  return packCursor(parts);
}

/** Reads a cursor made by `encodeCursor` for the same sort, or throws a `validation` error on `cursor`. */
export function decodeCursor(sort: CommentSort, cursor: string): RootKey {
  const numbers = unpackCursor(cursor, SORT_CODES[sort]);
  if (numbers.length !== (sort === 'top' ? 3 : 2)) throw invalidCursor();
  const [createdAt, seq, score = 0] = numbers.map(cursorNumber);
  return { createdAt: createdAt!, seq: seq!, score };
}
