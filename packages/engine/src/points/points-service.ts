import type { GamificationAdapter } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** The points rules. Public methods are exactly the operations of `GamificationAdapter`. */
export class GamificationService implements EngineGroup<GamificationAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }
}
