import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HTTP_HEADERS, readQuery } from '@hearth/protocol';
import type { CommunityConfig, Database, ServerConfig } from './contracts.js';
import { createHearth, type Hearth, type HearthOptions } from './hearth.js';
import { GUEST_SESSION_PATH } from './app.js';
import { memberToken, testCommunity, testConfig } from './test-server.js';

// The HTTP binding as an integrator meets it, on PGlite in memory, through `app.request`.

const suffix = () => randomBytes(4).toString('hex');
const key = () => `k-${randomBytes(8).toString('hex')}`;

/** A Hearth on PGlite in memory, closed after this file. */
async function hearthWith(config: Partial<ServerConfig> = {}, options: Partial<HearthOptions> = {}): Promise<Hearth> {
  const hearth = await createHearth({ config: testConfig(config), ...options });
  afterAll(() => hearth.close());
  return hearth;
}

/** A fresh community on `hearth`, with an admin key. */
function community(hearth: Hearth, overrides: Partial<CommunityConfig> = {}): CommunityConfig & { adminKey: string } {
  const adminKey = `admin-${randomBytes(12).toString('hex')}`;
  const config = testCommunity(`c-${suffix()}`, { adminKeys: [{ name: 'ops', key: adminKey }], ...overrides });
  hearth.addCommunity(config);
  return { ...config, adminKey };
}

