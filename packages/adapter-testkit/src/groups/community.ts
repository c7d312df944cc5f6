import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the community group. */
export function communityConformance(suite: Suite): void {
  describe('community', () => {
    void suite;
  });
}
