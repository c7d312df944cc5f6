// A small static server for the examples: examples/ at `/`, the CDN build at `/cdn/`.
// Used by `npm start` and the screenshot script; not a production server.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CDN_DIR = join(root, 'packages/elements/dist/cdn');
const EXAMPLES_DIR = join(root, 'examples');
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function resolveFile(mounts, pathname) {
  for (const [prefix, dir] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, pathname.slice(prefix.length)));
    // Refuse anything that climbs out of the mounted folder.
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    if (existsSync(file) && statSync(file).isDirectory()) return join(file, 'index.html');
    return file;
  }
  return null;
}

/**
 * Starts the server on `port` (0 picks a free one); resolves with its URL. `cdnDir` serves
 * another build of the CDN bundle at `/cdn/` (tests build their own, so two never collide).
 * `backend` (`{ endpoint, community }`, from `npm start`) goes into every page as
 * `<meta name="hearth-demo-server">`, which tells the demo pages to talk to that Hearth server
 * instead of the memory backend.
 */
export function serveExamples({ port = 0, host = '127.0.0.1', cdnDir = CDN_DIR, backend = null } = {}) {
  // The demo holds itself to what embedding sites may require: no inline script, no eval.
  const connect = backend ? ` ${new URL(backend.endpoint).origin}` : '';
  const csp = `default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; connect-src 'self'${connect}`;
  const mounts = [
    ['/cdn/', cdnDir],
    ['/', EXAMPLES_DIR],
  ];
  const server = createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    if (pathname === '/') {
      res.writeHead(302, { location: '/brand/' }).end();
      return;
    }
    const file = resolveFile(mounts, pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'content-security-policy': csp,
    });
    if (backend && extname(file) === '.html') {
      const meta = `<meta name="hearth-demo-server" content="${JSON.stringify(backend).replaceAll('&', '&amp;').replaceAll('"', '&quot;')}">`;
      res.end(readFileSync(file, 'utf8').replace('</head>', `${meta}\n  </head>`));
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}/`, close: () => server.close() });
    });
  });
}
