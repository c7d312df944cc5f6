import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the feed group. */
export function feedConformance(suite: Suite): void {
  describe('feed', () => {
    void suite;
  });
}
