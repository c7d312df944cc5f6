import { COLLECTION_NAMES, DuplicateRecordError, deepFreeze, jsonCopy, type Collection, type CollectionName, type FindQuery, type Where } from '@hearth/engine';
import { Params, orderSql, pageSql, whereSql } from './where.js';
import type { Conn } from './driver.js';
import type { PendingWrites } from './pending-writes.js';

/** How a collection reaches the database: lone reads, and writes that need a transaction. */
export interface CollectionAccess {
  readonly community: string;
  /** The connection for reads (and, in a transaction, for writes). */
  readonly conn: Conn;
  /** One row by key (`SELECT <jsonb> AS r …`, `$1` the community), batched in a transaction (see `ReadBatch`). */
  one<R>(sql: (param: (value: unknown) => string) => string): Promise<R | null>;
  /** Runs `write` in a transaction: the open one on a transaction's handle, else a new one. */
  write<R>(write: (conn: Conn) => Promise<R>): Promise<R>;
  /**
   * On a transaction's handle: records already read or written by id (null when absent). A
   * transaction sees a snapshot plus its own writes, so repeating a `get` (the engine reads
   * the settings several times per write) need not ask the database again.
   */
  readonly seen?: Map<string, unknown>;
  /** On a transaction's handle: the writes held back until a statement needs their tables. */
  readonly pending?: PendingWrites;
}

