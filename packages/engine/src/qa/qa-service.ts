import type { QaAdapter } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** The qa rules. Public methods are exactly the operations of `QaAdapter`. */
export class QaService implements EngineGroup<QaAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }
}
