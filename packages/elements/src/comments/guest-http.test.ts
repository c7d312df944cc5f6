// Guests on a server: a signed-out visitor names themselves, the widget opens a guest session
// through the HTTP adapter and posts with its token. msw's service worker plays the server,
// backed by a memory adapter that allows guest posting.
import { expect, fixture, html } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { http, HttpResponse } from 'msw';
import { createHttpAdapter } from '@hearth/adapter-http';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { createCommunityClient } from '@hearth/client';
import { HearthError, statusOfCode, type BackendAdapter, type Viewer } from '@hearth/protocol';
import { waitUntil } from '../test-support/wait.js';
import type { CommunityComments } from './comments.js';
import { $, commentWith, loaded, text, typeInto } from './test-support.js';

const worker = setupWorker();
before(() => worker.start({ quiet: true, onUnhandledFrame: 'bypass' }));
after(() => worker.stop());
afterEach(() => worker.resetHandlers());

const textarea = (el: CommunityComments) => $(el, '[part~="base"] > form textarea') as HTMLTextAreaElement;
const nameInput = (el: CommunityComments) => $(el, 'input[part~="name-input"]') as HTMLInputElement | null;
const submit = (el: CommunityComments) => $(el, '[part~="base"] > form [part~="submit"]') as HTMLButtonElement;
const postingAs = (el: CommunityComments) => text($(el, '[part~="base"] > form .guest'));

/** What the fake server saw. */
interface Seen {
  guestSessions: Array<{ authorization: string | null; body: unknown }>;
  created: Array<{ authorization: string | null }>;
}

/**
 * Serves Hearth's HTTP binding under a fresh base URL from a memory adapter, with guest
 * sessions (refused when `guests` is false); returns the base and what it saw.
 */
function serve({ guests = true, guestPosting = true } = {}): { base: string; seen: Seen } {
  const base = `${location.origin}/guest-api-${crypto.randomUUID()}`;
  const memory: BackendAdapter = createMemoryAdapter({ community: { guestPosting } });
  const tokens = new Map<string, Viewer>();
  const seen: Seen = { guestSessions: [], created: [] };
  const viewerOf = (request: Request): Viewer | null | undefined => {
    const header = request.headers.get('authorization');
    return header ? tokens.get(header.replace(/^Bearer /, '')) : null;
  };
  const answer = async (run: () => Promise<unknown>) => {
    try {
      return HttpResponse.json((await run()) as object);
    } catch (e) {
      const error = HearthError.is(e) ? e : new HearthError('internal', String(e));
      return HttpResponse.json({ error: error.toJSON() }, { status: statusOfCode(error.code) });
    }
  };
  worker.use(
    http.get(`${base}/v1/events`, () => new HttpResponse(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(': ping\n\n')) }), { headers: { 'content-type': 'text/event-stream' } })),
    http.post(`${base}/v1/sessions/guest`, async ({ request }) => {
      const authorization = request.headers.get('authorization');
      const body = (await request.json()) as { displayName: string };
      seen.guestSessions.push({ authorization, body });
      if (!guests) return HttpResponse.json({ error: { code: 'forbidden', message: 'This community does not allow guest sessions; sign in to take part.' } }, { status: 403 });
      const existing = viewerOf(request);
      const viewer = { id: existing?.id ?? `guest-${crypto.randomUUID()}`, displayName: body.displayName, avatarUrl: null, role: 'guest' as const };
      const token = `guest-token-${tokens.size + 1}`;
      tokens.set(token, viewer);
      return HttpResponse.json({ token, viewer, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    }),
    http.all(`${base}/v1/:op`, async ({ request, params }) => {
      const viewer = viewerOf(request);
      if (viewer === undefined) return HttpResponse.json({ error: { code: 'unauthorized', message: 'Unknown token.' } }, { status: 401 });
      const op = String(params.op);
      if (op === 'createComment') seen.created.push({ authorization: request.headers.get('authorization') });
      const input = request.method === 'GET' ? JSON.parse(new URL(request.url).searchParams.get('input') ?? '{}') : await request.json();
      const [group, method] = op.split('.') as [string, string?];
      const target = (method ? (memory as unknown as Record<string, Record<string, unknown>>)[group] : memory) as Record<string, (input: unknown, ctx: unknown) => Promise<unknown>>;
      // Like the real server: guests post only where the settings allow it and it opens their sessions.
      if (op === 'getSession') return answer(async () => ({ ...((await memory.getSession({ viewer })) as object), guests: guestPosting && guests }));
      return answer(() => target[method ?? group]!(input, { viewer }));
    }),
  );
  return { base, seen };
}

/** Mounts a widget on the server at `base` and waits until its composer is there. */
async function mount(base: string, thread: string): Promise<CommunityComments> {
  const el = await fixture<CommunityComments>(html`<community-comments thread=${thread} endpoint=${base}></community-comments>`);
  await loaded(el);
  await waitUntil(() => textarea(el), 'no composer');
  return el;
}

/** Waits until the widget has the session (which says whether guests may post), and has rendered it. */
async function sessionLoaded(el: CommunityComments): Promise<void> {
  await waitUntil(() => (el as unknown as { sessionState?: { status: string } }).sessionState?.status === 'success', 'the session did not load');
  await el.updateComplete;
}