/** Each collection's table: `feedPosts` lives in `feed_posts`. */
export function tableOf(name: string): string {
  if (!(COLLECTION_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown collection "${name}": the database has no table for it (add a migration creating one).`);
  }
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * One generic collection as a `(community, id, data jsonb)` table. Reads are one statement;
 * `find` and `count` translate `where` and `orderBy` into SQL with the memory store's exact
 * semantics (see `whereSql`). Records go in as copies (they travel as JSON) and come out
 * read-only: within a transaction, every `get` of a row hands out its one frozen object.
 * In a transaction, appends and updates of records it already has are held back (see
 * `PendingWrites`) and sent before the next statement on the table, or at commit.
 */
export class SqlCollection<T extends { id: string }> implements Collection<T> {
  #name: CollectionName;
  #table: string;
  #access: CollectionAccess;

  constructor(name: CollectionName, access: CollectionAccess) {
    this.#name = name;
    this.#table = tableOf(name);
    this.#access = access;
  }

  async get(id: string): Promise<T | null> {
    const seen = this.#access.seen;
    const key = this.#key(id);
    // Records come out read-only (see `Store`): the transaction's one frozen object for the row.
    if (seen?.has(key)) return seen.get(key) as T | null;
    // No need to send held writes first: every row they touch is in `seen`.
    const found = await this.#access.one<T>((p) => `SELECT data AS r FROM ${this.#table} WHERE community = $1 AND id = ${p(id)}`);
    if (seen) seen.set(key, deepFreeze(found));
    return found;
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    await this.#ready();
    const rows = await this.#access.conn.query<{ data: T }>(`SELECT data FROM ${this.#table} WHERE community = $1 AND id = ANY($2::text[])`, [this.#access.community, [...new Set(ids)]]);
    const byId = new Map(rows.map((r) => [r.data.id, r.data]));
    return ids.flatMap((id) => (byId.has(id) ? [jsonCopy(byId.get(id)!)] : []));
  }

  insert(record: T): Promise<void> {
    return this.#write(async (c) => {
      await this.#ready();
      const rows = await c.query(`INSERT INTO ${this.#table} (community, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (community, id) DO NOTHING RETURNING 1`, [this.#access.community, idOf(this.#name, record), JSON.stringify(record)]);
      if (rows.length === 0) throw new DuplicateRecordError(this.#name, record.id);
      this.#remember(record.id, record);
    });
  }

  async append(record: T): Promise<void> {
    const id = idOf(this.#name, record);
    const clash = () => new Error(`${this.#name}: a record with id "${id}" already exists.`);
    const { pending, seen } = this.#access;
    if (pending && seen) {
      if (seen.get(this.#key(id))) throw clash();
      this.#remember(id, record);
      pending.append(this.#table, id, seen.get(this.#key(id)), clash);
      return;
    }
    await this.#write(async (c) => {
      const rows = await c.query(`INSERT INTO ${this.#table} (community, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (community, id) DO NOTHING RETURNING 1`, [this.#access.community, id, JSON.stringify(record)]);
      if (rows.length === 0) throw clash();
    });
  }

  put(record: T): Promise<void> {
    return this.#write(async (c) => {
      await this.#ready();
      await c.query(`INSERT INTO ${this.#table} (community, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (community, id) DO UPDATE SET data = excluded.data`, [this.#access.community, idOf(this.#name, record), JSON.stringify(record)]);
      this.#remember(record.id, record);
    });
  }

  async update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<T> {
    const set: Record<string, unknown> = {};
    // A field patched to undefined ends up absent, as a spread would leave it.
    const unset: string[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'id') continue;
      if (value === undefined) unset.push(key);
      else set[key] = value;
    }
    const missing = () => new Error(`${this.#name}: no record with id "${id}".`);
    const { pending, seen } = this.#access;
    const key = this.#key(id);
    if (pending && seen?.has(key)) {
      // The transaction has the record: work out the result here and send it later.
      const current = seen.get(key) as T | null;
      if (current === null) throw missing();
      // What `seen` holds is frozen, so the new record shares its unchanged parts.
      const next: Record<string, unknown> = { ...current, ...jsonCopy(set) };
      for (const field of unset) delete next[field];
      deepFreeze(next);
      pending.update(this.#table, id, next, missing);
      seen.set(key, next);
      return next as T;
    }
    return this.#write(async (c) => {
      await this.#ready();
      const rows = await c.query<{ data: T }>(
        `UPDATE ${this.#table} SET data = (data - $3::text[]) || $4::jsonb WHERE community = $1 AND id = $2 RETURNING data`,
        [this.#access.community, id, unset, JSON.stringify(set)],
      );
      if (rows.length === 0) throw missing();
      // Fresh from the database: kept as it is, not copied.
      this.#remember(id, rows[0]!.data, true);
      return rows[0]!.data;
    });
  }

  remove(id: string): Promise<boolean> {
    return this.#write(async (c) => {
      await this.#ready();
      const rows = await c.query(`DELETE FROM ${this.#table} WHERE community = $1 AND id = $2 RETURNING 1`, [this.#access.community, id]);
      this.#remember(id, null);
      return rows.length > 0;
    });
  }

  async find(query: FindQuery<T> = {}): Promise<T[]> {
    await this.#ready();
    const params = new Params(this.#access.community);
    const where = whereSql(query.where as Where<unknown>, params);
    const sql = `SELECT data FROM ${this.#table} WHERE community = $1 AND ${where} ORDER BY ${orderSql(query.orderBy as FindQuery<unknown>['orderBy'])}${pageSql(query as FindQuery<unknown>, params)}`;
    return (await this.#access.conn.query<{ data: T }>(sql, params.values)).map((r) => r.data);
  }

  async count(where?: Where<T>): Promise<number> {
    await this.#ready();
    const params = new Params(this.#access.community);
    const sql = `SELECT count(*)::int AS n FROM ${this.#table} WHERE community = $1 AND ${whereSql(where as Where<unknown>, params)}`;
    return (await this.#access.conn.query<{ n: number }>(sql, params.values))[0]!.n;
  }

  /** Sends the transaction's held writes to this table, if any, before a statement on it. */
  async #ready(): Promise<void> {
    await this.#access.pending?.ready(this.#table);
  }

  #key(id: string): string {
    return `${this.#table}\u0000${id}`;
  }

  #write<R>(write: (conn: Conn) => Promise<R>): Promise<R> {
    return this.#access.write(write);
  }

  /**
   * Keeps what a write stored, as it will read back (through JSON) and frozen, for later
   * `get`s; a record of the caller's is copied first (`fresh`: one just read back, kept as is).
   */
  #remember(id: string, record: unknown, fresh = false): void {
    this.#access.seen?.set(this.#key(id), record === null ? null : deepFreeze(fresh ? record : jsonCopy(record)));
  }
}

function idOf(collection: string, record: { id: unknown }): string {
  if (typeof record.id !== 'string') throw new Error(`${collection}: a record's id must be a string, not ${JSON.stringify(record.id)}.`);
  return record.id;
}
