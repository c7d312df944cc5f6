import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { HearthError } from '@hearth/protocol';
import { finishedError, reentrantError, type Driver, type Isolation, type TxConn } from './driver.js';

/** How many times a transaction runs before the write is reported as busy. */
const MAX_ATTEMPTS = 30;
/** Statements beyond this many distinct texts are sent unprepared (bounds per-connection memory). */
const MAX_PREPARED = 500;
/**
 * Serialization failure (a row changed or inserted by a transaction that committed after this
 * one began), deadlock, and a unique violation (every insert the store makes uses ON CONFLICT,
 * so one can only come from a concurrent transaction's row): all mean "run again".
 */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * PostgreSQL through a `pg` pool (`?max=` in the URL sets its size, 20 by default). With
 * `schema`, every connection's search_path is that schema alone.
 *
 * Transactions run REPEATABLE READ (snapshot isolation): each sees the database as it was
 * when it began, and when two change the same row (two updates of a counter, two inserts of
 * one ballot id, two toggles of one reaction) the later one is aborted and `fn` runs again on
 * fresh data, after a short random backoff, up to 30 times; then the write fails as
 * `unavailable`. So a vote, a ballot or a points award counts exactly once. Every engine write
 * updates the acting member's row (`Core.act`; the store sends that update with its other held
 * writes just before COMMIT, see `PendingWrites`), so of two writes by one member that overlap,
 * the second to reach the row is re-run: rules that count a member's own records (daily point
 * caps, flood limits) see each other's results.
 *
 * Why not SERIALIZABLE: its predicate locks are per index page, and every comment create
 * reads and writes the same hot pages (idempotency keys, members, the activity log); measured
 * with 4 concurrent creates, a transaction was still being cancelled after 30 runs. The cost
 * of snapshot isolation is write skew between different members' transactions that read an
 * overlapping set and write disjoint rows; the exactly-once rules (ballots, votes, check-ins,
 * bounty settlement, reaction counts) each write a common row, an id or a record, so they
 * are covered.
 *
 * Every statement is prepared once per connection, and connections pipeline (`pg`'s
 * `pipeline` mode): a transaction's BEGIN travels with its first statement and its COMMIT
 * with its last (`TxConn.commit`), so a comment create waits on two round trips, not five.
 *
 * `checkNesting` (on unless `NODE_ENV` is `production`): `transaction` throws when called
 * from inside another's `fn`, which would be a second transaction on a second connection,
 * not atomic with the first, and with every connection held by such callers, a deadlock.
 * Only a bug does that (the engine writes through the handle it is given), and the tests run
 * with the check on; it costs about a tenth of a comment create's CPU, since it tracks every
 * promise's async context (AsyncLocalStorage), so production goes without.
 */
