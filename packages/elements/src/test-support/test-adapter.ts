// Shared by every widget's tests (never built or published): a fresh, unpersisted memory
// adapter per test, wrapped so a test can fail any call and count live subscriptions.
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import { createMemoryAdapter, type MemoryAdapterOptions } from '@hearth/adapter-memory';
import { ADAPTER_GROUPS, type AdapterGroups, type BackendAdapter, type Viewer } from '@hearth/protocol';

export const ada: Viewer = { id: 'ada', displayName: 'Ada Lovelace', role: 'member' };
export const bob: Viewer = { id: 'bob', displayName: 'Bob', role: 'member' };
export const mod: Viewer = { id: 'mia', displayName: 'Mia Mod', role: 'moderator' };

type Method = (...args: unknown[]) => unknown;

/** A method of the adapter: a top-level one, or one of a group as `group.method` (`polls.getPoll`). */
export type AdapterMethod =
  | keyof BackendAdapter
  | { [G in keyof AdapterGroups]: `${G}.${keyof AdapterGroups[G] & string}` }[keyof AdapterGroups];

/** A memory adapter wrapped so tests can override calls and count live subscriptions. */
export interface TestAdapter extends BackendAdapter {
  /** Realtime subscriptions not yet unsubscribed. */
  readonly activeSubscriptions: number;
  /** Calls per method name (`group.method` for a group's). */
  readonly calls: Record<string, number>;
  /** Replace a method (a group's as `group.method`); the original is passed in. */
  override<K extends keyof BackendAdapter>(method: K, impl: (original: BackendAdapter[K]) => BackendAdapter[K]): void;
  override(method: AdapterMethod, impl: (original: Method) => Method): void;
}

/** A clock that never reads the same millisecond twice, so "newest first" has one answer. */
export function tickingClock(): () => number {
  let last = 0;
  return () => (last = Math.max(Date.now(), last + 1));
}

/**
 * A memory adapter that counts every call and live subscription and lets a test swap any
 * method. It wraps whatever methods the memory adapter has (through a Proxy), so methods
 * added for new widgets are counted and overridable without touching this file.
 *
 * @example
 * const adapter = testAdapter();
 * adapter.override('listComments', () => async () => { throw new HearthError('internal', 'Down.'); });
 */
export function testAdapter(options: MemoryAdapterOptions = {}): TestAdapter {
  // Widget tests write many comments within one minute; the flood rules are the engine's to test.
  const inner = createMemoryAdapter({ ...options, community: { flood: { duplicateWindowMs: 0, maxPostsPerMinute: 10_000 }, ...options.community } });
  const overrides = new Map<PropertyKey, Method>();
  const wrapped = new Map<PropertyKey, Method>();
  const calls: Record<string, number> = {};
  let active = 0;

  const call = (key: string, original: Method): Method => {
    return (...args) => {
      calls[key] = (calls[key] ?? 0) + 1;
      const result = (overrides.get(key) ?? original).apply(inner, args);
      if (key !== 'subscribe') return result;
      // Count what is still subscribed; an unsubscribe called twice counts once.
      active++;
      let done = false;
      return () => {
        if (!done) active--;
        done = true;
        (result as () => void)();
      };
    };
  };

  const own = {
    calls,
    get activeSubscriptions() {
      return active;
    },
    override(method: AdapterMethod, impl: (original: never) => unknown) {
      const [group, name] = method.includes('.') ? method.split('.') : [null, method];
      const owner = (group ? inner[group as keyof BackendAdapter] : inner) as Record<string, Method> | undefined;
      if (!owner || typeof owner[name!] !== 'function') throw new Error(`The test adapter has no method "${method}".`);
      overrides.set(method, impl(owner[name!]!.bind(owner) as never) as Method);
    },
  };

  // A group's methods are counted and overridable like the top-level ones, as `group.method`.
  // Groups may be frozen, so each is copied into a wrapper rather than proxied.
  const groups = new Map<string, object>();
  const groupOf = (name: string, target: Record<string, unknown>): object => {
    let wrapper: object | undefined = groups.get(name);
    if (wrapper === undefined) {
      const entries = Object.keys(target).map((key) => {
        const value = target[key];
        if (typeof value !== 'function') return [key, value];
        const path = `${name}.${key}`;
        const original = (value as Method).bind(target);
        const fn: Method = (...args) => {
          calls[path] = (calls[path] ?? 0) + 1;
          return (overrides.get(path) ?? original)(...args);
        };
        return [key, fn];
      });
      wrapper = Object.freeze(Object.fromEntries(entries)) as object;
      groups.set(name, wrapper);
    }
    return wrapper;
  };

  return new Proxy(inner, {
    get(target, key) {
      if (Object.hasOwn(own, key)) return Reflect.get(own, key);
      const value: unknown = Reflect.get(target, key);
      if (typeof key === 'string' && (ADAPTER_GROUPS as readonly string[]).includes(key) && value) return groupOf(key, value as Record<string, unknown>);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      // The same function on every read, as a plain object's method would be.
      let fn = wrapped.get(key);
      if (!fn) wrapped.set(key, (fn = call(key, value as Method)));
      return fn;
    },
  }) as TestAdapter;
}

/** A client over `adapter` (a fresh test adapter by default) acting as `viewer`. */
export function testClient(viewer: Viewer | null = ada, adapter: BackendAdapter = testAdapter()): CommunityClient {
  return createCommunityClient({ adapter, viewer });
}
