/**
 * A fresh idempotency key for one logical create. `crypto.randomUUID` exists only in
 * secure contexts, and a widget may well be embedded in a plain-http page, so there are
 * two fallbacks rather than a hard requirement.
 */
export function createIdempotencyKey(): string {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
