import { Hono, type Context } from 'hono';
import { cors } from './protect/cors.js';
import { secureHeaders } from 'hono/secure-headers';
import { CONSOLE_PATH, consoleHeaders, mountConsole } from './console.js';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Logger } from 'pino';
import {
  EVENTS_PATH,
  GUEST_SESSION_PATH,
  HTTP_HEADERS,
  HearthError,
  WRITES,
  statusOfCode,
  type OperationKey,
  type Session,
  type Viewer,
} from '@hearth/protocol';
import type { Engine } from '@hearth/engine';
import type { Authenticator, BucketRule, CommunityConfig, Database, RateLimiter, ServerConfig } from './contracts.js';
import type { Communities, HostedCommunity } from './communities.js';
import type { EventStreams } from './realtime/sse.js';
import type { CachedPage, ReadCache } from './read-cache.js';
import { signMemberToken } from './auth/index.js';
import { effectiveOrigins, originAllowed, type AccessRegistry } from './access/access-registry.js';
import type { AccessService } from './access/access-service.js';

/** What the HTTP app is made of; `createHearth` builds them from the config. */
export interface AppParts {
  config: ServerConfig;
  database: Database;
  communities: Communities;
  auth: Authenticator;
  limiter: RateLimiter;
  streams: EventStreams;
  logger: Logger;
  /** Comment pages every reader's answer is cut from; read afresh each time when absent. */
  readCache?: ReadCache<CachedPage>;
  /** The built console to serve at /console/ (null: none, and /console says how to build it). */
  consoleDir?: string | null;
  /** The access settings saved in the console (origins here; keys and secrets in `auth`); the config's alone without it. */
  access?: AccessRegistry;
  /** Answers the `access.*` operations; without it they are `unavailable`. */
  accessService?: AccessService | null;
}

/** The path that opens a guest session: `POST` `{ displayName, email? }`, answered with `{ token, viewer, expiresAt }`. */
export { GUEST_SESSION_PATH };

/** The demo's sign-in (only with `demo` on): `POST` `{ id, displayName, role? }`, answered with `{ token }`. */
export const DEMO_TOKEN_PATH = '/demo/token';

type Handler = (input: unknown, viewer: Viewer | null) => Promise<unknown>;

/** The engine method an operation names; only operations of the binding (`WRITES`) resolve. */
function operation(engine: Engine, op: OperationKey): Handler {
  if (op === 'getSession') return (_input, viewer) => engine.getSession(viewer);
  const [group, method] = op.split('.') as [string, string | undefined];
  const target = (method ? (engine as unknown as Record<string, unknown>)[group] : engine) as Record<string, unknown>;
  const fn = target[method ?? op] as Handler;
  return (input, viewer) => fn.call(target, input, viewer);
}

function errorBody(error: HearthError): { error: ReturnType<HearthError['toJSON']> } {
  return { error: error.toJSON() };
}

/** Reads the JSON a request carries: the `input` query of a read, the body of a write. */
async function readInput(c: Context, write: boolean): Promise<unknown> {
  const text = write ? await c.req.text() : (c.req.query('input') ?? '{}');
  if (write && text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw HearthError.validation(write ? 'body' : 'input', write ? 'The request body is not valid JSON.' : 'The input query parameter is not valid JSON.');
  }
}

/**
 * The `Idempotency-Key` header and the input's `idempotencyKey` name one key: a write that
 * sends only the header gets it in its input; one that sends two different keys is refused.
 */
