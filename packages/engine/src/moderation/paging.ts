import { decodePosition, encodePosition, type Position } from '../core/page-cursor.js';

export { decodePosition, encodePosition, type Position };

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
