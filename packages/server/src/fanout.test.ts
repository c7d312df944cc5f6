// Proof that the server keeps no state of its own: two `hearth-server` instances (the second
// a cluster of two worker processes) share PostgreSQL and Redis, and what one accepts, the other streams, reads and counts against
// the same rate limit. Runs in `npm test` and never skips (PostgreSQL and Redis must answer).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createHttpAdapter } from '@hearth/adapter-http';
import { HearthError, threadChannel, type CommunityEvent, type Viewer } from '@hearth/protocol';
import { memberToken, TEST_DATABASE_URL, TEST_REDIS_URL, TEST_SECRET } from './test-server.js';

const CLI = fileURLToPath(new URL('../bin/hearth-server.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
// Writes a member may make per operation before the shared bucket is empty (it barely refills).
const WRITE_CAPACITY = 4;

interface Instance {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  output: string[];
}

/** Starts `hearth-server` with `env`; resolves once it logs the URL it listens on. */
function startInstance(env: NodeJS.ProcessEnv): Promise<Instance> {
  const child = spawn(process.execPath, [CLI], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'hearth server listening' && entry.url) resolve({ url: entry.url, child, exited, output });
      } catch {
        // Not a log line; kept in `output` for the failure message.
      }
    });
    void exited.then((code) => reject(new Error(`hearth-server exited (${code}) before listening:\n${output.join('\n')}`)));
  });
}

/** Deletes a community's rows from every table of the public schema, which outlives the run. */
async function removeCommunity(community: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'community'");
    for (const { table_name: table } of tables.rows) await client.query(`DELETE FROM "${table}" WHERE community = $1`, [community]);
  } finally {
    await client.end();
  }
}

/** Stops an instance as an orchestrator would, resolving with its exit code. */
async function stop(instance: Instance): Promise<number | null> {
  if (instance.child.exitCode === null) instance.child.kill('SIGTERM');
  return instance.exited;
}

describe('server processes sharing PostgreSQL and Redis', () => {
  const community = `fanout-${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'hearth-fanout-'));
  const instances: Instance[] = [];
  let one: Instance;
  let two: Instance;

  beforeAll(async () => {
    const config = join(dir, 'hearth.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        communities: [{ id: community, auth: { secret: TEST_SECRET }, origins: ['*'] }],
        rateLimits: { write: { capacity: WRITE_CAPACITY, refillPerSecond: 0.001 }, read: { capacity: 100_000, refillPerSecond: 100_000 } },
      }),
    );
    const env = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, HEARTH_CONFIG: config, LOG_LEVEL: 'info', HEARTH_DATA_DIR: join(dir, 'unused') };
    // One after the other would also work (migrations take a lock); side by side is the real case.
    // The second runs as a cluster of two workers on one port (HEARTH_WORKERS), as on a bigger machine.
    [one, two] = await Promise.all([startInstance(env), startInstance({ ...env, HEARTH_WORKERS: '2' })]);
    instances.push(one, two);
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await removeCommunity(community);
  });

  const key = () => `fanout-${randomBytes(6).toString('hex')}`;
  const viewer = async (id: string, displayName: string): Promise<Viewer> => ({ id, displayName, token: await memberToken({ id, displayName }) });

  it('streams a comment posted through one instance to a subscriber of the other, and the other reads it', async () => {
    expect(one.url).not.toBe(two.url);
    const writer = createHttpAdapter({ endpoint: one.url, community });
    const reader = createHttpAdapter({ endpoint: two.url, community });
    const ada = await viewer('ada', 'Ada');
    const grace = await viewer('grace', 'Grace');
    const threadKey = '/fanout';

    const received: CommunityEvent[] = [];
    const unsubscribe = reader.subscribe(threadChannel(threadKey), (event) => received.push(event));
    try {
      // A write through the reader's adapter waits until its stream is open, so Ada's post below
      // can only arrive live, by way of Redis, never from a replay.
      const hello = await reader.createComment({ threadKey, body: 'Grace was here first', idempotencyKey: key() }, { viewer: grace });
      // A signed-out read on the second instance, which it keeps for the next signed-out reader.
      expect((await reader.listComments({ threadKey }, { viewer: null })).items.map((p) => p.id)).toEqual([hello.id]);
      const post = await writer.createComment({ threadKey, body: 'Hello from instance one', idempotencyKey: key() }, { viewer: ada });

      await expect.poll(() => received.find((event) => event.type === 'post.created' && event.post.id === post.id), { timeout: 10_000 }).toBeTruthy();
      const event = received.find((e) => e.type === 'post.created' && e.post.id === post.id)!;
      expect(event.type === 'post.created' && event.post.body).toBe('Hello from instance one');

      // The event that came through Redis dropped the kept page: signed-out readers see the post too.
      expect((await reader.listComments({ threadKey }, { viewer: null })).items.map((p) => p.id).sort()).toEqual([hello.id, post.id].sort());
      const page = await reader.listComments({ threadKey }, { viewer: grace });
      expect(page.items.map((p) => [p.id, p.body, p.author.displayName]).sort()).toEqual([[hello.id, 'Grace was here first', 'Grace'], [post.id, 'Hello from instance one', 'Ada']].sort());
    } finally {
      unsubscribe();
      await writer.close?.();
      await reader.close?.();
    }
  }, 30_000);

  it('counts a member’s writes on one shared rate-limit bucket, whichever instance takes them', async () => {
    const linus = await viewer('linus', 'Linus');
    const adapters = [createHttpAdapter({ endpoint: one.url, community, retries: 0 }), createHttpAdapter({ endpoint: two.url, community, retries: 0 })];
    // Profile updates have buckets of their own (per operation), untouched by the test above.
    const update = (n: number) => adapters[n % 2]!.community!.updateProfile({ headline: `Update ${n}` }, { viewer: linus });
    // The bucket is per member and per address; both instances share it through Redis, so the
    // member's writes alternate instances and still run out after WRITE_CAPACITY in total.
    for (let n = 0; n < WRITE_CAPACITY; n++) await update(n);
    const refused = await update(WRITE_CAPACITY).then(
      () => null,
      (error: unknown) => error,
    );
    expect(HearthError.is(refused) && refused.code).toBe('rate_limited');
    for (const adapter of adapters) await adapter.close?.();
  }, 30_000);

  it('shuts both instances down gracefully on SIGTERM', async () => {
    const codes = await Promise.all([stop(one), stop(two)]);
    expect(codes, `exit codes; output:\n${[...one.output, ...two.output].join('\n')}`).toEqual([0, 0]);
    expect(one.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    // Both workers of the cluster shut down, each finishing its own requests.
    expect(two.output.filter((line) => line.includes('"msg":"stopped"'))).toHaveLength(2);
  }, 30_000);
});
