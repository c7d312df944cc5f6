import type { FeedbackAdapter } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** The feedback rules. Public methods are exactly the operations of `FeedbackAdapter`. */
export class FeedbackService implements EngineGroup<FeedbackAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }
}
