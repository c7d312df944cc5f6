import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from './errors.js';
import { OPERATIONS } from './operations.js';

const http = () => import('./http.js');

describe('the HTTP binding', () => {
  afterEach(() => {
    vi.doUnmock('zod/mini');
    vi.doUnmock('./operations.js');
  });

  // The HTTP adapter routes calls before any schema has loaded; if http.ts reached zod or
  // OPERATIONS, every schema would ride along into the adapter's eager bundle.
  it('loads without zod or the operations table', async () => {
    vi.resetModules();
    vi.doMock('zod/mini', () => {
      throw new Error('zod was loaded');
    });
    vi.doMock('./operations.js', () => {
      throw new Error('OPERATIONS was loaded');
    });
    const { httpRoute } = await http();
    expect(httpRoute('listComments')).toEqual({ method: 'GET', path: '/v1/listComments' });
  });

  it('is where OPERATIONS takes its write flags from, for exactly its operations', async () => {
    const { WRITES } = await http();
    expect(Object.keys(WRITES).sort()).toEqual(Object.keys(OPERATIONS).sort());
    for (const [key, op] of Object.entries(OPERATIONS)) expect(op.write, key).toBe(WRITES[key as keyof typeof WRITES]);
    expect(WRITES['feed.createPost']).toBe(true);
    expect(WRITES['feed.listPosts']).toBe(false);
  });

  it('sends reads as GET and writes as POST under /v1/<operation>', async () => {
    const { httpRoute } = await http();
    expect(httpRoute('getSession')).toEqual({ method: 'GET', path: '/v1/getSession' });
    expect(httpRoute('feed.createPost')).toEqual({ method: 'POST', path: '/v1/feed.createPost' });
    expect(httpRoute('qa.getQuestion')).toEqual({ method: 'GET', path: '/v1/qa.getQuestion' });
    expect(httpRoute('moderation.act')).toEqual({ method: 'POST', path: '/v1/moderation.act' });
  });

  it('puts a read input in ?input= as URI-encoded JSON that round-trips', async () => {
    const { readQuery } = await http();
    const input = { threadKey: '/a b?c=d&e#f', sort: 'newest', note: '中文 👍' };
    const query = readQuery(input);
    expect(query.startsWith('?input=')).toBe(true);
    expect(query).not.toMatch(/[ #&]/);
    expect(JSON.parse(new URLSearchParams(query).get('input')!)).toEqual(input);
  });

  it('repeats channel= once per channel in the event stream query', async () => {
    const { eventsQuery, EVENTS_PATH } = await http();
    const url = new URL(EVENTS_PATH + eventsQuery(['thread:/a&b', 'poll:1']), 'https://x.test');
    expect(url.pathname).toBe('/v1/events');
    expect(url.searchParams.getAll('channel')).toEqual(['thread:/a&b', 'poll:1']);
  });

  it('maps every error code to its status and back', async () => {
    const { statusOfCode, codeOfStatus } = await http();
    expect(ERROR_CODES.map((code) => [code, statusOfCode(code)])).toEqual([
      ['unauthorized', 401],
      ['forbidden', 403],
      ['not_found', 404],
      ['validation', 400],
      ['conflict', 409],
      ['rate_limited', 429],
      ['unavailable', 503],
      ['internal', 500],
    ]);
    for (const code of ERROR_CODES) expect(codeOfStatus(statusOfCode(code))).toBe(code);
  });

  it('maps statuses outside the table by class: gateways are unavailable, other 4xx are the request', async () => {
    const { codeOfStatus } = await http();
    expect([502, 504, 408].map(codeOfStatus)).toEqual(['unavailable', 'unavailable', 'unavailable']);
    expect([413, 422, 405].map(codeOfStatus)).toEqual(['validation', 'validation', 'validation']);
    expect(codeOfStatus(302)).toBe('internal');
  });

  it('names the binding headers', async () => {
    const { HTTP_HEADERS } = await http();
    expect(HTTP_HEADERS).toEqual({
      authorization: 'Authorization',
      community: 'Hearth-Community',
      variant: 'Hearth-Variant',
      idempotencyKey: 'Idempotency-Key',
      retryAfter: 'Retry-After',
      lastEventId: 'Last-Event-ID',
    });
  });
});
