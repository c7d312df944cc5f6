import type { AnalyticsAdapter } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** The analytics rules. Public methods are exactly the operations of `AnalyticsAdapter`. */
export class AnalyticsService implements EngineGroup<AnalyticsAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }
}
