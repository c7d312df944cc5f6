// The shape of `hearth.config.json`, strict so a misspelt key is an error, not a silent default.
import * as z from 'zod';
import { CommentSettings, CommunitySettings } from '@hearth/protocol';

/** Community ids: what clients send in `Hearth-Community`. */
export const COMMUNITY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const ORIGIN = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

const quoted = (value: unknown): string => JSON.stringify(value);

/** `*` or `http(s)://host[:port]`, with no path, query or trailing slash. */
export const Origin = z.string().refine((value) => value === '*' || ORIGIN.test(value), {
  error: (issue) => `${quoted(issue.input)} is not an http(s) origin (write "*" or "https://host[:port]" with no path)`,
});

/** An http(s) URL, for JWKS endpoints. */
const HttpUrl = z.string().refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
  error: (issue) => `${quoted(issue.input)} is not an http(s) URL`,
});

/** A URL with one of `protocols` (e.g. `postgres:`), for database and Redis addresses. */
export function urlWith(protocols: string[], what: string) {
  return z.string().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
    error: (issue) => `${quoted(issue.input)} is not a ${what} URL (${protocols.map((p) => `${p}//…`).join(' or ')})`,
  });
}

/** A signing secret long enough for HS256. */
export const Secret = z.string().refine((value) => value.length >= 32, {
  error: (issue) => `must be at least 32 characters (got ${String(issue.input).length})`,
});

const Bucket = z.strictObject({
  capacity: z.number().int().positive(),
  refillPerSecond: z.number().positive(),
});

const AdminKey = z.strictObject({
  name: z.string().trim().min(1).max(64),
  key: z.string().refine((value) => value.length >= 24, {
    error: (issue) => `must be at least 24 characters (got ${String(issue.input).length})`,
  }),
});

const Auth = z.strictObject({
  secret: Secret.optional(),
  jwksUrl: HttpUrl.optional(),
  issuer: z.string().min(1).optional(),
  audience: z.string().min(1).optional(),
  trustRole: z.boolean().default(false),
});

// The protocol's zod/mini schemas share zod's core, so their shapes nest here unchanged;
// strict so a misspelt setting is reported by name.
const SettingsPartial = z.strictObject(CommunitySettings.shape).partial();
const CommentsPartial = z.strictObject(CommentSettings.shape).partial();

const Community = z.strictObject({
  id: z.string().refine((value) => COMMUNITY_ID.test(value), {
    error: (issue) => `${quoted(issue.input)} is not a community id (lowercase letters, digits and dashes, at most 63, not starting with a dash)`,
  }),
  name: z.string().trim().min(1).max(100).optional(),
  auth: Auth.default({ trustRole: false }),
  guests: z.boolean().default(false),
  origins: z.array(Origin).min(1).default(['*']),
  adminKeys: z.array(AdminKey).default([]),
  settings: SettingsPartial.optional(),
  comments: CommentsPartial.optional(),
});

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Every key `hearth.config.json` may hold; all optional. */
export const ConfigFile = z
  .strictObject({
    $schema: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    host: z.string().min(1).optional(),
    dataDir: z.string().min(1).optional(),
    databaseUrl: urlWith(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
    redisUrl: urlWith(['redis:', 'rediss:'], 'Redis').optional(),
    logLevel: LogLevel.optional(),
    bodyLimit: z.number().int().positive().optional(),
    trustProxy: z.boolean().optional(),
    secret: Secret.optional(),
    rateLimits: z.strictObject({ write: Bucket.optional(), read: Bucket.optional(), guest: Bucket.optional() }).optional(),
    communities: z.array(Community).optional(),
    demo: z.boolean().optional(),
    workers: z.number().int().min(1).max(64).optional(),
    webhooksPrivateAddresses: z.boolean().optional(),
  })
  .superRefine((file, ctx) => {
    const ids = new Map<string, number>();
    const keys = new Map<string, string>();
    file.communities?.forEach((community, i) => {
      const first = ids.get(community.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['communities', i, 'id'], message: `${quoted(community.id)} is already the id of communities[${first}]` });
      } else ids.set(community.id, i);
      const names = new Set<string>();
      community.adminKeys.forEach((adminKey, k) => {
        const where = `communities[${i}].adminKeys[${k}]`;
        const owner = keys.get(adminKey.key);
        if (owner !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['communities', i, 'adminKeys', k, 'key'], message: `the same key is already used by ${owner}; every admin key must be unique` });
        } else keys.set(adminKey.key, where);
        if (names.has(adminKey.name)) {
          ctx.addIssue({ code: 'custom', path: ['communities', i, 'adminKeys', k, 'name'], message: `${quoted(adminKey.name)} names another key of this community already` });
        }
        names.add(adminKey.name);
      });
    });
  });
export type ConfigFile = z.infer<typeof ConfigFile>;

export { LogLevel };
