/** One connection's worth of SQL: the open transaction's, or the database's for a lone statement. */
export interface Conn {
  /** Runs one parameterised statement and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A transaction's connection: a `Conn` that can also end the transaction with its last statement. */
export interface TxConn extends Conn {
  /**
   * Runs the transaction's last statement and commits: on PostgreSQL the COMMIT goes out
   * right behind the statement, so both take one round trip. Resolves with the statement's
   * rows once the commit is done; the transaction then takes no more statements. Since the
   * commit does not wait for anyone to look at the rows, whatever must stop it has to make
   * the statement fail (see `PendingWrites`), and `fn` must return right after.
   */
  commit<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
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
  transaction<T>(fn: (conn: TxConn) => Promise<T>, isolation?: Isolation): Promise<T>;
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
