// `npm run screenshot:console`: the operator console's Analytics view on the demo data, as the
// README shows it, to docs/screenshots/console-analytics.png (1280 × 1000, light, English).
//
// Builds the console (packages/console/dist, as `npm start` does), starts the demo server on a
// PGlite database of its own in a temporary folder (seeded with the demo community, so every
// chart has data), signs in with its admin key, picks the last 90 days so the retention
// heat-map reaches day 30, and takes the picture once the charts are drawn. Names in Chinese
// need a CJK font (Debian: fonts-noto-cjk); without one Chromium draws boxes, and this says so.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build as buildWithVite } from 'vite';
import { bundleServer } from './server-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = join(root, 'docs/screenshots/console-analytics.png');

try {
  const fonts = execFileSync('fc-list', { encoding: 'utf8' }).toLowerCase();
  if (!/cjk|wenquanyi|wqy|droid sans fallback/.test(fonts)) console.warn('note: no CJK font: Chinese names will render as boxes (apt-get install fonts-noto-cjk).');
} catch {
  // No fontconfig to ask; render anyway.
}

await buildWithVite({ root: join(root, 'packages/console'), logLevel: 'warn' });
const { startDemoServer } = await import(pathToFileURL(await bundleServer(join(root, 'scripts/demo-server.ts'))).href);
const dataDir = mkdtempSync(join(tmpdir(), 'hearth-screenshot-'));
const hearth = await startDemoServer({ ...process.env, PORT: '0', HOST: '127.0.0.1', HEARTH_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${hearth.url}/console/?community=${hearth.community}`);
  await page.getByLabel('Admin API key or sign-in token').fill(hearth.adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Analytics' }).click();
  await page.getByRole('status').filter({ hasText: /^Showing / }).waitFor();
  await page.getByRole('button', { name: 'Last 90 days' }).click();
  await page.waitForFunction(() => document.querySelector('.analytics-range .presets [aria-pressed="true"]')?.textContent === 'Last 90 days');
  await page.locator('.chart-canvas canvas').nth(2).waitFor();
  await page.evaluate(() => document.fonts.ready);
  // uPlot draws on the next frame after its data lands.
  await page.waitForTimeout(300);
  mkdirSync(join(root, 'docs/screenshots'), { recursive: true });
  await page.screenshot({ path: file, animations: 'disabled' });
  console.log(`wrote ${file.slice(root.length)}`);
  if (errors.length) console.warn(`console errors:\n  ${errors.join('\n  ')}`);
  await context.close();
} finally {
  await browser.close();
  await hearth.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'playwright-artifacts'), { recursive: true, force: true });
}
