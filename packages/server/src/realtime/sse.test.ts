import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH, HearthError, statusOfCode, type Viewer } from '@hearth/protocol';
import type { EventBus } from '../contracts.js';
import { createLocalBus } from './bus.js';
import { ReplayBuffer } from './replay.js';
import { createEventStreams, type EventStreamOptions, type EventStreams } from './sse.js';
import { plainEvent, postEvent } from './test-events.js';

const VIEWERS: Record<string, Viewer> = {
  ada: { id: 'ada', displayName: 'Ada', role: 'member' },
  mo: { id: 'mo', displayName: 'Mo', role: 'moderator' },
};

const started: EventStreams[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((streams) => streams.close()));
});

/** A small app serving the event stream: `Hearth-Community` picks the community, `x-viewer` the viewer. */
function setup(options: Partial<EventStreamOptions> = {}) {
  const bus: EventBus = createLocalBus();
  const buffer = new ReplayBuffer();
  const streams = createEventStreams({ bus, buffer, ...options });
  started.push(streams);
  const app = new Hono();
  app.get(EVENTS_PATH, (c) => streams.handle(c, c.req.header('Hearth-Community') ?? 'acme', c.req.queries('channel') ?? [], VIEWERS[c.req.header('x-viewer') ?? ''] ?? null));
  app.onError((error, c) => {
    const hearth = HearthError.is(error) ? error : new HearthError('internal', String(error));
    return c.json({ error: hearth.toJSON() }, statusOfCode(hearth.code) as 400);
  });
  /** Opens a stream and reads it as text. */
  const open = async (query: string, headers: Record<string, string> = {}) => {
    const response = await app.request(EVENTS_PATH + query, { headers });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let done = false;
    const read = async () => {
      const chunk = await reader.read();
      if (chunk.done) done = true;
      else text += decoder.decode(chunk.value, { stream: true });
    };
    return {
      response,
      /** Reads until `match` is in the text or the stream ends; returns whether it ended. */
      async until(match: string): Promise<boolean> {
        while (!text.includes(match) && !done) await read();
        return done;
      },
      async toEnd(): Promise<string> {
        while (!done) await read();
        return text;
      },
      get text() {
        return text;
      },
      /** The ids of the events read so far. */
      ids: () => [...text.matchAll(/^id: (.*)$/gm)].map((m) => m[1]),
      cancel: () => reader.cancel(),
    };
  };
  return { bus, buffer, streams, app, open };
}

