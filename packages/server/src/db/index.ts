import { randomBytes } from 'node:crypto';
import type { Store } from '@hearth/engine';
import type { Database } from '../contracts.js';
import type { Driver } from './driver.js';
import { loadMigrations, migrate } from './migrations.js';
import { openPglite } from './pglite-driver.js';
import { openPostgres } from './postgres-driver.js';
import { SqlWebhookQueue, type WebhookQueue } from '../webhooks/queue.js';
import { SqlStore } from './sql-store.js';
import { SqlAccessStore, type AccessStore } from '../access/access-store.js';

export { SqlStore } from './sql-store.js';
export { loadMigrations, migrate, migrationsDir } from './migrations.js';

/** Where the data lives and how to report what opening it did. */
export interface OpenDatabaseOptions {
  /** A `postgres://` URL (`?max=N` sets the pool size, 10 by default); absent for PGlite. */
  databaseUrl?: string;
  /** The PGlite data folder, created when missing; `memory://` keeps everything in memory. */
  dataDir: string;
  /** Puts every table in this schema (created when missing): lowercase letters, digits and `_`. */
  schema?: string;
  /** Told about each migration applied. */
  logger?: { info(msg: string): void };
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the database and brings its schema up to date: PostgreSQL when `databaseUrl` is
 * given, otherwise an embedded PGlite persisted in `dataDir` (data survives restarts). The
 * same SQL migrations from `packages/server/migrations` run on both, each exactly once (recorded
 * in `hearth_migrations`), even when several instances start at the same moment.
 *
 * The tables: `threads`, `posts`, `reactions` and `idempotency` for comments, and one
 * `(community, id, data jsonb)` table per generic collection (`feedPosts` in `feed_posts`).
 * Every primary key starts with `community`, so several communities share one database
 * without seeing each other's rows. Transactions: see `openPostgres` (concurrent, re-run on
 * conflict) and `openPglite` (one at a time).
 *
 * @example
 * const db = await openDatabase({ dataDir: './data' });
 * const engine = createEngine({ store: db.storeFor('demo') });
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA.test(schema)) {
    throw new Error(`Database schema "${schema}" must start with a lowercase letter or "_" and hold only lowercase letters, digits and "_" (at most 63).`);
  }
  const migrations = await loadMigrations();
  const driver = options.databaseUrl ? openPostgres(options.databaseUrl, schema) : await openPglite(options.dataDir, schema);
  try {
    await migrate(driver, migrations, { ...(schema ? { schema } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
  return new SqlDatabase(driver);
}

class SqlDatabase implements Database {
  #driver: Driver;
  #webhooks: SqlWebhookQueue | undefined;
  #access: SqlAccessStore | undefined;
  #stores = new Map<string, Store>();

  constructor(driver: Driver) {
    this.#driver = driver;
  }

  get kind(): 'pglite' | 'postgres' {
    return this.#driver.kind;
  }

  storeFor(community: string): Store {
    let store = this.#stores.get(community);
    if (!store) this.#stores.set(community, (store = new SqlStore(this.#driver, community)));
    return store;
  }

  async ping(): Promise<void> {
    await this.#driver.query('SELECT 1');
  }

  async sharedSecret(name: string): Promise<string> {
    const read = async () => (await this.#driver.query<{ value: string }>('SELECT value FROM hearth_secrets WHERE name = $1', [name]))[0]?.value;
    const found = await read();
    if (found !== undefined) return found;
    // Whoever inserts first wins; everyone then reads the winner's value.
    await this.#driver.query('INSERT INTO hearth_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('base64url')]);
    return (await read())!;
  }

  close(): Promise<void> {
    return this.#driver.close();
  }

  webhookQueue(): WebhookQueue {
    return (this.#webhooks ??= new SqlWebhookQueue(this.#driver));
  }

  access(): AccessStore {
    return (this.#access ??= new SqlAccessStore(this.#driver));
  }
}
