import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '@hearth/engine';
import { loadMigrations, migrationsDir, openDatabase } from './index.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../test-services.js';
import { describeEachDatabase, describePostgres } from './test-databases.js';

const logger = () => {
  const lines: string[] = [];
  return { lines, info: (msg: string) => lines.push(msg) };
};

describe('migrations folder', () => {
  it('is found from the source folder and from a bundle in dist/', async () => {
    const dir = migrationsDir();
    expect(dir).toMatch(/packages[\\/]server[\\/]migrations$/);
    expect(migrationsDir(pathToFileURL(join(dir, '..', 'dist', 'index.js')).href)).toBe(dir);
    const migrations = await loadMigrations(dir);
    expect(migrations[0]).toMatchObject({ version: 1, name: 'init' });
    // Every generic collection has its table, in one migration or another.
    const sql = migrations.map((m) => m.sql).join('\n');
    for (const name of COLLECTION_NAMES) expect(sql).toContain(`CREATE TABLE ${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} (`);
  });
});

describeEachDatabase('openDatabase', ({ kind, open, store }) => {
  it('reports its kind, answers a ping, and applies each migration when first opened', async () => {
    const log = logger();
    const db = await open({ logger: log });
    expect(db.kind).toBe(kind);
    await expect(db.ping()).resolves.toBeUndefined();
    expect(log.lines).toEqual((await loadMigrations()).map((m) => expect.stringContaining(`${String(m.version).padStart(4, '0')}_${m.name}`)));
    expect(log.lines[0]).toMatch(/0001_init/);
  });

  it('makes a shared secret once, the same for concurrent callers', async () => {
    const db = await open();
    const name = `guest-${Math.random()}`;
    const values = await Promise.all([db.sharedSecret(name), db.sharedSecret(name), db.sharedSecret(name)]);
    expect(new Set(values).size).toBe(1);
    expect(values[0]!.length).toBeGreaterThanOrEqual(32);
    expect(await db.sharedSecret(`${name}-other`)).not.toBe(values[0]);
  });

  it('names an unknown collection in its error', async () => {
    const s = await store();
    expect(() => s.collection('nope' as never)).toThrow(/"nope"/);
  });
});

describe('PGlite in a data folder', () => {
  it('keeps data across a close and reopen, and migrates only once', { timeout: 60_000 }, async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'hearth-db-')), 'nested', 'data');
    try {
      const first = logger();
      const db = await openDatabase({ dataDir: dir, logger: first });
      await db.storeFor('c1').insertThread({ id: 't1', key: '/kept', locked: false, createdAt: 1 });
      const secret = await db.sharedSecret('guest');
      await db.close();
      const second = logger();
      const again = await openDatabase({ dataDir: dir, logger: second });
      expect(await again.storeFor('c1').getThreadByKey('/kept')).toMatchObject({ id: 't1' });
      expect(await again.sharedSecret('guest')).toBe(secret);
      expect(first.lines).toHaveLength((await loadMigrations()).length);
      expect(second.lines).toEqual([]);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describePostgres('openDatabase on PostgreSQL', () => {
  it('migrates once when two instances start together, and reopening is a no-op', async () => {
    const schema = randomSchema();
    const logs = [logger(), logger()];
    try {
      const [a, b] = await Promise.all(logs.map((log) => openDatabase({ dataDir: 'memory://', databaseUrl: TEST_DATABASE_URL, schema, logger: log })));
      expect(logs.flatMap((l) => l.lines)).toHaveLength((await loadMigrations()).length);
      await a!.storeFor('c1').insertThread({ id: 't1', key: '/k', locked: false, createdAt: 1 });
      expect(await b!.storeFor('c1').getThread('t1')).not.toBeNull();
      await Promise.all([a!.close(), b!.close()]);
      const third = logger();
      const c = await openDatabase({ dataDir: 'memory://', databaseUrl: `${TEST_DATABASE_URL}?max=2`, schema, logger: third });
      expect(third.lines).toEqual([]);
      expect(await c.storeFor('c1').getThread('t1')).not.toBeNull();
      await c.close();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      const rows = (await client.query(`SELECT version, name FROM "${schema}".hearth_migrations`)).rows;
      await client.end();
      expect(rows).toEqual((await loadMigrations()).map(({ version, name }) => ({ version, name })));
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses a bad pool size or schema name, naming it', async () => {
    await expect(openDatabase({ dataDir: 'memory://', databaseUrl: `${TEST_DATABASE_URL}?max=zero` })).rejects.toThrow(/max/);
    await expect(openDatabase({ dataDir: 'memory://', databaseUrl: TEST_DATABASE_URL, schema: 'bad-name' })).rejects.toThrow(/bad-name/);
  });
});
