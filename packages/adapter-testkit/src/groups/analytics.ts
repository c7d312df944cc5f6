import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the analytics group. */
export function analyticsConformance(suite: Suite): void {
  describe('analytics', () => {
    void suite;
  });
}
