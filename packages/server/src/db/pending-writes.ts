import { finishedError, type TxConn } from './driver.js';

/** One write held back: `sql` builds its statement (ending `RETURNING 1`) when it is sent. */
interface Pending {
  readonly table: string;
  /** For rows of a generic collection: what the row will hold (a later update replaces it). */
  record?: unknown;
  sql(param: (value: unknown) => string): string;
  /** The error when the statement touched no row (a clash, or a row gone). */
  error(): Error;
}

/**
 * The writes a transaction holds back until it next needs the tables they touch, so that a
 * comment create sends its log entries, its idempotency record and the acting member's
 * (merged) updates as one statement at commit instead of one each.
 *
 * Only writes whose outcome the engine does not wait on are held: appends (fresh ids,
 * no clash to catch), idempotency records, and updates of rows the transaction has read, so
 * the result is worked out here. Before any statement that reads or writes a table with
 * held writes, they are sent (`ready`), so every statement sees the transaction's own
 * writes as if nothing were held. Held writes to one row merge into one (an update after an
 * append or an update rewrites the record to send), so the statement's parts never touch one
 * row twice (parts of one statement all see the same snapshot). Under REPEATABLE READ an
 * update sent late still conflicts with any concurrent one: the transaction committing
 * second is re-run, as when the update went first.
 */
export class PendingWrites {
  #community: string;
  #conn: TxConn;
  /** By table and row, in the order first held. */
  #held = new Map<string, Pending>();
  #tables = new Set<string>();
  /** Set once the transaction has ended: a write held then would never be sent. */
  #closed = false;

  constructor(community: string, conn: TxConn) {
    this.#community = community;
    this.#conn = conn;
  }

  /** Sends the held writes if any touch `table`, before a statement on it. */
  ready(table: string): Promise<void> | undefined {
    return this.#tables.has(table) ? this.flush() : undefined;
  }

  /** Holds the insert of a generic collection's new row (see `Collection.append`). */
  append(table: string, id: string, record: unknown, error: () => Error): void {
    if (this.#closed) throw finishedError();
    const key = `${table}\u0000${id}`;
    // The same id held twice would be one row written twice in one statement: that is a clash now.
    if (this.#held.has(key)) throw error();
    const held: Pending = {
      table,
      record,
      sql: (param) => `INSERT INTO ${table} (community, id, data) VALUES ($1, ${param(id)}, ${param(JSON.stringify(held.record))}::jsonb) ON CONFLICT (community, id) DO NOTHING RETURNING 1`,
      error,
    };
    this.#hold(key, held);
  }

  /** Holds a generic collection row's new contents (the transaction has it, read or written). */
  update(table: string, id: string, record: unknown, error: () => Error): void {
    if (this.#closed) throw finishedError();
    const key = `${table}\u0000${id}`;
    const prior = this.#held.get(key);
    if (prior) {
      prior.record = record;
      return;
    }
    const held: Pending = {
      table,
      record,
      sql: (param) => `UPDATE ${table} SET data = ${param(JSON.stringify(held.record))}::jsonb WHERE community = $1 AND id = ${param(id)} RETURNING 1`,
      error,
    };
    this.#hold(key, held);
  }

  /** Holds a row of a table of its own (idempotency records); `values` fill `columns` after `community`. */
  insert(table: string, key: string, columns: readonly string[], values: readonly unknown[], error: () => Error): void {
    if (this.#closed) throw finishedError();
    const heldKey = `${table}\u0000${key}`;
    if (this.#held.has(heldKey)) throw error();
    this.#hold(heldKey, {
      table,
      sql: (param) => `INSERT INTO ${table} (community, ${columns.join(', ')}) VALUES ($1, ${values.map(param).join(', ')}) ON CONFLICT DO NOTHING RETURNING 1`,
      error,
    });
  }

  /**
   * Sends every held write as one statement; throws the first one's error that touched no
   * row. `commit`: the transaction's last statement, sent with its COMMIT (`TxConn.commit`).
   * The statement checks each part itself and fails on the first that touched no row
   * (`hearth_unwritten`, migration 0003), so a COMMIT behind it never lands a short write.
   */
  async flush(commit = false): Promise<void> {
    if (this.#held.size === 0) return;
    const held = [...this.#held.values()];
    this.#held.clear();
    this.#tables.clear();
    const values: unknown[] = [this.#community];
    const param = (value: unknown) => `$${values.push(value)}`;
    const parts = held.map((write, i) => `w${i} AS (${write.sql(param)})`);
    const checks = held.map((_, i) => `CASE WHEN (SELECT count(*) FROM w${i}) = 1 THEN 1 ELSE hearth_unwritten(${i}) END AS w${i}`);
    const sql = `WITH ${parts.join(', ')} SELECT ${checks.join(', ')}`;
    try {
      await (commit ? this.#conn.commit(sql, values) : this.#conn.query(sql, values));
    } catch (error) {
      const part = unwrittenPart(error);
      throw part === null ? error : held[part]!.error();
    }
  }

  /** The transaction has ended (committed or rolled back): holding more throws. */
  close(): void {
    this.#closed = true;
  }

  #hold(key: string, held: Pending): void {
    this.#held.set(key, held);
    this.#tables.add(held.table);
  }
}

/** Which held write `hearth_unwritten` reported, or null for any other error. */
function unwrittenPart(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 'HW001') return null;
  const match = /Held write (\d+) /.exec(String((error as { message?: unknown }).message));
  return match ? Number(match[1]) : null;
}
