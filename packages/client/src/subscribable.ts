/**
 * The base of everything in the client that can be listened to, shaped like query-core's:
 * `subscribe()` hands back its own unsubscribe, so callers never keep the listener around
 * just to remove it later.
 */
export class Subscribable<TListener extends (...args: never[]) => void> {
  /** Everyone currently listening, in subscription order. */
  protected readonly listeners = new Set<TListener>();

  /** Adds `listener`; call the returned function to remove it again. */
  subscribe(listener: TListener): () => void {
    this.listeners.add(listener);
    this.onSubscribe();
    return () => {
      if (!this.listeners.delete(listener)) return;
      this.onUnsubscribe();
    };
  }

  /** True while at least one listener is registered. */
  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /** Runs after a listener is added; subclasses start work lazily here. */
  protected onSubscribe(): void {}

  /** Runs after a listener is removed; subclasses stop work here once nobody listens. */
  protected onUnsubscribe(): void {}
}
