// For the client's own tests (not published): an adapter that counts its live realtime
// subscriptions, so a test can prove a store lets go of what it subscribed to.
import type { BackendAdapter } from '@hearth/protocol';

/** Wraps `adapter` so `live()` tells how many of its subscriptions are still open. */
export function countingSubscriptions<A extends BackendAdapter>(adapter: A): { adapter: A; live: () => number } {
  let live = 0;
  const proxy = new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop !== 'subscribe') return Reflect.get(target, prop, receiver) as unknown;
      return (channel: string, listener: Parameters<BackendAdapter['subscribe']>[1]) => {
        const off = target.subscribe(channel, listener);
        live++;
        let on = true;
        return () => {
          if (on) live--;
          on = false;
          off();
        };
      };
    },
  });
  return { adapter: proxy, live: () => live };
}

/** A store a test can wait on. */
interface Watchable<S> {
  subscribe(listener: (state: S) => void): () => void;
  getSnapshot(): S;
}

/**
 * Resolves with the store's first state that passes `test` (the current one included), and
 * stops listening; rejects after 2 s, showing the last state (through `show`, if given).
 */
export function until<S>(store: Watchable<S>, test: (state: S) => boolean, show: (state: S) => unknown = (state) => state): Promise<S> {
  return new Promise((resolve, reject) => {
    let stop: (() => void) | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      stop?.();
      reject(new Error(`timed out at ${JSON.stringify(show(store.getSnapshot()))}`));
    }, 2000);
    const check = (state: S) => {
      if (done || !test(state)) return;
      done = true;
      clearTimeout(timer);
      // A store may call back while subscribing; let go once `stop` is known.
      queueMicrotask(() => stop?.());
      resolve(state);
    };
    stop = store.subscribe(check);
    check(store.getSnapshot());
  });
}
