import { HearthError, type CommentSort } from '@hearth/protocol';
import type { RootKey } from './store.js';

const SORT_CODES: Record<CommentSort, string> = { oldest: 'o', newest: 'n', top: 't' };

/** Encodes where the next page starts. Opaque to callers; only `decodeCursor` reads it. */
export function encodeCursor(sort: CommentSort, key: RootKey): string {
  const parts = [SORT_CODES[sort], key.createdAt, key.seq];
  if (sort === 'top') parts.push(key.score);
  return base64url(JSON.stringify(parts));
}

/** Reads a cursor made by `encodeCursor` for the same sort, or throws a `validation` error on `cursor`. */
export function decodeCursor(sort: CommentSort, cursor: string): RootKey {
  let parts: unknown;
  try {
    parts = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts[0] !== SORT_CODES[sort]) throw invalid();
  const numbers = parts.slice(1);
  if (numbers.length !== (sort === 'top' ? 3 : 2) || !numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) throw invalid();
  const [createdAt, seq, score = 0] = numbers as number[];
  return { createdAt: createdAt!, seq: seq!, score };
}

function invalid(): HearthError {
  return HearthError.validation('cursor', 'This page link is not valid for this list. Start again from the first page.');
}

function base64url(text: string): string {
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
