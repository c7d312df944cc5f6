import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from '@hearth/engine';
import type { Driver } from '../db/driver.js';
import { loadMigrations, migrate } from '../db/migrations.js';
import { openPglite } from '../db/pglite-driver.js';
import { openPostgres } from '../db/postgres-driver.js';
import { describeEachDatabase, describePostgres } from '../db/test-databases.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../test-services.js';
import { SqlWebhookQueue, type WebhookQueue } from './queue.js';
import { createWebhookSecret } from './signature.js';
import { RETRY_SCHEDULE_MS, WebhookWorker, isPrivate, type WebhookWorkerLogger, type WebhookWorkerOptions } from './worker.js';

/** One request as the receiving endpoint saw it. */
interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1: records every request and answers as the test says (200 by default). */
const receiver = {
  requests: [] as Received[],
  answer: (_request: Received, response: ServerResponse): void => void response.end('ok'),
  port: 0,
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  },
  /** The requests carrying delivery `id`. */
  for(id: string): Received[] {
    return this.requests.filter((r) => r.headers['webhook-id'] === id);
  },
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const received: Received = { path: req.url ?? '', method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    receiver.requests.push(received);
    receiver.answer(received, res);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  receiver.requests = [];
  receiver.answer = (_request, response) => void response.end('ok');
});

const migrations = await loadMigrations();

/** A migrated database of `kind`: in-memory PGlite, or PostgreSQL in `schema`; `close` drops it. */
async function openDriver(kind: 'pglite' | 'postgres'): Promise<{ driver: Driver; schema?: string; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const driver = await openPglite('memory://', undefined);
    await migrate(driver, migrations);
    return { driver, close: () => driver.close() };
  }
  const schema = randomSchema();
  const driver = openPostgres(TEST_DATABASE_URL, schema);
  await migrate(driver, migrations, { schema });
  return { driver, schema, close: async () => (await driver.close(), await dropSchema(schema)) };
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The body a receiver gets for `delivery` of `community`. */
function bodyOf(community: string, delivery: WebhookDeliveryRecord): string {
  return JSON.stringify({ type: delivery.payload.type, timestamp: delivery.payload.timestamp, community, data: delivery.payload.data });
}

