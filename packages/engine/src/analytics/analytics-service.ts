import { HearthError, MetricsInput, ZeroRepliesInput, parseInput, type AnalyticsAdapter, type Member, type Metrics, type Permission, type ZeroReplyPage } from '@hearth/protocol';
import type { Actor, Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import { checkRange, computeMetrics } from './metrics.js';
import { openerHooks } from './openers.js';
import { zeroReplyPage } from './zero-replies.js';

/**
 * The zero-reply queue and the community's metrics, and the `core.openers` hooks every
 * content service calls. Public methods are exactly the operations of `AnalyticsAdapter`;
 * definitions of every number are in docs/analytics.md.
 */
export class AnalyticsService implements EngineGroup<AnalyticsAdapter> {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
    core.openers = openerHooks(core);
  }

  /** Published openers nobody else has replied to, oldest first, with age and target (`review`). */
  async zeroReplies(input: unknown, viewer: Actor): Promise<ZeroReplyPage> {
    const query = parseInput(ZeroRepliesInput, input ?? {});
    await this.#allowed(viewer, 'review');
    const now = this.#core.clock();
    return zeroReplyPage(this.#core, query, await this.#core.settings(), now);
  }

  /** Activity, growth, retention, response times, feedback, polls and contributors over days (`view_insights`). */
  async metrics(input: unknown, viewer: Actor): Promise<Metrics> {
    const query = parseInput(MetricsInput, input);
    checkRange(query);
    await this.#allowed(viewer, 'view_insights');
    const now = this.#core.clock();
    return computeMetrics(this.#core, query, await this.#core.settings(), now);
  }

  /** Reads are not writes: the viewer is looked up, never signed in, and banned members may not read insights. */
  async #allowed(viewer: Actor, permission: Permission): Promise<Member> {
    const known = await this.#core.known(this.#core.store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to see this.');
    if (known.record?.bannedUntil != null && known.record.bannedUntil > this.#core.clock()) throw new HearthError('forbidden', 'You are banned from this community.');
    this.#core.require(known.member, permission);
    return known.member;
  }
}
