import type { CommunityEvent } from '@hearth/protocol';

/** How many recent events each community keeps for resuming streams. */
export const DEFAULT_REPLAY_SIZE = 1000;

/**
 * One community's recent events, oldest first, with where each id sits. Forgotten events
 * leave the front of `events` in batches (`start` moves past them one by one), so keeping
 * the last `size` costs the same per event however long the buffer is.
 */
class CommunityLog {
  events: CommunityEvent[] = [];
  /** Where the kept events start in `events`. */
  start = 0;
  /** Event id → its sequence number; `events[0]` has sequence `first`. */
  readonly positions = new Map<string, number>();
  first = 0;

  /** The kept events, oldest first. */
  kept(): CommunityEvent[] {
    return this.events.slice(this.start);
  }
}

/**
 * The last events of each community (1,000 by default), so a client that reconnects with
 * `Last-Event-ID` gets what it missed. Kept in memory per instance: every instance hears
 * every event through the bus, so any of them can resume any client.
 */
export class ReplayBuffer {
  readonly #size: number;
  readonly #logs = new Map<string, CommunityLog>();

  constructor(size = DEFAULT_REPLAY_SIZE) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`The replay buffer size must be a positive whole number, not ${size}.`);
    this.#size = size;
  }

  /** Remembers `event`; the community's oldest event is forgotten once it holds `size`. */
  push(community: string, event: CommunityEvent): void {
    let log = this.#logs.get(community);
    if (!log) this.#logs.set(community, (log = new CommunityLog()));
    if (log.positions.has(event.id)) return;
    log.positions.set(event.id, log.first + log.events.length);
    log.events.push(event);
    if (log.events.length - log.start > this.#size) {
      log.positions.delete(log.events[log.start]!.id);
      log.start += 1;
      // Once as many are forgotten as are kept, they go in one cut.
      if (log.start >= this.#size) {
        log.events = log.events.slice(log.start);
        log.first += log.start;
        log.start = 0;
      }
    }
  }

  /**
   * The community's events after `lastEventId` on `channels`, oldest first; null when the
   * id is unknown or already forgotten, so the caller can tell the client to refetch.
   */
  after(community: string, lastEventId: string, channels: Iterable<string>): CommunityEvent[] | null {
    const log = this.#logs.get(community);
    const position = log?.positions.get(lastEventId);
    if (!log || position === undefined) return null;
    return onChannels(log.events.slice(position - log.first + 1), channels);
  }

  /** Every event the buffer still holds for the community on `channels`, oldest first. */
  all(community: string, channels: Iterable<string>): CommunityEvent[] {
    return onChannels(this.#logs.get(community)?.kept() ?? [], channels);
  }
}

function onChannels(events: CommunityEvent[], channels: Iterable<string>): CommunityEvent[] {
  const wanted = new Set(channels);
  return events.filter((event) => wanted.has(event.channel));
}
