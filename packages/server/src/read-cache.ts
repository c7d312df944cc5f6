import { threadChannel, type CommunityEvent } from '@hearth/protocol';
import type { CommentPageRecords } from '@hearth/engine';
import type { EventBus } from './contracts.js';

/** How long a cached page may be served without an event saying it changed. */
export const READ_CACHE_TTL_MS = 2_000;
/** How many pages each instance keeps. */
export const READ_CACHE_SIZE = 2_000;

/** A kept comment page: what every reader's page is cut from, and the signed-out answer as sent once one was. */
export interface CachedPage {
  readonly records: CommentPageRecords;
  body: string | null;
}

/** Where a read started: a page read before a change but stored after it is not kept. */
export type ReadTicket = number;

interface Entry<V> {
  value: V;
  expiresAt: number;
  channel: string;
}

/**
 * Comment pages kept briefly per instance, so most of a busy thread's readers never reach the
 * database: what a page is cut from is the same for every reader (`Engine.readCommentPage`).
 * Every event on a thread's channel (a comment in any status, an edit, a reaction, a
 * moderation change), from this instance or any other through the bus, drops that thread's
 * pages before the write that caused it has answered; what no event announces (a lock, new
 * settings) shows within `READ_CACHE_TTL_MS`.
 */
export class ReadCache<V> {
  #entries = new Map<string, Entry<V>>();
  #byChannel = new Map<string, Set<string>>();
  /** How many changes to any thread this instance has heard of. */
  #changes = 0;
  #clock: () => number;
  #stop: () => void;

  constructor(bus: EventBus, clock: () => number = Date.now) {
    this.#clock = clock;
    this.#stop = bus.subscribe((community, event) => this.#changed(community, event));
  }

  /** What is kept for `community`'s `listComments` with this input, or null. */
  get(community: string, input: string): V | null {
    const key = `${community}\u0000${input}`;
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (this.#clock() >= entry.expiresAt) {
      this.#drop(key);
      return null;
    }
    return entry.value;
  }

  /** Call before reading from the database; hand the ticket to `set`. */
  ticket(): ReadTicket {
    return this.#changes;
  }

  /**
   * Keeps a page of the thread `threadKey`, unless any thread changed since `ticket` was
   * taken (the page may predate the change: counting every thread keeps this exact without
   * remembering each one); the oldest page goes when the cache is full.
   */
  set(community: string, input: string, threadKey: string, value: V, ticket: ReadTicket): void {
    const key = `${community}\u0000${input}`;
    const channel = `${community}\u0000${threadChannel(threadKey)}`;
    if (this.#changes !== ticket) return;
    if (!this.#entries.has(key) && this.#entries.size >= READ_CACHE_SIZE) this.#drop(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, expiresAt: this.#clock() + READ_CACHE_TTL_MS, channel });
    let keys = this.#byChannel.get(channel);
    if (!keys) this.#byChannel.set(channel, (keys = new Set()));
    keys.add(key);
  }

  close(): void {
    this.#stop();
    this.#entries.clear();
    this.#byChannel.clear();
  }

  #changed(community: string, event: CommunityEvent): void {
    const channel = `${community}\u0000${event.channel}`;
    if (event.channel.startsWith('thread:')) this.#changes++;
    const keys = this.#byChannel.get(channel);
    if (!keys) return;
    this.#byChannel.delete(channel);
    for (const key of keys) this.#entries.delete(key);
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    const keys = this.#byChannel.get(entry.channel);
    keys?.delete(key);
    if (keys?.size === 0) this.#byChannel.delete(entry.channel);
  }
}
