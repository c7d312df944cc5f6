import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as the Standard Webhooks spec (standardwebhooks.com) defines them, so a
 * receiver can check them with that spec's libraries in any language: the headers
 * `webhook-id` (the delivery's id, the same on every retry, for de-duplication),
 * `webhook-timestamp` (Unix seconds) and `webhook-signature`, `v1,` and the base64
 * HMAC-SHA256 of `<id>.<timestamp>.<body>` under the endpoint's secret. While a secret is
 * being rotated a delivery carries one signature per secret, space-separated.
 */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

const PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` and 32 random bytes in base64. */
export function createWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The key bytes of a `whsec_…` secret; anything else throws, naming what is wrong. */
function keyOf(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('A webhook secret starts with "whsec_" (make one with createWebhookSecret).');
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  if (key.length < 24) throw new Error('A webhook secret holds at least 24 bytes of key after "whsec_", in base64.');
  return key;
}

function sign(key: Buffer, id: string, timestamp: number, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The headers that sign `body` as delivery `id` at `at` (ms) under each of `secrets`. */
export function signWebhook(input: { id: string; at: number; body: string; secrets: readonly string[] }): WebhookHeaders {
  if (input.secrets.length === 0) throw new Error('A webhook is signed with at least one secret.');
  const timestamp = Math.floor(input.at / 1000);
  const signatures = input.secrets.map((secret) => `v1,${sign(keyOf(secret), input.id, timestamp, input.body)}`);
  return { 'webhook-id': input.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatures.join(' ') };
}

/**
 * For a receiver written in Node: whether `headers` sign `body` under `secret`, with the
 * timestamp within `toleranceMs` (5 minutes) of `now`, against replays. Compares in constant time.
 */
export function verifyWebhook(input: { headers: Record<string, string | undefined>; body: string; secret: string; now?: number; toleranceMs?: number }): boolean {
  const id = input.headers['webhook-id'];
  const timestamp = Number(input.headers['webhook-timestamp']);
  const signatures = input.headers['webhook-signature'];
  if (!id || !Number.isInteger(timestamp) || !signatures) return false;
  if (Math.abs((input.now ?? Date.now()) - timestamp * 1000) > (input.toleranceMs ?? 5 * 60_000)) return false;
  const expected = Buffer.from(sign(keyOf(input.secret), id, timestamp, input.body), 'base64');
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