function withIdempotencyKey(input: unknown, header: string | undefined): unknown {
  if (!header || typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  if (record.idempotencyKey === undefined) return { ...record, idempotencyKey: header };
  if (record.idempotencyKey !== header) throw HearthError.validation('idempotencyKey', 'The Idempotency-Key header and the idempotencyKey in the body differ.');
  return input;
}

/**
 * The Hearth HTTP binding (packages/protocol/src/http.ts) as a Hono app: every operation at
 * `/v1/<op>`, the event stream at `/v1/events`, guest sessions, health and readiness, with
 * per-community CORS, security headers, a body-size limit and token-bucket rate limits.
 *
 * @example
 * const app = createApp(parts);
 * const res = await app.request('/v1/listComments?input=' + encodeURIComponent('{"threadKey":"/a"}'));
 */
export function createApp(parts: AppParts): Hono {
  const { config, database, communities, auth, limiter, streams, logger, readCache } = parts;
  const app = new Hono();

  /**
   * A page this server served itself (the console at /console/) calls from its own origin:
   * always allowed, so no origin list can lock the console out. Browsers mark such calls
   * `Sec-Fetch-Site: same-origin`; without it, the Origin naming this request's own Host counts.
   */
  const sameOrigin = (c: Context, origin: string): boolean => {
    if (c.req.header('sec-fetch-site') === 'same-origin') return true;
    const host = c.req.header('host');
    return host !== undefined && URL.canParse(origin) && new URL(origin).host === host;
  };
  /** The origins in force for a community: its config's, with what the console saved. */
  const originsOf = async (config: CommunityConfig): Promise<string[]> => (parts.access ? effectiveOrigins(config, await parts.access.get(config.id)) : config.origins);
  const allowedAnywhere = async (origin: string) => {
    for (const config of communities.configs) if (originAllowed(await originsOf(config), origin)) return true;
    return false;
  };

  app.onError((error, c) => {
    const hearth = HearthError.is(error) ? error : null;
    if (!hearth) {
      logger.error({ err: error, path: c.req.path }, 'request failed');
      return c.json(errorBody(new HearthError('internal', 'Something went wrong on the server; try again.')), 500);
    }
    const wait = hearth.details.retryAfterMs;
    if (hearth.code === 'rate_limited' && typeof wait === 'number') c.header(HTTP_HEADERS.retryAfter, String(Math.max(1, Math.ceil(wait / 1000))));
    return c.json(errorBody(hearth), statusOfCode(hearth.code) as 400);
  });
  app.notFound((c) => c.json(errorBody(new HearthError('not_found', `Nothing at ${c.req.method} ${c.req.path}.`)), 404));

  const apiHeaders = secureHeaders({
    // Widgets on other sites fetch from here; CORS decides who may read.
    crossOriginResourcePolicy: 'cross-origin',
    crossOriginOpenerPolicy: false,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
  app.use('*', (c, next) => (c.req.path === CONSOLE_PATH || c.req.path.startsWith(`${CONSOLE_PATH}/`) ? consoleHeaders(c, next) : apiHeaders(c, next)));
  // Preflights carry no community header, so they pass for any origin some community allows;
  // the request itself is then checked against its own community's list.
  const corsMiddleware = cors({
    allow: allowedAnywhere,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: [HTTP_HEADERS.authorization, HTTP_HEADERS.community, HTTP_HEADERS.variant, HTTP_HEADERS.idempotencyKey, HTTP_HEADERS.lastEventId, 'Content-Type'],
    exposeHeaders: [HTTP_HEADERS.retryAfter],
    maxAge: 600,
  });
  app.use('/v1/*', corsMiddleware);
  app.use('/demo/*', corsMiddleware);
  const tooLarge = (c: Context) => c.json(errorBody(HearthError.validation('body', `The request body is larger than ${config.bodyLimit} bytes.`)), 413);
  const limitBody = bodyLimit({ maxSize: config.bodyLimit, onError: tooLarge });
  // A declared length is checked as a number (Node's parser never reads past it); only a
  // body without one is counted as it streams in. Hono's limit always takes the body stream,
  // which makes the request a full Fetch Request: a measurable share of a write's time.
  app.use('/v1/*', (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) return Number(length) > config.bodyLimit ? Promise.resolve(tooLarge(c)) : next();
    return limitBody(c, next);
  });

  mountConsole(app, parts.consoleDir ?? null);
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await database.ping();
      return c.json({ status: 'ready', database: database.kind });
    } catch (error) {
      logger.warn({ err: error }, 'database not reachable');
      return c.json({ status: 'unavailable', database: database.kind }, 503);
    }
  });

  const clientAddress = (c: Context): string => {
    if (config.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };

  const take = async (key: string, rule: BucketRule, what: string) => {
    const result = await limiter.take(key, rule);
    if (!result.ok) throw new HearthError('rate_limited', `Too many ${what}; try again in ${Math.max(1, Math.ceil(result.retryAfterMs / 1000))} s.`, { retryAfterMs: result.retryAfterMs });
  };

  /** The community a request names, its origin checked against that community's list. */
  const communityOf = async (c: Context): Promise<HostedCommunity> => {
    const hosted = communities.resolve(c.req.header(HTTP_HEADERS.community) ?? c.req.query('community'));
    const origin = c.req.header('origin');
    if (origin && !sameOrigin(c, origin) && !originAllowed(await originsOf(hosted.config), origin)) {
      throw new HearthError('forbidden', `${origin} may not use the community "${hosted.config.id}"; add it to that community's origins.`, { origin });
    }
    return hosted;
  };

  const viewerOf = async (c: Context, hosted: HostedCommunity): Promise<Viewer | null> => {
    const viewer = await auth.authenticate(hosted.config, c.req.header(HTTP_HEADERS.authorization) ?? null);
    const variant = c.req.header(HTTP_HEADERS.variant);
    return viewer && variant ? { ...viewer, variant: variant.slice(0, 64) } : viewer;
  };

  // Every route takes from its per-address bucket before checking credentials, so guessing
  // tokens or keys is rate limited like anything else.
  app.get(EVENTS_PATH, async (c) => {
    const hosted = await communityOf(c);
    await take(`read:${hosted.config.id}:ip:${clientAddress(c)}`, config.rateLimits.read, 'requests');
    const claimed = await viewerOf(c, hosted);
    // Who may see held content is the role the community gave, not only the token's claim.
    const viewer = claimed && ((await hosted.engine.getSession(claimed)).viewer ?? claimed);
    return streams.handle(c, hosted.config.id, c.req.queries('channel') ?? [], viewer);
  });

  app.post(GUEST_SESSION_PATH, async (c) => {
    const hosted = await communityOf(c);
    // A credential sent along must still be this community's: a foreign one is refused, not
    // ignored. A guest's own token renames them and keeps their id.
    await take(`guest:${hosted.config.id}:ip:${clientAddress(c)}`, config.rateLimits.guest, 'guest sessions from this address');
    const existing = await viewerOf(c, hosted);
    return c.json(await auth.openGuestSession(hosted.config, await readInput(c, true), existing));
  });

  if (config.demo) {
    app.post(DEMO_TOKEN_PATH, async (c) => {
      const hosted = await communityOf(c);
      const secret = hosted.config.auth.secret;
      if (!secret) throw new HearthError('forbidden', `The community "${hosted.config.id}" has no HS256 secret to sign demo tokens with.`);
      const input = (await readInput(c, true)) as { id?: unknown; displayName?: unknown; role?: unknown };
      if (typeof input.id !== 'string' || !input.id) throw HearthError.validation('id', 'A demo member needs an id.');
      const name = typeof input.displayName === 'string' && input.displayName ? input.displayName : input.id;
      const role = typeof input.role === 'string' ? input.role : undefined;
      return c.json({ token: await signMemberToken(secret, { sub: input.id, name, ...(role ? { role } : {}) }, 60 * 60) });
    });
  }

  /**
   * A comment page cut from records every reader shares, kept until an event on the thread
   * changes them; a signed-out reader's answer is also kept as the text sent, since it is
   * the same for everyone. Only the viewer's role and reactions are read per signed-in read.
   */
  const readComments = async (c: Context, hosted: HostedCommunity, input: unknown, viewer: Viewer | null) => {
    const community = hosted.config.id;
    const raw = c.req.query('input') ?? '{}';
    let page = readCache!.get(community, raw);
    if (!page) {
      const ticket = readCache!.ticket();
      const records = await hosted.engine.readCommentPage(input);
      page = { records, body: null };
      readCache!.set(community, raw, records.threadKey, page, ticket);
    }
    if (viewer) return c.json((await hosted.engine.presentCommentPage(page.records, viewer)) as never);
    page.body ??= JSON.stringify(await hosted.engine.presentCommentPage(page.records, null));
    return c.body(page.body, 200, { 'content-type': 'application/json' });
  };

  app.on(['GET', 'POST'], '/v1/:op', async (c) => {
    const op = c.req.param('op') as OperationKey;
    if (!Object.hasOwn(WRITES, op)) throw new HearthError('not_found', `There is no operation "${op}".`);
    const write = WRITES[op];
    const method = write ? 'POST' : 'GET';
    if (c.req.method !== method) {
      c.header('Allow', method);
      return c.json(errorBody(HearthError.validation('method', `${op} takes ${method}, not ${c.req.method}.`)), 405);
    }
    const hosted = await communityOf(c);
    const community = hosted.config.id;
    const ip = clientAddress(c);
    if (write) await take(`write:${community}:${op}:ip:${ip}`, config.rateLimits.write, 'changes from this address');
    else await take(`read:${community}:ip:${ip}`, config.rateLimits.read, 'requests');
    const viewer = await viewerOf(c, hosted);
    if (write && viewer) await take(`write:${community}:${op}:member:${viewer.id}`, config.rateLimits.write, 'changes');
    let input = await readInput(c, write);
    if (write) input = withIdempotencyKey(input, c.req.header(HTTP_HEADERS.idempotencyKey));
    if (!write) c.header('Cache-Control', 'private, no-cache');
    if (op === 'listComments' && readCache) return readComments(c, hosted, input, viewer);
    if (op.startsWith('access.')) {
      if (!parts.accessService) throw new HearthError('unavailable', 'This server keeps no access settings in its database.');
      // Who may change access is the role the community gave, not only the token's claim.
      const role = viewer ? ((await hosted.engine.getSession(viewer)).viewer?.role ?? viewer.role) : undefined;
      return c.json((await parts.accessService.call(op.slice('access.'.length), hosted.config, input, { viewer, role })) as never);
    }
    let result = await operation(hosted.engine, op)(input, viewer);
    // Guests post only where the community's settings allow it and this server opens their sessions.
    if (op === 'getSession') result = { ...(result as Session), guests: (result as Session).guests !== false && hosted.config.guests };
    return c.json((result ?? null) as never);
  });

  return app;
}
