import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HTTP_HEADERS, eventsQuery, inboxChannel, moderationChannel, readQuery, threadChannel, type CommunityEvent } from '@hearth/protocol';
import type { Store } from '@hearth/engine';
import type { Database } from './contracts.js';
import { openDatabase } from './db/index.js';
import { startServer } from './server.js';
import { memberToken, serverFor, testCommunity, testConfig } from './test-server.js';

// What an operator sees when the server stops or will not start, over a real socket.

const BIN = fileURLToPath(new URL('../bin/hearth-server.mjs', import.meta.url));

/** Holds the next transaction until `release()`; `started` resolves once one is held. */
function gate() {
  let armed = false;
  let release!: () => void;
  let started!: () => void;
  const held = { released: new Promise<void>((r) => (release = r)), started: new Promise<void>((r) => (started = r)) };
  return {
    arm: () => (armed = true),
    release,
    started: held.started,
    wrap(database: Database): Database {
      const slow = (store: Store): Store =>
        new Proxy(store, {
          get(target, prop) {
            if (prop === 'transaction') {
              return async <T,>(fn: (tx: Store) => Promise<T>): Promise<T> => {
                if (armed) {
                  armed = false;
                  started();
                  await held.released;
                }
                return target.transaction(fn);
              };
            }
            const value = Reflect.get(target, prop, target) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      return {
        kind: database.kind,
        storeFor: (community) => slow(database.storeFor(community)),
        ping: () => database.ping(),
        sharedSecret: (name) => database.sharedSecret(name),
        webhookQueue: () => database.webhookQueue(),
        close: () => database.close(),
      };
    },
  };
}

describe('graceful shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const community = testCommunity(`shutdown-${randomBytes(4).toString('hex')}`);
  const headers = { [HTTP_HEADERS.community]: community.id, 'content-type': 'application/json' };
  const threadKey = '/shutdown';

  // A fresh PGlite data folder takes a while to initialise (initdb), hence the long timeout.
  it('ends event streams, finishes the write in flight, refuses new requests, and keeps the row', { timeout: 120_000 }, async () => {
    const database = await openDatabase({ dataDir });
    const slow = gate();
    const server = await startServer({ config: testConfig({ dataDir, communities: [community] }), database: slow.wrap(database) });
    const token = await memberToken({ id: 'ada', displayName: 'Ada' });

    // An SSE client, reading until the server ends its stream.
    const events = await fetch(`${server.url}/v1/events${eventsQuery([threadChannel(threadKey)])}`, { headers });
    expect(events.status).toBe(200);
    const reader = events.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': ok');
    const streamEnded = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();

    // A write that is inside the server when shutdown starts.
    slow.arm();
    const write = fetch(`${server.url}/v1/createComment`, {
      method: 'POST',
      headers: { ...headers, [HTTP_HEADERS.authorization]: `Bearer ${token}` },
      body: JSON.stringify({ threadKey, body: 'Written during shutdown', idempotencyKey: 'k-shutdown-1' }),
    });
    await slow.started;

    const closed = server.close(5000);
    expect(await streamEnded).toBe(true);
    // While the write finishes, nothing new gets in.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    slow.release();
    const answer = await write;
    expect(answer.status).toBe(200);
    const made = (await answer.json()) as { id: string };
    await closed;
    await database.close();

    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    // Reopened on the same data folder, the comment is there.
    const again = await startServer({ config: testConfig({ dataDir, communities: [community] }) });
    try {
      const page = await fetch(`${again.url}/v1/listComments${readQuery({ threadKey })}`, { headers });
      expect(page.status).toBe(200);
      const body = (await page.json()) as { items: Array<{ id: string; body: string }> };
      expect(body.items.map((p) => p.id)).toEqual([made.id]);
    } finally {
      await again.close(1000);
    }
  });

  it('a stream asked for while shutting down is refused as unavailable', { timeout: 60_000 }, async () => {
    const server = await startServer({ config: testConfig({ communities: [community] }) });
    await server.hearth.streams.drainStreams();
    const res = await server.hearth.app.request(`/v1/events${eventsQuery([threadChannel(threadKey)])}`, { headers });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    await server.close(1000);
  });
});

describe('client addresses over a real socket', async () => {
  const slow = { capacity: 2, refillPerSecond: 1 / 60 };
  const community = testCommunity(`addr-${randomBytes(4).toString('hex')}`);
  const direct = await serverFor('pglite', {}, { communities: [community], rateLimits: { write: slow, read: slow, guest: slow } });
  const read = (url: string, forwardedFor: string) =>
    fetch(`${url}/v1/listComments${readQuery({ threadKey: '/addr' })}`, { headers: { [HTTP_HEADERS.community]: community.id, 'x-forwarded-for': forwardedFor } });

  it('without trustProxy, X-Forwarded-For is ignored: a client cannot dodge its read limit by inventing addresses', async () => {
    const statuses = [];
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) statuses.push((await read(direct.url, ip)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('the body limit over a real socket', async () => {
  const community = testCommunity(`limit-${randomBytes(4).toString('hex')}`);
  const server = await serverFor('pglite', {}, { communities: [community], bodyLimit: 1024 });
  const token = await memberToken({ id: 'ada', displayName: 'Ada' });
  const create = (body: BodyInit, extra: RequestInit = {}) =>
    fetch(`${server.url}/v1/createComment`, {
      method: 'POST',
      headers: { [HTTP_HEADERS.community]: community.id, [HTTP_HEADERS.authorization]: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      ...extra,
    });
  const comment = (text: string) => JSON.stringify({ threadKey: '/limit', body: text, idempotencyKey: `k-limit-${randomBytes(4).toString('hex')}` });
  /** The same JSON sent in pieces, with no Content-Length (chunked). */
  const streamed = (text: string) =>
    create(
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < text.length; i += 200) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 200)));
          controller.close();
        },
      }),
      { duplex: 'half' } as RequestInit,
    );

  it('a body with a Content-Length over the limit is 413, and one under it is created', async () => {
    const over = await create(comment('x'.repeat(2000)));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { message: string } }).error.message).toContain('1024 bytes');
    expect((await create(comment('Short and sweet'))).status).toBe(200);
  });

  it('a streamed body without a length is counted as it arrives: over the limit is 413, under it is created', async () => {
    expect((await streamed(comment('y'.repeat(2000)))).status).toBe(413);
    const under = await streamed(comment('Streamed, but short'));
    expect(under.status).toBe(200);
    expect(((await under.json()) as { body: string }).body).toBe('Streamed, but short');
  });
});

