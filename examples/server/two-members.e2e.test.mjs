// End to end against the real server: examples/server/ (the CDN bundle, pointed at a Hearth
// server by page.js) in the system Chromium, the server itself built from source and run on
// PGlite in a data folder. Two members in two browser contexts share one thread: one posts,
// the other sees it arrive live, a reload keeps it, and so does restarting the server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../scripts/e2e-demo.mjs';
import { loadServer } from '../../scripts/server-bundle.mjs';

const COMMUNITY = 'e2e';
const SECRET = randomBytes(24).toString('hex');
const LOAD = { timeout: 20_000 };

let hearth; // the server's API, built from source
let server; // the running Hearth server
let port;
let demo; // the examples server and Chromium
const dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-data-'));

/** Starts the Hearth server on the PGlite folder `dataDir` (on `port` once it has one). */
async function startHearth() {
  const configFile = join(dataDir, 'hearth.config.json');
  writeFileSync(configFile, JSON.stringify({ communities: [{ id: COMMUNITY, auth: { secret: SECRET }, origins: ['*'] }] }));
  const config = hearth.loadConfig({ env: { HEARTH_CONFIG: configFile, HEARTH_DATA_DIR: join(dataDir, 'db'), PORT: String(port ?? 0), LOG_LEVEL: 'warn' } });
  server = await hearth.startServer({ config });
  port = Number(new URL(server.url).port);
}

beforeAll(async () => {
  [hearth, demo] = await Promise.all([loadServer(), startDemo()]);
  await startHearth();
}, 120_000);

afterAll(async () => {
  await server?.close(1000);
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A member signed in on the host site, in a browser context of their own. */
async function openAs(id, name) {
  // The examples server's CSP allows connections to its own origin only; a host site embedding
  // the widgets lists its Hearth server in connect-src, which this page cannot add for itself.
  const context = await demo.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  // Chromium logs every refused connection and 4xx as "Failed to load resource"; what matters is
  // that no script fails and the server never answers 5xx (4xx are the app's own answers).
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(`console: ${message.text()}`));
  page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()}: ${response.url()}`));
  const token = await hearth.signMemberToken(SECRET, { sub: id, name }, 3600);
  const query = new URLSearchParams({ endpoint: server.url, community: COMMUNITY, id, name, token });
  const streaming = untilStreamOpens(page, LOAD);
  await page.goto(`${demo.server.url}server/?${query}`);
  const widget = page.locator('community-comments');
  return { context, page, widget, errors, streaming };
}

/** Resolves when `page`'s event stream is next answered 200 (its SSE connection is open). */
const untilStreamOpens = (page, options) => page.waitForResponse((response) => response.url().includes('/v1/events') && response.status() === 200, options);

const comment = (widget, text) => widget.locator('article', { hasText: text }).first();

describe('two members on a Hearth server', () => {
  it('sees the other member’s comment live, after a reload, and after the server restarts', async () => {
    const ada = await openAs('ada', 'Ada');
    const grace = await openAs('grace', 'Grace');
    const composerOf = (member) => member.widget.getByLabel('Write a comment');
    // Both have the thread and its event stream open before anyone posts.
    await Promise.all([ada.streaming, grace.streaming, composerOf(ada).waitFor(LOAD), composerOf(grace).waitFor(LOAD)]);

    const text = `Hello Grace, from Ada ${randomBytes(3).toString('hex')}`;
    await composerOf(ada).fill(text);
    await composerOf(ada).press('Control+Enter');
    await comment(ada.widget, text).waitFor(LOAD);

    // Live: Grace's page was never reloaded.
    await comment(grace.widget, text).waitFor(LOAD);
    await expect(comment(grace.widget, text).textContent()).resolves.toContain('Ada');

    // A reload reads it back from the server.
    await grace.page.reload();
    await comment(grace.widget, text).waitFor(LOAD);

    expect([...ada.errors, ...grace.errors]).toEqual([]);

    // The server restarts on the same data folder (same port): the comment is still there.
    // Reconnects back off with jitter, up to 30 s apart.
    const reconnected = untilStreamOpens(ada.page, { timeout: 60_000 });
    await server.close(1000);
    await startHearth();
    await grace.page.reload();
    await comment(grace.widget, text).waitFor(LOAD);
    expect(await grace.widget.locator('article', { hasText: text }).count()).toBe(1);

    // Ada's page was open all along: its event stream reconnects by itself and hears Grace.
    await reconnected;
    const answer = `Welcome back, Ada ${randomBytes(3).toString('hex')}`;
    await composerOf(grace).fill(answer);
    await composerOf(grace).press('Control+Enter');
    await comment(ada.widget, answer).waitFor(LOAD);

    expect([...ada.errors, ...grace.errors]).toEqual([]);
    await ada.context.close();
    await grace.context.close();
  }, 120_000);
});
