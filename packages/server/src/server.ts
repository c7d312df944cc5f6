import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHearth, type Hearth, type HearthOptions } from './hearth.js';

/** A listening server. */
export interface RunningServer {
  hearth: Hearth;
  /** `http://host:port` it listens on. */
  url: string;
  /**
   * Stops taking new requests, ends the event streams (clients reconnect elsewhere and
   * resume), lets requests in flight finish (up to `graceMs`, 10 s by default), then closes
   * the database and Redis connections.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Builds a server from `options` and listens on `config.host`:`config.port` (0 picks a free
 * port). In-flight requests are counted, so shutting down never cuts a write short.
 *
 * @example
 * const server = await startServer({ config: loadConfig() });
 * process.on('SIGTERM', () => server.close());
 */
export async function startServer(options: HearthOptions): Promise<RunningServer> {
  const hearth = await createHearth(options);
  const { config, logger } = hearth;
  // A request counts as in flight until its response has been written out, not merely built:
  // closing connections as soon as the handler returns would cut the answer off. And until its
  // handler has returned: a client that hangs up early does not stop a write under way, which
  // must finish before the database closes.
  const inFlight = new Set<ServerResponse>();
  let handling = 0;
  let idle: (() => void) | null = null;
  const settled = () => {
    if (inFlight.size === 0 && handling === 0) idle?.();
  };
  const fetch = async (request: Request, env: unknown): Promise<Response> => {
    const started = performance.now();
    handling++;
    try {
      const response = await hearth.app.fetch(request, env);
      logger.debug({ method: request.method, url: request.url, status: response.status, ms: Math.round(performance.now() - started) }, 'request');
      return response;
    } finally {
      handling--;
      settled();
    }
  };
  const listening: Promise<ServerType> = new Promise((resolve, reject) => {
    const s = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
    s.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      inFlight.add(response);
      response.once('close', () => {
        inFlight.delete(response);
        settled();
      });
    });
  });
  let server: ServerType;
  try {
    server = await listening;
  } catch (error) {
    // A taken port: let go of what was opened for it, so the caller may try another.
    await hearth.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, database: hearth.database.kind, redis: Boolean(config.redisUrl), communities: hearth.communities.configs.map((c) => c.id) }, 'hearth server listening');

  let closing: Promise<void> | null = null;
  return {
    hearth,
    url,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        logger.info('shutting down: no new requests, ending event streams, finishing writes');
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await hearth.streams.drainStreams();
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        if (inFlight.size > 0 || handling > 0) {
          await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
        }
        if ('closeAllConnections' in server) server.closeAllConnections();
        await stopped;
        await hearth.close();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}
