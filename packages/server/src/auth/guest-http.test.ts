import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHttpAdapter } from '@hearth/adapter-http';
import { HearthError } from '@hearth/protocol';
import { serverFor, testCommunity } from '../test-server.js';

// Guest sessions as a widget meets them: the HTTP adapter against a real server on PGlite.

const server = await serverFor('pglite');

/** An adapter for a fresh community, with guest sessions and guest posting as given. */
function adapterFor({ guests = true, guestPosting = true } = {}) {
  const id = `guests-${randomBytes(4).toString('hex')}`;
  server.hearth.addCommunity(testCommunity(id, { guests, settings: { guestPosting } }));
  return createHttpAdapter({ endpoint: server.url, community: id });
}

const comment = (body: string) => ({ threadKey: '/guests', body, idempotencyKey: `k-${randomBytes(8).toString('hex')}` });

async function failure(call: Promise<unknown>): Promise<HearthError> {
  const error = await call.then(
    () => expect.fail('the call succeeded'),
    (e: unknown) => e,
  );
  expect(HearthError.is(error), String(error)).toBe(true);
  return error as HearthError;
}

describe('guest sessions through the HTTP adapter', () => {
  it('opens a session whose viewer comments under the guest name', async () => {
    const adapter = adapterFor();
    const { viewer, expiresAt } = await adapter.openGuestSession!({ displayName: 'Gus' }, { viewer: null });
    expect(viewer).toMatchObject({ id: expect.stringMatching(/^guest-/), displayName: 'Gus', role: 'guest', token: expect.any(String) });
    expect(Date.parse(expiresAt!)).toBeGreaterThan(Date.now());
    expect((await adapter.getSession({ viewer })).viewer).toMatchObject({ id: viewer.id, role: 'guest' });
    const post = await adapter.createComment(comment('Hello from a guest'), { viewer });
    expect(post.author).toMatchObject({ id: viewer.id, displayName: 'Gus', role: 'guest' });
  });

  it('refuses a session with the server’s message where the community allows no guests', async () => {
    const error = await failure(adapterFor({ guests: false }).openGuestSession!({ displayName: 'Gus' }, { viewer: null }));
    expect(error).toMatchObject({ code: 'forbidden', message: 'This community does not allow guest sessions; sign in to take part.' });
  });

  it('refuses a guest’s comment where the community does not allow guest posting', async () => {
    const adapter = adapterFor({ guestPosting: false });
    const { viewer } = await adapter.openGuestSession!({ displayName: 'Gus' }, { viewer: null });
    expect((await failure(adapter.createComment(comment('Not allowed'), { viewer }))).code).toBe('forbidden');
  });

  it('keeps the guest’s id across a rename', async () => {
    const adapter = adapterFor();
    const first = await adapter.openGuestSession!({ displayName: 'Gus' }, { viewer: null });
    const renamed = await adapter.openGuestSession!({ displayName: 'Gus G.' }, { viewer: first.viewer });
    expect(renamed.viewer).toMatchObject({ id: first.viewer.id, displayName: 'Gus G.' });
    expect(renamed.viewer.token).not.toBe(first.viewer.token);
  });
});
