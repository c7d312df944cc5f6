import { BASE, server, useServer } from './test-support.js';
import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { HearthError } from '@hearth/protocol';
import { createHttpAdapter } from './index.js';

useServer();

const grace = { id: 'guest-AAAAAAAAAAAAAAAAAAAAAA', displayName: 'Grace', avatarUrl: null, role: 'guest' as const };
const adapter = (token?: string) => createHttpAdapter({ endpoint: BASE, community: 'acme', ...(token && { token }), refreshToken: async () => 'host-token' });

/** Answers `POST /v1/sessions/guest` with `answer`, keeping the requests it saw. */
function guestRoute(answer: (request: Request) => Response | Promise<Response>): Request[] {
  const seen: Request[] = [];
  server.use(http.post(`${BASE}/v1/sessions/guest`, ({ request }) => (seen.push(request.clone()), answer(request))));
  return seen;
}

async function failure(call: Promise<unknown>): Promise<HearthError> {
  const error = await call.then(
    () => expect.fail('the call succeeded'),
    (e: unknown) => e,
  );
  expect(HearthError.is(error), String(error)).toBe(true);
  return error as HearthError;
}

describe('createHttpAdapter: guest sessions', () => {
  it('opens a guest session and hands back a viewer carrying its token', async () => {
    const seen = guestRoute(() => HttpResponse.json({ token: 'guest-token-1', viewer: grace, expiresAt: '2026-02-01T00:00:00.000Z' }));
    const session = await adapter('host-token').openGuestSession!({ displayName: 'Grace', email: 'grace@example.com' }, { viewer: null });
    expect(session).toEqual({ viewer: { ...grace, token: 'guest-token-1' }, expiresAt: '2026-02-01T00:00:00.000Z' });
    const [request] = seen;
    expect(seen).toHaveLength(1);
    expect(await request!.json()).toEqual({ displayName: 'Grace', email: 'grace@example.com' });
    expect(request!.headers.get('hearth-community')).toBe('acme');
    expect(request!.headers.get('content-type')).toBe('application/json');
    // Neither the host's token nor a member's goes along: the server would not rename them anyway.
    expect(request!.headers.get('authorization')).toBeNull();
    await adapter().openGuestSession!({ displayName: 'Grace' }, { viewer: { id: 'ada', displayName: 'Ada', role: 'member', token: 'ada-token' } });
    expect(seen[1]!.headers.get('authorization')).toBeNull();
  });

  it("sends a guest's own token, so renaming keeps their id", async () => {
    const seen = guestRoute(() => HttpResponse.json({ token: 'guest-token-2', viewer: { ...grace, displayName: 'Grace H.' }, expiresAt: null }));
    const session = await adapter().openGuestSession!({ displayName: 'Grace H.' }, { viewer: { ...grace, token: 'guest-token-1' } });
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer guest-token-1');
    expect(session.viewer).toEqual({ ...grace, displayName: 'Grace H.', token: 'guest-token-2' });
    expect(session.expiresAt).toBeNull();
  });

  it("rejects with the server's forbidden message where the community allows no guests", async () => {
    const message = 'This community does not allow guest sessions; sign in to take part.';
    const seen = guestRoute(() => HttpResponse.json({ error: { code: 'forbidden', message } }, { status: 403 }));
    const error = await failure(adapter().openGuestSession!({ displayName: 'Grace' }, { viewer: null }));
    expect(error).toMatchObject({ code: 'forbidden', message });
    expect(seen).toHaveLength(1);
  });

  it("never asks the host for a fresh token when a guest's own token is refused", async () => {
    let asked = 0;
    guestRoute(() => HttpResponse.json({ error: { code: 'unauthorized', message: 'Your session has expired; sign in again.', details: { reason: 'expired' } } }, { status: 401 }));
    const http = createHttpAdapter({ endpoint: BASE, refreshToken: async () => (asked++, 'host-token') });
    const error = await failure(http.openGuestSession!({ displayName: 'Grace' }, { viewer: { ...grace, token: 'stale-guest-token' } }));
    expect(error).toMatchObject({ code: 'unauthorized', details: { reason: 'expired' } });
    expect(asked).toBe(0);
  });

  it('names the field of a name the server refuses', async () => {
    const refused = HearthError.validation('displayName', 'Enter a name of 1 to 64 characters.');
    guestRoute(() => HttpResponse.json({ error: refused.toJSON() }, { status: 400 }));
    expect(await failure(adapter().openGuestSession!({ displayName: ' ' }, { viewer: null }))).toMatchObject({ code: 'validation', field: 'displayName' });
  });

  it('rejects an answer without a token as outside the protocol', async () => {
    guestRoute(() => HttpResponse.json({ viewer: grace, expiresAt: null }));
    const error = await failure(adapter().openGuestSession!({ displayName: 'Grace' }, { viewer: null }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/openGuestSession outside the protocol: token/);
  });

  it('does not resend on a network failure, as nothing makes a second session the same one', async () => {
    let calls = 0;
    server.use(http.post(`${BASE}/v1/sessions/guest`, () => (calls++, HttpResponse.error())));
    expect(await failure(adapter().openGuestSession!({ displayName: 'Grace' }, { viewer: null }))).toMatchObject({ code: 'unavailable', details: { network: true } });
    expect(calls).toBe(1);
  });
});
