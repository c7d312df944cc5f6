// The server's configuration: defaults, then `hearth.config.json`, then the environment.
import { dirname, resolve } from 'node:path';
import type { CommunityConfig, ServerConfig } from '../contracts.js';
import { readEnv } from './env.js';
import { ConfigError } from './error.js';
import { readConfigFile } from './file.js';

/**
 * The community a server with no `communities` configured hosts: open to guests from any
 * origin, so a widget pointed at a fresh server takes comments under a name at once.
 */
export const DEFAULT_COMMUNITY: CommunityConfig = {
  id: 'default',
  name: 'Hearth',
  auth: { trustRole: false },
  guests: true,
  origins: ['*'],
  adminKeys: [],
  settings: { guestPosting: true },
};

/** Token buckets used unless `rateLimits` in the file says otherwise. */
export const DEFAULT_RATE_LIMITS: ServerConfig['rateLimits'] = {
  write: { capacity: 20, refillPerSecond: 1 },
  read: { capacity: 300, refillPerSecond: 50 },
  guest: { capacity: 5, refillPerSecond: 0.05 },
};

/**
 * The server's checked configuration. Later sources win: defaults, then `hearth.config.json`
 * (the file `HEARTH_CONFIG` names, else `<cwd>/hearth.config.json` if present), then PORT, HOST,
 * HEARTH_DATA_DIR, DATABASE_URL, REDIS_URL, LOG_LEVEL, HEARTH_BODY_LIMIT, HEARTH_TRUST_PROXY,
 * HEARTH_SECRET, HEARTH_DEMO, HEARTH_WORKERS and HEARTH_WEBHOOKS_PRIVATE. A relative `dataDir` in the file is relative to the file's folder.
 * In the file, a community's `guests` defaults to false and `origins` to `["*"]`.
 *
 * @throws ConfigError naming the source and key of every bad value, e.g.
 *   `PORT: "abc" is not a port number (0–65535)`.
 */
export function loadConfig(options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ServerConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const { overrides, problems } = readEnv(env, cwd);
  let file: ReturnType<typeof readConfigFile>;
  try {
    file = readConfigFile(env.HEARTH_CONFIG?.trim() || undefined, cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...problems]);
    throw error;
  }
  if (problems.length) throw new ConfigError(problems);
  const { $schema: _schema, rateLimits, communities, dataDir, ...settings } = file?.content ?? {};
  const config: ServerConfig = {
    port: 8787,
    host: '127.0.0.1',
    dataDir: file && dataDir ? resolve(dirname(file.path), dataDir) : resolve(cwd, '.hearth-data'),
    logLevel: 'info',
    bodyLimit: 64 * 1024,
    trustProxy: false,
    demo: false,
    workers: 1,
    webhooksPrivateAddresses: false,
    ...settings,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...rateLimits },
    communities: communities?.length ? communities.map(({ name, comments, settings: communitySettings, ...community }) => ({
      ...community,
      name: name ?? community.id,
      ...(communitySettings && { settings: communitySettings }),
      ...(comments && { comments }),
    })) : [structuredClone(DEFAULT_COMMUNITY)],
    ...overrides,
  };
  if (config.workers > 1) {
    const name = overrides.workers !== undefined ? 'HEARTH_WORKERS' : 'workers';
    const missing = [!config.databaseUrl && `DATABASE_URL (PGlite is one process's database)`, !config.redisUrl && 'REDIS_URL (for their events and rate limits)'].filter(Boolean);
    if (missing.length) throw new ConfigError([`${name}: ${config.workers} processes need ${missing.join(' and ')}`]);
  }
  return config;
}
