import { pino, type Logger } from 'pino';
import type { Hono } from 'hono';
import type { Engine } from '@hearth/engine';
import type { CommunityConfig, Database, EventBus, RateLimiter, ServerConfig } from './contracts.js';
import { openDatabase } from './db/index.js';
import { createAuthenticator } from './auth/index.js';
import { createLocalBus, createRedisBus } from './realtime/bus.js';
import { ReplayBuffer } from './realtime/replay.js';
import { createEventStreams, type EventStreams } from './realtime/sse.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './protect/rate-limit.js';
import { Communities } from './communities.js';
import { createApp } from './app.js';
import { defaultConsoleDir } from './console.js';
import { ReadCache, type CachedPage } from './read-cache.js';
import { WebhookWorker, type WebhookWorkerOptions } from './webhooks/worker.js';
import { AccessRegistry } from './access/access-registry.js';
import { AccessService } from './access/access-service.js';

/** How to build a server's parts; everything but `config` is made from it when absent. */
export interface HearthOptions {
  config: ServerConfig;
  /** An open database; otherwise opened from `config.databaseUrl` or `config.dataDir`. */
  database?: Database;
  /** Puts the tables in this PostgreSQL schema (tests). */
  schema?: string;
  bus?: EventBus;
  limiter?: RateLimiter;
  logger?: Logger;
  /** Every timestamp the engines make (`Date.now` by default); tests move it. */
  clock?: () => number;
  /** The Redis channel events travel on (tests keep runs apart). */
  busChannel?: string;
  /**
   * The webhook worker that sends queued deliveries: on by default; `false` runs none (tests
   * that never send); options tune it (tests poll faster).
   */
  webhooks?: false | Omit<WebhookWorkerOptions, 'queue'>;
  /** The built console to serve at /console/: `@hearth/console`'s build by default; null serves none. */
  consoleDir?: string | null;
}

/** A server's parts, assembled: the Hono app and what shutting down must close. */
export interface Hearth {
  app: Hono;
  config: ServerConfig;
  database: Database;
  communities: Communities;
  streams: EventStreams;
  logger: Logger;
  /** Hosts one more community at run time (with its own clock, for tests). */
  addCommunity(config: CommunityConfig, options?: { clock?: () => number }): void;
  /** The engine of a hosted community (for seeding and scripts). */
  engine(community: string): Engine;
  /** Ends every event stream, then closes the bus, the limiter and the database. */
  close(): Promise<void>;
}

/**
 * Builds a Hearth server from its config: the database (PGlite or PostgreSQL, migrated),
 * realtime fan-out and rate limits (in process, or shared through Redis with `redisUrl`),
 * identity, one engine per community, and the HTTP app. Nothing is kept in process that
 * another instance would need, so any number run behind a load balancer.
 *
 * @example
 * const hearth = await createHearth({ config: loadConfig() });
 * const res = await hearth.app.request('/healthz');
 */
export async function createHearth(options: HearthOptions): Promise<Hearth> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.logLevel, name: 'hearth' });
  const owned: Array<() => Promise<void>> = [];
  try {
    const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: options.schema, logger: { info: (msg) => logger.info(msg) } }));
    if (!options.database) owned.push(() => database.close());
    const onError = (error: Error) => logger.warn({ err: error }, 'redis');
    const bus = options.bus ?? (config.redisUrl ? await createRedisBus(config.redisUrl, { onError, ...(options.busChannel ? { channel: options.busChannel } : {}) }) : createLocalBus());
    if (!options.bus) owned.push(() => bus.close());
    const limiter = options.limiter ?? (config.redisUrl ? await createRedisRateLimiter(config.redisUrl, { onError }) : createMemoryRateLimiter());
    if (!options.limiter) owned.push(() => limiter.close());
    const streams = createEventStreams({ bus, buffer: new ReplayBuffer() });
    const communities = new Communities(config.communities, { database, bus, clock: options.clock });
    const accessStore = database.access?.() ?? null;
    const access = new AccessRegistry(accessStore, { onError: (error) => logger.warn({ err: error }, 'noting an admin key\'s last use failed') });
    const accessLog = logger.child({ part: 'access' });
    const accessService = accessStore ? new AccessService(accessStore, access, { log: (entry) => accessLog.info(entry, `access: ${entry.actor} ${entry.action}`) }) : null;
    const auth = createAuthenticator({
      guestSecret: config.secret ?? (() => database.sharedSecret('guest')),
      access: (community) => access.get(community),
      onKeyUsed: (community, id) => access.used(community, id),
    });
    const readCache = new ReadCache<CachedPage>(bus);
    owned.push(async () => readCache.close());
    const consoleDir = options.consoleDir === undefined ? defaultConsoleDir() : options.consoleDir;
    const app = createApp({ config, database, communities, auth, limiter, streams, logger, readCache, consoleDir, access, accessService });
    if (options.webhooks !== false) {
      // Every instance sends: each delivery is taken by one at a time (see SqlWebhookQueue).
      const worker = new WebhookWorker({
        queue: database.webhookQueue(),
        logger: logger.child({ part: 'webhooks' }),
        allowPrivateAddresses: config.webhooksPrivateAddresses,
        ...options.webhooks,
      });
      worker.start();
      // Closed before the database: deliveries being sent are let finish and recorded.
      owned.push(() => worker.stop());
    }
    let closing: Promise<void> | null = null;
    return {
      app,
      config,
      database,
      communities,
      streams,
      logger,
      addCommunity: (community, extra) => communities.add(community, extra),
      engine: (community) => communities.resolve(community).engine,
      close() {
        closing ??= (async () => {
          await streams.close();
          for (const close of [...owned].reverse()) await close();
        })();
        return closing;
      },
    };
  } catch (error) {
    for (const close of owned.reverse()) await close().catch(() => {});
    throw error;
  }
}
