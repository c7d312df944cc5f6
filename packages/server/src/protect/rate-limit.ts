import { createHash } from 'node:crypto';
import type { BucketRule, RateLimiter } from '../contracts.js';
import { connectRedis } from '../realtime/redis.js';

/** Milliseconds since the epoch; tests pass a fake one. */
export type Clock = () => number;

type Take = { ok: true } | { ok: false; retryAfterMs: number };

/** How often (by the limiter's clock) buckets that have refilled completely are forgotten. */
const SWEEP_EVERY_MS = 60_000;

function checkRule(key: string, rule: BucketRule): void {
  if (!(rule.capacity >= 1)) throw new RangeError(`The rate limit for ${key} needs a capacity of at least 1, not ${rule.capacity}.`);
  if (!(rule.refillPerSecond > 0)) throw new RangeError(`The rate limit for ${key} needs a refillPerSecond above 0, not ${rule.refillPerSecond}.`);
}

/** The wait until a bucket holding `tokens` (< 1) has a whole token again, in whole milliseconds. */
function waitFor(tokens: number, rule: BucketRule): number {
  // The small allowance keeps float noise (1000.0000001) from adding a millisecond.
  return Math.max(1, Math.ceil(((1 - tokens) * 1000) / rule.refillPerSecond - 1e-6));
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last worked out. */
  at: number;
  /** When the bucket will be full again, after which forgetting it changes nothing. */
  fullAt: number;
}

/**
 * Token buckets kept in this process (no `REDIS_URL`): each key starts full with
 * `capacity` tokens and refills continuously at `refillPerSecond`. An empty bucket answers
 * with the exact wait until its next token. Buckets that have refilled are forgotten.
 */
export function createMemoryRateLimiter(clock: Clock = Date.now): RateLimiter {
  const buckets = new Map<string, Bucket>();
  let lastSweep = clock();

  const sweep = (now: number) => {
    lastSweep = now;
    for (const [key, bucket] of buckets) if (bucket.fullAt <= now) buckets.delete(key);
  };

  return {
    async take(key, rule): Promise<Take> {
      checkRule(key, rule);
      const now = clock();
      if (now - lastSweep >= SWEEP_EVERY_MS) sweep(now);
      const bucket = buckets.get(key);
      const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
      let tokens = bucket ? Math.min(rule.capacity, bucket.tokens + (elapsed * rule.refillPerSecond) / 1000) : rule.capacity;
      const ok = tokens >= 1;
      if (ok) tokens -= 1;
      buckets.set(key, { tokens, at: now, fullAt: now + ((rule.capacity - tokens) * 1000) / rule.refillPerSecond });
      return ok ? { ok: true } : { ok: false, retryAfterMs: waitFor(tokens, rule) };
    },
    async close() {
      buckets.clear();
    },
  };
}

/**
 * One atomic take: refill by the time passed on Redis's own clock (so instances with
 * skewed clocks agree), take a token or say how long until one is back, and keep the
 * bucket only until it would be full again. Returns the wait in milliseconds, 0 when taken.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 1000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
else
  tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / perMs - 0.000001))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / perMs) + 1000)
return wait
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

/** Options of the Redis rate limiter. */
export interface RedisRateLimiterOptions {
  /** Prefixed to every bucket's key; `hearth:rate:` by default. */
  prefix?: string;
  /** Hears Redis errors; logs to stderr by default. */
  onError?: (error: Error) => void;
}

/**
 * Token buckets in Redis at `url`, shared by every instance: N instances together allow
 * what one would. Each take is one atomic Lua script over a hash per bucket, which expires
 * once the bucket would be full again. While Redis is unreachable, takes are allowed (and
 * reported to `onError`) rather than failing every request.
 */
export async function createRedisRateLimiter(url: string, options: RedisRateLimiterOptions = {}): Promise<RateLimiter> {
  const prefix = options.prefix ?? 'hearth:rate:';
  const onError = options.onError ?? ((error: Error) => console.error('Hearth rate limiter:', error.message));
  const client = await connectRedis(url, 'rate limits', onError, { offlineQueue: false });

  const run = async (key: string, rule: BucketRule): Promise<number> => {
    const call = { keys: [prefix + key], arguments: [String(rule.capacity), String(rule.refillPerSecond)] };
    try {
      return Number(await client.evalSha(TAKE_SHA, call));
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return Number(await client.eval(TAKE_SCRIPT, call));
    }
  };

  return {
    async take(key, rule): Promise<Take> {
      checkRule(key, rule);
      let wait: number;
      try {
        wait = await run(key, rule);
      } catch (error) {
        onError(new Error(`Allowed a request unlimited because Redis did not answer: ${error instanceof Error ? error.message : String(error)}`));
        return { ok: true };
      }
      return wait === 0 ? { ok: true } : { ok: false, retryAfterMs: wait };
    },
    async close() {
      await client.close();
    },
  };
}
