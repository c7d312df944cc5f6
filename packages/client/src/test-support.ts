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