interface Call {
  community?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** Sends one request and reads its JSON (or null for an empty body). */
async function send(hearth: Hearth, method: string, path: string, body: unknown, call: Call = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers };
  if (call.community) headers[HTTP_HEADERS.community] = call.community;
  if (call.token) headers[HTTP_HEADERS.authorization] = `Bearer ${call.token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await hearth.app.request(path, init);
  const text = await res.text();
  return { res, status: res.status, json: (text ? JSON.parse(text) : null) as any };
}
const post = (hearth: Hearth, op: string, input: unknown, call?: Call) => send(hearth, 'POST', `/v1/${op}`, input, call);
const get = (hearth: Hearth, op: string, input: unknown, call?: Call) => send(hearth, 'GET', `/v1/${op}${readQuery(input)}`, undefined, call);

const member = (id: string, role?: string) => memberToken({ id, displayName: id, ...(role ? { role } : {}) });

describe('errors follow the binding', async () => {
  const hearth = await hearthWith();
  const c = community(hearth);
  const ada = await member('ada');

  it('an unknown operation is 404 with the error body', async () => {
    const { status, json } = await get(hearth, 'noSuchThing', {}, { community: c.id });
    expect(status).toBe(404);
    expect(json).toEqual({ error: { code: 'not_found', message: expect.stringContaining('noSuchThing'), details: {} } });
  });

  it('a write sent as GET is 405 and says which method it takes in Allow', async () => {
    const { res, status, json } = await get(hearth, 'createComment', {}, { community: c.id, token: ada });
    expect(status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(json.error.message).toContain('createComment takes POST');
    const read = await post(hearth, 'listComments', {}, { community: c.id });
    expect(read.status).toBe(405);
    expect(read.res.headers.get('allow')).toBe('GET');
  });

  it('bad JSON in ?input= is 400 naming "input"', async () => {
    const { status, json } = await send(hearth, 'GET', '/v1/listComments?input=%7Bnope', undefined, { community: c.id });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 'validation', details: { issues: [{ path: 'input' }] } });
  });

  it('bad JSON in the body is 400 naming "body"', async () => {
    const { status, json } = await post(hearth, 'createComment', '{"threadKey": ', { community: c.id, token: ada });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 'validation', message: 'The request body is not valid JSON.', details: { issues: [{ path: 'body' }] } });
  });

  it('input the schema refuses is 400 validation naming the field', async () => {
    const { status, json } = await post(hearth, 'createComment', { threadKey: '/a', body: 42, idempotencyKey: key() }, { community: c.id, token: ada });
    expect(status).toBe(400);
    expect(json.error.code).toBe('validation');
    expect(json.error.details.issues[0].path).toBe('body');
  });

  it('a write without a token is 401', async () => {
    const { status, json } = await post(hearth, 'createComment', { threadKey: '/a', body: 'Hi', idempotencyKey: key() }, { community: c.id });
    expect(status).toBe(401);
    expect(json.error.code).toBe('unauthorized');
  });

  it('a member doing an admin thing is 403', async () => {
    const { status, json } = await post(hearth, 'community.updateSettings', { guestPosting: true }, { community: c.id, token: ada });
    expect(status).toBe(403);
    expect(json.error.code).toBe('forbidden');
  });

  it('an unknown community is 404 naming it', async () => {
    const { status, json } = await get(hearth, 'listComments', { threadKey: '/a' }, { community: 'no-such-community' });
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('no-such-community') });
  });

  it('a route outside the binding is 404 with the error body', async () => {
    const { status, json } = await send(hearth, 'GET', '/elsewhere', undefined);
    expect(status).toBe(404);
    expect(json.error.code).toBe('not_found');
  });
});

describe('Idempotency-Key', async () => {
  const hearth = await hearthWith();
  const c = community(hearth);
  const ada = await member('ada');
  const comments = async (threadKey: string) => (await get(hearth, 'listComments', { threadKey }, { community: c.id })).json.items as Array<{ id: string }>;

  it('a create retried with the same key returns the first result and makes one row', async () => {
    const input = { threadKey: `/idem/${suffix()}`, body: 'Once', idempotencyKey: key() };
    const first = await post(hearth, 'createComment', input, { community: c.id, token: ada, headers: { [HTTP_HEADERS.idempotencyKey]: input.idempotencyKey } });
    const again = await post(hearth, 'createComment', input, { community: c.id, token: ada, headers: { [HTTP_HEADERS.idempotencyKey]: input.idempotencyKey } });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect(await comments(input.threadKey)).toHaveLength(1);
  });

  it('a header that differs from the body\'s key is 400 naming idempotencyKey', async () => {
    const { status, json } = await post(hearth, 'createComment', { threadKey: '/idem', body: 'Hi', idempotencyKey: key() }, { community: c.id, token: ada, headers: { [HTTP_HEADERS.idempotencyKey]: key() } });
    expect(status).toBe(400);
    expect(json.error.details.issues[0].path).toBe('idempotencyKey');
  });

  it('the header alone fills in the body\'s key', async () => {
    const threadKey = `/idem/${suffix()}`;
    const header = { [HTTP_HEADERS.idempotencyKey]: key() };
    const first = await post(hearth, 'createComment', { threadKey, body: 'Header only' }, { community: c.id, token: ada, headers: header });
    const again = await post(hearth, 'createComment', { threadKey, body: 'Header only' }, { community: c.id, token: ada, headers: header });
    expect(first.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect(await comments(threadKey)).toHaveLength(1);
  });

  it('two concurrent creates with one key make one post', async () => {
    const input = { space: 'general', body: `Concurrent ${suffix()}`, idempotencyKey: key() };
    const results = await Promise.all([1, 2, 3].map(() => post(hearth, 'feed.createPost', input, { community: c.id, token: ada })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    const page = await get(hearth, 'feed.listPosts', { space: 'general' }, { community: c.id });
    expect(page.json.items.filter((p: { body: string }) => p.body === input.body)).toHaveLength(1);
  });
});

describe('CORS and security headers', async () => {
  const hearth = await hearthWith();
  const brand = community(hearth, { origins: ['https://brand.example'] });
  const open = community(hearth, { origins: ['*'] });
  const preflight = (origin: string) =>
    hearth.app.request('/v1/createComment', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, hearth-community, content-type' },
    });

  it('a preflight from an allowed origin echoes it with the binding\'s headers', async () => {
    const res = await preflight('https://brand.example');
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://brand.example');
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const header of [HTTP_HEADERS.authorization, HTTP_HEADERS.community, HTTP_HEADERS.variant, HTTP_HEADERS.idempotencyKey, HTTP_HEADERS.lastEventId, 'Content-Type']) {
      expect(allowed).toContain(header.toLowerCase());
    }
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('a request from another origin to that community is 403 naming the origin', async () => {
    const { status, json } = await get(hearth, 'listComments', { threadKey: '/a' }, { community: brand.id, headers: { origin: 'https://evil.example' } });
    expect(status).toBe(403);
    expect(json.error.code).toBe('forbidden');
    expect(json.error.message).toContain('https://evil.example');
  });

  it('the allowed origin reads, with its origin echoed', async () => {
    const { res, status } = await get(hearth, 'listComments', { threadKey: '/a' }, { community: brand.id, headers: { origin: 'https://brand.example' } });
    expect(status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://brand.example');
  });

  it('error answers carry the CORS headers too, so a widget can read why it failed', async () => {
    const { res, status } = await post(hearth, 'createComment', { threadKey: '/a', body: 'Hi', idempotencyKey: key() }, { community: brand.id, token: 'not-a-token', headers: { origin: 'https://brand.example' } });
    expect(status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://brand.example');
    expect(res.headers.get('access-control-expose-headers')).toContain(HTTP_HEADERS.retryAfter);
  });

  it('answers and preflights vary by Origin, so a shared cache never hands one site\'s answer to another', async () => {
    const { res } = await get(hearth, 'listComments', { threadKey: '/a' }, { community: brand.id, headers: { origin: 'https://brand.example' } });
    expect(res.headers.get('vary')).toContain('Origin');
    expect((await preflight('https://brand.example')).headers.get('vary')).toContain('Origin');
  });

  it('a "*" community allows any origin', async () => {
    const { res, status } = await get(hearth, 'listComments', { threadKey: '/a' }, { community: open.id, headers: { origin: 'https://evil.example' } });
    expect(status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('API answers carry nosniff, a CSP and a referrer policy', async () => {
    for (const { res } of [await get(hearth, 'listComments', { threadKey: '/a' }, { community: open.id }), await get(hearth, 'nope', {}, { community: open.id })]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('referrer-policy')).toBeTruthy();
    }
  });
});

describe('body limit', async () => {
  const hearth = await hearthWith({ bodyLimit: 1024 });
  const c = community(hearth);
  const ada = await member('ada');

  it('a body over the limit is 413 with the error body naming the limit', async () => {
    const { status, json } = await post(hearth, 'createComment', { threadKey: '/a', body: 'x'.repeat(2000), idempotencyKey: key() }, { community: c.id, token: ada });
    expect(status).toBe(413);
    expect(json.error).toMatchObject({ code: 'validation', message: expect.stringContaining('1024 bytes') });
  });

  it('a body under the limit goes through', async () => {
    const { status } = await post(hearth, 'createComment', { threadKey: '/a', body: 'Short', idempotencyKey: key() }, { community: c.id, token: ada });
    expect(status).toBe(200);
  });
});

describe('rate limits', async () => {
  const slow = 1 / 60; // one token a minute: an empty bucket stays empty for the test
  const hearth = await hearthWith({ trustProxy: true, rateLimits: { write: { capacity: 2, refillPerSecond: slow }, read: { capacity: 3, refillPerSecond: slow }, guest: { capacity: 2, refillPerSecond: slow } } });
  const comment = (c: CommunityConfig, token: string, ip: string) => post(hearth, 'createComment', { threadKey: '/limits', body: `Hi ${suffix()}`, idempotencyKey: key() }, { community: c.id, token, headers: { 'x-forwarded-for': ip } });

  it('the third create from one member is 429 with Retry-After in whole seconds', async () => {
    const c = community(hearth);
    const ada = await member('ada');
    expect((await comment(c, ada, '10.0.0.1')).status).toBe(200);
    expect((await comment(c, ada, '10.0.0.2')).status).toBe(200);
    const third = await comment(c, ada, '10.0.0.3');
    expect(third.status).toBe(429);
    expect(third.json.error.code).toBe('rate_limited');
    const retryAfter = third.res.headers.get('retry-after')!;
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('two members from one address share that address\'s bucket', async () => {
    const c = community(hearth);
    expect((await comment(c, await member('bea'), '10.0.1.1')).status).toBe(200);
    expect((await comment(c, await member('bea'), '10.0.1.1')).status).toBe(200);
    const other = await comment(c, await member('cy'), '10.0.1.1');
    expect(other.status).toBe(429);
    expect(other.json.error.message).toContain('this address');
    // The same member from another address still has writes left.
    expect((await comment(c, await member('cy'), '10.0.1.2')).status).toBe(200);
  });

  it('reads have their own bucket, per address', async () => {
    const c = community(hearth);
    const ada = await member('ada');
    await comment(c, ada, '10.0.2.1');
    await comment(c, ada, '10.0.2.1');
    expect((await comment(c, ada, '10.0.2.1')).status).toBe(429);
    const read = () => get(hearth, 'listComments', { threadKey: '/limits' }, { community: c.id, headers: { 'x-forwarded-for': '10.0.2.1' } });
    expect([(await read()).status, (await read()).status, (await read()).status]).toEqual([200, 200, 200]);
    const fourth = await read();
    expect(fourth.status).toBe(429);
    expect(Number(fourth.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('guest sessions', async () => {
  const hearth = await hearthWith();
  const open = community(hearth, { guests: true });
  const closed = community(hearth, { guests: false });
  const comment = (token: string) => post(hearth, 'createComment', { threadKey: '/guests', body: 'Hello from a guest', idempotencyKey: key() }, { community: open.id, token });

  it('opens a session whose token comments once the community allows guest posting', async () => {
    const session = await send(hearth, 'POST', GUEST_SESSION_PATH, { displayName: 'Gus', email: 'gus@example.com' }, { community: open.id });
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({ token: expect.any(String), viewer: { displayName: 'Gus', role: 'guest' }, expiresAt: expect.any(String) });
    expect((await comment(session.json.token)).status).toBe(403);

    const settings = await post(hearth, 'community.updateSettings', { guestPosting: true }, { community: open.id, token: open.adminKey });
    expect(settings.status).toBe(200);
    expect(settings.json.guestPosting).toBe(true);
    const made = await comment(session.json.token);
    expect(made.status).toBe(200);
    expect(made.json.author).toMatchObject({ displayName: 'Gus', role: 'guest' });
  });

  it('the session says guests may post only where the settings allow it and the server opens their sessions', async () => {
    const guests = async (id: string) => (await get(hearth, 'getSession', {}, { community: id })).json.guests;
    const both = community(hearth, { guests: true });
    const settingOnly = community(hearth, { guests: false });
    expect(await guests(both.id)).toBe(false);
    for (const c of [both, settingOnly]) expect((await post(hearth, 'community.updateSettings', { guestPosting: true }, { community: c.id, token: c.adminKey })).status).toBe(200);
    expect(await guests(both.id)).toBe(true);
    expect(await guests(settingOnly.id)).toBe(false);
  });

  it('a community without guests refuses a session with 403', async () => {
    const { status, json } = await post(hearth, 'sessions/guest', { displayName: 'Gus' }, { community: closed.id });
    expect(status).toBe(403);
    expect(json.error.code).toBe('forbidden');
  });

  it('a session without a name is 400 naming displayName', async () => {
    const { status, json } = await post(hearth, 'sessions/guest', {}, { community: open.id });
    expect(status).toBe(400);
    expect(json.error.details.issues[0].path).toBe('displayName');
  });
});

describe('admin keys', async () => {
  const hearth = await hearthWith();
  const c = community(hearth);

  it('an admin key acts as an admin', async () => {
    // Ada becomes known to the community with her first comment.
    expect((await post(hearth, 'createComment', { threadKey: '/admin', body: 'Hi', idempotencyKey: key() }, { community: c.id, token: await member('ada') })).status).toBe(200);
    const role = await post(hearth, 'members.setRole', { memberId: 'ada', role: 'moderator' }, { community: c.id, token: c.adminKey });
    expect(role.status).toBe(200);
    expect(role.json.member.role).toBe('moderator');
    const settings = await post(hearth, 'community.updateSettings', { rulesText: 'Be kind.' }, { community: c.id, token: c.adminKey });
    expect(settings.status).toBe(200);
    expect((await get(hearth, 'community.getSettings', {}, { community: c.id, token: c.adminKey })).json.rulesText).toBe('Be kind.');
  });

  it('a wrong key is 401', async () => {
    const { status, json } = await post(hearth, 'community.updateSettings', { rulesText: 'Hacked' }, { community: c.id, token: `${c.adminKey}x` });
    expect(status).toBe(401);
    expect(json.error.code).toBe('unauthorized');
  });
});

describe('the operator console at /console/', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-console-files-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Hearth console</title>');
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'hearth-console-outside.txt'), 'not for you');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const served = await hearthWith({}, { consoleDir: dir });
  const unbuilt = await hearthWith({}, { consoleDir: null });

  it('serves the page for every path under it, with a policy that lets it load its own scripts only', async () => {
    for (const path of ['/console/', '/console/inbox', '/console/webhooks/log']) {
      const res = await served.app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>Hearth console</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const policy = res.headers.get('content-security-policy')!;
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
    }
    expect((await served.app.request('/console')).headers.get('location')).toBe('/console/');
    // The API keeps its own, stricter policy.
    expect((await served.app.request('/healthz')).headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('caches hashed assets for good, and serves nothing outside its folder', async () => {
    const asset = await served.app.request('/console/assets/app-1a2b3c.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await served.app.request('/console/assets/app-gone.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).not.toContain('immutable');
    for (const path of ['/console/../hearth-console-outside.txt', '/console/%2e%2e/hearth-console-outside.txt', '/console/..%2fhearth-console-outside.txt']) {
      expect(await (await served.app.request(path)).text(), path).not.toContain('not for you');
    }
  });

  it('says how to build it when it is not built', async () => {
    const res = await unbuilt.app.request('/console/');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('npm run build -w @hearth/console');
  });
});

describe('health and readiness', async () => {
  const hearth = await hearthWith();
  const down: Database = {
    kind: 'postgres',
    storeFor: () => {
      throw new Error('no database');
    },
    ping: () => Promise.reject(new Error('connection refused')),
    sharedSecret: () => Promise.reject(new Error('connection refused')),
    webhookQueue: () => ({ claim: () => Promise.reject(new Error('connection refused')), settle: () => Promise.reject(new Error('connection refused')) }),
    close: async () => {},
  };
  const broken = await hearthWith({}, { database: down });

  it('/healthz is 200', async () => {
    const res = await hearth.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 with the database kind', async () => {
    const res = await hearth.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'pglite' });
  });

  it('/readyz is 503 when the database does not answer', async () => {
    const res = await broken.app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: 'postgres' });
    expect((await broken.app.request('/healthz')).status).toBe(200);
  });
});

describe('Hearth-Variant', async () => {
  const hearth = await hearthWith();
  const c = community(hearth);

  it('reaches the analytics of the call', async () => {
    const variant = `blue-${suffix()}`;
    const made = await post(hearth, 'createComment', { threadKey: '/variant', body: 'In the experiment', idempotencyKey: key() }, { community: c.id, token: await member('ada'), headers: { [HTTP_HEADERS.variant]: variant } });
    expect(made.status).toBe(200);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const metrics = await get(hearth, 'analytics.metrics', { from: day(-1), to: day(1) }, { community: c.id, token: c.adminKey });
    expect(metrics.status).toBe(200);
    expect(metrics.json.variants.map((v: { variant: string | null }) => v.variant)).toContain(variant);
  });
});
