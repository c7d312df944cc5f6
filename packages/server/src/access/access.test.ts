import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { HTTP_HEADERS, httpRoute, readQuery, type AccessSettings, type AdminKeyCreated, type OperationKey, type SsoSecretRotated } from '@hearth/protocol';
import { TEST_DATABASE_URL, TEST_SECRET, memberToken, serverFor, testCommunity, testConfig } from '../test-server.js';
import { dropSchema, randomSchema } from '../test-services.js';
import { startServer } from '../server.js';
import { ACCESS_TTL_MS } from './access-registry.js';
import type { CommunityConfig } from '../contracts.js';
import type { Hono } from 'hono';

// Access settings kept in the database, managed over the binding: admin keys, the SSO secret
// with its rotation, a key set, and origins, each taking effect on the authenticator and CORS.

const suffix = () => randomBytes(4).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer<T> {
  status: number;
  body: T & { error?: { code: string; message: string; details: { issues?: Array<{ path: string; message: string }> } } };
  headers: Headers;
}

/** Calls `op` on `app` in `community` as `token`, from `origin` when given. */
async function request<T = Record<string, unknown>>(app: Hono, community: string, op: OperationKey, input: unknown, token: string | null, origin?: string): Promise<Answer<T>> {
  const route = httpRoute(op);
  const headers: Record<string, string> = { [HTTP_HEADERS.community]: community, 'content-type': 'application/json' };
  if (token) headers[HTTP_HEADERS.authorization] = `Bearer ${token}`;
  if (origin) headers.origin = origin;
  const res =
    route.method === 'GET'
      ? await app.request(route.path + readQuery(input), { headers })
      : await app.request(route.path, { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: res.status, body: (await res.json()) as Answer<T>['body'], headers: res.headers };
}

const idempotencyKey = () => `idem-${randomBytes(8).toString('hex')}`;

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`access settings on ${kind}`, async () => {
    const server = await serverFor(kind, { webhooks: false });
    const { app } = server.hearth;
    /** A community of its own with a config admin key, its config secret, and an owner's and an admin's tokens. */
    const community = async (overrides: Partial<CommunityConfig> = {}) => {
      const config = testCommunity(`access-${suffix()}`, { adminKeys: [{ name: 'ops', key: `config-key-${randomBytes(12).toString('hex')}` }], ...overrides });
      server.hearth.addCommunity(config);
      const owner = await memberToken({ id: 'olive', displayName: 'Olive', role: 'owner' });
      const admin = await memberToken({ id: 'ada', displayName: 'Ada', role: 'admin' });
      const call = <T = AccessSettings>(op: OperationKey, input: unknown, token: string | null = owner, origin?: string) => request<T>(app, config.id, op, input, token, origin);
      return { config, owner, admin, configKey: config.adminKeys[0]!.key, call };
    };

    it('signs a new admin key in as an admin named after it, notes its use, and refuses it once revoked', async () => {
      const { call, admin } = await community();
      const made = await call<AdminKeyCreated>('access.createAdminKey', { name: 'crm-sync', idempotencyKey: idempotencyKey() }, admin);
      expect(made.status).toBe(200);
      expect(made.body).toMatchObject({ name: 'crm-sync', source: 'console', createdBy: 'Ada', lastUsedAt: null });
      expect(made.body.key.length).toBeGreaterThanOrEqual(40);

      const session = await call<{ viewer: { id: string; role: string } }>('getSession', {}, made.body.key);
      expect(session.status).toBe(200);
      expect(session.body.viewer).toMatchObject({ id: 'key:crm-sync', role: 'admin' });

      const listed = await call('access.getAccess', {}, made.body.key);
      expect(listed.body.currentKeyId).toBe(made.body.id);
      const entry = listed.body.adminKeys.find((key) => key.id === made.body.id)!;
      expect(entry.lastUsedAt).not.toBeNull();
      // The key itself is never listed.
      expect(JSON.stringify(listed.body)).not.toContain(made.body.key);
      expect(listed.body.adminKeys.map((key) => [key.name, key.source])).toEqual([
        ['ops', 'config'],
        ['crm-sync', 'console'],
      ]);

      const revoked = await call('access.revokeAdminKey', { id: made.body.id }, admin);
      expect(revoked.status).toBe(200);
      expect(revoked.body.adminKeys.map((key) => key.name)).toEqual(['ops']);
      const refused = await call('getSession', {}, made.body.key);
      expect(refused.status).toBe(401);
      expect((await call('access.revokeAdminKey', { id: made.body.id }, admin)).body.error?.code).toBe('not_found');
    });

    it('refuses a duplicate key name, a repeated create and a config key revoke, changing nothing', async () => {
      const { call, admin } = await community();
      const again = idempotencyKey();
      expect((await call('access.createAdminKey', { name: 'zapier', idempotencyKey: again }, admin)).status).toBe(200);
      const before = (await call('access.getAccess', {}, admin)).body;

      const duplicate = await call('access.createAdminKey', { name: 'zapier', idempotencyKey: idempotencyKey() }, admin);
      expect(duplicate.status).toBe(400);
      expect(duplicate.body.error?.details.issues).toEqual([{ path: 'name', message: 'A key named "zapier" exists already; choose another name.' }]);
      const configName = await call('access.createAdminKey', { name: 'ops', idempotencyKey: idempotencyKey() }, admin);
      expect(configName.body.error?.details.issues?.[0]?.path).toBe('name');
      const repeated = await call('access.createAdminKey', { name: 'zapier', idempotencyKey: again }, admin);
      expect(repeated.status).toBe(409);
      expect(repeated.body.error?.message).toContain('shown only once');
      const blank = await call('access.createAdminKey', { name: '   ', idempotencyKey: idempotencyKey() }, admin);
      expect(blank.body.error?.details.issues?.[0]?.path).toBe('name');
      const config = await call('access.revokeAdminKey', { id: 'config:ops' }, admin);
      expect(config.status).toBe(403);
      expect(config.body.error?.message).toContain('hearth.config.json');

      expect((await call('access.getAccess', {}, admin)).body).toEqual(before);
    });

    it('lets only admins and owners see access, and only owners change sign-in', async () => {
      const { call, admin, configKey } = await community();
      const moderator = await memberToken({ id: 'mo', displayName: 'Mo', role: 'moderator' });
      expect((await call('access.getAccess', {}, moderator)).status).toBe(403);
      expect((await call('access.getAccess', {}, null)).status).toBe(401);
      expect((await call('access.getAccess', {}, configKey)).body.sso.canChange).toBe(false);
      for (const token of [admin, configKey]) {
        const rotated = await call('access.rotateSsoSecret', {}, token);
        expect(rotated.status).toBe(403);
        expect(rotated.body.error?.message).toContain('Only owners');
        expect((await call('access.setJwks', { jwksUrl: 'https://id.example/jwks.json' }, token)).status).toBe(403);
      }
      expect((await call('access.getAccess', {})).body.sso).toMatchObject({ canChange: true, secretCreatedAt: null, jwksUrl: null });
    });

    it('accepts the rotated secret and, during its grace, the previous one; refuses the previous after', async () => {
      const { call, owner } = await community();
      const first = await call<SsoSecretRotated>('access.rotateSsoSecret', {});
      expect(first.status).toBe(200);
      expect(first.body.access.sso.secretCreatedAt).not.toBeNull();
      expect(first.body.access.sso.previousSecretExpiresAt).toBeNull();
      const s1 = first.body.secret;
      const byFirst = await memberToken({ id: 'u1', displayName: 'Una' }, s1);
      expect((await call<{ viewer: { id: string } }>('getSession', {}, byFirst)).body.viewer.id).toBe('u1');
      // The config's secret stays in force beside the console's.
      expect((await call('access.getAccess', {}, owner)).status).toBe(200);

      const second = await call<SsoSecretRotated>('access.rotateSsoSecret', { graceMs: 1500 });
      expect(second.body.secret).not.toBe(s1);
      expect(Date.parse(second.body.access.sso.previousSecretExpiresAt!) - Date.now()).toBeLessThanOrEqual(1500);
      const bySecond = await memberToken({ id: 'u2', displayName: 'Ugo' }, second.body.secret);
      const byFirstAgain = await memberToken({ id: 'u3', displayName: 'Uma' }, s1);
      expect((await call('getSession', {}, bySecond)).status).toBe(200);
      expect((await call('getSession', {}, byFirst)).status).toBe(200);
      expect((await call('getSession', {}, byFirstAgain)).status).toBe(200);

      await sleep(1700);
      // Both the token verified before (remembered) and one never seen are refused now.
      expect((await call('getSession', {}, byFirst)).status).toBe(401);
      expect((await call('getSession', {}, await memberToken({ id: 'u4', displayName: 'Uli' }, s1))).status).toBe(401);
      expect((await call('getSession', {}, bySecond)).status).toBe(200);
      expect((await call('access.getAccess', {})).body.sso.previousSecretExpiresAt).toBeNull();
    });

    it('ends a rotation at once, and forgets the console secret when removed', async () => {
      const { call } = await community();
      const s1 = (await call<SsoSecretRotated>('access.rotateSsoSecret', {})).body.secret;
      const rotated = await call<SsoSecretRotated>('access.rotateSsoSecret', {});
      // Seven days unless told otherwise.
      expect(Date.parse(rotated.body.access.sso.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
      const old = await memberToken({ id: 'u1', displayName: 'Una' }, s1);
      expect((await call('getSession', {}, old)).status).toBe(200);
      expect((await call('access.endSsoRotation', {})).body.sso.previousSecretExpiresAt).toBeNull();
      expect((await call('getSession', {}, old)).status).toBe(401);
      expect((await call('access.endSsoRotation', {})).status).toBe(409);
      const current = await memberToken({ id: 'u2', displayName: 'Ugo' }, rotated.body.secret);
      expect((await call('getSession', {}, current)).status).toBe(200);
      expect((await call('access.removeSsoSecret', {})).body.sso.secretCreatedAt).toBeNull();
      expect((await call('getSession', {}, current)).status).toBe(401);
      // The config's secret still signs in.
      expect((await call('getSession', {}, await memberToken({ id: 'u3', displayName: 'Uma' }, TEST_SECRET))).status).toBe(200);
    });

    it('checks tokens against a key set saved in the console, with its issuer and audience', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
      const jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));
      const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
      const { call } = await community();
      const sign = (iss: string) =>
        new SignJWT({ name: 'Kim' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('kim').setIssuer(iss).setAudience('hearth').setExpirationTime('1h').sign(privateKey);
      expect((await call('getSession', {}, await sign('https://id.example'))).status).toBe(401);

      const saved = await call('access.setJwks', { jwksUrl: url, issuer: 'https://id.example', audience: 'hearth' });
      expect(saved.body.sso).toMatchObject({ jwksUrl: url, issuer: 'https://id.example', audience: 'hearth', jwksSource: 'console' });
      expect((await call<{ viewer: { id: string } }>('getSession', {}, await sign('https://id.example'))).body.viewer.id).toBe('kim');
      expect((await call('getSession', {}, await sign('https://other.example'))).status).toBe(401);
    });

    it('refuses a key set URL that is not http(s), and an origin with a path, changing nothing', async () => {
      const { call } = await community();
      const before = (await call('access.getAccess', {})).body;
      const ftp = await call('access.setJwks', { jwksUrl: 'ftp://id.example/jwks' });
      expect(ftp.status).toBe(400);
      expect(ftp.body.error?.details.issues?.[0]).toMatchObject({ path: 'jwksUrl', message: expect.stringContaining('http:// or https://') });
      const path = await call('access.setOrigins', { origins: ['https://ok.example', 'https://shop.example/blog'] });
      expect(path.status).toBe(400);
      expect(path.body.error?.details.issues).toEqual([{ path: 'origins.1', message: expect.stringContaining('no path') }]);
      expect((await call('access.setOrigins', { origins: ['shop.example'] })).body.error?.details.issues?.[0]?.path).toBe('origins.0');
      expect((await call('access.getAccess', {})).body).toEqual(before);
    });

    // CORS headers go to any origin some hosted community allows (a preflight names no community),
    // so this server hosts only communities that list their origins.
    const strict = await serverFor(kind, { webhooks: false });
    it('gives an added origin CORS headers, and takes them away once it is removed', async () => {
      const config = testCommunity(`access-${suffix()}`, { origins: ['https://www.config.example'] });
      strict.hearth.addCommunity(config);
      const owner = await memberToken({ id: 'olive', displayName: 'Olive', role: 'owner' });
      const call = <T = AccessSettings>(op: OperationKey, input: unknown, token: string | null = owner, origin?: string) => request<T>(strict.hearth.app, config.id, op, input, token, origin);
      const added = 'https://shop.example';
      const preflight = () => strict.hearth.app.request('/v1/getSession', { method: 'OPTIONS', headers: { origin: added, 'access-control-request-method': 'GET' } });
      const before = await call('getSession', {}, null, added);
      expect(before.status).toBe(403);
      expect(before.headers.get('access-control-allow-origin')).toBeNull();

      const saved = await call('access.setOrigins', { origins: [added, added] });
      expect(saved.body).toMatchObject({ configOrigins: ['https://www.config.example'], origins: [added], effectiveOrigins: ['https://www.config.example', added] });
      const after = await call('getSession', {}, null, added);
      expect(after.status).toBe(200);
      expect(after.headers.get('access-control-allow-origin')).toBe(added);
      expect((await preflight()).headers.get('access-control-allow-origin')).toBe(added);
      // The config's own origin stays in force.
      expect((await call('getSession', {}, null, 'https://www.config.example')).status).toBe(200);

      expect((await call('access.setOrigins', { origins: [] })).body.effectiveOrigins).toEqual(config.origins);
      const removed = await call('getSession', {}, null, added);
      expect(removed.status).toBe(403);
      expect(removed.headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflight()).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('always lets in a page this server served (the console), whatever the list says', async () => {
      const { config } = await community({ origins: ['https://www.brand.example'] });
      const from = (headers: Record<string, string>) => app.request('/v1/getSession', { headers: { [HTTP_HEADERS.community]: config.id, origin: 'https://hearth.brand.example', ...headers } });
      expect((await from({})).status).toBe(403);
      expect((await from({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
      expect((await from({ host: 'hearth.brand.example' })).status).toBe(200);
      expect((await from({ 'sec-fetch-site': 'cross-site', host: 'other.example' })).status).toBe(403);
    });

    it('replaces the config\'s open default ("*") with the console\'s list', async () => {
      const { call } = await community({ origins: ['*'] });
      expect((await call('getSession', {}, null, 'https://anywhere.example')).status).toBe(200);
      await call('access.setOrigins', { origins: ['https://www.brand.example'] });
      expect((await call('getSession', {}, null, 'https://anywhere.example')).status).toBe(403);
      expect((await call('getSession', {}, null, 'https://www.brand.example')).status).toBe(200);
    });
  });
}

describe('access settings across instances (PostgreSQL)', () => {
  it(`reach another instance on the same database within ${ACCESS_TTL_MS} ms`, async () => {
    const schema = randomSchema();
    const start = () => startServer({ config: testConfig({ databaseUrl: TEST_DATABASE_URL }), schema, webhooks: false });
    const first = await start();
    const second = await start();
    try {
      const config = testCommunity(`access-${suffix()}`);
      first.hearth.addCommunity(config);
      second.hearth.addCommunity(config);
      const owner = await memberToken({ id: 'olive', displayName: 'Olive', role: 'owner' });
      const made = await request<AdminKeyCreated>(first.hearth.app, config.id, 'access.createAdminKey', { name: 'sync', idempotencyKey: idempotencyKey() }, owner);
      const onSecond = () => request(second.hearth.app, config.id, 'getSession', {}, made.body.key);
      expect((await onSecond()).status).toBe(200);
      await request(first.hearth.app, config.id, 'access.revokeAdminKey', { id: made.body.id }, owner);
      // At once on the instance that revoked it; within the bound on the other.
      expect((await request(first.hearth.app, config.id, 'getSession', {}, made.body.key)).status).toBe(401);
      const revokedAt = Date.now();
      while ((await onSecond()).status === 200) {
        expect(Date.now() - revokedAt).toBeLessThan(ACCESS_TTL_MS + 500);
        await sleep(100);
      }
    } finally {
      await Promise.all([first.close(1000), second.close(1000)]);
      await dropSchema(schema);
    }
  });
});