export function openPostgres(databaseUrl: string, schema: string | undefined, checkNesting = process.env.NODE_ENV !== 'production'): Driver {
  const url = new URL(databaseUrl);
  const max = poolSize(url.searchParams.get('max'));
  url.searchParams.delete('max');
  const pool = new pg.Pool({ connectionString: url.toString(), max, pipeline: true, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new PostgresDriver(pool, checkNesting);
}

/**
 * Connections per instance unless `?max=` says. A transaction holds its connection across two
 * round trips and, between them, a wait for the event loop, which under load is several
 * milliseconds: with 10, comment creates on the bench stopped at about 675 a second on
 * connections (the server's CPU was not the limit); with 20 they ran at 985 and 1,005. Four
 * instances of 20 stay within PostgreSQL's default 100 connections.
 */
const DEFAULT_POOL_SIZE = 20;

function poolSize(value: string | null): number {
  if (value === null) return DEFAULT_POOL_SIZE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`DATABASE_URL: max must be a whole number of connections of at least 1, not "${value}".`);
  return n;
}

/** How one run of a transaction ended; `retry` when PostgreSQL aborted it for a conflict. */
type Outcome<T> = { ok: true; value: T } | { ok: false; retry: boolean; fatal: boolean; error: unknown };

class PostgresDriver implements Driver {
  readonly kind = 'postgres';
  #pool: pg.Pool;
  #names = new Map<string, string>();
  /** Which async contexts are inside a transaction's `fn`; absent when nesting goes unchecked. */
  #inside: AsyncLocalStorage<true> | undefined;

  constructor(pool: pg.Pool, checkNesting: boolean) {
    this.#pool = pool;
    this.#inside = checkNesting ? new AsyncLocalStorage<true>() : undefined;
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.#pool.query(this.#statement(sql, params))).rows as R[];
  }

  async exec(sql: string): Promise<void> {
    await this.#pool.query(sql);
  }

  async transaction<T>(fn: (conn: TxConn) => Promise<T>, isolation: Isolation = 'snapshot'): Promise<T> {
    if (this.#inside?.getStore()) throw reentrantError();
    for (let attempt = 1; ; attempt += 1) {
      // A connection per attempt, so a transaction backing off holds none while it waits.
      const client = await this.#pool.connect();
      let outcome: Outcome<T> | undefined;
      try {
        outcome = await this.#attempt(client, fn, isolation);
      } finally {
        // A connection whose ROLLBACK failed is destroyed rather than handed to the next caller.
        client.release(outcome !== undefined && !outcome.ok && outcome.fatal);
      }
      if (outcome.ok) return outcome.value;
      if (!outcome.retry || isolation !== 'snapshot') throw outcome.error;
      if (attempt >= MAX_ATTEMPTS) {
        throw new HearthError('unavailable', 'Too many requests are changing the same data at once; try again in a moment.');
      }
      await sleep(Math.random() * Math.min(100, 2 ** attempt));
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  /**
   * One run of `fn` in a transaction; `retry` when PostgreSQL aborted it for a conflict.
   * The connection pipelines (see `openPostgres`): BEGIN goes out in one write with the first
   * statement rather than a round trip ahead of it, and `conn.commit` sends COMMIT in one
   * write with the last. A run that sends no statement sends neither.
   */
  async #attempt<T>(client: pg.PoolClient, fn: (conn: TxConn) => Promise<T>, isolation: Isolation): Promise<Outcome<T>> {
    let open = true;
    // Set when any statement hit a conflict, even if `fn` caught or wrapped the error.
    let conflicted = false;
    // Set once `conn.commit` has sent COMMIT: the commit is then its outcome.
    let committing: Promise<unknown> | undefined;
    // Set once BEGIN has gone out (with the first statement).
    let begun: Promise<unknown> | undefined;
    const watch = <V>(run: Promise<V>): Promise<V> =>
      run.catch((error: unknown) => {
        if (RETRYABLE.has(codeOf(error))) conflicted = true;
        throw error;
      });
    const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
    /** Runs `write`, whose queries `pg` writes one socket write each, as one socket write. */
    const together = <V>(write: () => V): V => {
      stream?.cork?.();
      try {
        return write();
      } finally {
        stream?.uncork?.();
      }
    };
    /** `send`'s query, behind BEGIN when it is the first; resolves once both have succeeded. */
    const sent = <V>(send: () => Promise<V>): Promise<V> => {
      if (begun) return watch(send());
      const [begin, run] = together(() => [(begun = watch(client.query(isolation === 'snapshot' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN'))), watch(send())] as const);
      return Promise.all([begin, run]).then(([, value]) => value);
    };
    const statement = <R>(sql: string, params: readonly unknown[]) => sent(() => client.query(this.#statement(sql, params))).then((result) => result.rows as R[]);
    const conn: TxConn = {
      query: async <R>(sql: string, params: readonly unknown[] = []) => {
        if (!open) throw finishedError();
        return statement<R>(sql, params);
      },
      exec: async (sql: string) => {
        if (!open) throw finishedError();
        await sent(() => client.query(sql));
      },
      commit: async <R>(sql: string, params: readonly unknown[] = []) => {
        if (!open) throw finishedError();
        open = false;
        const [rows, commit] = together(() => {
          const rows = statement<R>(sql, params);
          // After a failed statement PostgreSQL answers this COMMIT with a rollback.
          return [rows, (committing = watch(client.query('COMMIT')))] as const;
        });
        const [result] = await Promise.all([rows, commit]);
        return result;
      },
    };
    try {
      const inside = this.#inside;
      const value = await (inside ? inside.run(true, () => fn(conn)) : fn(conn));
      open = false;
      if (committing) await committing;
      else if (begun) await watch(client.query('COMMIT'));
      return { ok: true, value };
    } catch (error) {
      open = false;
      // Nothing was sent, so there is nothing to roll back.
      if (!begun) return { ok: false, retry: conflicted, fatal: false, error };
      try {
        // Also after a pipelined COMMIT that rolled back: PostgreSQL then only warns.
        await client.query('ROLLBACK');
      } catch (rollback) {
        // The connection itself is gone: hand it back destroyed and report the first error.
        return { ok: false, retry: false, fatal: true, error: error ?? rollback };
      }
      return { ok: false, retry: conflicted || RETRYABLE.has(codeOf(error)), fatal: false, error };
    }
  }

  /** A named (so prepared once per connection) statement, for the first MAX_PREPARED texts. */
  #statement(text: string, params: readonly unknown[]): pg.QueryConfig {
    let name = this.#names.get(text);
    if (name === undefined && this.#names.size < MAX_PREPARED) this.#names.set(text, (name = `hearth_${this.#names.size + 1}`));
    return name === undefined ? { text, values: params as unknown[] } : { name, text, values: params as unknown[] };
  }
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : '';
}
