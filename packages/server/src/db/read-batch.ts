import type { Conn } from './driver.js';

/** One read by key: `sql` builds `SELECT <jsonb> AS r FROM … WHERE …`, `community` being `$1`. */
interface Queued {
  sql(param: (value: unknown) => string): string;
  resolve(row: unknown): void;
  reject(error: unknown): void;
}

/**
 * Reads by key that a transaction asks for together (in one turn of the event loop, as
 * `Promise.all` over `get`s does) go out as one statement: the parts joined by UNION ALL,
 * each row tagged with its part. A comment create asks for the idempotency key, the member,
 * the settings and the thread at once, so it sends one statement for the four. A read asked
 * alone is one statement of its own, as before. What the reads return is the same either
 * way: every part reads the same snapshot the transaction sees.
 */
export class ReadBatch {
  #community: string;
  #conn: Conn;
  #queued: Queued[] = [];

  constructor(community: string, conn: Conn) {
    this.#community = community;
    this.#conn = conn;
  }

  /** The row `sql` selects (its one column `r`, a jsonb value), or null when there is none. */
  one<R>(sql: (param: (value: unknown) => string) => string): Promise<R | null> {
    return new Promise<R | null>((resolve, reject) => {
      if (this.#queued.length === 0) queueMicrotask(() => void this.#send());
      this.#queued.push({ sql, resolve: resolve as (row: unknown) => void, reject });
    });
  }

  async #send(): Promise<void> {
    const queued = this.#queued;
    this.#queued = [];
    const values: unknown[] = [this.#community];
    const param = (value: unknown) => `$${values.push(value)}`;
    try {
      if (queued.length === 1) {
        const rows = await this.#conn.query<{ r: unknown }>(queued[0]!.sql(param), values);
        queued[0]!.resolve(rows[0]?.r ?? null);
        return;
      }
      const parts = queued.map((read, i) => `SELECT ${i} AS q, r FROM (${read.sql(param)} LIMIT 1) AS p${i}`);
      const rows = await this.#conn.query<{ q: number; r: unknown }>(parts.join(' UNION ALL '), values);
      const found = new Map(rows.map((row) => [row.q, row.r]));
      queued.forEach((read, i) => read.resolve(found.get(i) ?? null));
    } catch (error) {
      for (const read of queued) read.reject(error);
    }
  }
}
