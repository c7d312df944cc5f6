import type { CommunityEvent, EventListener } from '@hearth/protocol';
import type { MemoryStore } from '@hearth/engine';

interface Subscription {
  listener: EventListener;
  active: boolean;
}

/**
 * Fans events out to channel listeners, one microtask each, so a listener never runs
 * inside the writer's stack and a throwing listener cannot stop the others.
 */
export class EventHub {
  #channels = new Map<string, Set<Subscription>>();

  /** Listens to one channel; the returned function stops it and is safe to call twice. */
  subscribe(channel: string, listener: EventListener): () => void {
    const subscription: Subscription = { listener, active: true };
    let set = this.#channels.get(channel);
    if (!set) this.#channels.set(channel, (set = new Set()));
    set.add(subscription);
    return () => {
      if (!subscription.active) return;
      subscription.active = false;
      set.delete(subscription);
      if (set.size === 0 && this.#channels.get(channel) === set) this.#channels.delete(channel);
    };
  }

  /** Delivers an event to the channel's listeners. */
  emit(event: CommunityEvent): void {
    for (const subscription of this.#channels.get(event.channel) ?? []) {
      queueMicrotask(() => {
        // Unsubscribing after the write but before delivery still means "no more events".
        if (!subscription.active) return;
        try {
          subscription.listener(structuredClone(event));
        } catch (error) {
          console.error('Hearth: an event listener threw', error);
        }
      });
    }
  }
}

const hubs = new WeakMap<MemoryStore, EventHub>();

/** The one hub of a store, so every adapter sharing the store hears every write to it. */
export function hubFor(store: MemoryStore): EventHub {
  let hub = hubs.get(store);
  if (!hub) hubs.set(store, (hub = new EventHub()));
  return hub;
}
