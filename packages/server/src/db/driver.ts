/** One connection's worth of SQL: the open transaction's, or the database's for a lone statement. */
export interface Conn {
  /** Runs one parameterised statement and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * `snapshot`: the store's transactions; PGlite runs them one at a time, PostgreSQL
 * concurrently under REPEATABLE READ, re-running `fn` when two touch the same row (see
 * `openPostgres`). `read committed`: each statement sees what committed before it, nothing is
 * re-run (migrations, which serialise themselves with an advisory lock).
 */
export type Isolation = 'snapshot' | 'read committed';

/** What the SQL store needs from PGlite or PostgreSQL. */
export interface Driver extends Conn {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction on one connection: commits when it resolves, rolls back
   * when it throws. `fn` may run more than once (see `Isolation`); the `Conn` of a finished
   * attempt refuses further statements.
   */
  transaction<T>(fn: (conn: Conn) => Promise<T>, isolation?: Isolation): Promise<T>;
  /** Closes connections once in-flight statements finish. */
  close(): Promise<void>;
}

/** Thrown when a transaction's handle is used after the transaction ended. */
export function finishedError(): Error {
  return new Error('The transaction has already finished; call the store, or start a new transaction.');
}

/** Thrown when `transaction` is called inside a transaction's `fn`. */
export function reentrantError(): Error {
  return new Error('Store.transaction is not re-entrant: inside a transaction, call methods on the handle passed to it.');
}
