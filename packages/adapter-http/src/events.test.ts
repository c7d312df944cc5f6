import { BASE, reaction, serveEvents, server, useServer, type StreamConnection } from './test-support.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import type { BackendAdapter, CommunityEvent } from '@hearth/protocol';
import { createHttpAdapter, type HttpAdapterOptions } from './index.js';
import { WATCHDOG_MS } from './event-connection.js';

useServer();

const open: BackendAdapter[] = [];
const adapter = (options: Partial<HttpAdapterOptions> = {}): BackendAdapter => {
  const made = createHttpAdapter({ endpoint: BASE, ...options });
  open.push(made);
  return made;
};

beforeEach(() => {
  // Reconnects wait a random share of their backoff; zero makes them immediate.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => {
  for (const made of open.splice(0)) made.close?.();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Collects what one listener receives. */
function collect(target: BackendAdapter, channel: string): { events: CommunityEvent[]; off: () => void } {
  const events: CommunityEvent[] = [];
  return { events, off: target.subscribe(channel, (event) => events.push(event)) };
}

const connected = async (connections: StreamConnection[], count: number) => {
  await vi.waitFor(() => expect(connections).toHaveLength(count));
  return connections[count - 1]!;
};

describe('createHttpAdapter: subscribe', () => {
  it('opens one stream for every channel and gives each event only to its channel', async () => {
    const connections = serveEvents();
    const target = adapter({ token: 'site-token', community: 'acme' });
    const a = collect(target, 'thread:/a');
    const b = collect(target, 'thread:/b');
    const alsoA = collect(target, 'thread:/a');
    const stream = await connected(connections, 1);
    expect(stream.channels.sort()).toEqual(['thread:/a', 'thread:/b']);
    expect(stream.request.headers.get('authorization')).toBe('Bearer site-token');
    expect(stream.request.headers.get('hearth-community')).toBe('acme');
    expect(stream.request.headers.get('accept')).toBe('text/event-stream');
    stream.event(reaction('thread:/a', 'e1'));
    stream.event(reaction('thread:/b', 'e2'));
    stream.event(reaction('thread:/c', 'e3'));
    await vi.waitFor(() => expect(b.events).toHaveLength(1));
    expect(a.events.map((e) => e.id)).toEqual(['e1']);
    expect(alsoA.events.map((e) => e.id)).toEqual(['e1']);
    expect(b.events.map((e) => e.id)).toEqual(['e2']);
    expect(connections).toHaveLength(1);
  });

  it('reopens for a new channel, resuming after the last event id', async () => {
    const connections = serveEvents();
    const target = adapter();
    const a = collect(target, 'thread:/a');
    const first = await connected(connections, 1);
    first.event(reaction('thread:/a', 'e7'));
    await vi.waitFor(() => expect(a.events).toHaveLength(1));
    const b = collect(target, 'poll:1');
    const second = await connected(connections, 2);
    expect(second.channels.sort()).toEqual(['poll:1', 'thread:/a']);
    expect(second.lastEventId).toBe('e7');
    await vi.waitFor(() => expect(first.closed).toBe(true));
    second.event(reaction('poll:1', 'e8'));
    await vi.waitFor(() => expect(b.events).toHaveLength(1));
    expect(a.events).toHaveLength(1);
  });

  it('listens as the viewer a subscription names, reopening when that viewer changes, whoever calls in between', async () => {
    const connections = serveEvents();
    server.use(http.get(`${BASE}/v1/getThread`, () => HttpResponse.json({ id: null, key: '/a', commentCount: 0, locked: false, createdAt: null })));
    const target = adapter({ token: 'site-token' });
    const mo = { id: 'mo', displayName: 'Mo', role: 'moderator' as const, token: 'mo-token' };
    const inbox: CommunityEvent[] = [];
    target.subscribe('inbox', (event) => inbox.push(event), { viewer: mo });
    // A member's call right after does not take the stream over.
    await target.getThread({ threadKey: '/a' }, { viewer: { id: 'ada', displayName: 'Ada', token: 'ada-token' } });
    const first = await connected(connections, 1);
    expect(first.request.headers.get('authorization')).toBe('Bearer mo-token');
    first.event(reaction('inbox', 'e1'));
    await vi.waitFor(() => expect(inbox).toHaveLength(1));
    // The same channels as someone else: reopened as them, resuming after the last event.
    target.subscribe('inbox', () => {}, { viewer: { ...mo, id: 'root', token: 'root-token' } });
    const second = await connected(connections, 2);
    expect(second.request.headers.get('authorization')).toBe('Bearer root-token');
    expect(second.lastEventId).toBe('e1');
    // Naming the same viewer again opens nothing new.
    target.subscribe('inbox', () => {}, { viewer: { ...mo, id: 'root', token: 'root-token' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connections).toHaveLength(2);
  });

  it('reconnects a dropped stream with Last-Event-ID and carries on', async () => {
    const connections = serveEvents();
    const target = adapter();
    const a = collect(target, 'thread:/a');
    const first = await connected(connections, 1);
    expect(first.lastEventId).toBeNull();
    first.event(reaction('thread:/a', 'e1'));
    first.end();
    const second = await connected(connections, 2);
    expect(second.lastEventId).toBe('e1');
    second.event(reaction('thread:/a', 'e2'));
    await vi.waitFor(() => expect(a.events.map((e) => e.id)).toEqual(['e1', 'e2']));
  });

  it('reconnects after the server could not be reached', async () => {
    let calls = 0;
    const connections = serveEvents();
    // msw asks handlers newest first: the failing one answers once, then falls through.
    server.use(http.get(`${BASE}/v1/events`, () => (calls++ === 0 ? HttpResponse.error() : undefined)));
    const target = adapter();
    const a = collect(target, 'thread:/a');
    const stream = await connected(connections, 1);
    stream.event(reaction('thread:/a', 'e1'));
    await vi.waitFor(() => expect(a.events).toHaveLength(1));
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('closes the stream when the last listener leaves, and opens none after', async () => {
    const connections = serveEvents();
    const target = adapter();
    const a = collect(target, 'thread:/a');
    const b = collect(target, 'thread:/a');
    const stream = await connected(connections, 1);
    a.off();
    await Promise.resolve();
    expect(stream.closed).toBe(false);
    b.off();
    b.off();
    await vi.waitFor(() => expect(stream.closed).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connections).toHaveLength(1);
  });

  it('opens nothing for a channel subscribed and left in the same tick', async () => {
    const connections = serveEvents();
    const target = adapter();
    collect(target, 'thread:/a').off();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connections).toHaveLength(0);
  });

  it('skips an event outside the schema and keeps the stream', async () => {
    const connections = serveEvents();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const target = adapter();
    const a = collect(target, 'thread:/a');
    const stream = await connected(connections, 1);
    stream.send(`id: bad\ndata: ${JSON.stringify({ ...reaction('thread:/a', 'bad'), count: 'many' })}\n\n`);
    stream.send('data: not json\n\n');
    stream.event(reaction('thread:/a', 'good'));
    await vi.waitFor(() => expect(a.events).toHaveLength(1));
    expect(a.events[0]!.id).toBe('good');
    expect(String(warn.mock.calls[0]?.[1])).toContain('count');
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const connections = serveEvents();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const target = adapter();
    target.subscribe('thread:/a', () => {
      throw new Error('listener bug');
    });
    const a = collect(target, 'thread:/a');
    const stream = await connected(connections, 1);
    stream.event(reaction('thread:/a', 'e1'));
    stream.event(reaction('thread:/a', 'e2'));
    await vi.waitFor(() => expect(a.events).toHaveLength(2));
    expect(error).toHaveBeenCalled();
  });

  it('sends the token of the latest call, and refreshes it when the stream gets a 401', async () => {
    const connections = serveEvents();
    server.use(
      http.get(`${BASE}/v1/getSession`, () => HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 })),
      // Newer handlers answer first: the stale token is refused, anything else reaches the stream.
      http.get(`${BASE}/v1/events`, ({ request }) => (request.headers.get('authorization') === 'Bearer ada-token' ? new HttpResponse(null, { status: 401 }) : undefined)),
    );
    const refreshToken = vi.fn(async () => 'fresh-token');
    const target = adapter({ refreshToken });
    await target.getSession({ viewer: { id: 'ada', displayName: 'Ada', token: 'ada-token' } }).catch(() => {});
    collect(target, 'thread:/a');
    const stream = await connected(connections, 1);
    expect(stream.request.headers.get('authorization')).toBe('Bearer fresh-token');
    expect(refreshToken).toHaveBeenCalledTimes(1);
  });

  it('follows a named viewer\'s token through two refreshes', async () => {
    const connections = serveEvents();
    server.use(http.get(`${BASE}/v1/events`, ({ request }) => (['Bearer mo-1', 'Bearer mo-2'].includes(request.headers.get('authorization') ?? '') ? new HttpResponse(null, { status: 401 }) : undefined)));
    let n = 1;
    const refreshToken = vi.fn(async () => `mo-${++n}`);
    const target = adapter({ refreshToken });
    target.subscribe('inbox', () => {}, { viewer: { id: 'mo', displayName: 'Mo', role: 'moderator', token: 'mo-1' } });
    const stream = await connected(connections, 1);
    expect(stream.request.headers.get('authorization')).toBe('Bearer mo-3');
    expect(refreshToken).toHaveBeenCalledTimes(2);
  });

  it('never refreshes a guest listener\'s token through the host', async () => {
    let refused = 0;
    server.use(http.get(`${BASE}/v1/events`, () => (refused++, new HttpResponse(null, { status: 401 }))));
    const refreshToken = vi.fn(async () => 'host-member-token');
    const target = adapter({ refreshToken });
    target.subscribe('thread:/a', () => {}, { viewer: { id: 'guest-1', displayName: 'Gus', role: 'guest', token: 'guest-token' } });
    await vi.waitFor(() => expect(refused).toBeGreaterThan(1));
    expect(refreshToken).not.toHaveBeenCalled();
  });

  it('listens as the latest call again once the subscription that named a viewer ends, and signed out for a null viewer', async () => {
    const connections = serveEvents();
    const target = adapter({ token: 'site-token' });
    const page = collect(target, 'thread:/a');
    const staff = target.subscribe('inbox', () => {}, { viewer: { id: 'mo', displayName: 'Mo', role: 'moderator', token: 'mo-token' } });
    expect((await connected(connections, 1)).request.headers.get('authorization')).toBe('Bearer mo-token');
    staff();
    const after = await connected(connections, 2);
    expect(after.request.headers.get('authorization')).toBe('Bearer site-token');
    expect(after.channels).toEqual(['thread:/a']);
    const anonymous = target.subscribe('thread:/b', () => {}, { viewer: null });
    expect((await connected(connections, 3)).request.headers.get('authorization')).toBe(null);
    anonymous();
    staff();
    expect((await connected(connections, 4)).request.headers.get('authorization')).toBe('Bearer site-token');
    page.off();
  });

  it('holds a write made right after subscribe until the stream is open, so the subscription hears it', async () => {
    const connections = serveEvents();
    const order: string[] = [];
    server.use(
      http.post(`${BASE}/v1/toggleReaction`, () => {
        order.push(`write after ${connections.length} stream(s)`);
        return HttpResponse.json({ error: { code: 'not_found', message: 'No such post.' } }, { status: 404 });
      }),
    );
    const target = adapter();
    collect(target, 'thread:/a');
    await target.toggleReaction({ postId: 'p1', emoji: '👍' }, { viewer: null }).catch(() => {});
    expect(order).toEqual(['write after 1 stream(s)']);
  });

  it('close() ends the stream', async () => {
    const connections = serveEvents();
    const target = adapter();
    collect(target, 'thread:/a');
    const stream = await connected(connections, 1);
    target.close?.();
    await vi.waitFor(() => expect(stream.closed).toBe(true));
  });
});

describe('createHttpAdapter: the stream watchdog', () => {
  /** Lets the stream's promises (fetch, reads) run under fake timers. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0);
  };

  /**
   * Streams served by a `fetch` of the test's own: Node's fetch keeps timers of its own,
   * which a fake clock jumping 45 s would trip.
   */
  function fakeFetch() {
    const streams: Array<{ send: (text: string) => void; signal: AbortSignal }> = [];
    const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
      streams.push({ send: (text) => controller.enqueue(new TextEncoder().encode(text)), signal: init!.signal! });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    return { streams, fetch };
  }

  it('stays on one connection while pings arrive, and reconnects once nothing has come for 45 s', async () => {
    // Load the stream's code before the clock is faked: module loading has timers of its own.
    await import('./lazy.js');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { streams, fetch } = fakeFetch();
    collect(adapter({ fetch }), 'thread:/a');
    await settle();
    expect(streams).toHaveLength(1);
    const stream = streams[0]!;
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(15_000);
      stream.send(': ping\n\n');
      await settle();
    }
    expect(streams).toHaveLength(1);
    expect(stream.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(WATCHDOG_MS + 1);
    await settle();
    expect(stream.signal.aborted).toBe(true);
    expect(streams).toHaveLength(2);
  });
});