/** Types `name` (when there is a name field) and `body`, and sends them. */
async function post(el: CommunityComments, body: string, name?: string): Promise<void> {
  if (name !== undefined) typeInto(nameInput(el)!, name);
  typeInto(textarea(el), body);
  await el.updateComplete;
  submit(el).click();
}

describe('guests on a server (endpoint=)', () => {
  it('opens one guest session for a named visitor, posts with its token, and keeps the guest across a reload', async () => {
    const { base, seen } = serve();
    const key = `hearth:guest:${base} `;
    try {
      const el = await mount(base, '/guest-http');
      await waitUntil(() => nameInput(el), 'a signed-out visitor is not asked for a name');
      await post(el, 'Hello as a guest', 'Grace');
      await waitUntil(() => commentWith(el, 'Hello as a guest') && !commentWith(el, 'Hello as a guest')!.matches('.optimistic'), 'the comment did not arrive');
      expect(text(commentWith(el, 'Hello as a guest')!.querySelector('[part~="author"]'))).to.equal('Grace');
      expect(seen.guestSessions).to.deep.equal([{ authorization: null, body: { displayName: 'Grace' } }]);
      expect(seen.created).to.deep.equal([{ authorization: 'Bearer guest-token-1' }]);
      await waitUntil(() => postingAs(el) === 'Posting as Grace Change name', 'no "Posting as"');
      expect(nameInput(el)).to.equal(null);
      expect(JSON.parse(localStorage.getItem(key)!).viewer).to.include({ displayName: 'Grace', token: 'guest-token-1' });

      // A reload: a fresh client for the same server finds the guest this browser kept.
      const client = createCommunityClient({ adapter: createHttpAdapter({ endpoint: base }) });
      const again = await fixture<CommunityComments>(html`<community-comments .client=${client} endpoint=${base} thread="/guest-http"></community-comments>`);
      await loaded(again);
      await waitUntil(() => postingAs(again) === 'Posting as Grace Change name', 'the kept guest was not used');
      expect(client.viewer).to.include({ displayName: 'Grace', token: 'guest-token-1', role: 'guest' });
      await post(again, 'Back after a reload');
      await waitUntil(() => seen.created.length === 2, 'the second comment was not sent');
      expect(seen.created[1]).to.deep.equal({ authorization: 'Bearer guest-token-1' });
      expect(seen.guestSessions).to.have.length(1);
    } finally {
      localStorage.removeItem(key);
    }
  });

  it('renames a guest through a new session sent with the old token', async () => {
    const { base, seen } = serve();
    const key = `hearth:guest:${base} `;
    try {
      const el = await mount(base, '/guest-rename');
      await post(el, 'First words', 'Grace');
      await waitUntil(() => commentWith(el, 'First words') && !commentWith(el, 'First words')!.matches('.optimistic'), 'the first comment did not arrive');
      const { id } = JSON.parse(localStorage.getItem(key)!).viewer;
      ($(el, '[data-action="rename"]') as HTMLButtonElement).click();
      await waitUntil(() => nameInput(el), 'no name field to rename');
      await post(el, 'Second words', 'Grace Hopper');
      await waitUntil(() => commentWith(el, 'Second words') && !commentWith(el, 'Second words')!.matches('.optimistic'), 'the second comment did not arrive');
      expect(text(commentWith(el, 'Second words')!.querySelector('[part~="author"]'))).to.equal('Grace Hopper');
      expect(seen.guestSessions.map((s) => s.authorization)).to.deep.equal([null, 'Bearer guest-token-1']);
      expect(seen.created.map((c) => c.authorization)).to.deep.equal(['Bearer guest-token-1', 'Bearer guest-token-2']);
      expect(JSON.parse(localStorage.getItem(key)!).viewer).to.include({ id, displayName: 'Grace Hopper' });
    } finally {
      localStorage.removeItem(key);
    }
  });

  for (const [where, options] of [
    ['the server opens no guest sessions', { guests: false }],
    ['the community lets no guest post, though the server opens sessions', { guestPosting: false }],
  ] as const) {
    it(`offers no name field where ${where}, and never asks for a session`, async () => {
      const { base, seen } = serve(options);
      const el = await mount(base, `/guest-closed-${Object.keys(options)[0]}`);
      await sessionLoaded(el);
      expect(nameInput(el)).to.equal(null);
      await post(el, 'Let me in');
      await waitUntil(() => text($(el, '[part~="base"] > form [role="alert"]')), 'no error');
      expect(seen.guestSessions).to.have.length(0);
      expect(commentWith(el, 'Let me in')).to.equal(undefined);
      expect(localStorage.getItem(`hearth:guest:${base} `)).to.equal(null);
      // The draft stays for after signing in.
      expect(textarea(el).value).to.equal('Let me in');
    });
  }

  it('forgets a kept guest session once it has expired', async () => {
    const { base, seen } = serve();
    const key = `hearth:guest:${base} `;
    localStorage.setItem(key, JSON.stringify({ viewer: { id: 'guest-old', displayName: 'Old', token: 'old-token', role: 'guest' }, expiresAt: '2020-01-01T00:00:00.000Z' }));
    try {
      const el = await mount(base, '/guest-expired');
      expect(nameInput(el)!.value).to.equal('');
      expect(localStorage.getItem(key)).to.equal(null);
      expect(seen.guestSessions).to.have.length(0);
    } finally {
      localStorage.removeItem(key);
    }
  });
});
