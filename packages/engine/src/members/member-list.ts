import { decodePosition, encodePosition } from '../core/page-cursor.js';
import type { MemberRecord } from '../records.js';

/** Where the next page of the member list starts: after this member in newest-first order. */
export interface MemberCursor {
  joinedAt: number;
  id: string;
}

/** Encodes the position after `record`. Opaque to callers. */
export function encodeMemberCursor(record: Pick<MemberRecord, 'joinedAt' | 'id'>): string {
  return encodePosition('m', { at: record.joinedAt, id: record.id });
}

/** Reads a cursor made by `encodeMemberCursor`, or throws a `validation` error on `cursor`. */
export function decodeMemberCursor(cursor: string): MemberCursor {
  const { at, id } = decodePosition('m', cursor);
  return { joinedAt: at, id };
}

/**
 * Whether a member matches a search: the query anywhere in the display name, ignoring case
 * and width (full-width Latin, compatibility forms), or the member's exact id. An empty
 * query matches everyone.
 */
export function nameMatcher(query: string): (record: Pick<MemberRecord, 'id' | 'displayName'>) => boolean {
  const needle = fold(query.trim());
  if (needle === '') return () => true;
  return (record) => record.id === query.trim() || fold(record.displayName).includes(needle);
}

function fold(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en-US');
}
