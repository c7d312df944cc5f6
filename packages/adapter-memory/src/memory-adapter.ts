import {
  ADAPTER_GROUPS,
  HearthError,
  type AdapterCapabilities,
  type AdapterGroups,
  type CommunitySettings,
  type BackendAdapter,
  type CallContext,
  type CommentSettings,
  type CommunityEvent,
  type Viewer,
} from '@hearth/protocol';
import { MemoryStore, createEngine, type Engine, type MemorySnapshot } from '@hearth/engine';
import { hubFor } from './event-hub.js';
import { mergeSnapshots, same } from './merge.js';
import { applySeed, checkSeed, type MemorySeed } from './seed.js';

/** How to build a memory adapter. Everything is optional. */
export interface MemoryAdapterOptions {
  /** Overrides of the default comment rules. */
  settings?: Partial<CommentSettings>;
  /** The community's settings until an admin changes them (guest posting, moderation, points, ...). */
  community?: Partial<CommunitySettings>;
  /** The time in epoch milliseconds. Defaults to `Date.now`. */
  clock?: () => number;
  /**
   * Demo data, written only when the store starts empty (see `demoSeed`); or a function that
   * loads it, so a page downloads the demo data only when it starts empty with it
   * (`() => import('@hearth/adapter-memory/demo-seed').then((m) => m.demoSeed)`). A loaded
   * seed that is not valid is left out with a warning.
   */
  seed?: MemorySeed | (() => Promise<MemorySeed>);
  /**
   * Keep the data in Web Storage under `key` (default storage: `localStorage`), loaded at
   * start-up and saved after every write. Other tabs' changes are picked up and announced.
   * Tabs merge their data record by record instead of saving over each other, so writes
   * made in two tabs at once both survive; where both changed one field, a delete or hide
   * beats an older status and the later edit wins.
   */
  persist?: { key: string; storage?: Pick<Storage, 'getItem' | 'setItem'> };
  /** Share one store between adapters; each hears the others' writes. Defaults to a new store. */
  store?: MemoryStore;
}

/** Stores being seeded right now, so two adapters over one empty store seed it once. */
const seeding = new WeakMap<MemoryStore, Promise<void>>();

/** Per store: what runs after each write committed through any memory adapter's engine over it. */
const committed = new WeakMap<MemoryStore, Set<() => void>>();

/** Runs `fn` after every write committed to `store` through a memory adapter; returns the stop. */
function onCommit(store: MemoryStore, fn: () => void): () => void {
  let set = committed.get(store);
  if (!set) committed.set(store, (set = new Set()));
  set.add(fn);
  return () => void set.delete(fn);
}

/**
 * The store as the engine sees it: the same store, announcing each committed transaction.
 * Saving follows commits rather than realtime events, because many writes publish none
 * (settings, a new poll, a profile, a report) and must be saved all the same.
 */
