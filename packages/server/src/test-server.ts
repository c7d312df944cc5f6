// Real servers for the server's tests: listening on a loopback port, over PGlite in memory
// or PostgreSQL in a schema of their own, with rate limits out of the way unless asked.
import { afterAll } from 'vitest';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from './test-services.js';
import type { CommunityConfig, ServerConfig } from './contracts.js';
import { startServer, type RunningServer } from './server.js';
import type { HearthOptions } from './hearth.js';
import { signMemberToken } from './auth/index.js';

export { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-services.js';

/** The HS256 secret every test community signs member tokens with. */
export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256';

const UNLIMITED = { capacity: 1_000_000, refillPerSecond: 1_000_000 };

/** A config for tests: a free port on loopback, no communities, quiet logs. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    logLevel: 'silent',
    bodyLimit: 64 * 1024,
    trustProxy: false,
    demo: false,
    workers: 1,
    // Test receivers listen on loopback.
    webhooksPrivateAddresses: true,
    rateLimits: { write: UNLIMITED, read: UNLIMITED, guest: UNLIMITED },
    communities: [],
    ...overrides,
  };
}

/** A community whose members sign in with `memberToken` and whose tokens' roles count. */
export function testCommunity(id: string, overrides: Partial<CommunityConfig> = {}): CommunityConfig {
  return { id, name: id, auth: { secret: TEST_SECRET, trustRole: true }, guests: true, origins: ['*'], adminKeys: [], ...overrides };
}

/** A member token for a test community. */
export function memberToken(claims: { id: string; displayName: string; role?: string }, secret = TEST_SECRET): Promise<string> {
  return signMemberToken(secret, { sub: claims.id, name: claims.displayName, ...(claims.role ? { role: claims.role } : {}) }, 3600);
}

/**
 * Starts a server for this test file on `kind`'s database and stops it (dropping its
 * schema) after the file. PostgreSQL must answer: these tests never skip.
 */
export async function serverFor(kind: 'pglite' | 'postgres', options: Partial<HearthOptions> = {}, config: Partial<ServerConfig> = {}): Promise<RunningServer> {
  const schema = kind === 'postgres' ? randomSchema() : undefined;
  const server = await startServer({
    config: testConfig({ ...(kind === 'postgres' ? { databaseUrl: TEST_DATABASE_URL } : {}), ...config }),
    ...(schema ? { schema } : {}),
    ...options,
  });
  afterAll(async () => {
    await server.close(1000);
    if (schema) await dropSchema(schema);
  });
  return server;
}
