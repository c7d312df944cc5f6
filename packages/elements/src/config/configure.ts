import type { MemorySeed } from '@hearth/adapter-memory';
import type { CommunityClient } from '@hearth/client';
import type { BackendAdapter, Viewer } from '@hearth/protocol';

/** How the built-in, in-browser memory backend is set up (read when it is first used). */
export interface MemoryOptions {
  /**
   * Keep comments in localStorage across reloads: `true` (the default) under `hearth:memory`,
   * a string to choose the key, `false` to keep them only for the life of the page.
   */
  persist?: boolean | string;
  /** Fill an empty store: `'demo'` for the demo conversation, your own seed, or `false`. */
  seed?: 'demo' | MemorySeed | false;
}

/** The page-wide defaults every widget falls back to. */
export interface HearthConfig {
  /** The client every widget uses unless it is given its own. */
  client?: CommunityClient;
  /** A backend to build the shared client from, or `'memory'` for the in-browser one. */
  adapter?: BackendAdapter | 'memory';
  /**
   * The community server every widget without its own `endpoint` talks to, through the HTTP
   * adapter (for example `https://community.example.com`).
   */
  endpoint?: string;
  /** Which community of that server, when it hosts several (sent as `Hearth-Community`). */
  community?: string;
  /**
   * Who is acting, for clients Hearth builds itself (from `endpoint`, `adapter` or the memory
   * backend). With a server, `token` is the member token the host site signed.
   */
  viewer?: Viewer | null;
  /**
   * Asked for a fresh member token when the server says the current one expired; resolve
   * null when the member is signed out. The request is retried once with the new token.
   */
  refreshToken?: () => Promise<string | null>;
  /** Options for the memory backend. */
  memory?: MemoryOptions;
}

let current: HearthConfig = {};
const listeners = new Set<() => void>();

/**
 * Sets page-wide defaults for every Hearth widget. Calls merge: pass only what changes,
 * and a key set to `undefined` to clear it. Widgets already on the page pick changes up.
 *
 * @example
 * configure({ adapter: 'memory', memory: { seed: 'demo' } });
 * configure({ viewer: { id: 'u1', displayName: 'Ada', role: 'member' } });
 */
export function configure(options: HearthConfig): void {
  current = { ...current, ...options };
  for (const listener of [...listeners]) listener();
}

/** The page-wide defaults as they stand. */
export function getPageConfig(): Readonly<HearthConfig> {
  return current;
}

/** Calls `listener` after every `configure()`; returns the unsubscribe. */
export function onPageConfigChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
