import { describe } from 'vitest';
import type { Suite } from '../harness.js';

/** Conformance for the permissions group. */
export function permissionsConformance(suite: Suite): void {
  describe('permissions', () => {
    void suite;
  });
}