function announcingCommits(store: MemoryStore): MemoryStore {
  const transaction = async <T>(fn: (tx: MemoryStore) => Promise<T>): Promise<T> => {
    const result = await store.transaction(fn);
    for (const after of [...(committed.get(store) ?? [])]) after();
    return result;
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'transaction') return transaction;
      // Methods and getters read private fields, so they run on the store itself.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A complete backend inside the page: the engine over an in-memory store, optionally
 * persisted to `localStorage`. For demos, docs playgrounds and tests.
 *
 * There is no server, so **the viewer's claims are trusted as given**: whoever calls it
 * can act as anyone, with any role. Never use it where identity matters.
 *
 * A call whose `ctx.signal` is already aborted rejects with `HearthError` code
 * `unavailable` (`details.aborted: true`) and changes nothing. Once started, a call is not
 * interrupted: it finishes in a few microtasks and its write is atomic.
 *
 * @example
 * const adapter = createMemoryAdapter({ seed: demoSeed, persist: { key: 'hearth-demo' } });
 * const page = await adapter.listComments({ threadKey: '/demo' }, { viewer: null });
 */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): BackendAdapter {
  const store = options.store ?? new MemoryStore();
  const hub = hubFor(store);
  const clock = options.clock ?? Date.now;
  const engine = createEngine({ store: announcingCommits(store), clock, settings: options.settings, community: options.community, publish: (event) => hub.emit(event) });
  const stops: Array<() => void> = [];
  const subscriptions = new Set<() => void>();

  const persist = options.persist;
  const storage = persist ? (persist.storage ?? defaultStorage()) : undefined;
  if (persist && !storage) console.warn('Hearth: no localStorage here, so the memory adapter keeps data in memory only.');
  /** The stored snapshot this adapter last read or wrote: the base of its next merge. */
  let base: MemorySnapshot | null = null;
  /** The running and queued syncs, one after another; never rejects. */
  let syncing: Promise<void> = Promise.resolve();
  /** Merges the stored copy into this store and saves the result (after every local write). */
  const sync = (): Promise<void> => {
    if (!persist || !storage) return syncing;
    const step = () =>
      withLock(`hearth:${persist.key}`, async () => {
        base = await syncStorage(store, storage, persist.key, base, engine, (event) => hub.emit(event));
      });
    syncing = syncing.then(step).catch((error: unknown) => console.warn('Hearth: could not sync with storage.', error));
    return syncing;
  };
  if (persist && storage) {
    if (store.isEmpty) base = loadSnapshot(store, readItem(storage, persist.key), persist.key);
    stops.push(onCommit(store, () => void sync()));
    stops.push(watchOtherTabs(storage, persist.key, sync));
  }

  if (typeof options.seed === 'object') checkSeed(options.seed);
  const ready = seedOnce(store, options.seed, { now: clock(), settings: options.settings }).then(
    (seeded) => (seeded ? sync() : undefined),
    (error: unknown) => console.warn('Hearth: the seed could not be applied.', error),
  );

  /** Waits for start-up, runs the call as the context's viewer, and returns once its write is saved. */
  const run = async <T>(ctx: CallContext, fn: (viewer: Viewer | null) => Promise<T>): Promise<T> => {
    throwIfAborted(ctx);
    await ready;
    throwIfAborted(ctx);
    const result = await fn(ctx.viewer);
    await syncing;
    return result;
  };

  const capabilities: AdapterCapabilities = {
    realtime: true,
    moderation: true,
    reactions: true,
    uploads: false,
    analytics: true,
    persistence: persist ? 'local' : 'memory',
    community: true,
    feed: true,
    qa: true,
    polls: true,
    feedback: true,
    gamification: true,
    // Nothing in a browser could send them: a server's webhook worker does.
    webhooks: false,
    // Origins, sign-in secrets and admin keys are a server's: a browser has none to guard.
    access: false,
  };

  // Every public method of an engine service is an operation of its group.
  const groups = Object.fromEntries(
    ADAPTER_GROUPS.filter((name): name is Exclude<typeof name, 'webhooks' | 'access'> => name !== 'webhooks' && name !== 'access').map((name) => {
      const service = engine[name] as unknown as Record<string, (input: unknown, viewer: Viewer | null) => Promise<unknown>>;
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(service)).filter((m) => m !== 'constructor' && typeof service[m] === 'function');
      return [name, Object.freeze(Object.fromEntries(methods.map((m) => [m, (input: unknown, ctx: CallContext) => run(ctx, (viewer) => service[m]!(input, viewer))])))];
    }),
  ) as unknown as AdapterGroups;

  return {
    name: 'memory',
    capabilities,
    ...groups,
    getSession: (ctx) => run(ctx, (viewer) => engine.getSession(viewer)),
    getThread: (input, ctx) => run(ctx, (viewer) => engine.getThread(input, viewer)),
    listComments: (input, ctx) => run(ctx, (viewer) => engine.listComments(input, viewer)),
    createComment: (input, ctx) => run(ctx, (viewer) => engine.createComment(input, viewer)),
    editComment: (input, ctx) => run(ctx, (viewer) => engine.editComment(input, viewer)),
    deleteComment: (input, ctx) => run(ctx, (viewer) => engine.deleteComment(input, viewer)),
    hideComment: (input, ctx) => run(ctx, (viewer) => engine.hideComment(input, viewer)),
    unhideComment: (input, ctx) => run(ctx, (viewer) => engine.unhideComment(input, viewer)),
    toggleReaction: (input, ctx) => run(ctx, (viewer) => engine.toggleReaction(input, viewer)),
    subscribe(channel, listener) {
      const off = hub.subscribe(channel, listener);
      const unsubscribe = () => {
        off();
        subscriptions.delete(unsubscribe);
      };
      subscriptions.add(unsubscribe);
      return unsubscribe;
    },
    close() {
      for (const unsubscribe of [...subscriptions]) unsubscribe();
      for (const stop of stops.splice(0)) stop();
    },
  };
}

/** `localStorage`, or undefined where it is missing or blocked (sandboxed frames throw on access). */
function defaultStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function readItem(storage: Pick<Storage, 'getItem'>, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch (error) {
    console.warn('Hearth: could not read saved data.', error);
    return null;
  }
}

function throwIfAborted(ctx: CallContext): void {
  if (ctx.signal?.aborted) throw new HearthError('unavailable', 'The request was cancelled.', { aborted: true });
}

/** Seeds an empty store once, however many adapters share it; true when this call wrote it. */
function seedOnce(store: MemoryStore, seed: MemoryAdapterOptions['seed'], options: { now: number; settings?: Partial<CommentSettings> }): Promise<boolean> {
  const running = seeding.get(store);
  if (running) return running.then(() => false);
  if (!seed || !store.isEmpty) return Promise.resolve(false);
  const done =
    typeof seed === 'function'
      ? seed().then((loaded) => {
          checkSeed(loaded);
          return applySeed(store, loaded, options);
        })
      : applySeed(store, seed, options);
  seeding.set(store, done);
  return done.then(
    () => true,
    (error: unknown) => {
      seeding.delete(store);
      throw error;
    },
  );
}

