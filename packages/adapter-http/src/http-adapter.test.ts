import { BASE, fixtures, server, useServer } from './test-support.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { HearthError, type BackendAdapter, type CommentPage, type Post, type Session } from '@hearth/protocol';
import { createHttpAdapter, type HttpAdapterOptions } from './index.js';

useServer();

let data: { post: Post; page: CommentPage; session: Session };
beforeEach(async () => {
  data ??= await fixtures();
  // Backoff waits a random share of its ceiling; zero keeps retries instant without fake timers.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const ada = { id: 'ada', displayName: 'Ada', token: 'ada-token' };
const adapter = (options: Partial<HttpAdapterOptions> = {}): BackendAdapter => createHttpAdapter({ endpoint: `${BASE}/`, ...options });

/** Answers every request to `/v1/<op>` with `answer`, keeping the requests it saw. */
function route(op: string, answer: (request: Request, index: number) => Response | Promise<Response>): Request[] {
  const seen: Request[] = [];
  server.use(http.all(`${BASE}/v1/${op}`, ({ request }) => answer(request.clone(), seen.push(request.clone()) - 1)));
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

const newKey = () => `key-${Math.floor(performance.now() * 1000)}-${Math.random()}`;

describe('createHttpAdapter: requests', () => {
  it('sends a read as GET /v1/<op>?input=<JSON> with the viewer token and community, and returns the answer', async () => {
    const seen = route('listComments', () => HttpResponse.json(data.page));
    const page = await adapter({ community: 'acme' }).listComments({ threadKey: '/a b', sort: 'newest' }, { viewer: ada });
    expect(page).toEqual(data.page);
    const [request] = seen;
    expect(request!.method).toBe('GET');
    expect(JSON.parse(new URL(request!.url).searchParams.get('input')!)).toEqual({ threadKey: '/a b', sort: 'newest' });
    expect(request!.headers.get('authorization')).toBe('Bearer ada-token');
    expect(request!.headers.get('hearth-community')).toBe('acme');
    expect(request!.headers.get('idempotency-key')).toBeNull();
  });

  it('sends a write as POST /v1/<op> with a JSON body and its Idempotency-Key', async () => {
    const seen = route('createComment', () => HttpResponse.json(data.post));
    const input = { threadKey: '/a', body: 'Hello', idempotencyKey: 'key-abcdefgh' };
    const post = await adapter().createComment(input, { viewer: ada });
    expect(post).toEqual(data.post);
    const [request] = seen;
    expect(request!.method).toBe('POST');
    expect(new URL(request!.url).search).toBe('');
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.get('idempotency-key')).toBe('key-abcdefgh');
    expect(await request!.json()).toEqual(input);
  });

  it('routes group methods as group.method and sends getSession with {}', async () => {
    const feed = route('feed.createPost', () => HttpResponse.json({}, { status: 400 }));
    const session = route('getSession', () => HttpResponse.json(data.session));
    const http = adapter();
    await failure(http.feed!.createPost({ space: 'general', title: 'Hi', body: 'Hello', idempotencyKey: 'key-12345678' } as never, { viewer: ada }));
    expect(feed.map((r) => r.method)).toEqual(['POST']);
    expect(await http.getSession({ viewer: null })).toEqual(data.session);
    expect(new URL(session[0]!.url).searchParams.get('input')).toBe('{}');
  });

  it("sends the viewer's experiment variant as Hearth-Variant", async () => {
    const seen = route('getSession', () => HttpResponse.json(data.session));
    const http = adapter();
    await http.getSession({ viewer: { ...ada, variant: 'b-2' } });
    await http.getSession({ viewer: ada });
    expect(seen.map((r) => r.headers.get('hearth-variant'))).toEqual(['b-2', null]);
  });

  it('uses the adapter token when the viewer has none, and the viewer token over it', async () => {
    const seen = route('getSession', () => HttpResponse.json(data.session));
    const http = adapter({ token: 'site-token' });
    await http.getSession({ viewer: null });
    await http.getSession({ viewer: { id: 'x', displayName: 'X' } });
    await http.getSession({ viewer: ada });
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual(['Bearer site-token', 'Bearer site-token', 'Bearer ada-token']);
    await adapter().getSession({ viewer: null });
    expect(seen[3]!.headers.get('authorization')).toBeNull();
  });

  it('has every group by default, and leaves out the groups whose capability is off', () => {
    const all = adapter();
    expect(all.capabilities.persistence).toBe('server');
    for (const group of ['community', 'members', 'feed', 'qa', 'polls', 'feedback', 'moderation', 'gamification', 'analytics'] as const) {
      expect(typeof all[group], group).toBe('object');
    }
    expect(typeof all.qa!.getQuestion).toBe('function');
    const some = adapter({ capabilities: { feed: false, community: false } });
    expect(some.feed).toBeUndefined();
    expect(some.members).toBeUndefined();
    expect(some.capabilities.feed).toBe(false);
    expect(typeof some.polls!.vote).toBe('function');
  });
});

describe('createHttpAdapter: errors', () => {
  it('turns an error body into a HearthError with its code, message and details', async () => {
    const issues = [{ path: 'body', message: 'Comment is empty.' }];
    route('createComment', () => HttpResponse.json({ error: { code: 'validation', message: 'Comment is empty.', details: { issues } } }, { status: 400 }));
    const error = await failure(adapter().createComment({ threadKey: '/a', body: ' ', idempotencyKey: newKey() }, { viewer: ada }));
    expect(error).toMatchObject({ code: 'validation', message: 'Comment is empty.', field: 'body' });
    expect(error.details.issues).toEqual(issues);
  });

  it('maps a status without a Hearth body by codeOfStatus', async () => {
    const statuses = [404, 403, 409, 413, 500, 502];
    route('getThread', (_request, i) => new HttpResponse(i === 5 ? '<html>Bad gateway</html>' : null, { status: statuses[i]! }));
    const http = adapter({ retries: 0 });
    const codes = [];
    for (const _ of statuses) codes.push((await failure(http.getThread({ threadKey: '/a' }, { viewer: null }))).code);
    expect(codes).toEqual(['not_found', 'forbidden', 'conflict', 'validation', 'internal', 'unavailable']);
  });

  it('keeps the status code when a body names an unknown code', async () => {
    route('getThread', () => HttpResponse.json({ error: { code: 'teapot', message: 'No.' } }, { status: 403 }));
    expect(await failure(adapter().getThread({ threadKey: '/a' }, { viewer: null }))).toMatchObject({ code: 'forbidden', message: 'No.' });
  });

  it('fails a 500 as internal without retrying', async () => {
    const seen = route('listComments', () => HttpResponse.json({ error: { code: 'internal', message: 'Something broke.' } }, { status: 500 }));
    expect(await failure(adapter().listComments({ threadKey: '/a' }, { viewer: null }))).toMatchObject({ code: 'internal', message: 'Something broke.' });
    expect(seen).toHaveLength(1);
  });

  it('rejects an answer that is not JSON as unavailable, naming the operation', async () => {
    route('listComments', () => new HttpResponse('{"items": [', { headers: { 'content-type': 'application/json' } }));
    const error = await failure(adapter().listComments({ threadKey: '/a' }, { viewer: null }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('listComments');
    expect(error.message).toContain('not JSON');
  });

  it('rejects an answer outside the schema as unavailable, naming the operation and the field', async () => {
    route('listComments', () => HttpResponse.json({ ...data.page, items: [{ ...data.post, body: 42 }] }));
    const error = await failure(adapter().listComments({ threadKey: '/a' }, { viewer: null }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('listComments');
    expect(error.message).toContain('items.0.body');
    expect(error.details.path).toBe('items.0.body');
  });

  it('fails as unavailable when the network is down, after retrying a read', async () => {
    const seen = route('getThread', () => HttpResponse.error());
    const error = await failure(adapter().getThread({ threadKey: '/a' }, { viewer: null }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/^Could not reach the community server/);
    expect(seen).toHaveLength(3);
  });

  it('gives up on a slow server after timeoutMs, as unavailable, without retrying', async () => {
    const seen = route('getThread', async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const error = await failure(adapter({ timeoutMs: 30 }).getThread({ threadKey: '/a' }, { viewer: null }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('The community server did not answer within 0.03 s.');
    expect(seen).toHaveLength(1);
  });

  it('rethrows the AbortError when the caller aborts, before or during the request', async () => {
    route('getThread', async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const http = adapter();
    const early = await http.getThread({ threadKey: '/a' }, { viewer: null, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((early as Error).name).toBe('AbortError');
    const controller = new AbortController();
    const call = http.getThread({ threadKey: '/a' }, { viewer: null, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    expect(((await call.catch((e: unknown) => e)) as Error).name).toBe('AbortError');
  });
});

describe('createHttpAdapter: retries', () => {
  it('retries a read on 502/503/504 and returns the answer that finally comes', async () => {
    const seen = route('listComments', (_r, i) => (i < 2 ? new HttpResponse(null, { status: [502, 504][i] }) : HttpResponse.json(data.page)));
    expect(await adapter().listComments({ threadKey: '/a' }, { viewer: null })).toEqual(data.page);
    expect(seen).toHaveLength(3);
  });

  it('stops after `retries` retries with the last error', async () => {
    const seen = route('listComments', () => new HttpResponse(null, { status: 503 }));
    expect((await failure(adapter({ retries: 1 }).listComments({ threadKey: '/a' }, { viewer: null }))).code).toBe('unavailable');
    expect(seen).toHaveLength(2);
  });

  it('retries a write that carries an idempotency key, with the same key every time', async () => {
    const seen = route('createComment', (_r, i) => (i === 0 ? HttpResponse.error() : i === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json(data.post)));
    const key = newKey();
    await adapter().createComment({ threadKey: '/a', body: 'Hello', idempotencyKey: key }, { viewer: ada });
    expect(seen.map((r) => r.headers.get('idempotency-key'))).toEqual([key, key, key]);
    expect(new Set(await Promise.all(seen.map((r) => r.text()))).size).toBe(1);
  });

  it('never retries a write without an idempotency key', async () => {
    const down = route('editComment', () => HttpResponse.error());
    const busy = route('community.updateSettings', () => new HttpResponse(null, { status: 503 }));
    const http = adapter();
    expect((await failure(http.editComment({ postId: 'p1', body: 'Edited' }, { viewer: ada }))).code).toBe('unavailable');
    expect((await failure(http.community!.updateSettings({ guestPosting: true } as never, { viewer: ada }))).code).toBe('unavailable');
    expect(down).toHaveLength(1);
    expect(busy).toHaveLength(1);
    expect(down[0]!.headers.get('idempotency-key')).toBeNull();
  });

  it('never retries a 4xx other than 429', async () => {
    const seen = route('createComment', () => HttpResponse.json({ error: { code: 'conflict', message: 'Closed.' } }, { status: 409 }));
    expect((await failure(adapter().createComment({ threadKey: '/a', body: 'Hi', idempotencyKey: newKey() }, { viewer: ada }))).code).toBe('conflict');
    expect(seen).toHaveLength(1);
  });

  it('waits out Retry-After on a 429 before retrying', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const seen = route('listComments', (_r, i) =>
      i === 0 ? HttpResponse.json({ error: { code: 'rate_limited', message: 'Slow down.' } }, { status: 429, headers: { 'Retry-After': '2' } }) : HttpResponse.json(data.page),
    );
    const call = adapter().listComments({ threadKey: '/a' }, { viewer: null });
    await vi.advanceTimersByTimeAsync(1900);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(await call).toEqual(data.page);
    expect(seen).toHaveLength(2);
  });

  it('reports Retry-After as details.retryAfterMs when it gives up on a 429', async () => {
    route('listComments', () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } }));
    const error = await failure(adapter({ retries: 0 }).listComments({ threadKey: '/a' }, { viewer: null }));
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 3000 } });
  });

  it('passes a 429 asking for a long pause straight back instead of sitting through it', async () => {
    const seen = route('listComments', () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } }));
    const error = await failure(adapter().listComments({ threadKey: '/a' }, { viewer: null }));
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: 120_000 } });
    expect(seen).toHaveLength(1);
  });
});

describe('createHttpAdapter: expired tokens', () => {
  const expiring = () =>
    route('getSession', (request) =>
      request.headers.get('authorization') === 'Bearer fresh-token'
        ? HttpResponse.json(data.session)
        : HttpResponse.json({ error: { code: 'unauthorized', message: 'Token expired.' } }, { status: 401 }),
    );

  it('refreshes once on a 401 and sends the request again with the new token', async () => {
    const seen = expiring();
    const refreshToken = vi.fn(async () => 'fresh-token');
    const http = adapter({ refreshToken });
    expect(await http.getSession({ viewer: ada })).toEqual(data.session);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual(['Bearer ada-token', 'Bearer fresh-token']);
    // Later calls with the same (stale) viewer go straight to the new token.
    await http.getSession({ viewer: ada });
    expect(seen[2]!.headers.get('authorization')).toBe('Bearer fresh-token');
    expect(refreshToken).toHaveBeenCalledTimes(1);
  });

  it('asks once for calls that expire together', async () => {
    expiring();
    const refreshToken = vi.fn(async () => 'fresh-token');
    const http = adapter({ refreshToken });
    await Promise.all([http.getSession({ viewer: ada }), http.getSession({ viewer: ada }), http.getSession({ viewer: ada })]);
    expect(refreshToken).toHaveBeenCalledTimes(1);
  });

  it('fails unauthorized when the refresh gives no token or fails', async () => {
    const seen = expiring();
    for (const refreshToken of [async () => null, async () => Promise.reject(new Error('offline'))]) {
      const error = await failure(adapter({ refreshToken }).getSession({ viewer: ada }));
      expect(error.code).toBe('unauthorized');
    }
    expect(seen).toHaveLength(2);
  });

  it('fails unauthorized, without asking, when there is nothing to refresh', async () => {
    const seen = expiring();
    const refreshToken = vi.fn(async () => 'fresh-token');
    expect(await failure(adapter().getSession({ viewer: ada }))).toMatchObject({ code: 'unauthorized', message: 'Token expired.' });
    expect(await failure(adapter({ refreshToken }).getSession({ viewer: null }))).toMatchObject({ code: 'unauthorized' });
    expect(refreshToken).not.toHaveBeenCalled();
    expect(seen).toHaveLength(2);
  });

  it('refreshes only once: a new token that is refused too fails unauthorized', async () => {
    const seen = route('getSession', () => HttpResponse.json({ error: { code: 'unauthorized', message: 'Token expired.' } }, { status: 401 }));
    const refreshToken = vi.fn(async () => 'also-expired');
    expect((await failure(adapter({ refreshToken }).getSession({ viewer: ada }))).code).toBe('unauthorized');
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(2);
  });
});
