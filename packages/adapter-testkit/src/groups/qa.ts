import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the qa group. */
export function qaConformance(suite: Suite): void {
  describe('qa', () => {
    void suite;
  });
}
