import type { CommunityEvent, EventListener, Viewer } from '@hearth/protocol';
import type { EventConnection } from './event-connection.js';
import type { Http } from './request.js';

/** What the event connection reads: the channels listened to now, and where their events go. */
export interface Channels {
  /** The channels with at least one listener. */
  list(): string[];
  /** Hands an event to the listeners of its own channel only. */
  deliver(event: CommunityEvent): void;
  /** The stream is open for the channels listed now, or failed to open: writes may go ahead. */
  opened(): void;
}

/** Writes wait at most this long for a stream that is opening. */
const READY_WAIT_MS = 3000;

/**
 * The listeners of one adapter, by channel. The connection itself (fetch, parsing,
 * reconnects) loads lazily with the schemas; this part is what `subscribe` needs at once.
 */
export class Subscriptions implements Channels {
  #http: Http;
  #listeners = new Map<string, Set<EventListener>>();
  #scheduled = false;
  #connection: Promise<EventConnection | undefined> | undefined;
  #ready: Promise<void> = Promise.resolve();
  #markReady: (() => void) | undefined;

  constructor(http: Http) {
    this.#http = http;
  }

  /**
   * Adds a listener to a channel; returns its unsubscribe (calling it twice is harmless).
   * While it lasts, a given `ctx.viewer` is who the stream listens as (the latest such
   * subscription wins; the stream reopens when that changes), so a staff console hears the
   * staff channels whoever else the adapter acts for.
   */
  subscribe(channel: string, listener: EventListener, ctx?: { viewer: Viewer | null }): () => void {
    const named = ctx ? this.#http.tokens.listenAs(ctx.viewer) : undefined;
    let set = this.#listeners.get(channel);
    if (!set) this.#listeners.set(channel, (set = new Set()));
    if (named?.changed || set.size === 0) this.#changed();
    // A wrapper per call, so the same function subscribed twice has two independent subscriptions.
    const entry: EventListener = (event) => listener(event);
    set.add(entry);
    return () => {
      if (!set.delete(entry)) return;
      const listenerChanged = named?.release() ?? false;
      if (set.size === 0) this.#listeners.delete(channel);
      if (set.size === 0 || listenerChanged) this.#changed();
    };
  }

  /**
   * Resolves once the stream has opened for the channels subscribed so far (or failed to,
   * or after READY_WAIT_MS). Writes wait for it, so a write made right after `subscribe` is
   * heard by that subscription: the server starts listening before it answers.
   */
  ready(): Promise<void> {
    if (!this.#markReady) return this.#ready;
    return Promise.race([this.#ready, new Promise<void>((resolve) => setTimeout(resolve, READY_WAIT_MS))]);
  }

  opened(): void {
    const mark = this.#markReady;
    this.#markReady = undefined;
    mark?.();
  }

  list(): string[] {
    return [...this.#listeners.keys()];
  }

  deliver(event: CommunityEvent): void {
    for (const listener of [...(this.#listeners.get(event.channel) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        // One failing listener must not starve the others or drop the connection.
        console.error(error);
      }
    }
  }

  /** Forgets every listener and closes the connection. */
  close(): void {
    this.#listeners.clear();
    this.opened();
    void this.#connection?.then((connection) => connection?.stop());
  }

  /** Brings the connection in line with the channels, once per microtask however many changed. */
  #changed(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    if (!this.#markReady) this.#ready = new Promise((resolve) => (this.#markReady = resolve));
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#connection ??= this.#http.lazy.then(
        ({ EventConnection }) => new EventConnection(this.#http, this),
        (error: unknown) => {
          console.warn('Hearth: could not load realtime updates.', error);
          return undefined;
        },
      );
      // Without the stream's code there is nothing to wait for: writes go ahead.
      void this.#connection.then((connection) => (connection ? connection.update() : this.opened()));
    });
  }
}
