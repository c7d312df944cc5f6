import { HearthError } from '@hearth/protocol';

/** Where a list stopped: the sort value and id of the last item on the page. */
export interface Position {
  at: number;
  id: string;
}

/** An opaque cursor for `position`, tagged with the list it belongs to. */
export function encodePosition(list: string, position: Position): string {
  return base64url(JSON.stringify([list, position.at, position.id]));
}

/** Reads a cursor of `list`, or throws a `validation` error on `cursor`. */
export function decodePosition(list: string, cursor: string): Position {
  let parts: unknown;
  try {
    parts = JSON.parse(decodeBase64url(cursor));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== 3 || parts[0] !== list) throw invalid();
  const [, at, id] = parts as unknown[];
  if (typeof at !== 'number' || !Number.isFinite(at) || typeof id !== 'string' || id.length === 0) throw invalid();
  return { at, id };
}

/**
 * Reads one page from a source ordered by (at, id), both ascending or both descending,
 * starting after `after`, keeping only what `accept` takes (stale queue entries, filters a
 * store cannot express). `fetch(offset, count)` returns the records from `at` onwards
 * (at or after `after.at`, ascending; at or before, descending). Returns at most `limit`
 * items and the cursor position of the last when more follow.
 */
export async function scanPage<R extends { id: string }, O>(options: {
  direction: 'asc' | 'desc';
  after: Position | null;
  limit: number;
  at: (record: R) => number;
  fetch: (offset: number, count: number) => Promise<R[]>;
  accept: (record: R) => Promise<O | null>;
}): Promise<{ items: O[]; last: Position | null; more: boolean }> {
  const { direction, after, limit } = options;
  const batch = Math.max(limit + 1, 50);
  const beyond = (record: R): boolean => {
    if (!after) return true;
    const at = options.at(record);
    if (at !== after.at) return direction === 'asc' ? at > after.at : at < after.at;
    return direction === 'asc' ? record.id > after.id : record.id < after.id;
  };
  const items: O[] = [];
  const positions: Position[] = [];
  for (let offset = 0; ; offset += batch) {
    const records = await options.fetch(offset, batch);
    for (const record of records) {
      if (!beyond(record)) continue;
      const out = await options.accept(record);
      if (out === null) continue;
      if (items.length === limit) return { items, last: positions[limit - 1] ?? null, more: true };
      items.push(out);
      positions.push({ at: options.at(record), id: record.id });
    }
    if (records.length < batch) return { items, last: null, more: false };
  }
}

function invalid(): HearthError {
  return HearthError.validation('cursor', 'This page link is not valid for this list. Start again from the first page.');
}

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeBase64url(text: string): string {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
