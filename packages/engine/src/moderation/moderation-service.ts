import type { ModerationAdapter } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** The moderation rules. Public methods are exactly the operations of `ModerationAdapter`. */
export class ModerationService implements EngineGroup<ModerationAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }
}
