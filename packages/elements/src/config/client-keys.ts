import type { CommunityClient } from '@hearth/client';

/**
 * The server and community each client made by `getHttpClient` talks to (`<endpoint>
 * <community>`), so what a widget keeps per server (a guest session) is found under the key
 * of the client it really uses. Its own module, so reading it downloads no HTTP adapter.
 */
export const serverKeys = new WeakMap<CommunityClient, string>();
