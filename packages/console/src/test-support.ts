// What the console's end-to-end tests share: the console built by Vite into a temporary
// folder, a real Hearth server (PGlite in memory) serving it at /console/ with a community
// and an admin key, and the system Chromium driving it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signMemberToken, startServer, type RunningServer } from '@hearth/server';

export const COMMUNITY = 'console-test';
export const ADMIN_KEY = 'console-admin-key-0123456789abcdef';
export const SECRET = 'console-test-secret-long-enough-for-hs256';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the console once per test file, into a folder of its own. */
export async function buildConsole(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-console-'));
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** How a call over HTTP failed: its status, and the error's code and message. */
export interface CallFailure {
  status: number;
  code: string;
  message: string;
}

export interface ConsoleHarness {
  server: RunningServer;
  browser: Browser;
  /**
   * Calls an operation as `token` (the admin key unless given) straight over HTTP: a write as a
   * POST, else a GET with `?input=` (the test's own calls; the console makes none by hand).
   * Resolves to the body, or to how the server refused.
   */
  request<T>(op: string, input: unknown, token?: string, write?: boolean): Promise<{ ok: true; body: T } | { ok: false; failure: CallFailure }>;
  /** As `request`, resolving to the body; a refusal throws, naming the operation, the status and the message. */
  call<T>(op: string, input: unknown, token?: string, write?: boolean): Promise<T>;
  /** A new page at /console/ (its own storage), console errors collected in `errors`. */
  open(path?: string): Promise<{ page: Page; errors: string[] }>;
  /** A member token for the test community (its role counts: `trustRole` is on). */
  token(claims: { id: string; displayName: string; role?: string }): Promise<string>;
  /** Signs `page` in with `credential` (the admin key unless given). */
  signIn(page: Page, credential?: string): Promise<void>;
  close(): Promise<void>;
}

/** How the server under the console runs: its webhook worker's poll and retry schedule. */
export interface ConsoleOptions {
  webhooks?: { pollMs?: number; schedule?: number[] };
}

/** Starts the server over `consoleDir` with webhooks to loopback allowed (test receivers), and Chromium. */
export async function startConsole(consoleDir: string, options: ConsoleOptions = {}): Promise<ConsoleHarness> {
  const server = await startServer({
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir: 'memory://',
      logLevel: 'silent',
      bodyLimit: 64 * 1024,
      trustProxy: false,
      demo: false,
      workers: 1,
      webhooksPrivateAddresses: true,
      rateLimits: { write: { capacity: 1e6, refillPerSecond: 1e6 }, read: { capacity: 1e6, refillPerSecond: 1e6 }, guest: { capacity: 1e6, refillPerSecond: 1e6 } },
      communities: [{ id: COMMUNITY, name: 'Console test', auth: { secret: SECRET, trustRole: true }, guests: false, origins: ['*'], adminKeys: [{ name: 'ops', key: ADMIN_KEY }] }],
    },
    consoleDir,
    webhooks: { pollMs: 50, ...options.webhooks },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const request: ConsoleHarness['request'] = async <T>(op: string, input: unknown, token = ADMIN_KEY, write = true) => {
    const headers = { 'hearth-community': COMMUNITY, authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const url = `${server.url}/v1/${op}`;
    const res = write ? await fetch(url, { method: 'POST', headers, body: JSON.stringify(input) }) : await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
    const json = (await res.json()) as T & { error?: { code: string; message: string } };
    return res.ok ? { ok: true, body: json } : { ok: false, failure: { status: res.status, code: json.error?.code ?? '', message: json.error?.message ?? '' } };
  };
  return {
    server,
    browser,
    request,
    async call<T>(op: string, input: unknown, token?: string, write?: boolean) {
      const res = await request<T>(op, input, token, write);
      if (!res.ok) throw new Error(`${op}: ${res.failure.status} ${res.failure.message}`);
      return res.body;
    },
    async open(path = '/console/') {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}${path}`);
      return { page, errors };
    },
    token: (claims) => signMemberToken(SECRET, { sub: claims.id, name: claims.displayName, ...(claims.role ? { role: claims.role } : {}) }, 3600),
    async signIn(page, credential = ADMIN_KEY) {
      await page.getByLabel('Community').fill(COMMUNITY);
      await page.getByLabel('Admin API key or sign-in token').fill(credential);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    async close() {
      await browser.close();
      await server.close(1000);
    },
  };
}

/**
 * The console for the tests of one file: built and started before them (allowing two minutes),
 * closed and its build removed after them. The harness it returns stands for the one started,
 * so tests and the file's later `beforeAll` hooks use it as is.
 *
 * @example
 * const h = setUpConsole();
 * it('signs in', async () => {
 *   const { page } = await h.open();
 *   await h.signIn(page);
 * });
 */
export function setUpConsole(options: ConsoleOptions = {}): Omit<ConsoleHarness, 'close'> {
  let built: Awaited<ReturnType<typeof buildConsole>> | undefined;
  let started: ConsoleHarness | undefined;
  beforeAll(async () => {
    built = await buildConsole();
    started = await startConsole(built.dir, options);
  }, 120_000);
  afterAll(async () => {
    await started?.close();
    built?.remove();
  });
  const harness = (): ConsoleHarness => {
    if (!started) throw new Error('The console is not started yet: use the harness in a test or a hook after setUpConsole().');
    return started;
  };
  return {
    get server() {
      return harness().server;
    },
    get browser() {
      return harness().browser;
    },
    request: (op, input, token, write) => harness().request(op, input, token, write),
    call: (op, input, token, write) => harness().call(op, input, token, write),
    open: (path) => harness().open(path),
    token: (claims) => harness().token(claims),
    signIn: (page, credential) => harness().signIn(page, credential),
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * What axe-core finds wrong on `page` as it stands (WCAG 2.1 A and AA), one line per
 * violation naming the rule and the elements; empty when it finds nothing. Injected over the
 * DevTools protocol, so the console's CSP needs no exception.
 *
 * @example
 * expect(await axeViolations(page)).toEqual([]);
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  return violations;
}

/** A webhook receiver on loopback answering `status()`, keeping each body. */
export async function receiver(status: () => number = () => 200): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
