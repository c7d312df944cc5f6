import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { finishedError, reentrantError, type Conn, type Driver, type TxConn } from './driver.js';

/**
 * The embedded database. PGlite has a single connection, so everything runs one at a time
 * through a queue: a transaction holds it from BEGIN to COMMIT, and a statement issued
 * meanwhile waits instead of slipping into the open transaction. A statement issued from
 * inside a transaction's `fn` through the store itself (not the handle) runs in that
 * transaction rather than waiting for it forever. Serialised transactions never conflict,
 * so nothing is retried.
 */
export async function openPglite(dataDir: string, schema: string | undefined): Promise<Driver> {
  if (dataDir !== 'memory://') await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const driver = new PgliteDriver(db);
  if (schema) await driver.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET search_path TO "${schema}";`);
  return driver;
}

class PgliteDriver implements Driver {
  readonly kind = 'pglite';
  #db: PGlite;
  #queue: Promise<unknown> = Promise.resolve();
  #inside = new AsyncLocalStorage<Conn>();

  constructor(db: PGlite) {
    this.#db = db;
  }

  query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const open = this.#inside.getStore();
    if (open) return open.query<R>(sql, params);
    return this.#serial(() => this.#query<R>(sql, params));
  }

  exec(sql: string): Promise<void> {
    const open = this.#inside.getStore();
    if (open) return open.exec(sql);
    return this.#serial(() => this.#exec(sql));
  }

  transaction<T>(fn: (conn: TxConn) => Promise<T>): Promise<T> {
    if (this.#inside.getStore()) return Promise.reject(reentrantError());
    return this.#serial(async () => {
      let open = true;
      const conn: TxConn = {
        query: <R>(sql: string, params: readonly unknown[] = []) => (open ? this.#query<R>(sql, params) : Promise.reject(finishedError())),
        exec: (sql: string) => (open ? this.#exec(sql) : Promise.reject(finishedError())),
        // One connection in this process: no round trip to save, so COMMIT follows `fn` as usual.
        commit: <R>(sql: string, params: readonly unknown[] = []) => {
          if (!open) return Promise.reject(finishedError());
          open = false;
          return this.#query<R>(sql, params);
        },
      };
      await this.#exec('BEGIN');
      try {
        const result = await this.#inside.run(conn, () => fn(conn));
        open = false;
        await this.#exec('COMMIT');
        return result;
      } catch (error) {
        open = false;
        await this.#exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.#serial(() => this.#db.close());
  }

  async #query<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
    return (await this.#db.query<R>(sql, params as unknown[])).rows;
  }

  async #exec(sql: string): Promise<void> {
    await this.#db.exec(sql);
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
