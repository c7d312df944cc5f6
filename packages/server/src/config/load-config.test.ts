import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

const SECRET = 'a-secret-of-at-least-thirty-two-chars!';
const KEY = 'an-admin-key-of-24-chars-or-more';

/** A fresh folder, optionally holding `hearth.config.json` with `content`. */
function folder(content?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-config-'));
  if (content !== undefined) writeFileSync(join(dir, 'hearth.config.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

function failure(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const fileError = (content: unknown) => failure(() => loadConfig({ env: {}, cwd: folder(content) })).message;
const envError = (env: NodeJS.ProcessEnv) => failure(() => loadConfig({ env, cwd: folder() })).message;

describe('loadConfig defaults', () => {
  it('serves one open default community on 127.0.0.1:8787 with PGlite in .hearth-data', () => {
    const cwd = folder();
    expect(loadConfig({ env: {}, cwd })).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dataDir: join(cwd, '.hearth-data'),
      logLevel: 'info',
      bodyLimit: 65536,
      trustProxy: false,
      demo: false,
      workers: 1,
      webhooksPrivateAddresses: false,
      rateLimits: {
        write: { capacity: 20, refillPerSecond: 1 },
        read: { capacity: 300, refillPerSecond: 50 },
        guest: { capacity: 5, refillPerSecond: 0.05 },
      },
      communities: [{ id: 'default', name: 'Hearth', auth: { trustRole: false }, guests: true, origins: ['*'], adminKeys: [], settings: { guestPosting: true } }],
    });
  });

  it('lets webhooks reach private addresses only when told, by HEARTH_WEBHOOKS_PRIVATE or the file', () => {
    expect(loadConfig({ env: { HEARTH_WEBHOOKS_PRIVATE: 'on' }, cwd: folder() }).webhooksPrivateAddresses).toBe(true);
    expect(envError({ HEARTH_WEBHOOKS_PRIVATE: 'sometimes' })).toContain('HEARTH_WEBHOOKS_PRIVATE: "sometimes" is not true or false');
    expect(fileError({ webhooksPrivateAddresses: 'yes' })).toMatch(/^hearth\.config\.json: webhooksPrivateAddresses: /);
  });

  it('runs several worker processes only over PostgreSQL and Redis, which they share', () => {
    expect(envError({ HEARTH_WORKERS: '2' })).toContain("HEARTH_WORKERS: 2 processes need DATABASE_URL (PGlite is one process's database) and REDIS_URL");
    expect(envError({ HEARTH_WORKERS: '2', DATABASE_URL: 'postgres://db/x' })).toContain('HEARTH_WORKERS: 2 processes need REDIS_URL');
    expect(envError({ HEARTH_WORKERS: 'many' })).toContain('HEARTH_WORKERS: "many" is not a number of processes (1–64)');
    expect(loadConfig({ env: { HEARTH_WORKERS: '2', DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r' }, cwd: folder() }).workers).toBe(2);
  });

  it('gives each load its own default community object', () => {
    const cwd = folder();
    loadConfig({ env: {}, cwd }).communities[0]!.origins.push('https://changed.example');
    expect(loadConfig({ env: {}, cwd }).communities[0]!.origins).toEqual(['*']);
  });
});

describe('loadConfig sources', () => {
  it('reads hearth.config.json from the working folder', () => {
    const cwd = folder({
      port: 9000,
      host: '0.0.0.0',
      dataDir: 'data',
      logLevel: 'debug',
      bodyLimit: 1000,
      trustProxy: true,
      secret: SECRET,
      demo: true,
      databaseUrl: 'postgres://db/hearth',
      redisUrl: 'redis://cache:6379',
      rateLimits: { write: { capacity: 2, refillPerSecond: 0.5 } },
      communities: [
        {
          id: 'acme',
          name: 'Acme',
          auth: { secret: SECRET, issuer: 'acme', audience: 'hearth', trustRole: true },
          guests: true,
          origins: ['https://acme.example', 'http://localhost:5173'],
          adminKeys: [{ name: 'ci', key: KEY }],
          settings: { moderation: 'pre', bannedWords: ['spam'] },
          comments: { maxDepth: 3 },
        },
        { id: 'beta-2', auth: { jwksUrl: 'https://beta.example/.well-known/jwks.json' } },
      ],
    });
    const config = loadConfig({ env: {}, cwd });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: join(cwd, 'data'),
      logLevel: 'debug',
      bodyLimit: 1000,
      trustProxy: true,
      secret: SECRET,
      demo: true,
      databaseUrl: 'postgres://db/hearth',
      redisUrl: 'redis://cache:6379',
    });
    expect(config.rateLimits.write).toEqual({ capacity: 2, refillPerSecond: 0.5 });
    expect(config.rateLimits.read).toEqual({ capacity: 300, refillPerSecond: 50 });
    expect(config.communities).toEqual([
      {
        id: 'acme',
        name: 'Acme',
        auth: { secret: SECRET, issuer: 'acme', audience: 'hearth', trustRole: true },
        guests: true,
        origins: ['https://acme.example', 'http://localhost:5173'],
        adminKeys: [{ name: 'ci', key: KEY }],
        settings: { moderation: 'pre', bannedWords: ['spam'] },
        comments: { maxDepth: 3 },
      },
      { id: 'beta-2', name: 'beta-2', auth: { jwksUrl: 'https://beta.example/.well-known/jwks.json', trustRole: false }, guests: false, origins: ['*'], adminKeys: [] },
    ]);
  });

  it('reads the file HEARTH_CONFIG names, relative to the working folder', () => {
    const cwd = folder({ port: 1 });
    writeFileSync(join(cwd, 'other.json'), JSON.stringify({ port: 2 }));
    expect(loadConfig({ env: { HEARTH_CONFIG: 'other.json' }, cwd }).port).toBe(2);
  });

  it('fails when the file HEARTH_CONFIG names is missing', () => {
    expect(envError({ HEARTH_CONFIG: 'missing.json' })).toMatch(/^HEARTH_CONFIG: "missing.json": no such file/);
  });

  it('reads every environment variable', () => {
    const cwd = folder();
    const config = loadConfig({
      cwd,
      env: {
        PORT: '3000',
        HOST: '::',
        HEARTH_DATA_DIR: 'store',
        DATABASE_URL: 'postgresql://u@h:5432/d',
        REDIS_URL: 'rediss://r:6380',
        LOG_LEVEL: 'WARN',
        HEARTH_BODY_LIMIT: '1mb',
        HEARTH_TRUST_PROXY: 'yes',
        HEARTH_SECRET: SECRET,
        HEARTH_DEMO: '1',
      },
    });
    expect(config).toMatchObject({
      port: 3000,
      host: '::',
      dataDir: join(cwd, 'store'),
      databaseUrl: 'postgresql://u@h:5432/d',
      redisUrl: 'rediss://r:6380',
      logLevel: 'warn',
      bodyLimit: 1024 * 1024,
      trustProxy: true,
      secret: SECRET,
      demo: true,
    });
  });

  it('lets the environment win over the file, and the file over the defaults', () => {
    const cwd = folder({ port: 9000, host: '0.0.0.0', trustProxy: true, demo: true });
    const config = loadConfig({ cwd, env: { PORT: '9100', HEARTH_TRUST_PROXY: 'false' } });
    expect(config).toMatchObject({ port: 9100, host: '0.0.0.0', trustProxy: false, demo: true, logLevel: 'info' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ cwd: folder({ port: 9000 }), env: { PORT: '', HEARTH_SECRET: ' ' } })).toMatchObject({ port: 9000 });
  });

  it('reads HEARTH_BODY_LIMIT as bytes, kb or mb', () => {
    const cwd = folder();
    expect(loadConfig({ cwd, env: { HEARTH_BODY_LIMIT: '2048' } }).bodyLimit).toBe(2048);
    expect(loadConfig({ cwd, env: { HEARTH_BODY_LIMIT: '16kb' } }).bodyLimit).toBe(16384);
  });
});

describe('loadConfig errors', () => {
  it('names the variable and value of a bad environment setting', () => {
    expect(envError({ PORT: 'abc' })).toBe('PORT: "abc" is not a port number (0–65535)');
    expect(envError({ PORT: '70000' })).toMatch(/^PORT: "70000" is not a port number/);
    expect(envError({ LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL: Invalid option/);
    expect(envError({ HEARTH_BODY_LIMIT: 'lots' })).toMatch(/^HEARTH_BODY_LIMIT: "lots" is not a size/);
    expect(envError({ HEARTH_TRUST_PROXY: 'maybe' })).toMatch(/^HEARTH_TRUST_PROXY: "maybe" is not true or false/);
    expect(envError({ HEARTH_DEMO: 'sure' })).toMatch(/^HEARTH_DEMO: "sure" is not true or false/);
    expect(envError({ HEARTH_SECRET: 'short' })).toBe('HEARTH_SECRET: must be at least 32 characters (got 5)');
    expect(envError({ DATABASE_URL: 'mysql://x/y' })).toMatch(/^DATABASE_URL: "mysql:\/\/x\/y" is not a PostgreSQL URL/);
    expect(envError({ REDIS_URL: 'nope' })).toMatch(/^REDIS_URL: "nope" is not a Redis URL/);
  });

  it('reports every bad variable at once', () => {
    const error = failure(() => loadConfig({ env: { PORT: 'x', HEARTH_DEMO: 'y' }, cwd: folder() }));
    expect(error.problems).toHaveLength(2);
    expect(error.message.split('\n')).toEqual([expect.stringMatching(/^PORT: /), expect.stringMatching(/^HEARTH_DEMO: /)]);
  });

  it('names the file, line and column of invalid JSON', () => {
    expect(fileError('{\n  "port": 1,\n}')).toMatch(/^hearth\.config\.json: not valid JSON at line 3, column 1: /);
  });

  it('names the file and key of a bad origin', () => {
    const communities = [{ id: 'a' }, { id: 'b', origins: ['https://ok.example', 'ftp://x'] }];
    expect(fileError({ communities })).toMatch(/^hearth\.config\.json: communities\[1\]\.origins\[1\]: "ftp:\/\/x" is not an http\(s\) origin/);
    expect(fileError({ communities: [{ id: 'a', origins: ['https://x.example/path'] }] })).toMatch(/communities\[0\]\.origins\[0\]: "https:\/\/x\.example\/path" is not an http\(s\) origin/);
  });

  it('names the file HEARTH_CONFIG names as the source', () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'prod.json'), JSON.stringify({ port: 'x' }));
    expect(failure(() => loadConfig({ env: { HEARTH_CONFIG: 'prod.json' }, cwd })).message).toMatch(/^prod\.json: port: /);
  });

  it('rejects unknown keys at every level', () => {
    expect(fileError({ prot: 1 })).toBe('hearth.config.json: prot: unknown key (check its spelling)');
    expect(fileError({ communities: [{ id: 'a', guest: true }] })).toBe('hearth.config.json: communities[0].guest: unknown key (check its spelling)');
    expect(fileError({ communities: [{ id: 'a', auth: { secrets: SECRET } }] })).toMatch(/communities\[0\]\.auth\.secrets: unknown key/);
    expect(fileError({ communities: [{ id: 'a', settings: { moderaton: 'pre' } }] })).toMatch(/communities\[0\]\.settings\.moderaton: unknown key/);
    expect(fileError({ rateLimits: { writes: { capacity: 1, refillPerSecond: 1 } } })).toMatch(/rateLimits\.writes: unknown key/);
  });

  it('checks community ids', () => {
    expect(fileError({ communities: [{ id: 'Acme' }] })).toMatch(/^hearth\.config\.json: communities\[0\]\.id: "Acme" is not a community id/);
    expect(fileError({ communities: [{ id: '-a' }] })).toMatch(/communities\[0\]\.id: "-a" is not a community id/);
    expect(fileError({ communities: [{ id: 'a'.repeat(64) }] })).toMatch(/communities\[0\]\.id: .* is not a community id/);
    expect(fileError({ communities: [{ id: 'a' }, { id: 'b' }, { id: 'a' }] })).toBe('hearth.config.json: communities[2].id: "a" is already the id of communities[0]');
  });

  it('checks secrets and admin keys', () => {
    expect(fileError({ communities: [{ id: 'a', auth: { secret: 'short' } }] })).toBe('hearth.config.json: communities[0].auth.secret: must be at least 32 characters (got 5)');
    expect(fileError({ secret: 'short' })).toBe('hearth.config.json: secret: must be at least 32 characters (got 5)');
    expect(fileError({ communities: [{ id: 'a', adminKeys: [{ name: 'ci', key: 'too-short' }] }] })).toBe(
      'hearth.config.json: communities[0].adminKeys[0].key: must be at least 24 characters (got 9)',
    );
    expect(fileError({ communities: [{ id: 'a', adminKeys: [{ name: 'ci', key: KEY }] }, { id: 'b', adminKeys: [{ name: 'ops', key: KEY }] }] })).toBe(
      'hearth.config.json: communities[1].adminKeys[0].key: the same key is already used by communities[0].adminKeys[0]; every admin key must be unique',
    );
    expect(fileError({ communities: [{ id: 'a', adminKeys: [{ name: 'ci', key: KEY }, { name: 'ci', key: `${KEY}-2` }] }] })).toMatch(/communities\[0\]\.adminKeys\[1\]\.name: "ci" names another key/);
    expect(fileError({ communities: [{ id: 'a', auth: { jwksUrl: 'file:///keys.json' } }] })).toMatch(/communities\[0\]\.auth\.jwksUrl: "file:\/\/\/keys\.json" is not an http\(s\) URL/);
  });

  it('checks settings and comment rules with the protocol schemas, naming the key', () => {
    expect(fileError({ communities: [{ id: 'a', settings: { moderation: 'later' } }] })).toMatch(/^hearth\.config\.json: communities\[0\]\.settings\.moderation: Invalid option/);
    expect(fileError({ communities: [{ id: 'a', settings: { flood: { duplicateWindowMs: -1, maxPostsPerMinute: 1 } } }] })).toMatch(/communities\[0\]\.settings\.flood\.duplicateWindowMs: /);
    expect(fileError({ communities: [{ id: 'a', settings: { flood: { maxPostsPerMinute: 1 } } }] })).toBe('hearth.config.json: communities[0].settings.flood.duplicateWindowMs: is required (expected number)');
    expect(fileError({ communities: [{ id: 'a', comments: { maxDepth: 11 } }] })).toMatch(/^hearth\.config\.json: communities\[0\]\.comments\.maxDepth: /);
  });

  it('checks the types of top-level keys and rate limits', () => {
    expect(fileError({ port: 'x' })).toMatch(/^hearth\.config\.json: port: Invalid input: expected number/);
    expect(fileError({ rateLimits: { read: { capacity: 0, refillPerSecond: 1 } } })).toMatch(/^hearth\.config\.json: rateLimits\.read\.capacity: /);
    expect(fileError([])).toMatch(/^hearth\.config\.json: \(top level\): Invalid input: expected object/);
  });
});
