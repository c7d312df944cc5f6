/**
 * A fresh idempotency key for one logical create. Built on `getRandomValues` rather than
 * `randomUUID`, which exists only in secure contexts, and a widget may well be embedded
 * in a plain-http page.
 */
export function createIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b | 256).toString(16).slice(1)).join('');
}
