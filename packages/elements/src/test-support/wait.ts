import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/**
 * `waitUntil` with room for a cold dev server. Widgets load parts of themselves on first
 * use (actions, strings, the memory backend); the first test to need one waits for the
 * test server to compile it, which can exceed @open-wc's one-second default on a busy
 * CI machine. Still well under mocha's per-test timeout, so a real hang fails with the
 * message rather than a bare timeout.
 */
export function waitUntil(predicate: () => unknown, message?: string, options: { interval?: number; timeout?: number } = {}): Promise<void> {
  return openWcWaitUntil(predicate, message, { interval: 20, timeout: 8000, ...options });
}
