import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { HearthError } from '@hearth/protocol';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';

/**
 * The built operator console (`@hearth/console`'s `dist/`), or null when it is not installed or
 * not built (`npm run build -w @hearth/console`).
 */
export function defaultConsoleDir(): string | null {
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('@hearth/console/package.json')), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * The console's own security headers: its page and assets come from this origin only, and it
 * talks to this server alone (the API's `default-src 'none'` would block the page itself).
 */
export const consoleHeaders: MiddlewareHandler = secureHeaders({
  crossOriginResourcePolicy: 'same-origin',
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'https:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * Serves the console at `/console/` from `dir`: the files Vite built, hashed assets cached for
 * good, and `index.html` for every other path under it. Without a build, `/console` says how to make one.
 */
export function mountConsole(app: Hono, dir: string | null): void {
  if (!dir) {
    app.get(`${CONSOLE_PATH}/*`, () => {
      throw new HearthError('not_found', 'The console is not built on this server: run "npm run build -w @hearth/console", then restart.');
    });
    app.get(CONSOLE_PATH, () => {
      throw new HearthError('not_found', 'The console is not built on this server: run "npm run build -w @hearth/console", then restart.');
    });
    return;
  }
  app.get(CONSOLE_PATH, (c) => c.redirect(`${CONSOLE_PATH}/`, 301));
  const files = serveStatic({ root: dir, rewriteRequestPath: (path) => path.slice(CONSOLE_PATH.length) || '/' });
  const index = serveStatic({ path: join(dir, 'index.html') });
  // Vite names what it builds under assets/ by content hash: those never change.
  const caching: MiddlewareHandler = async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set('Cache-Control', c.req.path.startsWith(`${CONSOLE_PATH}/assets/`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    else c.res.headers.set('Cache-Control', 'no-store');
  };
  // A missing asset is a 404, never the page (which would then be cached as that asset).
  const page: MiddlewareHandler = (c, next) => (c.req.path.startsWith(`${CONSOLE_PATH}/assets/`) ? next() : index(c, next));
  app.get(`${CONSOLE_PATH}/*`, caching, files, page);
}