/** The signature headers of a request, as the Standard Webhooks library takes them. */
function signed(request: Received): Record<string, string> {
  return { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
}

describeEachDatabase('the webhook worker', ({ kind }) => {
  let db: Awaited<ReturnType<typeof openDriver>>;
  let queue: SqlWebhookQueue;
  let now: number;
  const workers: WebhookWorker[] = [];

  beforeAll(async () => {
    db = await openDriver(kind);
    queue = new SqlWebhookQueue(db.driver);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    // The worker claims across communities, so every test starts from an empty outbox.
    await db.driver.query('DELETE FROM webhook_deliveries');
    await db.driver.query('DELETE FROM webhooks');
    // Near real time: the Standard Webhooks library checks the timestamp against its own clock.
    now = Date.now();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  function worker(options: Partial<WebhookWorkerOptions> = {}): WebhookWorker {
    const w = new WebhookWorker({ queue, clock: () => now, allowPrivateAddresses: true, ...options });
    workers.push(w);
    return w;
  }

  async function addEndpoint(community: string, fields: Partial<WebhookEndpointRecord> = {}): Promise<WebhookEndpointRecord> {
    const endpoint: WebhookEndpointRecord = {
      id: newId('ep'),
      url: receiver.url(),
      description: null,
      events: ['post.created'],
      enabled: true,
      secrets: [{ secret: createWebhookSecret(), expiresAt: null }],
      createdAt: now,
      updatedAt: now,
      ...fields,
    };
    await db.driver.query('INSERT INTO webhooks (community, id, data) VALUES ($1, $2, $3::jsonb)', [community, endpoint.id, JSON.stringify(endpoint)]);
    return endpoint;
  }

  /** Queues a delivery the way the engine does: pending, due now, no attempts, unclaimed. */
  async function addDelivery(community: string, endpointId: string, fields: Partial<WebhookDeliveryRecord> = {}): Promise<WebhookDeliveryRecord> {
    const event = fields.event ?? 'post.created';
    const delivery: WebhookDeliveryRecord = {
      id: newId('msg'),
      endpointId,
      event,
      payload: { type: event, timestamp: new Date(now).toISOString(), data: { post: { id: 'p1', body: 'Hello, café ☕' } } },
      status: 'pending',
      attempts: [],
      dueAt: now,
      claim: null,
      createdAt: now,
      ...fields,
    };
    await db.driver.query('INSERT INTO webhook_deliveries (community, id, data) VALUES ($1, $2, $3::jsonb)', [community, delivery.id, JSON.stringify(delivery)]);
    return delivery;
  }

  async function read(community: string, id: string): Promise<WebhookDeliveryRecord> {
    const [row] = await db.driver.query<{ data: WebhookDeliveryRecord }>('SELECT data FROM webhook_deliveries WHERE community = $1 AND id = $2', [community, id]);
    return row!.data;
  }

  it('POSTs a pending delivery once, signed so the Standard Webhooks library verifies it, and records the success', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);

    expect(await worker().runOnce()).toBe(1);

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/hook');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('Hearth-Webhooks/1');
    expect(request!.headers['webhook-id']).toBe(delivery.id);
    expect(request!.body).toBe(bodyOf(community, delivery));
    expect(JSON.parse(request!.body)).toEqual({ type: 'post.created', timestamp: delivery.payload.timestamp, community, data: { post: { id: 'p1', body: 'Hello, café ☕' } } });
    expect(new Webhook(endpoint.secrets[0]!.secret).verify(request!.body, signed(request!))).toEqual(JSON.parse(request!.body));

    const row = await read(community, delivery.id);
    expect(row.status).toBe('succeeded');
    expect(row.claim).toBeNull();
    expect(row.attempts).toEqual([{ at: now, durationMs: expect.any(Number), status: 200, error: null }]);
    // Done: nothing more to send.
    now += 24 * 3_600_000;
    expect(await worker().runOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a 500 after 5 s, not before, with the same webhook-id, and logs the failure without the secret or body', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);
    receiver.answer = (_request, response) => {
      response.statusCode = receiver.requests.length === 1 ? 500 : 204;
      response.end();
    };
    const warnings: unknown[] = [];
    const logger: WebhookWorkerLogger = { info: () => {}, error: () => {}, warn: (details) => void warnings.push(details) };
    const w = worker({ logger });
    const sentAt = now;

    expect(await w.runOnce()).toBe(1);
    let row = await read(community, delivery.id);
    expect(row.status).toBe('pending');
    expect(row.attempts).toEqual([{ at: sentAt, durationMs: expect.any(Number), status: 500, error: 'HTTP 500' }]);
    expect(row.dueAt).toBe(sentAt + 5_000);
    expect(warnings).toEqual([expect.objectContaining({ community, deliveryId: delivery.id, endpointId: endpoint.id, status: 500, error: 'HTTP 500' })]);
    const logged = JSON.stringify(warnings);
    expect(logged).not.toContain(endpoint.secrets[0]!.secret);
    expect(logged).not.toContain('Hello');

    now = sentAt + 4_999;
    expect(await w.runOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(1);

    now = sentAt + 5_000;
    expect(await w.runOnce()).toBe(1);
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([delivery.id, delivery.id]);
    row = await read(community, delivery.id);
    expect(row.status).toBe('succeeded');
    expect(row.attempts.map((a) => [a.at, a.status, a.error])).toEqual([
      [sentAt, 500, 'HTTP 500'],
      [sentAt + 5_000, 204, null],
    ]);
    expect(warnings).toHaveLength(1);
  });

  it('follows the retry schedule and gives up after the eighth failed attempt', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);
    receiver.answer = (_request, response) => {
      response.statusCode = 503;
      response.end('busy');
    };
    const w = worker();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      expect(await w.runOnce()).toBe(1);
      const row = await read(community, delivery.id);
      expect(row.attempts).toHaveLength(attempt);
      if (attempt < 8) {
        expect(row.status).toBe('pending');
        waits.push(row.dueAt - now);
        now = row.dueAt;
      } else {
        expect(row.status).toBe('failed');
      }
    }
    expect(waits).toEqual([...RETRY_SCHEDULE_MS]);
    expect(receiver.for(delivery.id)).toHaveLength(8);
    now += 100 * 3_600_000;
    expect(await w.runOnce()).toBe(0);
  });

  it('counts a receiver that never answers as a failed attempt once the timeout passes', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);
    receiver.answer = () => {};

    expect(await worker({ timeoutMs: 150 }).runOnce()).toBe(1);
    const row = await read(community, delivery.id);
    expect(row.status).toBe('pending');
    expect(row.attempts).toEqual([{ at: now, durationMs: expect.any(Number), status: null, error: 'Timed out after 0.15 s.' }]);
    expect(row.dueAt).toBe(now + 5_000);
  });

  it('does not follow a redirect: the attempt fails, naming where it pointed', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);
    receiver.answer = (_request, response) => {
      response.writeHead(307, { location: receiver.url('/elsewhere') });
      response.end();
    };

    await worker().runOnce();
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
    const row = await read(community, delivery.id);
    expect(row.status).toBe('pending');
    expect(row.attempts[0]).toMatchObject({ status: 307, error: `HTTP 307: redirected to ${receiver.url('/elsewhere')}, which is not followed.` });
  });

  it('takes a delivery held by an instance that died once its lease ends, not before, and ignores that instance settling late', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);
    const claimedAt = now;
    const held = await queue.claim({ now, limit: 10, leaseMs: 60_000, claim: 'dead-instance' });
    expect(held).toEqual([{ community, delivery: { ...delivery, dueAt: claimedAt + 60_000, claim: 'dead-instance' }, endpoint }]);

    const w = worker({ leaseMs: 60_000 });
    now = claimedAt + 59_999;
    expect(await w.runOnce()).toBe(0);
    expect(receiver.requests).toHaveLength(0);

    now = claimedAt + 60_000;
    expect(await w.runOnce()).toBe(1);
    expect(receiver.for(delivery.id)).toHaveLength(1);
    const late = { attempt: { at: claimedAt, durationMs: 1, status: 500, error: 'HTTP 500' }, status: 'pending', dueAt: claimedAt + 5_000 } as const;
    expect(await queue.settle(community, delivery.id, 'dead-instance', late)).toBe(false);
    const row = await read(community, delivery.id);
    expect(row.status).toBe('succeeded');
    expect(row.attempts).toEqual([expect.objectContaining({ at: claimedAt + 60_000, status: 200 })]);
  });

  it("settles only under the claim that holds a delivery: a first holder's late settle loses to the instance that re-took it", async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);
    expect(await queue.claim({ now, limit: 10, leaseMs: 1_000, claim: 'first' })).toHaveLength(1);
    // Held: another instance gets nothing until the lease ends.
    expect(await queue.claim({ now: now + 999, limit: 10, leaseMs: 1_000, claim: 'second' })).toEqual([]);
    expect(await queue.claim({ now: now + 1_000, limit: 10, leaseMs: 1_000, claim: 'second' })).toHaveLength(1);

    const outcome = (status: number) => ({ attempt: { at: now, durationMs: 3, status, error: status === 200 ? null : `HTTP ${status}` }, status: status === 200 ? 'succeeded' : 'pending', dueAt: now + 5_000 }) as const;
    expect(await queue.settle(community, delivery.id, 'first', outcome(500))).toBe(false);
    expect(await queue.settle(community, delivery.id, 'second', outcome(200))).toBe(true);
    // And once settled, nothing settles it again.
    expect(await queue.settle(community, delivery.id, 'second', outcome(500))).toBe(false);
    const row = await read(community, delivery.id);
    expect(row).toMatchObject({ status: 'succeeded', claim: null, attempts: [{ status: 200, error: null }] });
  });

  it('fails deliveries to a deleted or turned-off endpoint without a request, but still sends webhook.test to a turned-off one', async () => {
    const community = newId('c');
    const off = await addEndpoint(community, { enabled: false });
    const toDeleted = await addDelivery(community, 'ep_gone');
    const toOff = await addDelivery(community, off.id);
    const test = await addDelivery(community, off.id, { event: 'webhook.test' });

    expect(await worker().runOnce()).toBe(3);

    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([test.id]);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'webhook.test', community });
    expect(await read(community, toDeleted.id)).toMatchObject({ status: 'failed', attempts: [{ status: null, error: 'The endpoint was deleted.' }] });
    expect(await read(community, toOff.id)).toMatchObject({ status: 'failed', attempts: [{ status: null, error: 'The endpoint is turned off.' }] });
    expect(await read(community, test.id)).toMatchObject({ status: 'succeeded', attempts: [{ status: 200, error: null }] });
  });

  it('signs with a rotated-out secret until it expires, beside the current one', async () => {
    const community = newId('c');
    const [current, previous, expired] = [createWebhookSecret(), createWebhookSecret(), createWebhookSecret()];
    const rotating = await addEndpoint(community, { secrets: [{ secret: current, expiresAt: null }, { secret: previous, expiresAt: now + 3_600_000 }] });
    const rotated = await addEndpoint(community, { url: receiver.url('/rotated'), secrets: [{ secret: current, expiresAt: null }, { secret: expired, expiresAt: now }] });
    const both = await addDelivery(community, rotating.id);
    const one = await addDelivery(community, rotated.id);

    await worker().runOnce();

    const [toBoth] = receiver.for(both.id);
    expect(signed(toBoth!)['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(toBoth!.body, signed(toBoth!))).toBeTruthy();
    expect(new Webhook(previous).verify(toBoth!.body, signed(toBoth!))).toBeTruthy();

    const [toOne] = receiver.for(one.id);
    expect(signed(toOne!)['webhook-signature'].split(' ')).toHaveLength(1);
    expect(new Webhook(current).verify(toOne!.body, signed(toOne!))).toBeTruthy();
    expect(() => new Webhook(expired).verify(toOne!.body, signed(toOne!))).toThrow();
  });

  it('refuses private addresses by default, by IP or by a name resolving to one, and says why in the attempt', async () => {
    const community = newId('c');
    const urls = [
      receiver.url(),
      `http://localhost:${receiver.port}/hook`,
      `http://[::ffff:127.0.0.1]:${receiver.port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://192.168.1.1/hook',
      'https://[fd00::1]/hook',
      'http://[::1]/hook',
      // IPv4 carried in IPv6: NAT64 of the metadata address, IPv4-compatible loopback, 6to4 of 10.0.0.1.
      'http://[64:ff9b::a9fe:a9fe]/hook',
      'http://[::7f00:1]/hook',
      'http://[2002:a00:1::]/hook',
      'http://[ff02::1]/hook',
      'http://224.0.0.1/hook',
    ];
    const deliveries: WebhookDeliveryRecord[] = [];
    for (const url of urls) deliveries.push(await addDelivery(community, (await addEndpoint(community, { url })).id));

    expect(await worker({ allowPrivateAddresses: false, concurrency: urls.length }).runOnce()).toBe(urls.length);

    expect(receiver.requests).toHaveLength(0);
    for (const delivery of deliveries) {
      const row = await read(community, delivery.id);
      expect(row.status).toBe('pending');
      expect(row.attempts).toEqual([expect.objectContaining({ status: null, error: expect.stringMatching(/^Refused to connect to .+: it is, or resolves to, a loopback, private or link-local address, where webhooks are not sent\.$/) })]);
    }
    expect((await read(community, deliveries[0]!.id)).attempts[0]!.error).toContain('Refused to connect to 127.0.0.1:');
    // A name is reported as written: the log never shows what the instance's DNS answered.
    const byName = (await read(community, deliveries[1]!.id)).attempts[0]!.error!;
    expect(byName).toContain('Refused to connect to localhost:');
    expect(byName).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('tells private addresses from public ones, IPv4 inside IPv6 included', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '255.255.255.255', '::1', '::', 'fe80::1', 'fd12::1', '::ffff:10.0.0.1', '64:ff9b::10.0.0.1', '64:ff9b::a9fe:a9fe', '::7f00:1', '2002:c0a8:101::1']) {
      expect(isPrivate(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) {
      expect(isPrivate(address), address).toBe(false);
    }
  });

  it("delivers every community's deliveries, each to its own community's endpoint", async () => {
    const [a, b, c] = [newId('c'), newId('c'), newId('c')];
    // The same endpoint id in two communities, and none in the third.
    const endpointA = await addEndpoint(a, { id: 'ep_shared', url: receiver.url('/a') });
    const endpointB = await addEndpoint(b, { id: 'ep_shared', url: receiver.url('/b') });
    const toA = await addDelivery(a, 'ep_shared');
    const toB = await addDelivery(b, 'ep_shared');
    const toC = await addDelivery(c, 'ep_shared');

    expect(await worker().runOnce()).toBe(3);

    const [atA] = receiver.for(toA.id);
    const [atB] = receiver.for(toB.id);
    expect([atA!.path, JSON.parse(atA!.body).community]).toEqual(['/a', a]);
    expect([atB!.path, JSON.parse(atB!.body).community]).toEqual(['/b', b]);
    expect(new Webhook(endpointA.secrets[0]!.secret).verify(atA!.body, signed(atA!))).toBeTruthy();
    expect(new Webhook(endpointB.secrets[0]!.secret).verify(atB!.body, signed(atB!))).toBeTruthy();
    expect(receiver.for(toC.id)).toHaveLength(0);
    expect(await read(c, toC.id)).toMatchObject({ status: 'failed', attempts: [{ error: 'The endpoint was deleted.' }] });
  });

  it('takes the soonest due first, at most `concurrency` at a time', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const later = await addDelivery(community, endpoint.id, { dueAt: now - 1_000 });
    const sooner = await addDelivery(community, endpoint.id, { dueAt: now - 2_000 });
    const notYet = await addDelivery(community, endpoint.id, { dueAt: now + 1 });

    const w = worker({ concurrency: 1 });
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0);
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([sooner.id, later.id]);
    expect((await read(community, notYet.id)).attempts).toEqual([]);
  });

  it('stop() waits for a delivery in flight to be recorded, and no poll follows it', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    const delivery = await addDelivery(community, endpoint.id);
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    receiver.answer = (_request, response) => {
      arrived();
      void gate.then(() => response.end('ok'));
    };
    let claims = 0;
    const counting: WebhookQueue = {
      claim: (options) => ((claims += 1), queue.claim(options)),
      settle: (...args) => queue.settle(...args),
    };
    const w = worker({ queue: counting, pollMs: 5 });

    w.start();
    await arrival;
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await read(community, delivery.id)).toMatchObject({ status: 'succeeded', attempts: [{ status: 200 }] });

    const claimsAtStop = claims;
    await addDelivery(community, endpoint.id);
    await sleep(40);
    expect(claims).toBe(claimsAtStop);
    expect(receiver.requests).toHaveLength(1);
    await w.stop();
  });

  it('start() keeps polling: a delivery queued later goes out without another call', async () => {
    const community = newId('c');
    const endpoint = await addEndpoint(community);
    let arrived!: (request: Received) => void;
    const arrival = new Promise<Received>((resolve) => (arrived = resolve));
    receiver.answer = (request, response) => {
      response.end('ok');
      arrived(request);
    };
    const w = worker({ pollMs: 5 });
    w.start();
    w.start();
    await sleep(20);
    const delivery = await addDelivery(community, endpoint.id);
    expect((await arrival).headers['webhook-id']).toBe(delivery.id);
    await w.stop();
    expect(receiver.for(delivery.id)).toHaveLength(1);
  });

  it("start() keeps every slot busy: a slow endpoint holds one, and the others' deliveries go past it", async () => {
    const community = newId('c');
    const slow = await addEndpoint(community, { url: receiver.url('/slow') });
    const fast = await addEndpoint(community, { url: receiver.url('/fast') });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    receiver.answer = (request, response) => {
      if (request.path === '/slow') void gate.then(() => response.end('ok'));
      else response.end('ok');
    };
    // The slow one is due first, so it takes a slot before any of the fast ones.
    const held = await addDelivery(community, slow.id, { dueAt: now - 1000 });
    const quick: WebhookDeliveryRecord[] = [];
    for (let i = 0; i < 6; i++) quick.push(await addDelivery(community, fast.id));
    const w = worker({ concurrency: 2, pollMs: 5 });
    w.start();
    await expect.poll(async () => (await Promise.all(quick.map((d) => read(community, d.id)))).every((d) => d.status === 'succeeded'), { timeout: 5000 }).toBe(true);
    // All six went out one slot at a time while the slow endpoint still had its request open.
    expect((await read(community, held.id)).status).toBe('pending');
    expect(receiver.requests.filter((r) => r.path === '/fast')).toHaveLength(6);
    release();
    await expect.poll(async () => (await read(community, held.id)).status, { timeout: 5000 }).toBe('succeeded');
    await w.stop();
  });

  it('refuses options that would send a delivery twice or never', () => {
    expect(() => new WebhookWorker({ queue, timeoutMs: 60_000, leaseMs: 60_000 })).toThrow('leaseMs (60000) must be longer than timeoutMs (60000)');
    expect(() => new WebhookWorker({ queue, concurrency: 0 })).toThrow('concurrency must be a number above 0');
  });
});

describePostgres('webhook workers on two instances (postgres)', () => {
  let first: Awaited<ReturnType<typeof openDriver>>;
  let second: Driver;

  beforeAll(async () => {
    first = await openDriver('postgres');
    // Another instance: its own pool on the same schema.
    second = openPostgres(TEST_DATABASE_URL, first.schema);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('deliver each of 50 due deliveries exactly once between them', async () => {
    const now = Date.now();
    const community = newId('c');
    const endpoint: WebhookEndpointRecord = { id: 'ep_1', url: receiver.url(), description: null, events: ['post.created'], enabled: true, secrets: [{ secret: createWebhookSecret(), expiresAt: null }], createdAt: now, updatedAt: now };
    await first.driver.query('INSERT INTO webhooks (community, id, data) VALUES ($1, $2, $3::jsonb)', [community, endpoint.id, JSON.stringify(endpoint)]);
    const ids = Array.from({ length: 50 }, (_, i) => `msg_${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      const delivery: WebhookDeliveryRecord = { id, endpointId: endpoint.id, event: 'post.created', payload: { type: 'post.created', timestamp: new Date(now).toISOString(), data: {} }, status: 'pending', attempts: [], dueAt: now, claim: null, createdAt: now };
      await first.driver.query('INSERT INTO webhook_deliveries (community, id, data) VALUES ($1, $2, $3::jsonb)', [community, id, JSON.stringify(delivery)]);
    }
    const workers = [first.driver, second].map((driver) => new WebhookWorker({ queue: new SqlWebhookQueue(driver), clock: () => now, concurrency: 4, allowPrivateAddresses: true }));
    const drain = async (w: WebhookWorker) => {
      while ((await w.runOnce()) > 0);
    };

    await Promise.all(workers.map(drain));

    const perId = new Map<string, number>();
    for (const r of receiver.requests) perId.set(String(r.headers['webhook-id']), (perId.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    expect([...perId.keys()].sort()).toEqual(ids);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    const rows = await first.driver.query<{ status: string; attempts: number }>("SELECT data ->> 'status' AS status, jsonb_array_length(data -> 'attempts') AS attempts FROM webhook_deliveries WHERE community = $1", [community]);
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.status === 'succeeded' && Number(r.attempts) === 1)).toBe(true);
    await Promise.all(workers.map((w) => w.stop()));
  });
});
