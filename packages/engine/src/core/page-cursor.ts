import { HearthError } from '@hearth/protocol';

// One way to make and read the opaque cursors of every list (base64url of UTF-8 JSON, since
// ids may hold any character), so every list refuses a bad link the same way.

/** The `validation` error on `cursor` for a link that is not one of this list's. */
export function invalidCursor(): HearthError {
  return HearthError.validation('cursor', 'This page link is not valid for this list. Start again from the first page.');
}

/** Packs a page position into an opaque, URL-safe cursor. */
export function packCursor(parts: readonly unknown[]): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(parts))) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The parts of a cursor made by `packCursor` whose first part is `tag`, or `invalidCursor()`. */
export function unpackCursor(cursor: string, tag: string): unknown[] {
  let parts: unknown;
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    parts = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parts) || parts[0] !== tag) throw invalidCursor();
  return parts.slice(1);
}

/** A finite number read from a cursor, or `invalidCursor()`. */
export function cursorNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidCursor();
  return value;
}

/** A non-empty string read from a cursor, or `invalidCursor()`. */
export function cursorString(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidCursor();
  return value;
}

/** Where a list ordered by (a number, id) stopped: the last item's number and id. */
export interface Position {
  at: number;
  id: string;
}

/** An opaque cursor for `position`, tagged with the list it belongs to. */
export function encodePosition(list: string, position: Position): string {
  return packCursor([list, position.at, position.id]);
}

/** Reads a cursor of `list` made by `encodePosition`, or a `validation` error on `cursor`. */
export function decodePosition(list: string, cursor: string): Position {
  const parts = unpackCursor(cursor, list);
  if (parts.length !== 2) throw invalidCursor();
  return { at: cursorNumber(parts[0]), id: cursorString(parts[1]) };
}
