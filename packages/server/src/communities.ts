import { HearthError } from '@hearth/protocol';
import { WebhooksService, createEngine, type Engine } from '@hearth/engine';
import type { CommunityConfig, Database, EventBus } from './contracts.js';

/** One hosted community: its settings from the config and its engine over its own rows. */
export interface HostedCommunity {
  readonly config: CommunityConfig;
  readonly engine: Engine;
}

/** What the registry builds engines from. */
export interface CommunitiesOptions {
  database: Database;
  bus: EventBus;
  /** Every timestamp the engines make; `Date.now` unless a test controls time. */
  clock?: () => number;
}

/**
 * The communities one server hosts, each with its own engine over `database.storeFor(id)`,
 * so no read or write of one ever touches another's rows. Engines are built on first use.
 */
export class Communities {
  #options: CommunitiesOptions;
  #configs = new Map<string, CommunityConfig>();
  #clocks = new Map<string, () => number>();
  #hosted = new Map<string, HostedCommunity>();
  #first: string | null = null;

  constructor(configs: readonly CommunityConfig[], options: CommunitiesOptions) {
    this.#options = options;
    for (const config of configs) this.add(config);
  }

  /** Hosts one more community (with its own clock, for tests); an id already hosted is refused. */
  add(config: CommunityConfig, options: { clock?: () => number } = {}): void {
    if (this.#configs.has(config.id)) throw new Error(`The community "${config.id}" is already hosted.`);
    this.#configs.set(config.id, config);
    if (options.clock) this.#clocks.set(config.id, options.clock);
    this.#first ??= config.id;
  }

  /** Every hosted community's config, in the order added. */
  get configs(): CommunityConfig[] {
    return [...this.#configs.values()];
  }

  /**
   * The community a request names (`Hearth-Community`), or the first one when it names none.
   * An unknown id is `not_found`.
   */
  resolve(id: string | null | undefined): HostedCommunity {
    const wanted = id || this.#first;
    const config = wanted ? this.#configs.get(wanted) : undefined;
    if (!config) throw new HearthError('not_found', `This server hosts no community "${wanted ?? ''}".`, { community: wanted ?? null });
    let hosted = this.#hosted.get(config.id);
    if (!hosted) {
      const { database, bus, clock } = this.#options;
      const engine = createEngine({
        store: database.storeFor(config.id),
        clock: this.#clocks.get(config.id) ?? clock,
        settings: config.comments,
        community: config.settings,
        publish: (event) => bus.publish(config.id, event),
        // This server sends webhooks (see the webhook worker in createHearth).
        webhooks: WebhooksService,
      });
      hosted = { config, engine };
      this.#hosted.set(config.id, hosted);
    }
    return hosted;
  }
}
