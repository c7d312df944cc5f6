import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HTTP_HEADERS, readQuery, threadChannel, type CommunityEvent } from '@hearth/protocol';
import { createHearth } from './hearth.js';
import { createLocalBus } from './realtime/bus.js';
import { READ_CACHE_TTL_MS, ReadCache } from './read-cache.js';
import { memberToken, testCommunity, testConfig } from './test-server.js';

const key = () => `k-${randomBytes(8).toString('hex')}`;

describe('kept comment pages', async () => {
  const hearth = await createHearth({ config: testConfig() });
  afterAll(() => hearth.close());
  const id = `cache-${randomBytes(4).toString('hex')}`;
  hearth.addCommunity(testCommunity(id));
  const engine = hearth.engine(id);
  const ada = await memberToken({ id: 'ada', displayName: 'Ada' });
  const mo = await memberToken({ id: 'mo', displayName: 'Mo', role: 'moderator' });

  const callIn =
    (community: string) =>
    (method: 'GET' | 'POST', op: string, input: unknown, token?: string) =>
      Promise.resolve(
        hearth.app.request(method === 'GET' ? `/v1/${op}${readQuery(input)}` : `/v1/${op}`, {
          method,
          headers: { [HTTP_HEADERS.community]: community, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
        }),
      ).then(async (res) => ({ status: res.status, json: (await res.json()) as any }));
  const call = callIn(id);
  const bodies = async (threadKey: string, token?: string) => ((await call('GET', 'listComments', { threadKey }, token)).json.items as Array<{ body: string }>).map((p) => p.body);

  it('serves repeated reads, signed out or in, from one read of the database', async () => {
    const threadKey = '/cached';
    await call('POST', 'createComment', { threadKey, body: 'First', idempotencyKey: key() }, ada);
    const reads = vi.spyOn(engine, 'readCommentPage');
    try {
      expect(await bodies(threadKey)).toEqual(['First']);
      expect(await bodies(threadKey)).toEqual(['First']);
      expect(await bodies(threadKey, ada)).toEqual(['First']);
      expect(await bodies(threadKey, mo)).toEqual(['First']);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('a kept page still shows each signed-in reader their own reactions and nobody else\'s', async () => {
    const threadKey = '/reacted';
    const post = (await call('POST', 'createComment', { threadKey, body: 'React to me', idempotencyKey: key() }, ada)).json;
    expect((await call('POST', 'toggleReaction', { postId: post.id, emoji: '🎉' }, ada)).status).toBe(200);
    const reads = vi.spyOn(engine, 'readCommentPage');
    try {
      const mine = async (token?: string) => (await call('GET', 'listComments', { threadKey }, token)).json.items[0];
      expect(await mine(ada)).toMatchObject({ reactions: { '🎉': 1 }, viewerReactions: ['🎉'] });
      expect(await mine(mo)).toMatchObject({ reactions: { '🎉': 1 }, viewerReactions: [] });
      expect(await mine()).toMatchObject({ reactions: { '🎉': 1 }, viewerReactions: [] });
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('a held comment shows to its author and staff only, and a role the community gives counts at once', async () => {
    const held = `held-${randomBytes(4).toString('hex')}`;
    hearth.addCommunity(testCommunity(held, { settings: { moderation: 'pre' } }));
    const heldCall = callIn(held);
    const threadKey = '/held';
    const bob = await memberToken({ id: 'bob', displayName: 'Bob' });
    expect((await heldCall('POST', 'createComment', { threadKey, body: 'Waiting for review', idempotencyKey: key() }, ada)).json.status).toBe('pending');
    const seen = async (token?: string) => ((await heldCall('GET', 'listComments', { threadKey }, token)).json.items as Array<{ body: string }>).map((p) => p.body);
    expect(await seen()).toEqual([]);
    expect(await seen(bob)).toEqual([]);
    expect(await seen(ada)).toEqual(['Waiting for review']);
    expect(await seen(mo)).toEqual(['Waiting for review']);
    // Bob is made a moderator by the community (not by his token): the next read shows him the queue's comment.
    const admin = await memberToken({ id: 'root', displayName: 'Root', role: 'admin' });
    await heldCall('POST', 'createComment', { threadKey: '/elsewhere', body: 'Hello from Bob', idempotencyKey: key() }, bob);
    expect((await heldCall('POST', 'members.setRole', { memberId: 'bob', role: 'moderator' }, admin)).status).toBe(200);
    expect(await seen(bob)).toEqual(['Waiting for review']);
  });

  it('shows a new comment, a hidden one and a reaction to the next signed-out reader at once', async () => {
    const threadKey = '/changing';
    const first = await call('POST', 'createComment', { threadKey, body: 'Hello', idempotencyKey: key() }, ada);
    expect(await bodies(threadKey)).toEqual(['Hello']);
    await call('POST', 'createComment', { threadKey, body: 'Spam spam', idempotencyKey: key() }, ada);
    expect(await bodies(threadKey)).toEqual(['Hello', 'Spam spam']);
    const spam = (await call('GET', 'listComments', { threadKey })).json.items[1];
    expect((await call('POST', 'hideComment', { postId: spam.id }, mo)).status).toBe(200);
    expect(await bodies(threadKey)).toEqual(['Hello']);
    expect((await call('POST', 'toggleReaction', { postId: first.json.id, emoji: '👍' }, mo)).status).toBe(200);
    const page = (await call('GET', 'listComments', { threadKey })).json;
    expect(page.items[0].reactions).toEqual({ '👍': 1 });
  });
});

describe('ReadCache', () => {
  const event = (channel: string): CommunityEvent => ({ type: 'reaction.changed', id: key(), channel, postId: 'p', emoji: '👍', count: 1, memberId: 'm', active: true });

  it('drops a thread’s pages on any event of that thread in that community, from this instance or another', () => {
    const bus = createLocalBus();
    const cache = new ReadCache(bus);
    cache.set('a', 'q1', '/t', 'page-1', cache.ticket());
    cache.set('b', 'q1', '/t', 'page-b', cache.ticket());
    cache.set('a', 'q2', '/other', 'page-2', cache.ticket());
    bus.publish('a', event(threadChannel('/t')));
    expect(cache.get('a', 'q1')).toBeNull();
    expect(cache.get('b', 'q1')).toBe('page-b');
    expect(cache.get('a', 'q2')).toBe('page-2');
    cache.close();
  });

  it('does not keep a page read before a change that arrived while it was being read', () => {
    const bus = createLocalBus();
    const cache = new ReadCache(bus);
    const ticket = cache.ticket();
    bus.publish('a', event(threadChannel('/t')));
    cache.set('a', 'q', '/t', 'stale', ticket);
    expect(cache.get('a', 'q')).toBeNull();
    cache.close();
  });

  it('forgets a page after the time to live, for changes no event announces', () => {
    let now = 1_000;
    const cache = new ReadCache(createLocalBus(), () => now);
    cache.set('a', 'q', '/t', 'page', cache.ticket());
    now += READ_CACHE_TTL_MS - 1;
    expect(cache.get('a', 'q')).toBe('page');
    now += 1;
    expect(cache.get('a', 'q')).toBeNull();
    cache.close();
  });
});
