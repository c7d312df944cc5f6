// `npm run screenshot`: renders every widget in light and dark, English and Simplified
// Chinese, in the system Chromium, to docs/screenshots/<widget>-<theme>-<lang>.png, from the
// gallery page (examples/gallery/, one widget per query, memory backend, seeded data). Also
// refreshes docs/screenshot.png, the vanilla demo the README opens with.
//
//   npm run screenshot                 every widget whose define.ts exists
//   npm run screenshot -- poll count   only these (keys of examples/gallery/widgets.js)
//
// A widget whose packages/elements/src/<folder>/define.ts does not exist yet is skipped with
// a note. The page's /cdn/hearth.js is the CDN entry plus every define.ts, built here, so a
// widget needs no line in src/hearth.ts to be pictured. Each picture is the element
// itself (`locator.screenshot()`), taken once its content is on screen. Chinese needs a CJK
// font and reactions an emoji font (Debian: fonts-noto-cjk, fonts-noto-color-emoji);
// without them Chromium draws boxes, and this script says so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { browserConfig } from '../rollup.config.mjs';
import { LANGS, THEMES, WIDGETS } from '../examples/gallery/widgets.js';
import { serveExamples } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'docs/screenshots');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
for (const key of only) if (!WIDGETS[key]) throw new Error(`No widget "${key}" in examples/gallery/widgets.js (have: ${Object.keys(WIDGETS).join(', ')}).`);

// The page loads /cdn/hearth.js. Served here instead: the CDN entry plus every widget folder's
// define.ts, so a widget shows up as soon as its folder has one, before src/hearth.ts lists it.
const elementsSrc = join(root, 'packages/elements/src');
const defines = readdirSync(elementsSrc)
  .filter((folder) => existsSync(join(elementsSrc, folder, 'define.ts')))
  .map((folder) => join(elementsSrc, folder, 'define.ts'));
const work = mkdtempSync(join(tmpdir(), 'hearth-gallery-'));
const cdnDir = join(work, 'cdn');
writeFileSync(join(work, 'hearth.js'), [`export * from ${JSON.stringify(join(elementsSrc, 'hearth.ts'))};`, ...defines.map((file) => `import ${JSON.stringify(file)};`)].join('\n'));
const config = browserConfig({ input: { hearth: join(work, 'hearth.js') }, outDir: cdnDir });
try {
  const bundle = await rollup({ ...config, onwarn: () => {} });
  await bundle.write(config.output);
  await bundle.close();
} catch (error) {
  // Rollup's error carries every watched file; the message and the place are what help.
  console.error(`The gallery bundle did not build: ${error.message}${error.loc ? ` (${error.loc.file}:${error.loc.line}:${error.loc.column})` : ''}`);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}

/** Answers /cdn/… from the bundle above. */
async function serveBundle(context) {
  await context.route('**/cdn/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/cdn\//, '');
    const file = join(cdnDir, path);
    if (!file.startsWith(cdnDir) || !existsSync(file)) return route.fulfill({ status: 404, body: 'Not found' });
    await route.fulfill({ path: file, contentType: file.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8' });
  });
}

try {
  const fonts = execFileSync('fc-list', { encoding: 'utf8' }).toLowerCase();
  if (!fonts.includes('emoji')) console.warn('note: no emoji font: reactions will render as boxes (apt-get install fonts-noto-color-emoji).');
  if (!/cjk|wenquanyi|wqy|droid sans fallback/.test(fonts)) console.warn('note: no CJK font: Chinese will render as boxes (apt-get install fonts-noto-cjk).');
} catch {
  // No fontconfig to ask; render anyway.
}

const server = await serveExamples();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const made = [];
const skipped = [];
let failures = 0;

async function shoot(key, widget, theme, lang) {
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 1, colorScheme: theme, locale: lang });
  await serveBundle(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  try {
    await page.goto(`${server.url}gallery/?widget=${key}&theme=${theme}&lang=${lang}`);
    const html = page.locator('html[data-state]');
    await html.waitFor({ state: 'attached', timeout: 30_000 });
    const state = await html.getAttribute('data-state');
    const note = (await html.getAttribute('data-note')) ?? '';
    if (state === 'missing') return { missing: note };
    if (state !== 'ready') throw new Error(note || state);
    const target = widget.stage ? page.locator('#stage') : page.locator(widget.tag).first();
    const file = join(outDir, `${key}-${theme}-${lang}.png`);
    await target.screenshot({ path: file, animations: 'disabled' });
    made.push(relative(root, file));
    console.log(`wrote ${relative(root, file)}${note ? ` (note: ${note})` : ''}`);
    if (errors.length) console.warn(`  console errors on ${key} ${theme} ${lang}:\n    ${errors.join('\n    ')}`);
    return {};
  } finally {
    await context.close();
  }
}

try {
  mkdirSync(outDir, { recursive: true });
  for (const [key, widget] of Object.entries(WIDGETS)) {
    if (only.length && !only.includes(key)) continue;
    const define = join(root, 'packages/elements/src', widget.folder, 'define.ts');
    if (!existsSync(define)) {
      skipped.push(key);
      console.log(`skip ${key}: ${relative(root, define)} does not exist yet`);
      continue;
    }
    combos: for (const theme of THEMES) {
      for (const lang of LANGS) {
        try {
          const { missing } = await shoot(key, widget, theme, lang);
          if (missing) {
            skipped.push(key);
            console.log(`skip ${key}: ${missing}`);
            break combos;
          }
        } catch (error) {
          failures++;
          console.error(`FAILED ${key} ${theme} ${lang}: ${error.message}`);
        }
      }
    }
  }

  // The README's picture: the vanilla demo page as a visitor first sees it.
  if (!only.length) {
    const context = await browser.newContext({ viewport: { width: 900, height: 1100 }, deviceScaleFactor: 1, colorScheme: 'light' });
    await serveBundle(context);
    const page = await context.newPage();
    await page.goto(`${server.url}vanilla/`);
    // Playwright's CSS selectors pierce shadow roots: wait for the seeded comments.
    await page.locator('community-comments [part~="comment"]').first().waitFor({ timeout: 15000 });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(root, 'docs/screenshot.png'), fullPage: true, animations: 'disabled' });
    console.log('wrote docs/screenshot.png');
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  rmSync(join(tmpdir(), 'playwright-artifacts'), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}

console.log(`${made.length} screenshots written, ${new Set(skipped).size} widgets skipped${skipped.length ? ` (${[...new Set(skipped)].join(', ')})` : ''}, ${failures} failed`);
if (failures) process.exit(1);
