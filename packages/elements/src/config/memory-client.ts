import { createMemoryAdapter } from '@hearth/adapter-memory';
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import { getPageConfig } from './configure.js';
import { readGuest } from './guest.js';
import { appliedViewer, syncViewer } from './resolve-client.js';

/** The localStorage key the memory backend persists to unless told otherwise. */
export const DEFAULT_MEMORY_KEY = 'hearth:memory';

let memoryClient: CommunityClient | undefined;

/**
 * The one memory-backed client of this page, shared by every widget so two widgets on a
 * page see the same comments. Widgets import this module (and with it the adapter and
 * engine) on first use only, so a page that never asks for them never downloads them.
 */
export function getMemoryClient(): CommunityClient {
  if (memoryClient) {
    syncViewer(memoryClient, readGuest);
    return memoryClient;
  }
  // Read the options at first use rather than at definition: a page's configure() call
  // usually runs after the elements were defined but before this module arrived.
  const { memory = {}, viewer } = getPageConfig();
  const persist = memory.persist ?? true;
  // The demo conversation downloads apart, and only when the page starts empty with it.
  const seed = memory.seed === 'demo' ? () => import('@hearth/adapter-memory/demo-seed').then((m) => m.demoSeed) : memory.seed || undefined;
  const adapter = createMemoryAdapter({
    ...(persist !== false && { persist: { key: typeof persist === 'string' ? persist : DEFAULT_MEMORY_KEY } }),
    ...(seed && { seed }),
  });
  memoryClient = createCommunityClient({ adapter, viewer: viewer ?? readGuest() });
  appliedViewer.set(memoryClient, viewer);
  return memoryClient;
}
