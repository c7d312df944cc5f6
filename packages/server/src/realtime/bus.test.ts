import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommunityEvent } from '@hearth/protocol';
import type { EventBus } from '../contracts.js';
import { createLocalBus, createRedisBus } from './bus.js';
import { TEST_REDIS_URL, redisAvailable } from '../test-services.js';

const REDIS_URL = TEST_REDIS_URL;
const redisUp = await redisAvailable('bus');

function event(id: string, channel = 'thread:/a'): CommunityEvent {
  return { type: 'leaderboard.changed', id, channel };
}

/** Collects what a bus delivers, with a way to wait for a count. */
function collect(bus: EventBus) {
  const heard: Array<[string, string]> = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  bus.subscribe((community, e) => {
    heard.push([community, e.id]);
    if (waiting && heard.length >= waiting.count) waiting.resolve();
  });
  return {
    heard,
    until: (count: number) => (heard.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve }))),
  };
}

const open: EventBus[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});

describe('local bus', () => {
  it('delivers each event once to every subscriber, with its community', () => {
    const bus = createLocalBus();
    const a = collect(bus);
    const b = collect(bus);
    bus.publish('acme', event('e1'));
    expect(a.heard).toEqual([['acme', 'e1']]);
    expect(b.heard).toEqual([['acme', 'e1']]);
  });

  it('stops delivering after unsubscribe, and one throwing listener does not starve the others', () => {
    const bus = createLocalBus();
    const heard: string[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      bus.subscribe(() => {
        throw new Error('listener bug');
      });
      const off = bus.subscribe((_, e) => heard.push(e.id));
      bus.publish('acme', event('e1'));
      off();
      bus.publish('acme', event('e2'));
    } finally {
      console.error = original;
    }
    expect(heard).toEqual(['e1']);
    expect(errors).toHaveLength(2);
  });
});

describe.skipIf(!redisUp)('Redis bus', () => {
  const channel = () => `hearth:test:${randomUUID()}`;

  it('delivers an event published on one instance once to its own subscribers and once to the other instance', async () => {
    const name = channel();
    const one = await createRedisBus(REDIS_URL, { channel: name });
    const two = await createRedisBus(REDIS_URL, { channel: name });
    open.push(one, two);
    const onOne = collect(one);
    const onTwo = collect(two);
    one.publish('acme', event('from-one'));
    two.publish('globex', event('from-two'));
    await Promise.all([onOne.until(2), onTwo.until(2)]);
    // A last marker round-trips through Redis after any stray echo would have arrived.
    two.publish('acme', event('marker'));
    await onOne.until(3);
    expect(onOne.heard).toEqual([['acme', 'from-one'], ['globex', 'from-two'], ['acme', 'marker']]);
    expect(onTwo.heard.slice(0, 2).sort()).toEqual([['acme', 'from-one'], ['globex', 'from-two']]);
    expect(onTwo.heard.filter(([, id]) => id === 'from-two')).toHaveLength(1);
    expect(onTwo.heard.filter(([, id]) => id === 'from-one')).toHaveLength(1);
  });

  it('keeps deployments on different channels apart', async () => {
    const [a, b] = [channel(), channel()];
    const one = await createRedisBus(REDIS_URL, { channel: a });
    const onePeer = await createRedisBus(REDIS_URL, { channel: a });
    const two = await createRedisBus(REDIS_URL, { channel: b });
    const twoPeer = await createRedisBus(REDIS_URL, { channel: b });
    open.push(one, onePeer, two, twoPeer);
    const onOnePeer = collect(onePeer);
    const onTwo = collect(two);
    one.publish('acme', event('elsewhere'));
    await onOnePeer.until(1);
    twoPeer.publish('acme', event('marker'));
    await onTwo.until(1);
    expect(onTwo.heard).toEqual([['acme', 'marker']]);
  });

  it('fails at start with a message naming Redis when it cannot be reached', async () => {
    await expect(createRedisBus('redis://127.0.0.1:1', { channel: channel() })).rejects.toThrow(/Could not connect to Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('refuses to publish once closed', async () => {
    const bus = await createRedisBus(REDIS_URL, { channel: channel() });
    await bus.close();
    expect(() => bus.publish('acme', event('late'))).toThrow(/closed/);
  });
});
