// What the end-to-end tests of the examples share: a CDN build of their own (in a temporary
// folder, so test files running side by side never serve each other's half-written chunks),
// the examples server over it, and the system Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { cdnConfig } from '../rollup.config.mjs';
import { serveExamples } from './serve.mjs';

/** Builds the CDN bundle, serves the examples over it and launches Chromium; `stop()` undoes all three. */
export async function startDemo() {
  const cdnDir = mkdtempSync(join(tmpdir(), 'hearth-cdn-'));
  const config = cdnConfig({ outDir: cdnDir });
  const bundle = await rollup({ ...config, onwarn: () => {} });
  await bundle.write(config.output);
  await bundle.close();
  const server = await serveExamples({ cdnDir });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    browser,
    async stop() {
      await browser.close();
      server.close();
      rmSync(cdnDir, { recursive: true, force: true });
    },
  };
}
