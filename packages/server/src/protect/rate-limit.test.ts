import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../contracts.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './rate-limit.js';
import { TEST_REDIS_URL, redisAvailable } from '../test-services.js';

const REDIS_URL = TEST_REDIS_URL;
const redisUp = await redisAvailable('rate limiter');

const open: RateLimiter[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((limiter) => limiter.close()));
});

/** Takes `n` tokens and says which were granted. */
async function takeMany(limiter: RateLimiter, key: string, rule: { capacity: number; refillPerSecond: number }, n: number): Promise<boolean[]> {
  const results: boolean[] = [];
  for (let i = 0; i < n; i++) results.push((await limiter.take(key, rule)).ok);
  return results;
}

describe('memory rate limiter', () => {
  const fakeClock = () => {
    const clock = Object.assign(() => clock.now, { now: 1_000_000 });
    return clock;
  };

  it('grants capacity tokens at once, then refuses with the exact wait for the next one', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter(clock);
    const rule = { capacity: 3, refillPerSecond: 2 };
    expect(await takeMany(limiter, 'ip:1', rule, 4)).toEqual([true, true, true, false]);
    expect(await limiter.take('ip:1', rule)).toEqual({ ok: false, retryAfterMs: 500 });
    clock.now += 200;
    expect(await limiter.take('ip:1', rule)).toEqual({ ok: false, retryAfterMs: 300 });
    clock.now += 300;
    expect(await limiter.take('ip:1', rule)).toEqual({ ok: true });
    expect(await limiter.take('ip:1', rule)).toEqual({ ok: false, retryAfterMs: 500 });
  });

  it('refills at the rule’s rate up to its capacity, never beyond', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter(clock);
    const rule = { capacity: 2, refillPerSecond: 1 };
    await takeMany(limiter, 'k', rule, 2);
    clock.now += 1000;
    expect(await takeMany(limiter, 'k', rule, 2)).toEqual([true, false]);
    clock.now += 3_600_000;
    expect(await takeMany(limiter, 'k', rule, 3)).toEqual([true, true, false]);
  });

  it('keeps keys apart, and a bucket forgotten after refilling starts full', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter(clock);
    const rule = { capacity: 1, refillPerSecond: 1 };
    expect(await takeMany(limiter, 'member:ada', rule, 2)).toEqual([true, false]);
    expect(await limiter.take('member:bob', rule)).toEqual({ ok: true });
    clock.now += 120_000;
    expect(await takeMany(limiter, 'member:ada', rule, 2)).toEqual([true, false]);
  });

  it('gives slow refills their whole wait: 1 token a minute waits 60 s', async () => {
    const limiter = createMemoryRateLimiter(fakeClock());
    const rule = { capacity: 1, refillPerSecond: 1 / 60 };
    await limiter.take('k', rule);
    expect(await limiter.take('k', rule)).toEqual({ ok: false, retryAfterMs: 60_000 });
  });

  it('refuses a rule that could never grant anything, naming the key', async () => {
    const limiter = createMemoryRateLimiter();
    await expect(limiter.take('ip:1', { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(/ip:1.*capacity/);
    await expect(limiter.take('ip:1', { capacity: 1, refillPerSecond: 0 })).rejects.toThrow(/ip:1.*refillPerSecond/);
  });
});

describe.skipIf(!redisUp)('Redis rate limiter', () => {
  const start = async (prefix: string) => {
    const limiter = await createRedisRateLimiter(REDIS_URL, { prefix });
    open.push(limiter);
    return limiter;
  };
  const prefix = () => `hearth:test:${randomUUID()}:`;

  it('grants capacity tokens, then refuses with the wait until the next token', async () => {
    const limiter = await start(prefix());
    // One token per 1,000 s: the wait is 1,000 s less the few milliseconds the calls took.
    const rule = { capacity: 2, refillPerSecond: 0.001 };
    expect(await takeMany(limiter, 'ip:1', rule, 3)).toEqual([true, true, false]);
    const refused = await limiter.take('ip:1', rule);
    expect(refused.ok).toBe(false);
    const wait = refused.ok ? 0 : refused.retryAfterMs;
    expect(wait).toBeLessThanOrEqual(1_000_000);
    expect(wait).toBeGreaterThan(990_000);
    expect(Number.isInteger(wait)).toBe(true);
  });

  it('shares one bucket between instances on the same Redis', async () => {
    const name = prefix();
    const one = await start(name);
    const two = await start(name);
    const rule = { capacity: 3, refillPerSecond: 0.001 };
    const granted = [await one.take('member:ada', rule), await two.take('member:ada', rule), await one.take('member:ada', rule), await two.take('member:ada', rule)];
    expect(granted.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect((await one.take('member:bob', rule)).ok).toBe(true);
  });

  it('counts concurrent takes exactly once each', async () => {
    const name = prefix();
    const limiters = [await start(name), await start(name)];
    const rule = { capacity: 10, refillPerSecond: 0.001 };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => limiters[i % 2]!.take('burst', rule)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it('keeps a bucket only until it would be full again', async () => {
    const name = prefix();
    const limiter = await start(name);
    await limiter.take('k', { capacity: 5, refillPerSecond: 0.01 });
    const { createClient } = await import('redis');
    const client = await createClient({ url: REDIS_URL }).connect();
    try {
      const ttl = await client.pTTL(`${name}k`);
      // One token back at 0.01/s takes 100 s; the key lives that long and one second more.
      expect(ttl).toBeGreaterThan(100_000);
      expect(ttl).toBeLessThanOrEqual(101_000);
    } finally {
      await client.close();
    }
  });

  it('allows requests and reports the error when Redis does not answer, rather than failing them', async () => {
    const errors: string[] = [];
    const limiter = await createRedisRateLimiter(REDIS_URL, { prefix: prefix(), onError: (error) => errors.push(error.message) });
    await limiter.close();
    expect(await limiter.take('k', { capacity: 1, refillPerSecond: 1 })).toEqual({ ok: true });
    expect(errors).toEqual([expect.stringMatching(/^Allowed a request unlimited because Redis did not answer/)]);
  });

  it('fails at start with a message naming Redis when it cannot be reached', async () => {
    await expect(createRedisRateLimiter('redis://127.0.0.1:1')).rejects.toThrow(/Could not connect to Redis at redis:\/\/127\.0\.0\.1:1 for rate limits/);
  });
});
