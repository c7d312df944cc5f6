import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The shape of every store `@hearth/client` hands out; declared here so any such store fits. */
export interface SubscribableStore<T> {
  /** The current value. */
  getSnapshot(): T;
  /** Calls `listener` on every change; returns the unsubscribe. */
  subscribe(listener: (value: T) => void): () => void;
}

/**
 * Keeps a Lit host in step with a store: subscribes while the host is connected,
 * unsubscribes when it leaves the DOM, and re-renders the host on every change.
 * Point it at another store with `setStore`; the old one is let go at once.
 *
 * @example
 * #thread = new StoreController<ThreadState>(this);
 * // later: this.#thread.setStore(client.thread(key)); render from this.#thread.value
 */
export class StoreController<T> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #store: SubscribableStore<T> | null = null;
  #unsubscribe: (() => void) | null = null;
  #connected = false;
  #value: T | undefined;

  constructor(host: ReactiveControllerHost, store: SubscribableStore<T> | null = null) {
    this.#host = host;
    this.#store = store;
    this.#value = store?.getSnapshot();
    host.addController(this);
  }

  /** The store's latest value, or undefined while there is no store. */
  get value(): T | undefined {
    return this.#value;
  }

  /** The store being followed, if any. */
  get store(): SubscribableStore<T> | null {
    return this.#store;
  }

  /** Follows `store` instead of the current one (null to follow nothing). */
  setStore(store: SubscribableStore<T> | null): void {
    if (store === this.#store) return;
    this.#stop();
    this.#store = store;
    this.#value = store?.getSnapshot();
    if (this.#connected) this.#start();
    this.#host.requestUpdate();
  }

  /** @internal Lit calls this when the host connects. */
  hostConnected(): void {
    this.#connected = true;
    this.#start();
  }

  /** @internal Lit calls this when the host disconnects. */
  hostDisconnected(): void {
    this.#connected = false;
    this.#stop();
  }

  #start(): void {
    const store = this.#store;
    if (!store || this.#unsubscribe) return;
    this.#unsubscribe = store.subscribe((value) => {
      // A late notification from a store we already let go of must not overwrite the new one's value.
      if (store !== this.#store) return;
      this.#value = value;
      this.#host.requestUpdate();
    });
    // The store may have changed between construction and subscription.
    const latest = store.getSnapshot();
    if (latest !== this.#value) {
      this.#value = latest;
      this.#host.requestUpdate();
    }
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}
