import { createCommunityClient, type CommunityClient } from '@hearth/client';
import type { BackendAdapter, Viewer } from '@hearth/protocol';
import { getPageConfig } from './configure.js';

/**
 * A widget's client as far as it can be told without waiting: the client, a promise for it,
 * or why there is none, named by the message that explains it.
 */
export type ClientResolution = CommunityClient | Promise<CommunityClient> | 'configMissing';

/** What a widget was told on its own (its properties and attributes). */
export interface ClientRequest {
  client?: CommunityClient | null | undefined;
  adapter?: string | null | undefined;
  endpoint?: string | null | undefined;
}

// Clients Hearth built itself; only these follow `configure({ viewer })`.
const adapterClients = new WeakMap<BackendAdapter, CommunityClient>();
// The page default's viewer each of those clients last took, so a guest's own name (set
// by a widget) is only replaced when configure({ viewer }) actually changes.
export const appliedViewer = new WeakMap<CommunityClient, Viewer | null | undefined>();

/**
 * Picks a widget's client: its own `client` property, then the page default's `client`,
 * then a client over the page default's `adapter`, then the shared memory backend when the
 * widget or the page asks for `'memory'`, then the HTTP adapter for the widget's `endpoint`
 * or the page's. Having none of these is an error the widget shows.
 */
export function resolveClient(request: ClientRequest): ClientResolution {
  const config = getPageConfig();
  const client = request.client ?? config.client;
  if (client) return client;
  if (config.adapter && config.adapter !== 'memory') return clientForAdapter(config.adapter);
  if (request.adapter === 'memory' || (!request.adapter && !request.endpoint && config.adapter === 'memory')) {
    // Its setup is needed only with the memory backend, so it downloads alongside that.
    return import('./memory-client.js').then((m) => m.getMemoryClient());
  }
  const endpoint = request.endpoint || (!request.adapter && config.endpoint);
  // The CDN bundle has this module already; with npm it downloads with the HTTP adapter.
  if (endpoint) return import('./http-client.js').then((m) => m.getHttpClient(endpoint));
  return 'configMissing';
}

function clientForAdapter(adapter: BackendAdapter): CommunityClient {
  let client = adapterClients.get(adapter);
  if (!client) {
    const viewer = getPageConfig().viewer;
    client = createCommunityClient({ adapter, viewer: viewer ?? null });
    appliedViewer.set(client, viewer);
    adapterClients.set(adapter, client);
  } else {
    syncViewer(client, () => null);
  }
  return client;
}

/** Gives `client` the page default's viewer if that changed; `fallback` when it was cleared. */
export function syncViewer(client: CommunityClient, fallback: () => Viewer | null): void {
  const wanted = getPageConfig().viewer;
  if (appliedViewer.get(client) === wanted) return;
  appliedViewer.set(client, wanted);
  client.setViewer(wanted ?? fallback());
}
