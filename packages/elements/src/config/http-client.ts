import { createHttpAdapter } from '@hearth/adapter-http';
import { createCommunityClient, type CommunityClient } from '@hearth/client';
import { getPageConfig } from './configure.js';
import { appliedViewer, syncViewer } from './resolve-client.js';
import { serverKeys } from './client-keys.js';

// One client per server and community, shared by every widget pointed at it, so two widgets
// on a page read one cache and hold one event stream.
const clients = new Map<string, CommunityClient>();

/**
 * The client of every widget whose `endpoint` (or the page default's) names `endpoint`.
 * The CDN bundle carries this module and the HTTP adapter up front; with npm it downloads
 * the first time a widget is given an endpoint.
 */
export function getHttpClient(endpoint: string): CommunityClient {
  const { community, viewer } = getPageConfig();
  const base = new URL(endpoint, document.baseURI).href.replace(/\/+$/, '');
  const key = `${base} ${community ?? ''}`;
  let client = clients.get(key);
  if (client) {
    syncViewer(client, () => null);
    return client;
  }
  const adapter = createHttpAdapter({
    endpoint: base,
    ...(community && { community }),
    // Read when a token expires, so a later configure({ refreshToken }) is honoured.
    refreshToken: async () => (await getPageConfig().refreshToken?.()) ?? null,
  });
  client = createCommunityClient({ adapter, viewer: viewer ?? null });
  appliedViewer.set(client, viewer);
  serverKeys.set(client, key);
  clients.set(key, client);
  return client;
}
