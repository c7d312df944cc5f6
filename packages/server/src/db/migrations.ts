import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from './driver.js';

/** One versioned SQL file, `migrations/NNNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * The server package's `migrations/` folder, found by walking up from this module, so it is
 * found from `src/db/` in development and from a bundle in `dist/` alike.
 */
export function migrationsDir(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return join(dir, 'migrations');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Hearth could not find its migrations folder above ${fileURLToPath(from)}.`);
    dir = parent;
  }
}

/** Every migration in `dir`, by version; a misnamed file or a repeated version throws. */
export async function loadMigrations(dir: string = migrationsDir()): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of (await readdir(dir)).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE.exec(file);
    if (!match) throw new Error(`Migration ${join(dir, file)} must be named NNNN_name.sql (four digits, lowercase name).`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`Two migrations in ${dir} share version ${match[1]}.`);
    migrations.push({ version, name: match[2]!, sql: await readFile(join(dir, file), 'utf8') });
  }
  return migrations;
}

/**
 * Applies the migrations not yet recorded in `hearth_migrations`, in version order, each in
 * its own transaction with its record. Each transaction first takes an advisory lock (per
 * schema), so instances starting together apply each migration exactly once: the second
 * waits, then sees it recorded. Returns the versions applied now.
 */
export async function migrate(driver: Driver, migrations: readonly Migration[], options: { schema?: string; logger?: { info(msg: string): void } } = {}): Promise<number[]> {
  const lock = `hearth:migrations:${options.schema ?? ''}`;
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await driver.transaction(async (conn) => {
      await conn.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
      if (options.schema) await conn.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      await conn.exec('CREATE TABLE IF NOT EXISTS hearth_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const done = await conn.query('SELECT 1 FROM hearth_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return false;
      await conn.exec(migration.sql);
      await conn.query('INSERT INTO hearth_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    }, 'read committed');
    if (ran) {
      applied.push(migration.version);
      options.logger?.info(`Applied database migration ${String(migration.version).padStart(4, '0')}_${migration.name}.`);
    }
  }
  return applied;
}
