import type { FeedAdapter } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** The feed rules. Public methods are exactly the operations of `FeedAdapter`. */
export class FeedService implements EngineGroup<FeedAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }
}
