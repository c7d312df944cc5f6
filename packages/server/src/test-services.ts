// Where the server's tests find PostgreSQL and Redis, and the helpers every test file shares
// to use them without colliding with another file running at the same time.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';

/** The PostgreSQL the tests use (trust auth on the dev machine and in CI). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis the tests use. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh schema name, so parallel test files never share tables. */
export function randomSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Whether something listens at the URL's host and port. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

/**
 * Whether the Redis tests of `what` run: always in CI (where a missing Redis must fail them
 * loudly), elsewhere only when Redis answers, with a warning when it does not.
 */
export async function redisAvailable(what: string): Promise<boolean> {
  const up = process.env.CI === 'true' || (await reachable(TEST_REDIS_URL));
  if (!up) console.warn(`Skipping the Redis ${what} tests: nothing listens at ${TEST_REDIS_URL}.`);
  return up;
}