/** Loads a saved snapshot and returns it; anything unreadable is ignored with a warning, never a crash. */
function loadSnapshot(store: MemoryStore, text: string | null, key: string): MemorySnapshot | null {
  if (text === null) return null;
  try {
    store.load(JSON.parse(text));
    return store.toJSON();
  } catch (error) {
    console.warn(`Hearth: ignoring the saved data under "${key}" because it is unreadable.`, error);
    return null;
  }
}

/** Runs `fn` under a Web Lock where there are any, so tabs read, merge and write one at a time. */
function withLock(name: string, fn: () => Promise<void>): Promise<void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request(name, fn).then(() => undefined) : fn();
}

/**
 * Reads what storage holds now, merges it into the store in one transaction, saves the
 * result unless storage already holds it, announces what came in, and returns the result
 * (the next merge's base).
 */
async function syncStorage(
  store: MemoryStore,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  key: string,
  base: MemorySnapshot | null,
  engine: Engine,
  announce: (event: CommunityEvent) => void,
): Promise<MemorySnapshot> {
  // Unreadable stored data was reported at start-up; this tab's data replaces it.
  let theirs: MemorySnapshot | null = null;
  try {
    const text = readItem(storage, key);
    if (text !== null) theirs = MemoryStore.fromJSON(JSON.parse(text)).toJSON();
  } catch {
    // Keep theirs null.
  }
  const [mine, merged] = await store.transaction(async (tx) => {
    const mine = tx.toJSON();
    const merged = theirs ? mergeSnapshots(base, mine, theirs) : mine;
    if (!same(merged, mine)) tx.load(merged);
    return [mine, merged] as const;
  });
  if (!theirs || !same(merged, theirs)) {
    try {
      storage.setItem(key, JSON.stringify(merged));
    } catch (error) {
      // Quota or privacy mode: the write still happened in memory, so warn rather than fail it.
      console.warn('Hearth: could not save to storage.', error);
    }
  }
  for (const event of await diffEvents(mine, merged, engine)) announce(event);
  return merged;
}

/**
 * Follows writes from other tabs: merge what storage holds now (newer than the event's
 * value when more writes followed), so this tab neither saves over them nor loses its own.
 * Only where `window` has storage events.
 */
function watchOtherTabs(storage: Pick<Storage, 'getItem' | 'setItem'>, key: string, sync: () => Promise<void>): () => void {
  const target = typeof window === 'undefined' ? undefined : window;
  if (!target || typeof target.addEventListener !== 'function') return () => {};
  const onStorage = (event: StorageEvent) => {
    if (event.key !== key || event.newValue === null || (event.storageArea && event.storageArea !== storage)) return;
    void sync();
  };
  target.addEventListener('storage', onStorage);
  return () => target.removeEventListener('storage', onStorage);
}

/** The events that turn `before` into `after`, as if the writes had happened here. */
async function diffEvents(before: MemorySnapshot, after: MemorySnapshot, engine: Engine): Promise<CommunityEvent[]> {
  const events: CommunityEvent[] = [];
  const old = new Map(before.posts.map((p) => [p.id, p]));
  for (const post of after.posts) {
    const prior = old.get(post.id);
    const changed = prior && (prior.body !== post.body || prior.status !== post.status || prior.editedAt !== post.editedAt);
    if (prior && !changed) continue;
    const view = await engine.eventView(post.id);
    if (!view) continue;
    events.push({ type: prior ? 'post.updated' : 'post.created', id: eventId(), channel: view.channel, post: view.post });
  }
  const reactionKey = (r: MemorySnapshot['reactions'][number]) => `${r.postId}\u0000${r.memberId}\u0000${r.emoji}`;
  const had = new Set(before.reactions.map(reactionKey));
  const has = new Set(after.reactions.map(reactionKey));
  const flips = [
    ...after.reactions.filter((r) => !had.has(reactionKey(r))).map((r) => ({ ...r, active: true })),
    ...before.reactions.filter((r) => !has.has(reactionKey(r))).map((r) => ({ ...r, active: false })),
  ];
  const posts = new Map(after.posts.map((p) => [p.id, p]));
  for (const flip of flips) {
    const view = await engine.eventView(flip.postId);
    if (!view) continue;
    const count = posts.get(flip.postId)?.reactions[flip.emoji] ?? 0;
    events.push({ type: 'reaction.changed', id: eventId(), channel: view.channel, postId: flip.postId, emoji: flip.emoji, count, memberId: flip.memberId, active: flip.active });
  }
  return events;
}

function eventId(): string {
  return `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
