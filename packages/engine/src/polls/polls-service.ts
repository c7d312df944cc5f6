import type { PollsAdapter } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** The polls rules. Public methods are exactly the operations of `PollsAdapter`. */
export class PollsService implements EngineGroup<PollsAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }
}
