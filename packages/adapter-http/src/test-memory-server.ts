// A stand-in server for tests: the HTTP binding served by msw from any BackendAdapter
// (the memory adapter in practice), so the conformance kit can run through the HTTP
// adapter with nothing listening on a port. It follows the binding as a server author would.
import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  EVENTS_PATH,
  HTTP_HEADERS,
  HearthError,
  WRITES,
  statusOfCode,
  type BackendAdapter,
  type CallContext,
  type CommunityEvent,
  type OperationKey,
  type Viewer,
} from '@hearth/protocol';

/** A bearer token that carries the viewer itself; only this test server believes it. */
export function testToken(viewer: Pick<Viewer, 'id' | 'displayName' | 'role'>): string {
  return `test.${Buffer.from(JSON.stringify(viewer)).toString('base64url')}`;
}

/** The viewer a request acts as: the token's claims, plus the variant the host assigned. */
function viewerOf(request: Request): Viewer | null {
  const token = request.headers.get(HTTP_HEADERS.authorization)?.replace(/^Bearer test\./, '');
  if (!token) return null;
  const viewer = JSON.parse(Buffer.from(token, 'base64url').toString()) as Viewer;
  const variant = request.headers.get(HTTP_HEADERS.variant);
  return variant ? { ...viewer, variant } : viewer;
}

function errorResponse(error: unknown): Response {
  const hearth = HearthError.is(error) ? error : new HearthError('internal', String(error));
  const headers: Record<string, string> = {};
  const wait = hearth.details.retryAfterMs;
  if (hearth.code === 'rate_limited' && typeof wait === 'number') headers[HTTP_HEADERS.retryAfter] = String(Math.ceil(wait / 1000));
  return HttpResponse.json({ error: hearth.toJSON() }, { status: statusOfCode(hearth.code), headers });
}

/** Runs one operation on the backend. */
function run(backend: BackendAdapter, op: OperationKey, input: unknown, ctx: CallContext): Promise<unknown> {
  if (op === 'getSession') return backend.getSession(ctx);
  const [group, method] = op.split('.') as [string, string?];
  const target = (method ? (backend as unknown as Record<string, Record<string, unknown>>)[group] : backend) as Record<string, unknown> | undefined;
  const fn = target?.[method ?? op];
  if (typeof fn !== 'function') throw new HearthError('not_found', `No operation ${op}.`);
  return (fn as (input: unknown, ctx: CallContext) => Promise<unknown>).call(target, input, ctx);
}

/**
 * msw handlers serving the binding at `base` from `backend`. Events keep a bounded replay
 * buffer per server, so a reconnect with `Last-Event-ID` misses nothing.
 */
export function serveBinding(backend: BackendAdapter, base: string): HttpHandler[] {
  const history: CommunityEvent[] = [];
  const watched = new Set<string>();
  const live = new Set<(event: CommunityEvent) => void>();
  // One permanent listener per channel ever asked for feeds the replay buffer and the streams.
  const watch = (channel: string) => {
    if (watched.has(channel)) return;
    watched.add(channel);
    backend.subscribe(channel, (event) => {
      history.push(event);
      if (history.length > 1000) history.shift();
      for (const send of live) send(event);
    });
  };

  const events = http.get(base + EVENTS_PATH, ({ request }) => {
    const channels = new Set(new URL(request.url).searchParams.getAll('channel'));
    channels.forEach(watch);
    const after = request.headers.get(HTTP_HEADERS.lastEventId);
    const encoder = new TextEncoder();
    let send: (event: CommunityEvent) => void = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        send = (event) => {
          if (channels.has(event.channel)) controller.enqueue(encoder.encode(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`));
        };
        controller.enqueue(encoder.encode(': ok\n\n'));
        const from = after ? history.findIndex((e) => e.id === after) + 1 : history.length;
        for (const event of history.slice(from)) send(event);
        live.add(send);
      },
      cancel: () => void live.delete(send),
    });
    request.signal.addEventListener('abort', () => live.delete(send));
    return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' } });
  });

  const operations = http.all(`${base}/v1/:op`, async ({ request, params }) => {
    const op = String(params.op) as OperationKey;
    if (!(op in WRITES)) return errorResponse(new HearthError('not_found', `No operation ${op}.`));
    const method = WRITES[op] ? 'POST' : 'GET';
    if (request.method !== method) return errorResponse(new HearthError('validation', `${op} takes ${method}.`));
    try {
      const input: unknown = method === 'GET' ? JSON.parse(new URL(request.url).searchParams.get('input') ?? '{}') : await request.json();
      return HttpResponse.json((await run(backend, op, input, { viewer: viewerOf(request), signal: request.signal })) as never);
    } catch (error) {
      return errorResponse(error);
    }
  });

  return [events, operations];
}
