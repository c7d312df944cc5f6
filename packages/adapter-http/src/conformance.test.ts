import { server, useServer } from './test-support.js';
import { runAdapterConformance } from '@hearth/adapter-testkit';
import { createMemoryAdapter } from '@hearth/adapter-memory';
import { createHttpAdapter } from './index.js';
import { serveBinding, testToken } from './test-memory-server.js';

useServer();

let servers = 0;

// The whole conformance suite through fetch, JSON and SSE, against the binding served from
// a memory adapter: what the kit proves of the engine, this proves survives the wire.
runAdapterConformance({
  name: 'http (over a memory backend)',
  create: ({ clock, settings }) => {
    const backend = createMemoryAdapter({ clock, settings });
    const base = `https://conformance-${++servers}.test`;
    server.use(...serveBinding(backend, base));
    return createHttpAdapter({ endpoint: base, capabilities: { uploads: backend.capabilities.uploads, webhooks: backend.capabilities.webhooks, access: backend.capabilities.access } });
  },
  viewer: (claims) => ({ ...claims, token: testToken(claims) }),
});
