import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import type { BackendAdapter, CommunityEvent } from '@hearth/protocol';
import { createCommunityClient, type CommunityClient } from './community-client.js';
import { holdChannel } from './observed-query.js';

const clients: CommunityClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** A memory backend whose subscriptions are counted per channel, and whose events a test can send. */
function fake({ realtime = true } = {}) {
  const inner = createMemoryAdapter();
  const listeners = new Map<string, Set<(event: CommunityEvent) => void>>();
  let subscribes = 0;
  const adapter: BackendAdapter = Object.create(inner, {
    capabilities: { value: { ...inner.capabilities, realtime } },
    subscribe: {
      value: (channel: string, listener: (event: CommunityEvent) => void) => {
        subscribes++;
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        const mine = set;
        // A wrapper per call, so two subscriptions of one channel count twice.
        const each = (event: CommunityEvent) => listener(event);
        mine.add(each);
        return () => void mine.delete(each);
      },
    },
  });
  const client = createCommunityClient({ adapter, viewer: null, retry: 0 });
  clients.push(client);
  return {
    client,
    subscribes: () => subscribes,
    live: (channel: string) => listeners.get(channel)?.size ?? 0,
    send: (channel: string, event: CommunityEvent) => [...(listeners.get(channel) ?? [])].forEach((listener) => listener(event)),
  };
}

const event = { type: 'leaderboard.changed' } as unknown as CommunityEvent;

describe('holdChannel', () => {
  it('refetches what is shown when the backend says its stream could not replay what was missed', async () => {
    const backend = fake();
    const inner = Object.getPrototypeOf(backend.client.adapter) as BackendAdapter;
    const store = backend.client.thread('/missed');
    const seen: string[] = [];
    const comments = () => new Promise<string[]>((resolve) => {
      const stop = store.subscribe((state) => {
        if (state.status !== 'success' || state.isFetching) return;
        stop();
        resolve(state.comments.map((c) => c.post.body));
      });
    });
    expect(await comments()).toEqual([]);
    // Written while this client heard nothing (the fake passes on only what a test sends).
    await inner.createComment({ threadKey: '/missed', body: 'Written while away', idempotencyKey: 'missed-0001' }, { viewer: { id: 'ada', displayName: 'Ada' } });
    holdChannel(backend.client, 'thread:/missed', (e) => seen.push(e.type));
    const refetched = comments();
    backend.send('thread:/missed', { type: 'stream.reset', id: 'r1', channel: 'thread:/missed' });
    expect(await refetched).toEqual(['Written while away']);
    // The reset itself is no event for the holders to merge.
    expect(seen).toEqual([]);
  });

  it('subscribes once per client and channel and leaves when the last holder releases', () => {
    const backend = fake();
    const a = holdChannel(backend.client, 'poll:p1', () => {});
    const b = holdChannel(backend.client, 'poll:p1', () => {});
    const c = holdChannel(backend.client, 'poll:p2', () => {});
    expect(backend.subscribes()).toBe(2);
    expect(backend.live('poll:p1')).toBe(1);
    a();
    expect(backend.live('poll:p1')).toBe(1);
    b();
    expect(backend.live('poll:p1')).toBe(0);
    expect(backend.live('poll:p2')).toBe(1);
    c();
    expect(backend.live('poll:p2')).toBe(0);
    // Held again after the last release: a fresh subscription.
    const d = holdChannel(backend.client, 'poll:p1', () => {});
    expect(backend.subscribes()).toBe(3);
    expect(backend.live('poll:p1')).toBe(1);
    d();
    expect(backend.live('poll:p1')).toBe(0);
  });

  it('keeps clients apart', () => {
    const one = fake();
    const two = fake();
    const stops = [holdChannel(one.client, 'leaderboard', () => {}), holdChannel(two.client, 'leaderboard', () => {})];
    expect([one.live('leaderboard'), two.live('leaderboard')]).toEqual([1, 1]);
    stops.forEach((stop) => stop());
    expect([one.live('leaderboard'), two.live('leaderboard')]).toEqual([0, 0]);
  });

  it('hands each event to every holder, in the order they came', () => {
    const backend = fake();
    const seen: string[] = [];
    const a = holdChannel(backend.client, 'space:general', (e) => seen.push(`a:${e.type}`));
    const b = holdChannel(backend.client, 'space:general', (e) => seen.push(`b:${e.type}`));
    backend.send('space:general', event);
    expect(seen).toEqual(['a:leaderboard.changed', 'b:leaderboard.changed']);
    a();
    backend.send('space:general', event);
    expect(seen).toEqual(['a:leaderboard.changed', 'b:leaderboard.changed', 'b:leaderboard.changed']);
    b();
    backend.send('space:general', event);
    expect(seen).toHaveLength(3);
  });

  it('calls holders sharing a key once per event, keyless holders each time', () => {
    const backend = fake();
    const seen: string[] = [];
    const first = holdChannel(backend.client, 'thread:t', () => seen.push('first'), 'count');
    const second = holdChannel(backend.client, 'thread:t', () => seen.push('second'), 'count');
    const other = holdChannel(backend.client, 'thread:t', () => seen.push('other'), 'thread');
    const plain = holdChannel(backend.client, 'thread:t', () => seen.push('plain'));
    backend.send('thread:t', event);
    expect(seen).toEqual(['first', 'other', 'plain']);
    // The earliest still holding takes over.
    first();
    seen.length = 0;
    backend.send('thread:t', event);
    expect(seen).toEqual(['second', 'other', 'plain']);
    [second, other, plain].forEach((stop) => stop());
    expect(backend.live('thread:t')).toBe(0);
  });

  it('releases once however often the release is called', () => {
    const backend = fake();
    const a = holdChannel(backend.client, 'member:m', () => {});
    const b = holdChannel(backend.client, 'member:m', () => {});
    a();
    a();
    a();
    // b still holds: a's repeated release did not count for it.
    expect(backend.live('member:m')).toBe(1);
    b();
    b();
    expect(backend.live('member:m')).toBe(0);
    expect(backend.subscribes()).toBe(1);
  });

  it('lets a handler release while an event is handed out', () => {
    const backend = fake();
    const seen: string[] = [];
    let stopB = () => {};
    const a = holdChannel(backend.client, 'feedback:feedback', () => {
      seen.push('a');
      a();
      stopB();
    });
    stopB = holdChannel(backend.client, 'feedback:feedback', () => seen.push('b'));
    backend.send('feedback:feedback', event);
    expect(seen).toEqual(['a', 'b']);
    expect(backend.live('feedback:feedback')).toBe(0);
  });

  it('does nothing on a backend without realtime', () => {
    const backend = fake({ realtime: false });
    const stop = holdChannel(backend.client, 'poll:p1', () => {
      throw new Error('no events without realtime');
    });
    expect(backend.subscribes()).toBe(0);
    stop();
    stop();
    expect(backend.subscribes()).toBe(0);
  });
});
