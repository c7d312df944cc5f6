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
    return () => this.listeners.delete(listener);
  }
}
