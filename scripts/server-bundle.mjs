// Loads the Hearth server straight from its TypeScript source, for the repo's own scripts
// (`npm start`, `npm run bench`, the end-to-end tests): esbuild bundles packages/server/src
// with the workspace packages inlined into one module under packages/server/node_modules/.cache, and the
// npm dependencies (hono, pg, PGlite, ...) left to node_modules. Takes well under a second.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the server package, so the bundle finds packages/server/migrations by walking up.
const OUT_DIR = join(root, 'packages/server/node_modules/.cache/hearth-server');

/**
 * Bundles `entry` (a path under packages/server/src, `index.ts` by default, or an absolute
 * path); resolves with the file written. The bundle is written beside it and renamed into
 * place, so processes starting side by side (the fan-out test's two servers) each import a
 * whole file, never one another is still writing.
 */
export async function bundleServer(entry = 'index.ts') {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = join(OUT_DIR, basename(entry).replace(/\.ts$/, '.mjs'));
  const { outputFiles } = await build({
    entryPoints: [isAbsolute(entry) ? entry : join(root, 'packages/server/src', entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@hearth/source'],
    // Only our own packages are inlined (from source); everything from npm stays external.
    plugins: [{ name: 'external-npm', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@hearth/') ? undefined : { path: args.path, external: true })) }],
    sourcemap: 'inline',
    logLevel: 'warning',
    write: false,
  });
  const partial = `${outfile}.${process.pid}.partial`;
  writeFileSync(partial, outputFiles[0].contents);
  renameSync(partial, outfile);
  return outfile;
}

/** The server's public API (`createHearth`, `startServer`, `loadConfig`, ...), built from source. */
export async function loadServer() {
  return import(pathToFileURL(await bundleServer()).href);
}
