// Reads the environment variables the server understands, each checked with a message naming it.
import { resolve } from 'node:path';
import type * as z from 'zod';
import type { ServerConfig } from '../contracts.js';
import { LogLevel, Secret, urlWith } from './schema.js';

/** The settings the environment may override. */
export type EnvOverrides = Partial<Pick<ServerConfig, 'port' | 'host' | 'dataDir' | 'databaseUrl' | 'redisUrl' | 'logLevel' | 'bodyLimit' | 'trustProxy' | 'secret' | 'demo' | 'workers' | 'webhooksPrivateAddresses'>>;

type Read<T> = { value: T } | { problem: string };

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const SIZE = /^(\d+)\s*(b|kb|kib|mb|mib)?$/i;
const UNIT: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 * 1024, mib: 1024 * 1024 };

function flag(raw: string): Read<boolean> {
  const lower = raw.toLowerCase();
  if (TRUE.includes(lower)) return { value: true };
  if (FALSE.includes(lower)) return { value: false };
  return { problem: `${JSON.stringify(raw)} is not true or false (use true/false, 1/0, yes/no or on/off)` };
}

function checked<T>(schema: z.ZodType<T>, raw: string): Read<T> {
  const result = schema.safeParse(raw);
  return result.success ? { value: result.data } : { problem: result.error.issues[0]!.message };
}

/** Each variable's name and reader. */
const READERS: { [K in keyof EnvOverrides]-?: [name: string, read: (raw: string, cwd: string) => Read<NonNullable<EnvOverrides[K]>>] } = {
  port: ['PORT', (raw) => (/^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? { value: Number(raw) } : { problem: `${JSON.stringify(raw)} is not a port number (0–65535)` })],
  host: ['HOST', (raw) => ({ value: raw })],
  dataDir: ['HEARTH_DATA_DIR', (raw, cwd) => ({ value: resolve(cwd, raw) })],
  databaseUrl: ['DATABASE_URL', (raw) => checked(urlWith(['postgres:', 'postgresql:'], 'PostgreSQL'), raw)],
  redisUrl: ['REDIS_URL', (raw) => checked(urlWith(['redis:', 'rediss:'], 'Redis'), raw)],
  logLevel: ['LOG_LEVEL', (raw) => checked(LogLevel, raw.toLowerCase())],
  bodyLimit: [
    'HEARTH_BODY_LIMIT',
    (raw) => {
      const match = SIZE.exec(raw.trim());
      const bytes = match ? Number(match[1]) * UNIT[(match[2] ?? 'b').toLowerCase()]! : 0;
      return bytes > 0 ? { value: bytes } : { problem: `${JSON.stringify(raw)} is not a size (bytes, or a number with kb or mb, e.g. 64kb)` };
    },
  ],
  trustProxy: ['HEARTH_TRUST_PROXY', flag],
  secret: ['HEARTH_SECRET', (raw) => checked(Secret, raw)],
  demo: ['HEARTH_DEMO', flag],
  webhooksPrivateAddresses: ['HEARTH_WEBHOOKS_PRIVATE', flag],
  workers: ['HEARTH_WORKERS', (raw) => (/^\d{1,2}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 64 ? { value: Number(raw) } : { problem: `${JSON.stringify(raw)} is not a number of processes (1–64)` })],
};

/**
 * The overrides set in `env` (an empty variable counts as unset), plus one problem line per
 * bad variable, e.g. `PORT: "abc" is not a port number (0–65535)`. Relative paths resolve
 * against `cwd`.
 */
export function readEnv(env: NodeJS.ProcessEnv, cwd: string): { overrides: EnvOverrides; problems: string[] } {
  const overrides: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, [name, read]] of Object.entries(READERS) as Array<[string, [string, (raw: string, cwd: string) => Read<unknown>]]>) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const result = read(raw, cwd);
    if ('problem' in result) problems.push(`${name}: ${result.problem}`);
    else overrides[key] = result.value;
  }
  return { overrides: overrides as EnvOverrides, problems };
}
