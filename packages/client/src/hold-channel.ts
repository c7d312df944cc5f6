import type { CommunityEvent } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';

type Holder = [onEvent: (event: CommunityEvent) => void, key?: string];
/** A channel's holders, oldest first, and the adapter's unsubscribe. */
type Held = Set<Holder> & { off?: () => void };

// One adapter subscription per client and channel, however many stores follow it.
const channels = new WeakMap<CommunityClient, Map<string, Held>>();

/**
 * Holds `client`'s realtime subscription to `channel` and hands each of its events to
 * `onEvent`; returns the release, which may be called more than once. Every holder of a
 * channel on a client shares one adapter subscription, left when the last holder releases.
 * Of the holders passing the same `key`, only the earliest still holding is called for an
 * event (a cache merge or reload that many stores of one channel need only once, so their
 * handlers must do the same thing); a holder without a key is always called. A backend
 * without realtime makes this a no-op. A `stream.reset` (the backend could not replay what the
 * stream missed) goes to no holder: every query of the client refetches instead.
 */
export function holdChannel(client: CommunityClient, channel: string, onEvent: (event: CommunityEvent) => void, key?: string): () => void {
  const adapter = client.adapter;
  if (!adapter.capabilities.realtime) return () => {};
  let held = channels.get(client);
  if (!held) channels.set(client, (held = new Map()));
  let holders = held.get(channel);
  if (!holders) {
    const all: Held = new Set();
    all.off = adapter.subscribe(channel, (event) => {
      // The server could not replay what was missed: whatever is on screen refetches (once,
      // however many channels say so), rather than every store guessing at what changed.
      if (event.type === 'stream.reset') {
        void client.queryClient.invalidateQueries(undefined, { cancelRefetch: false });
        return;
      }
      const called = new Set<string | undefined>();
      // A copy: a handler may release a hold (its own or another's) while the event is handed out.
      for (const [on, key] of [...all]) {
        if (called.has(key)) continue;
        if (key) called.add(key);
        on(event);
      }
    });
    held.set(channel, (holders = all));
  }
  const holder: Holder = [onEvent, key];
  holders.add(holder);
  return () => {
    // Once a channel has no holders it is out of the map, so a release only ever empties the current one.
    if (!holders.delete(holder) || holders.size) return;
    holders.off!();
    held.delete(channel);
  };
}