describe('the staff channels over a real socket', async () => {
  const community = testCommunity(`staff-${randomBytes(4).toString('hex')}`, { settings: { moderation: 'pre' } });
  const server = await serverFor('pglite', {}, { communities: [community] });
  const threadKey = '/staff';
  const channels = [moderationChannel(), inboxChannel(), threadChannel(threadKey)];

  /** A stream of `channels` as `token` (or signed out): the events so far, and a wait for one. */
  async function stream(token?: string) {
    const headers: Record<string, string> = { [HTTP_HEADERS.community]: community.id, ...(token ? { [HTTP_HEADERS.authorization]: `Bearer ${token}` } : {}) };
    const res = await fetch(`${server.url}/v1/events${eventsQuery(channels)}`, { headers });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const events: CommunityEvent[] = [];
    let buffer = '';
    const first = await reader.read();
    buffer += new TextDecoder().decode(first.value);
    const until = async (match: (e: CommunityEvent) => boolean): Promise<CommunityEvent> => {
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        const chunk = await reader.read();
        if (chunk.done) throw new Error('The stream ended.');
        buffer += new TextDecoder().decode(chunk.value);
        const messages = buffer.split('\n\n');
        buffer = messages.pop()!;
        for (const message of messages) {
          const data = message.split('\n').find((line) => line.startsWith('data:'));
          if (data) events.push(JSON.parse(data.slice(5)) as CommunityEvent);
        }
      }
    };
    return { events, until, close: () => reader.cancel() };
  }

  it('reviewers hear held items and the inbox; members and signed-out readers hear neither', async () => {
    const [vic, ada, bob] = await Promise.all([memberToken({ id: 'vic', displayName: 'Vic', role: 'volunteer' }), memberToken({ id: 'ada', displayName: 'Ada' }), memberToken({ id: 'bob', displayName: 'Bob' })]);
    const [reviewer, member, outsider] = await Promise.all([stream(vic), stream(bob), stream()]);
    try {
      const write = (token: string, body: string) =>
        fetch(`${server.url}/v1/createComment`, {
          method: 'POST',
          headers: { [HTTP_HEADERS.community]: community.id, [HTTP_HEADERS.authorization]: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ threadKey, body, idempotencyKey: `k-staff-${randomBytes(4).toString('hex')}` }),
        }).then((res) => res.json() as Promise<{ id: string; status: string }>);
      const held = await write(ada, 'Held for review');
      expect(held.status).toBe('pending');
      await reviewer.until((e) => e.type === 'moderation.changed' && e.target === `comment:${held.id}`);
      await reviewer.until((e) => e.type === 'analytics.opener.changed' && e.ref === `comment:${held.id}`);
      // Approved: the thread's public event comes after every staff event of this comment, so
      // once a member's stream has it, anything staff-only would have arrived before it.
      const approve = await fetch(`${server.url}/v1/moderation.act`, {
        method: 'POST',
        headers: { [HTTP_HEADERS.community]: community.id, [HTTP_HEADERS.authorization]: `Bearer ${await memberToken({ id: 'mo', displayName: 'Mo', role: 'moderator' })}`, 'content-type': 'application/json' },
        body: JSON.stringify({ target: { type: 'comment', id: held.id }, action: 'approve' }),
      });
      expect(approve.status).toBe(200);
      await reviewer.until((e) => e.type === 'moderation.changed' && e.target === `comment:${held.id}` && e.action === 'approve');
      for (const listener of [member, outsider]) {
        await listener.until((e) => e.type === 'post.updated' && e.post.id === held.id && e.post.status === 'published');
        expect(listener.events.filter((e) => e.channel === moderationChannel() || e.channel === inboxChannel())).toEqual([]);
      }
    } finally {
      await Promise.all([reviewer.close(), member.close(), outsider.close()]);
    }
  });
});

describe('hearth-server with a bad config', () => {
  it('prints the ConfigError naming the variable and exits 1', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hearth-cli-'));
    try {
      const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
      const child = spawn(process.execPath, [BIN], { cwd, env: { ...env, PORT: 'abc' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(stderr).toContain('hearth-server: the configuration is not valid.');
      expect(stderr).toContain('PORT');
      expect(stderr).toContain('"abc" is not a port number');
      expect(code).toBe(1);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});
