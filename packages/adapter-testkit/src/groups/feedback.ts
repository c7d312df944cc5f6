import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the feedback group. */
export function feedbackConformance(suite: Suite): void {
  describe('feedback', () => {
    void suite;
  });
}
