import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the points group. */
export function pointsConformance(suite: Suite): void {
  describe('points', () => {
    void suite;
  });
}
