import type { BackendAdapter, CommunityEvent, Viewer } from '@hearth/protocol';

/** The events one subscription received. */
export class EventLog {
  readonly events: CommunityEvent[] = [];
  readonly unsubscribe: () => void;
  #waiters: Array<{ match: (e: CommunityEvent) => boolean; resolve: (e: CommunityEvent) => void }> = [];

  constructor(adapter: BackendAdapter, channel: string, viewer?: Viewer) {
    this.unsubscribe = adapter.subscribe(channel, (event) => {
      this.events.push(event);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.match(event)) return true;
        w.resolve(event);
        return false;
      });
    }, viewer ? { viewer } : undefined);
  }

  /** Resolves with the first event (already received or still to come) that matches. */
  next(match: (e: CommunityEvent) => boolean): Promise<CommunityEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }
}
