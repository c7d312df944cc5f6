/**
 * Generic record tables for everything beyond comment threads (members, feed posts, polls,
 * ballots, the points ledger, ...). Each maps to one SQL table keyed by `id`, with the
 * record as columns or `jsonb`; every `where` field is an equality or range test that an
 * index can serve. Uniqueness is expressed through ids: a ballot's id is
 * `${pollId}:${memberId}`, so a second ballot by the same member is a duplicate insert.
 *
 * Records go in as copies and come out read-only, like the rest of `Store`.
 */
export interface Collection<T extends { id: string }> {
  /** A record by id, or null. */
  get(id: string): Promise<T | null>;
  /** The records with these ids that exist, in the order asked. */
  getMany(ids: readonly string[]): Promise<T[]>;
  /** Stores a new record; an existing id throws a `DuplicateRecordError`. */
  insert(record: T): Promise<void>;
  /**
   * Stores a new record that no one checks for or catches a clash of: a log entry under a
   * fresh id, or one whose id the caller has just asked about. A SQL store may send it with
   * the transaction's later writes (one statement at commit rather than one per record), so
   * an existing id fails the transaction where it is sent, never as a `DuplicateRecordError`
   * from this call; use `insert` when a clash is an answer to catch.
   */
  append(record: T): Promise<void>;
  /** Stores a record, replacing any with the same id. */
  put(record: T): Promise<void>;
  /** Changes some fields and returns the result; an unknown id throws. */
  update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T>;
  /** Removes a record; true when there was one. */
  remove(id: string): Promise<boolean>;
  /** Records matching `query.where`, in `query.orderBy` order (ties by id), at most `limit`. */
  find(query?: FindQuery<T>): Promise<T[]>;
  /** How many records match `where`. */
  count(where?: Where<T>): Promise<number>;
}

/** A condition on one field. Plain values test equality (`null` matches null and absent). */
export type Condition<V> =
  | V
  | {
      in?: readonly V[];
      ne?: V;
      gt?: V;
      gte?: V;
      lt?: V;
      lte?: V;
      /** For array fields: the array holds this element. */
      has?: V extends readonly (infer E)[] ? E : never;
    };

/** Every named field must satisfy its condition. */
export type Where<T> = { [K in keyof T]?: Condition<T[K]> };

/** A query over one collection. */
export interface FindQuery<T> {
  where?: Where<T>;
  /** Sort keys in order; records equal on all of them are ordered by id ascending. */
  orderBy?: ReadonlyArray<readonly [keyof T & string, 'asc' | 'desc']>;
  limit?: number;
  offset?: number;
}

/** Thrown by `Collection.insert` when the id exists (a SQL store: a unique violation). */
export class DuplicateRecordError extends Error {
  override readonly name = 'DuplicateRecordError';
  constructor(collection: string, id: string) {
    super(`${collection}: a record with id "${id}" already exists.`);
  }
}

const OPERATORS = new Set(['in', 'ne', 'gt', 'gte', 'lt', 'lte', 'has']);

/**
 * Whether a `where` value is a condition object (`{ in, ne, gt, … }`, at least one of them
 * and nothing else) rather than a plain value to compare with; SQL stores use it to read a
 * `where` exactly as `matches` does.
 */
export function isCondition(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => OPERATORS.has(k));
}

/** Orders two field values: numbers and strings naturally, null/absent first. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a record satisfies `where` (the reference semantics every store follows). */
export function matches<T>(record: T, where: Where<T> | undefined): boolean {
  if (!where) return true;
  for (const [field, condition] of Object.entries(where) as Array<[string, unknown]>) {
    if (condition === undefined) continue;
    const value = (record as Record<string, unknown>)[field];
    if (!isCondition(condition)) {
      if (condition === null ? value !== null && value !== undefined : value !== condition) return false;
      continue;
    }
    const c = condition as { in?: unknown[]; ne?: unknown; gt?: unknown; gte?: unknown; lt?: unknown; lte?: unknown; has?: unknown };
    if (c.in !== undefined && !c.in.includes(value)) return false;
    if ('ne' in c && value === c.ne) return false;
    const present = value !== null && value !== undefined;
    if (c.gt !== undefined && !(present && compareValues(value, c.gt) > 0)) return false;
    if (c.gte !== undefined && !(present && compareValues(value, c.gte) >= 0)) return false;
    if (c.lt !== undefined && !(present && compareValues(value, c.lt) < 0)) return false;
    if (c.lte !== undefined && !(present && compareValues(value, c.lte) <= 0)) return false;
    if (c.has !== undefined && !(Array.isArray(value) && value.includes(c.has))) return false;
  }
  return true;
}

/** Sorts, offsets and limits matching records the way `find` must. */
export function applyQuery<T extends { id: string }>(records: Iterable<T>, query: FindQuery<T> = {}): T[] {
  const found = [...records].filter((r) => matches(r, query.where));
  const order = query.orderBy ?? [];
  found.sort((a, b) => {
    for (const [field, direction] of order) {
      const d = compareValues(a[field], b[field]);
      if (d !== 0) return direction === 'asc' ? d : -d;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const offset = query.offset ?? 0;
  return found.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
}
