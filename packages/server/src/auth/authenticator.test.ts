import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HearthError } from '@hearth/protocol';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommunityConfig } from '../contracts.js';
import { createAuthenticator, signMemberToken } from './index.js';

const SECRET_A = 'community-a-secret-of-32-chars-or-more';
const SECRET_B = 'community-b-secret-of-32-chars-or-more';
const GUEST_SECRET = 'the-server-guest-secret-32-chars-long!';
const KEY_A = 'admin-key-for-community-a-0001';
const HOUR = 3600;

function community(id: string, overrides: Partial<CommunityConfig> = {}): CommunityConfig {
  return { id, name: id, auth: { secret: SECRET_A, trustRole: false }, guests: true, origins: ['*'], adminKeys: [], ...overrides };
}

const a = community('a', { adminKeys: [{ name: 'ci', key: KEY_A }] });
const b = community('b', { auth: { secret: SECRET_B, trustRole: false } });

/** The HearthError `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<HearthError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(HearthError.is(error)).toBe(true);
  return error as HearthError;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const exp = () => Math.floor(Date.now() / 1000) + HOUR;

describe('authenticate: member tokens signed with HS256', () => {
  const auth = createAuthenticator({ guestSecret: GUEST_SECRET });

  it('returns null without an Authorization header', async () => {
    expect(await auth.authenticate(a, null)).toBeNull();
    expect(await auth.authenticate(a, '')).toBeNull();
  });

  it('names the member from sub, name and picture or avatar', async () => {
    const token = await signMemberToken(SECRET_A, { sub: 'user-1', name: ' Ada ', picture: 'https://img.example/ada.png' }, HOUR);
    expect(await auth.authenticate(a, `Bearer ${token}`)).toEqual({ id: 'user-1', displayName: 'Ada', avatarUrl: 'https://img.example/ada.png', role: 'member' });
    const other = await signMemberToken(SECRET_A, { sub: 'user-2', avatar: 'https://img.example/2.png' }, HOUR);
    expect(await auth.authenticate(a, `bearer ${other}`)).toEqual({ id: 'user-2', displayName: 'user-2', avatarUrl: 'https://img.example/2.png', role: 'member' });
  });

  it('shortens a long name to 64 characters', async () => {
    const token = await signMemberToken(SECRET_A, { sub: 'u', name: 'é'.repeat(80) }, HOUR);
    expect((await auth.authenticate(a, `Bearer ${token}`))!.displayName).toBe('é'.repeat(64));
  });

  it('says an expired session has expired, so the client can refresh it', async () => {
    const token = await signMemberToken(SECRET_A, { sub: 'u' }, 60);
    const later = createAuthenticator({ guestSecret: GUEST_SECRET, clock: () => Date.now() + 120_000 });
    const error = await rejection(later.authenticate(a, `Bearer ${token}`));
    expect(error).toMatchObject({ code: 'unauthorized', message: 'Your session has expired; sign in again.', details: { reason: 'expired' } });
  });

  it('still refuses a token it verified before once that token has expired', async () => {
    let now = Date.now();
    const remembering = createAuthenticator({ guestSecret: GUEST_SECRET, clock: () => now });
    const token = await signMemberToken(SECRET_A, { sub: 'u', name: 'Ada' }, 60);
    expect(await remembering.authenticate(a, `Bearer ${token}`)).toMatchObject({ id: 'u' });
    expect(await remembering.authenticate(a, `Bearer ${token}`)).toMatchObject({ id: 'u' });
    // Remembered in community a only: b still checks it against its own secret.
    expect(await rejection(remembering.authenticate(b, `Bearer ${token}`))).toMatchObject({ code: 'unauthorized' });
    now += 120_000;
    expect(await rejection(remembering.authenticate(a, `Bearer ${token}`))).toMatchObject({ code: 'unauthorized', details: { reason: 'expired' } });
  });

  it('tolerates a little clock skew', async () => {
    const token = await signMemberToken(SECRET_A, { sub: 'u' }, 60);
    const skewed = createAuthenticator({ guestSecret: GUEST_SECRET, clock: () => Date.now() + 70_000 });
    expect(await skewed.authenticate(a, `Bearer ${token}`)).toMatchObject({ id: 'u' });
  });

  it('requires an expiry', async () => {
    const token = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET_A));
    const error = await rejection(auth.authenticate(a, `Bearer ${token}`));
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('no "exp" claim') });
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).setNotBefore(exp()).setExpirationTime(exp() + HOUR).sign(new TextEncoder().encode(SECRET_A));
    expect((await rejection(auth.authenticate(a, `Bearer ${token}`))).message).toMatch(/not valid yet/);
  });

  it('refuses a token signed with another secret as not for this community', async () => {
    const token = await signMemberToken(SECRET_B, { sub: 'u' }, HOUR);
    const error = await rejection(auth.authenticate(a, `Bearer ${token}`));
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('not for this community') });
  });

  it('refuses unsigned tokens (alg none)', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', exp: exp() })}.`;
    expect(await rejection(auth.authenticate(a, `Bearer ${token}`))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('alg "none"') });
  });

  it('refuses a token claiming RS256 but signed with the HS256 secret', async () => {
    const body = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: 'u', exp: exp() })}`;
    const token = `${body}.${createHmac('sha256', SECRET_A).update(body).digest('base64url')}`;
    const error = await rejection(auth.authenticate(a, `Bearer ${token}`));
    expect(error).toMatchObject({ code: 'unauthorized', message: 'This community accepts member tokens signed with HS256, not "RS256".' });
  });

  it('names what is wrong with a malformed header or token', async () => {
    expect((await rejection(auth.authenticate(a, 'Basic dXNlcjpwYXNz'))).message).toBe('The Authorization header must be "Bearer <token>", not a "Basic" header.');
    expect((await rejection(auth.authenticate(a, 'Bearer '))).message).toBe('The Authorization header has no token after "Bearer".');
    expect((await rejection(auth.authenticate(a, 'Bearer not-a-token'))).message).toBe('The bearer token is neither a JWT nor an admin key of this community.');
    const badSub = await signMemberToken(SECRET_A, { sub: 'x'.repeat(129) }, HOUR);
    expect((await rejection(auth.authenticate(a, `Bearer ${badSub}`))).message).toMatch(/"sub" claim must be a member id/);
  });

  it('checks iss and aud when the community names them', async () => {
    const strict = community('s', { auth: { secret: SECRET_A, issuer: 'https://acme.example', audience: 'hearth', trustRole: false } });
    const good = await signMemberToken(SECRET_A, { sub: 'u', iss: 'https://acme.example', aud: 'hearth' }, HOUR);
    expect(await auth.authenticate(strict, `Bearer ${good}`)).toMatchObject({ id: 'u' });
    const wrongAud = await signMemberToken(SECRET_A, { sub: 'u', iss: 'https://acme.example', aud: 'other' }, HOUR);
    expect((await rejection(auth.authenticate(strict, `Bearer ${wrongAud}`))).message).toBe('This member token is not for this community: its "aud" claim is not the one this community expects.');
    const noIss = await signMemberToken(SECRET_A, { sub: 'u', aud: 'hearth' }, HOUR);
    expect((await rejection(auth.authenticate(strict, `Bearer ${noIss}`))).message).toMatch(/"iss"/);
  });

  it('refuses member tokens where the community accepts none', async () => {
    const token = await signMemberToken(SECRET_A, { sub: 'u' }, HOUR);
    const closed = community('c', { auth: { trustRole: false } });
    expect((await rejection(auth.authenticate(closed, `Bearer ${token}`))).message).toBe('This community does not accept member tokens (it has no secret or jwksUrl configured).');
  });
});

describe('authenticate: roles', () => {
  const auth = createAuthenticator({ guestSecret: GUEST_SECRET });

  it('ignores the role claim unless the community trusts it', async () => {
    const token = await signMemberToken(SECRET_A, { sub: 'u', role: 'admin' }, HOUR);
    expect(await auth.authenticate(a, `Bearer ${token}`)).toMatchObject({ role: 'member' });
  });

  it('honours a valid role claim where the community trusts it', async () => {
    const trusting = community('t', { auth: { secret: SECRET_A, trustRole: true } });
    const moderator = await signMemberToken(SECRET_A, { sub: 'u', role: 'moderator' }, HOUR);
    expect(await auth.authenticate(trusting, `Bearer ${moderator}`)).toMatchObject({ role: 'moderator' });
    const bogus = await signMemberToken(SECRET_A, { sub: 'u', role: 'emperor' }, HOUR);
    expect(await auth.authenticate(trusting, `Bearer ${bogus}`)).toMatchObject({ role: 'member' });
  });
});

describe('authenticate: member tokens from a JWKS URL', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  const rsa = generateKeyPair('RS256');
  const ec = generateKeyPair('ES256');
  const stranger = generateKeyPair('RS256');

  beforeAll(async () => {
    const keys = [
      { ...(await exportJWK((await rsa).publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK((await ec).publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const sign = async (alg: string, kid: string, key: CryptoKey, claims: Record<string, unknown> = {}) =>
    new SignJWT({ sub: 'remote-1', name: 'Remote', ...claims }).setProtectedHeader({ alg, kid }).setIssuedAt().setExpirationTime('1h').sign(key);

  it('accepts RS256 and ES256 tokens signed by a key in the set, fetching the set once', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const remote = community('remote', { auth: { jwksUrl: url, trustRole: false } });
    const before = requests;
    expect(await auth.authenticate(remote, `Bearer ${await sign('RS256', 'rsa-1', (await rsa).privateKey)}`)).toEqual({ id: 'remote-1', displayName: 'Remote', avatarUrl: null, role: 'member' });
    expect(await auth.authenticate(remote, `Bearer ${await sign('ES256', 'ec-1', (await ec).privateKey)}`)).toMatchObject({ id: 'remote-1' });
    expect(requests - before).toBe(1);
  });

  it('refuses a token signed by a key outside the set as not for this community', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const remote = community('remote', { auth: { jwksUrl: url, trustRole: false } });
    const forged = await sign('RS256', 'rsa-1', (await stranger).privateKey);
    expect(await rejection(auth.authenticate(remote, `Bearer ${forged}`))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('not for this community') });
    const unknownKid = await sign('RS256', 'rsa-9', (await stranger).privateKey);
    expect((await rejection(auth.authenticate(remote, `Bearer ${unknownKid}`))).message).toMatch(/no key in the community's key set/);
  });

  it('refuses an HS256 token where only a key set is configured', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const remote = community('remote', { auth: { jwksUrl: url, trustRole: false } });
    const token = await signMemberToken(SECRET_A, { sub: 'u' }, HOUR);
    expect((await rejection(auth.authenticate(remote, `Bearer ${token}`))).message).toBe('This community accepts member tokens signed with its key set (JWKS), not "HS256".');
  });

  it('uses the fetch it is given and reports an unreachable key set as unavailable', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET, fetch: async () => new Response('down', { status: 503 }) });
    const remote = community('remote', { auth: { jwksUrl: `${url}?down`, trustRole: false } });
    const error = await rejection(auth.authenticate(remote, `Bearer ${await sign('RS256', 'rsa-1', (await rsa).privateKey)}`));
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('could not be loaded') });
  });

  it('reports a key set behind a network failure as unavailable', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET, fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    const remote = community('remote', { auth: { jwksUrl: `${url}?offline`, trustRole: false } });
    const error = await rejection(auth.authenticate(remote, `Bearer ${await sign('RS256', 'rsa-1', (await rsa).privateKey)}`));
    expect(error).toMatchObject({ code: 'unavailable' });
  });
});

describe('guest sessions', () => {
  it('opens a 30-day guest session that authenticates in its community', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET, clock: () => now });
    const session = await auth.openGuestSession(a, { displayName: '  Grace  ', email: 'grace@example.com' });
    expect(session.viewer).toEqual({ id: expect.stringMatching(/^guest-[\w-]{22}$/), displayName: 'Grace', avatarUrl: null, role: 'guest' });
    expect(session.expiresAt).toBe('2026-01-31T00:00:00.000Z');
    expect(await auth.authenticate(a, `Bearer ${session.token}`)).toEqual(session.viewer);
    const other = await auth.openGuestSession(a, { displayName: 'Grace' });
    expect(other.viewer.id).not.toBe(session.viewer.id);
  });

  it('expires guest sessions after 30 days', async () => {
    let now = Date.now();
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET, clock: () => now });
    const { token } = await auth.openGuestSession(a, { displayName: 'Grace' });
    now += 31 * 24 * HOUR * 1000;
    expect((await rejection(auth.authenticate(a, `Bearer ${token}`))).details).toEqual({ reason: 'expired' });
  });

  it('refuses to open guest sessions where the community does not allow them', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const error = await rejection(auth.openGuestSession(community('closed', { guests: false }), { displayName: 'Grace' }));
    expect(error).toMatchObject({ code: 'forbidden', message: 'This community does not allow guest sessions; sign in to take part.' });
  });

  it('stops accepting guest tokens when a community closes guest sessions', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const { token } = await auth.openGuestSession(a, { displayName: 'Grace' });
    expect((await rejection(auth.authenticate({ ...a, guests: false }, `Bearer ${token}`))).message).toMatch(/does not allow guest sessions any more/);
  });

  it('checks the name and email, naming the field', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    expect(await rejection(auth.openGuestSession(a, { displayName: '   ' }))).toMatchObject({ code: 'validation', field: 'displayName' });
    expect(await rejection(auth.openGuestSession(a, { displayName: 'x'.repeat(65) }))).toMatchObject({ code: 'validation', field: 'displayName' });
    expect(await rejection(auth.openGuestSession(a, { displayName: 'Grace', email: 'not-an-email' }))).toMatchObject({ code: 'validation', field: 'email', message: 'Enter a valid email address, or leave it empty.' });
    expect((await auth.openGuestSession(a, { displayName: '😀'.repeat(64), email: '' })).viewer.displayName).toBe('😀'.repeat(64));
  });

  it('keeps a guest’s id when they rename, so they still own what they wrote', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const first = await auth.openGuestSession(a, { displayName: 'Grace' });
    const existing = await auth.authenticate(a, `Bearer ${first.token}`);
    const renamed = await auth.openGuestSession(a, { displayName: 'Grace H.' }, existing);
    expect(renamed.viewer).toEqual({ ...first.viewer, displayName: 'Grace H.' });
    expect(await auth.authenticate(a, `Bearer ${renamed.token}`)).toEqual(renamed.viewer);
  });

  it('gives a fresh guest id to a member, an admin key or no viewer', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const member = await auth.authenticate(a, `Bearer ${await signMemberToken(SECRET_A, { sub: 'guest-AAAAAAAAAAAAAAAAAAAAAA' }, HOUR)}`);
    const admin = await auth.authenticate(a, `Bearer ${KEY_A}`);
    for (const existing of [member, admin, null, undefined]) {
      const { viewer } = await auth.openGuestSession(a, { displayName: 'Grace' }, existing);
      expect(viewer.id).toMatch(/^guest-[\w-]{22}$/);
      expect(viewer.id).not.toBe(existing?.id);
    }
  });

  it('does not let a viewer claiming a malformed guest id keep it', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const { viewer } = await auth.openGuestSession(a, { displayName: 'Grace' }, { id: 'guest-x', displayName: 'X', role: 'guest' });
    expect(viewer.id).not.toBe('guest-x');
  });

  it('never accepts one community’s guest token in another, even with the same secret', async () => {
    const auth = createAuthenticator({ guestSecret: GUEST_SECRET });
    const { token } = await auth.openGuestSession(a, { displayName: 'Grace' });
    const error = await rejection(auth.authenticate(b, `Bearer ${token}`));
    expect(error).toMatchObject({ code: 'unauthorized', message: 'This guest session is not for this community; open a guest session here.' });
  });

  it('refuses guest tokens signed with another guest secret', async () => {
    const { token } = await createAuthenticator({ guestSecret: 'another-guest-secret-of-32-characters' }).openGuestSession(a, { displayName: 'Grace' });
    const error = await rejection(createAuthenticator({ guestSecret: GUEST_SECRET }).authenticate(a, `Bearer ${token}`));
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('not for this community') });
  });

  it('reads a guest secret kept elsewhere once', async () => {
    let reads = 0;
    const auth = createAuthenticator({ guestSecret: async () => (reads++, GUEST_SECRET) });
    const { token } = await auth.openGuestSession(a, { displayName: 'Grace' });
    await auth.authenticate(a, `Bearer ${token}`);
    expect(reads).toBe(1);
  });
});

describe('admin keys', () => {
  const auth = createAuthenticator({ guestSecret: GUEST_SECRET });

  it('acts as an admin named after the key', async () => {
    expect(await auth.authenticate(a, `Bearer ${KEY_A}`)).toEqual({ id: 'key:ci', displayName: 'ci', avatarUrl: null, role: 'admin' });
  });

  it('refuses a wrong key and another community’s key', async () => {
    expect((await rejection(auth.authenticate(a, `Bearer ${KEY_A}x`))).code).toBe('unauthorized');
    expect((await rejection(auth.authenticate(b, `Bearer ${KEY_A}`))).message).toBe('The bearer token is neither a JWT nor an admin key of this community.');
  });
});

describe('cross-community member tokens', () => {
  const auth = createAuthenticator({ guestSecret: GUEST_SECRET });

  it('refuses community A’s member token in community B', async () => {
    const token = await signMemberToken(SECRET_A, { sub: 'u' }, HOUR);
    expect(await auth.authenticate(a, `Bearer ${token}`)).toMatchObject({ id: 'u' });
    expect(await rejection(auth.authenticate(b, `Bearer ${token}`))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('not for this community') });
  });

  it('refuses a token whose audience is another community sharing the secret', async () => {
    const shared = (id: string) => community(id, { auth: { secret: SECRET_A, audience: id, trustRole: false } });
    const token = await signMemberToken(SECRET_A, { sub: 'u', aud: 'one' }, HOUR);
    expect(await auth.authenticate(shared('one'), `Bearer ${token}`)).toMatchObject({ id: 'u' });
    expect((await rejection(auth.authenticate(shared('two'), `Bearer ${token}`))).message).toMatch(/not for this community: its "aud" claim/);
  });
});
