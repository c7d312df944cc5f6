import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the moderation group. */
export function moderationConformance(suite: Suite): void {
  describe('moderation', () => {
    void suite;
  });
}
