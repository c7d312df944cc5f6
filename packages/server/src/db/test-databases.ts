import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { Store } from '@hearth/engine';
import type { Database } from '../contracts.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../test-services.js';
import { openDatabase, type OpenDatabaseOptions } from './index.js';

/** Whether PostgreSQL answers; in CI a missing server fails the run instead of skipping. */
async function postgresUp(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} is required in CI: ${(error as Error).message}`);
    console.warn(`Skipping the PostgreSQL half of the database tests: nothing answers at ${TEST_DATABASE_URL}.`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const hasPostgres = await postgresUp();

/** `describe` for tests only PostgreSQL can run (skipped, with a warning, when it is down locally). */
export const describePostgres = hasPostgres ? describe : describe.skip;

/** How a test opens a database of one kind; everything opened is closed (and dropped) after the file. */
export interface TestDatabases {
  kind: 'pglite' | 'postgres';
  /** A new, empty, migrated database: in-memory PGlite, or PostgreSQL in a random schema. */
  open(extra?: Partial<OpenDatabaseOptions>): Promise<Database>;
  /** One database shared by the tests of this kind in the file (opened on first use). */
  shared(): Promise<Database>;
  /** A store for a new community on the shared database, so tests never see each other's rows. */
  store(): Promise<Store>;
}

/** Runs `body` once on PGlite (memory://) and once on PostgreSQL (a random schema per `open`). */
export function describeEachDatabase(title: string, body: (dbs: TestDatabases) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const run = kind === 'postgres' ? describePostgres : describe;
    // Opening PGlite compiles its WebAssembly: seconds, not milliseconds.
    run(`${title} (${kind})`, { timeout: 30_000 }, () => {
      const opened: Database[] = [];
      const schemas: string[] = [];
      afterAll(async () => {
        await Promise.all(opened.map((db) => db.close()));
        await Promise.all(schemas.map(dropSchema));
      });
      let shared: Promise<Database> | undefined;
      const dbs: TestDatabases = {
        kind,
        shared: () => (shared ??= dbs.open()),
        store: async () => (await dbs.shared()).storeFor(`c-${randomBytes(4).toString('hex')}`),
        async open(extra = {}) {
          const options: OpenDatabaseOptions = kind === 'pglite' ? { dataDir: 'memory://' } : { dataDir: 'memory://', databaseUrl: TEST_DATABASE_URL, schema: randomSchema() };
          Object.assign(options, extra);
          if (options.schema && kind === 'postgres') schemas.push(options.schema);
          const db = await openDatabase(options);
          opened.push(db);
          return db;
        },
      };
      body(dbs);
    });
  }
}
