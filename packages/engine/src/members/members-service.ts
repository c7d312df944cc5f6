import { HearthError, type MemberCard, type MembersAdapter, type Page } from '@hearth/protocol';
import type { Actor, Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';

/** Member cards, roles and titles. Public methods are exactly the operations of `MembersAdapter`. */
export class MembersService implements EngineGroup<MembersAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    void this.#core;
  }

  async getCard(_input: unknown, _viewer: Actor): Promise<MemberCard> {
    throw new HearthError('unavailable', 'Not built yet.');
  }

  async listMembers(_input: unknown, _viewer: Actor): Promise<Page<MemberCard>> {
    throw new HearthError('unavailable', 'Not built yet.');
  }

  async setRole(_input: unknown, _viewer: Actor): Promise<MemberCard> {
    throw new HearthError('unavailable', 'Not built yet.');
  }

  async setTitle(_input: unknown, _viewer: Actor): Promise<MemberCard> {
    throw new HearthError('unavailable', 'Not built yet.');
  }
}
