import { describe, expect, it } from 'vitest';
import { expectError, type Harness, type Suite } from '../harness.js';

async function as(h: Harness, role: 'admin' | 'owner' = 'admin') {
  return { viewer: await h.as(role === 'owner' ? 'Olive' : 'Ann', role) };
}

/**
 * Access settings as an adapter exposes them (capability `access`): origins, the sign-in
 * secret or key set, admin keys. A backend with this group must keep it to admins (sign-in
 * to owners), make keys that sign in and stop when revoked, and change nothing on bad input.
 */
export function accessConformance(suite: Suite): void {
  describe('access', () => {
    it('lets only admins and owners read it, and only owners change sign-in', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'access');
      const a = h.group('access');
      for (const role of ['member', 'volunteer', 'moderator'] as const) {
        const viewer = await h.as(`Not-admin-${role}`, role);
        await expectError(a.getAccess({}, { viewer }), 'forbidden');
        await expectError(a.createAdminKey({ name: 'nope', idempotencyKey: h.key() }, { viewer }), 'forbidden');
      }
      await expectError(a.getAccess({}, { viewer: null }), 'unauthorized');
      const admin = await as(h);
      expect((await a.getAccess({}, admin)).sso.canChange).toBe(false);
      await expectError(a.rotateSsoSecret({}, admin), 'forbidden');
      await expectError(a.setJwks({ jwksUrl: 'https://id.example.com/jwks.json' }, admin), 'forbidden');
      expect((await a.getAccess({}, await as(h, 'owner'))).sso.canChange).toBe(true);
    });

    it('makes an admin key shown once that signs in as an admin, and refuses it once revoked', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'access');
      const a = h.group('access');
      const admin = await as(h);
      const made = await a.createAdminKey({ name: '  crm-sync ', idempotencyKey: h.key() }, admin);
      expect(made).toMatchObject({ name: 'crm-sync', source: 'console', lastUsedAt: null });
      const keyViewer = { viewer: { id: 'key-holder', displayName: 'key holder', token: made.key } };
      expect((await h.adapter.getSession(keyViewer)).viewer).toMatchObject({ displayName: 'crm-sync', role: 'admin' });
      const listed = await a.getAccess({}, admin);
      expect(listed.adminKeys.filter((key) => key.source === 'console').map((key) => key.name)).toEqual(['crm-sync']);
      expect(JSON.stringify(listed)).not.toContain(made.key);
      await a.revokeAdminKey({ id: made.id }, admin);
      await expectError(h.adapter.getSession(keyViewer), 'unauthorized');
      await expectError(a.revokeAdminKey({ id: made.id }, admin), 'not_found');
    });

    it('refuses a duplicate key name, an origin with a path and a key set URL that is not http(s), changing nothing', async (ctx) => {
      const h = await suite.start();
      suite.needs(h, ctx, 'access');
      const a = h.group('access');
      const owner = await as(h, 'owner');
      await a.createAdminKey({ name: 'zapier', idempotencyKey: h.key() }, owner);
      const before = await a.getAccess({}, owner);
      await expectError(a.createAdminKey({ name: 'zapier', idempotencyKey: h.key() }, owner), 'validation', 'name');
      await expectError(a.setOrigins({ origins: ['https://shop.example.com/blog'] }, owner), 'validation', 'origins.0');
      await expectError(a.setJwks({ jwksUrl: 'ftp://id.example.com/jwks' }, owner), 'validation', 'jwksUrl');
      expect(await a.getAccess({}, owner)).toEqual(before);
      const saved = await a.setOrigins({ origins: ['https://shop.example.com', 'https://shop.example.com'] }, owner);
      expect(saved.origins).toEqual(['https://shop.example.com']);
      expect(saved.effectiveOrigins).toContain('https://shop.example.com');
    });
  });
}
