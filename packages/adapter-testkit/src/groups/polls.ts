import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the polls group. */
export function pollsConformance(suite: Suite): void {
  describe('polls', () => {
    void suite;
  });
}
