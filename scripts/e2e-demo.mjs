// What the end-to-end tests of the examples share: a CDN build of their own (in a temporary
// folder, so test files running side by side never serve each other's half-written chunks),
// the examples server over it, and the system Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { pathToFileURL } from 'node:url';
import { cdnConfig } from '../rollup.config.mjs';
import { serveExamples } from './serve.mjs';
import { bundleServer } from './server-bundle.mjs';

/**
 * Builds the CDN bundle, serves the examples over it and launches Chromium; `stop()` undoes
 * all three. With `hearth: true` the pages talk to the Hearth server as under `npm start`: on
 * PGlite in a temporary folder, seeded with the demo content.
 */
export async function startDemo({ hearth = false } = {}) {
  const cdnDir = mkdtempSync(join(tmpdir(), 'hearth-cdn-'));
  const config = cdnConfig({ outDir: cdnDir });
  const bundle = await rollup({ ...config, onwarn: () => {} });
  await bundle.write(config.output);
  await bundle.close();
  let backend = null;
  let dataDir = null;
  let hearthServer = null;
  if (hearth) {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-demo-data-'));
    const { startDemoServer } = await import(pathToFileURL(await bundleServer(new URL('./demo-server.ts', import.meta.url).pathname)).href);
    hearthServer = await startDemoServer({ PORT: '0', HEARTH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    backend = { endpoint: hearthServer.url, community: hearthServer.community };
  }
  const server = await serveExamples({ cdnDir, backend });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    browser,
    hearth: hearthServer,
    async stop() {
      await browser.close();
      server.close();
      await hearthServer?.close();
      rmSync(cdnDir, { recursive: true, force: true });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
