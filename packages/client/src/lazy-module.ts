import type { Viewer } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { toHearthError } from './to-hearth-error.js';

/** A write (or a call for a writer, like suggestions) as its module implements it: for `client`, as `viewer`. */
type Call = (client: CommunityClient, viewer: Viewer | null, input: never) => Promise<unknown>;
/** The names of `M`'s exports that are calls. */
type CallName<M> = { [K in keyof M]: M[K] extends Call ? K : never }[keyof M];

/** The code of one module, loaded the first time it is needed. */
export interface LazyModule<M> {
  /**
   * Runs call `name` from the module, loading it first if need be. Who acts is fixed when
   * the call is made, as it would be with the code at hand; a module that fails to load
   * rejects with a HearthError like any other failed call, and the next call loads again.
   */
  call<K extends CallName<M>>(client: CommunityClient, name: K, input: M[K] extends Call ? Parameters<M[K]>[2] : never): M[K] extends Call ? ReturnType<M[K]> : never;
  /**
   * An event handler that runs `handle` with the module: at once when it is in, otherwise
   * once it is, every event in the order it came. Events wait for the next event to load
   * it again if loading fails.
   */
  on<E>(handle: (module: M, event: E) => void): (event: E) => void;
}

/**
 * A store's writes and realtime merges, kept in a module of their own that loads with
 * `import()` when first needed: most readers never write, and many pages see no event, so
 * most pages never pay for the code that calls the adapter and patches the cache. Every
 * write already waits on the network, so waiting on the chunk first changes nothing a
 * caller can see; a merge waits only for the first event.
 *
 * @example
 * const updates = lazyModule(() => import('./poll-updates.js'));
 * export const vote = (client: CommunityClient, input: PollVoteInput) => updates.call(client, 'vote', input);
 * holdChannel(client, pollChannel(id), updates.on((m, event) => m.merge(client, id, event)));
 */
export function lazyModule<M>(load: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const get = (): Promise<M> =>
    (loading ??= load().then(
      (module) => (loaded = module),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  return {
    call(client, name, input) {
      const viewer = client.viewer;
      return get().then(
        (module) => (module[name] as Call)(client, viewer, input as never),
        (error: unknown) => {
          throw toHearthError(error, client.adapter.name);
        },
      ) as never;
    },
    on(handle) {
      const queue: Parameters<typeof handle>[1][] = [];
      const flush = (module: M) => {
        for (const event of queue.splice(0)) handle(module, event);
      };
      return (event) => {
        queue.push(event);
        if (loaded) flush(loaded);
        else get().then(flush, () => {});
      };
    },
  };
}
