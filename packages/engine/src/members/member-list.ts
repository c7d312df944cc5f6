import { HearthError } from '@hearth/protocol';
import type { MemberRecord } from '../records.js';

/** Where the next page of the member list starts: after this member in newest-first order. */
export interface MemberCursor {
  joinedAt: number;
  id: string;
}

/** Encodes the position after `record`. Opaque to callers. */
export function encodeMemberCursor(record: Pick<MemberRecord, 'joinedAt' | 'id'>): string {
  return base64url(JSON.stringify(['m', record.joinedAt, record.id]));
}

/** Reads a cursor made by `encodeMemberCursor`, or throws a `validation` error on `cursor`. */
export function decodeMemberCursor(cursor: string): MemberCursor {
  let parts: unknown;
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    parts = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== 3 || parts[0] !== 'm') throw invalid();
  const [, joinedAt, id] = parts as unknown[];
  if (typeof joinedAt !== 'number' || !Number.isFinite(joinedAt) || typeof id !== 'string' || id.length === 0) throw invalid();
  return { joinedAt, id };
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

function invalid(): HearthError {
  return HearthError.validation('cursor', 'This page link is not valid for the member list. Start again from the first page.');
}

function base64url(text: string): string {
  // Member ids may hold any character; btoa takes only Latin-1, so encode UTF-8 bytes first.
  const binary = Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
