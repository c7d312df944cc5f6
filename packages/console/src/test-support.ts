// What the console's end-to-end tests share: the console built by Vite into a temporary
// folder, a real Hearth server (PGlite in memory) serving it at /console/ with a community
// and an admin key, and the system Chromium driving it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
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

export interface ConsoleHarness {
  server: RunningServer;
  browser: Browser;
  /** A new page at /console/ (its own storage), console errors collected in `errors`. */
  open(path?: string): Promise<{ page: Page; errors: string[] }>;
  /** A member token for the test community (its role counts: `trustRole` is on). */
  token(claims: { id: string; displayName: string; role?: string }): Promise<string>;
  /** Signs `page` in with `credential` (the admin key unless given). */
  signIn(page: Page, credential?: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server over `consoleDir` with webhooks to loopback allowed (test receivers), and Chromium. */
export async function startConsole(consoleDir: string, options: { webhooks?: { pollMs?: number; schedule?: number[] } } = {}): Promise<ConsoleHarness> {
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
  return {
    server,
    browser,
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