describe('event streams', () => {
  it('answers with the event-stream headers and a first ": ok" comment', async () => {
    const { open } = setup();
    const stream = await open('?channel=a');
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    expect(stream.response.headers.get('cache-control')).toBe('no-store');
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    await stream.until('\n\n');
    expect(stream.text.startsWith(': ok\n\n')).toBe(true);
  });

  it('sends each event as id and JSON data, only of its community and channels', async () => {
    const { bus, open } = setup();
    const stream = await open('?channel=a&channel=b', { 'Hearth-Community': 'acme' });
    bus.publish('acme', plainEvent('1', 'a'));
    bus.publish('acme', plainEvent('2', 'elsewhere'));
    bus.publish('globex', plainEvent('3', 'a'));
    bus.publish('acme', plainEvent('4', 'b'));
    await stream.until('id: 4\n');
    expect(stream.ids()).toEqual(['1', '4']);
    expect(stream.text).toContain(`id: 1\ndata: ${JSON.stringify(plainEvent('1', 'a'))}\n\n`);
  });

  it('replays what came after Last-Event-ID on those channels, then goes live', async () => {
    const { bus, open } = setup();
    // The streams feed the buffer from the bus from the start, with no stream open yet.
    for (const [id, channel] of [['1', 'a'], ['2', 'a'], ['3', 'other'], ['4', 'a']]) bus.publish('acme', plainEvent(id!, channel!));
    const byHeader = await open('?channel=a', { 'Last-Event-ID': '2' });
    const byQuery = await open('?channel=a&lastEventId=1');
    const fresh = await open('?channel=a');
    bus.publish('acme', plainEvent('5', 'a'));
    await Promise.all([byHeader.until('id: 5\n'), byQuery.until('id: 5\n'), fresh.until('id: 5\n')]);
    expect(byHeader.ids()).toEqual(['4', '5']);
    expect(byQuery.ids()).toEqual(['2', '4', '5']);
    expect(fresh.ids()).toEqual(['5']);
  });

  it('tells the client to fetch again, per channel, when it resumes after an event the buffer no longer holds', async () => {
    const { bus, open } = setup({ buffer: new ReplayBuffer(2) });
    for (const id of ['1', '2', '3']) bus.publish('acme', plainEvent(id, 'a'));
    const stream = await open('?channel=a&channel=b', { 'Last-Event-ID': '1' });
    bus.publish('acme', plainEvent('4', 'a'));
    await stream.until('id: 4\n');
    // Nothing is replayed (it could not be complete), and the resets carry no id, so a later
    // reconnect still resumes from the last event the client really had.
    expect(stream.ids()).toEqual(['4']);
    const resets = [...stream.text.matchAll(/^data: (.*"stream\.reset".*)$/gm)].map((m) => JSON.parse(m[1]!) as { channel: string });
    expect(resets.map((r) => r.channel)).toEqual(['a', 'b']);
  });

  it('sends an unpublished item only to its author and staff, live and on replay', async () => {
    const { bus, open } = setup();
    bus.publish('acme', plainEvent('0', 'a'));
    bus.publish('acme', postEvent('1', 'a', { status: 'pending', body: 'Held', authorId: 'ada' }));
    const [anon, bob, ada, mo] = await Promise.all([
      open('?channel=a', { 'Last-Event-ID': '0' }),
      open('?channel=a', { 'Last-Event-ID': '0', 'x-viewer': 'bob' }),
      open('?channel=a', { 'Last-Event-ID': '0', 'x-viewer': 'ada' }),
      open('?channel=a', { 'Last-Event-ID': '0', 'x-viewer': 'mo' }),
    ]);
    bus.publish('acme', postEvent('2', 'a', { status: 'hidden', body: 'Rude', authorId: 'ada' }));
    bus.publish('acme', postEvent('3', 'a'));
    await Promise.all([anon, bob, ada, mo].map((s) => s.until('id: 3\n')));
    expect(anon.ids()).toEqual(['3']);
    expect(bob.ids()).toEqual(['3']);
    expect(ada.ids()).toEqual(['1', '2', '3']);
    expect(mo.ids()).toEqual(['1', '2', '3']);
  });

  it('filters through the visible option when one is given', async () => {
    const { bus, open } = setup({ visible: (event) => event.id !== 'secret' });
    const stream = await open('?channel=a');
    bus.publish('acme', plainEvent('secret', 'a'));
    bus.publish('acme', plainEvent('open', 'a'));
    await stream.until('id: open\n');
    expect(stream.ids()).toEqual(['open']);
  });

  it('sends ": ping" while quiet', async () => {
    const { open } = setup({ pingMs: 10 });
    const stream = await open('?channel=a');
    await stream.until(': ping\n\n');
    expect(stream.text.startsWith(': ok\n\n: ping\n\n')).toBe(true);
  });

  it('refuses a stream without channels, naming the channel parameter', async () => {
    const { app } = setup();
    const response = await app.request(EVENTS_PATH);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'validation', message: expect.stringContaining('channel') } });
  });

  it('forgets a stream the client closed', async () => {
    const { streams, open } = setup();
    const stream = await open('?channel=a');
    expect(streams.size).toBe(1);
    await stream.cancel();
    expect(streams.size).toBe(0);
  });

  it('ends a stream whose client has fallen too far behind, after what it already queued', async () => {
    const { bus, streams, open } = setup({ maxQueuedBytes: 2000 });
    const stream = await open('?channel=a');
    for (let i = 0; i < 50; i++) bus.publish('acme', postEvent(String(i), 'a', { body: 'x'.repeat(100) }));
    expect(streams.size).toBe(0);
    const text = await stream.toEnd();
    expect(stream.ids().length).toBeGreaterThan(0);
    expect(stream.ids().length).toBeLessThan(50);
    expect(text.endsWith('\n\n')).toBe(true);
  });

  it('drains: ends every open stream cleanly and refuses new ones with 503', async () => {
    const { app, bus, streams, open } = setup();
    const one = await open('?channel=a');
    const two = await open('?channel=b', { 'Hearth-Community': 'globex' });
    bus.publish('acme', plainEvent('1', 'a'));
    await streams.drainStreams();
    expect(await one.toEnd()).toBe(`: ok\n\nid: 1\ndata: ${JSON.stringify(plainEvent('1', 'a'))}\n\n`);
    expect(await two.toEnd()).toBe(': ok\n\n');
    expect(streams.size).toBe(0);
    const refused = await app.request(EVENTS_PATH + '?channel=a');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } });
  });
});
