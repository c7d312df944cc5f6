// `npm run screenshot`: renders the vanilla demo in the system Chromium and saves
// docs/screenshot.png for the README. Reactions are emoji: without an emoji font
// (Debian: fonts-noto-color-emoji) Chromium draws them as empty boxes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { cdnConfig } from '../rollup.config.mjs';
import { serveExamples } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs/screenshot.png');

const config = cdnConfig();
const bundle = await rollup(config);
await bundle.write(config.output);
await bundle.close();

try {
  if (!execFileSync('fc-list', { encoding: 'utf8' }).toLowerCase().includes('emoji')) {
    console.warn('No emoji font found: reactions will render as boxes (apt-get install fonts-noto-color-emoji).');
  }
} catch {
  // No fontconfig to ask; render anyway.
}

const server = await serveExamples();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1100 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await page.goto(`${server.url}vanilla/`);
  // Playwright's CSS selectors pierce shadow roots: wait for the seeded comments.
  await page.locator('community-comments [part~="comment"]').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(300); // let fonts and avatars settle before the picture
  mkdirSync(join(root, 'docs'), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
  rmSync(join(tmpdir(), 'playwright-artifacts'), { recursive: true, force: true });
}
