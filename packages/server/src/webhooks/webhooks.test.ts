import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../contracts.js';
import { startServer, type RunningServer } from '../server.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../test-services.js';
import { memberToken, testCommunity, testConfig } from '../test-server.js';

// Webhooks end to end: an admin sets up an endpoint over the HTTP API, members act through
// it, and a real receiver on loopback gets signed deliveries from the server's own worker;
// a delivery the receiver could not take survives a restart of the server.

const ADMIN_KEY = 'webhook-admin-key-0123456789abcdef';
const FAST = { pollMs: 20, schedule: [50, 50, 50] };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering `status()` to each POST, keeping what came. */
async function receiver(status: () => number = () => 204): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, got, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until<T>(what: string, read: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Calls an operation over HTTP as `token` (an admin key or a member token). */
async function call<T>(server: RunningServer, op: string, input: unknown, token: string, write = true): Promise<T> {
  const headers = { 'hearth-community': 'hooks', authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const res = write
    ? await fetch(`${server.url}/v1/${op}`, { method: 'POST', headers, body: JSON.stringify(input) })
    : await fetch(`${server.url}/v1/${op}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  const json = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${op}: ${res.status} ${json.error?.message}`);
  return json;
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`webhooks on ${kind}`, { timeout: 30_000 }, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hearth-webhooks-'));
    const schema = kind === 'postgres' ? randomSchema() : undefined;
    const open: RunningServer[] = [];
    const start = async (config: Partial<ServerConfig> = {}) => {
      const server = await startServer({
        config: testConfig({ dataDir, ...(kind === 'postgres' ? { databaseUrl: TEST_DATABASE_URL } : {}), communities: [testCommunity('hooks', { adminKeys: [{ name: 'ops', key: ADMIN_KEY }] })], ...config }),
        ...(schema ? { schema } : {}),
        webhooks: FAST,
      });
      open.push(server);
      return server;
    };
    afterAll(async () => {
      for (const server of open) await server.close(1000);
      if (schema) await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('sends a new comment to the endpoint, signed with its secret, and logs the delivery', async () => {
      const server = await start();
      const hook = await receiver();
      try {
        const endpoint = await call<{ id: string; secret: string }>(server, 'webhooks.createWebhook', { url: hook.url, events: ['post.created'], idempotencyKey: 'key-endpoint-1' }, ADMIN_KEY);
        const ada = await memberToken({ id: 'ada', displayName: 'Ada' });
        const post = await call<{ id: string }>(server, 'createComment', { threadKey: '/launch', body: 'Is this thing on?', idempotencyKey: 'key-comment-1' }, ada);
        const [got] = await until('the delivery', () => (hook.got.length ? hook.got : undefined));
        const event = new Webhook(endpoint.secret).verify(got!.body, got!.headers as Record<string, string>) as { type: string; community: string; data: { post: { id: string; body: string } } };
        expect(event).toMatchObject({ type: 'post.created', community: 'hooks', data: { kind: 'comment', threadKey: '/launch', post: { id: post.id, body: 'Is this thing on?' } } });
        const log = await until('the logged success', async () => {
          const page = await call<{ items: Array<{ id: string; status: string; attempts: Array<{ status: number }> }> }>(server, 'webhooks.listWebhookDeliveries', {}, ADMIN_KEY, false);
          return page.items[0]?.status === 'succeeded' ? page : undefined;
        });
        expect(log.items).toHaveLength(1);
        expect(log.items[0]).toMatchObject({ id: got!.headers['webhook-id'], attempts: [{ status: 204 }] });
        await call(server, 'webhooks.deleteWebhook', { id: endpoint.id }, ADMIN_KEY);
      } finally {
        await hook.close();
      }
    });

    it('keeps a delivery the endpoint refused across a restart, and sends it once it answers', async () => {
      let answer = 503;
      const hook = await receiver(() => answer);
      try {
        const first = await start();
        const endpoint = await call<{ id: string; secret: string }>(first, 'webhooks.createWebhook', { url: hook.url, events: ['feedback.created'], idempotencyKey: 'key-endpoint-2' }, ADMIN_KEY);
        const bob = await memberToken({ id: 'bob', displayName: 'Bob' });
        await call(first, 'feedback.submitFeedback', { kind: 'bug', body: 'The export button does nothing.', idempotencyKey: 'key-feedback-1' }, bob);
        await until('the first refused attempt', () => (hook.got.length ? true : undefined));
        await first.close(1000);
        const refused = hook.got.length;
        answer = 200;
        const second = await start();
        const delivered = await until('the delivery after the restart', async () => {
          const page = await call<{ items: Array<{ status: string; attempts: Array<{ status: number }> }> }>(second, 'webhooks.listWebhookDeliveries', { endpointId: endpoint.id }, ADMIN_KEY, false);
          return page.items[0]?.status === 'succeeded' ? page.items[0] : undefined;
        });
        expect(delivered.attempts.map((a) => a.status)).toEqual([...Array(refused).fill(503), 200]);
        // Every attempt was the same delivery, and the last one checks out.
        expect(new Set(hook.got.map((g) => g.headers['webhook-id'])).size).toBe(1);
        const last = hook.got.at(-1)!;
        expect(new Webhook(endpoint.secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ type: 'feedback.created', data: { feedback: { body: 'The export button does nothing.' } } });
      } finally {
        await hook.close();
      }
    });

    it('sends a test delivery when asked, and a retry of a failed one', async () => {
      const server = await start();
      let answer = 500;
      const hook = await receiver(() => answer);
      try {
        const endpoint = await call<{ id: string }>(server, 'webhooks.createWebhook', { url: hook.url, events: ['member.banned'], idempotencyKey: 'key-endpoint-3' }, ADMIN_KEY);
        const test = await call<{ id: string }>(server, 'webhooks.sendTestWebhook', { id: endpoint.id, idempotencyKey: 'key-test-1' }, ADMIN_KEY);
        const failed = await until('the test delivery to fail', async () => {
          const page = await call<{ items: Array<{ id: string; status: string; attempts: unknown[] }> }>(server, 'webhooks.listWebhookDeliveries', { status: 'failed' }, ADMIN_KEY, false);
          return page.items.find((d) => d.id === test.id);
        });
        expect(failed.attempts).toHaveLength(FAST.schedule.length + 1);
        answer = 200;
        await call(server, 'webhooks.retryWebhookDelivery', { id: test.id }, ADMIN_KEY);
        await until('the retried delivery', () => (hook.got.length === FAST.schedule.length + 2 ? true : undefined));
        expect(JSON.parse(hook.got.at(-1)!.body)).toMatchObject({ type: 'webhook.test', community: 'hooks', data: { endpointId: endpoint.id } });
      } finally {
        await hook.close();
      }
    });

    it('refuses a receiver on a private address unless the server is told to allow them', async () => {
      // The only instance on this database: another one, allowed private addresses, would send it.
      for (const other of open.splice(0)) await other.close(1000);
      const hook = await receiver();
      const server = await start({ webhooksPrivateAddresses: false });
      try {
        const endpoint = await call<{ id: string }>(server, 'webhooks.createWebhook', { url: hook.url, events: ['post.created'], idempotencyKey: 'key-endpoint-4' }, ADMIN_KEY);
        await call(server, 'webhooks.sendTestWebhook', { id: endpoint.id, idempotencyKey: 'key-test-2' }, ADMIN_KEY);
        const attempted = await until('the refused attempt', async () => {
          const page = await call<{ items: Array<{ attempts: Array<{ status: number | null; error: string }> }> }>(server, 'webhooks.listWebhookDeliveries', { endpointId: endpoint.id }, ADMIN_KEY, false);
          return page.items[0]?.attempts.length ? page.items[0] : undefined;
        });
        expect(attempted.attempts[0]).toMatchObject({ status: null, error: expect.stringContaining('Refused to connect to 127.0.0.1:') });
        expect(hook.got).toEqual([]);
      } finally {
        await server.close(1000);
        await hook.close();
      }
    });
  });
}
