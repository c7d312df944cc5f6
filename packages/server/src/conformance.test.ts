import { describe } from 'vitest';
import { runAdapterConformance } from '@hearth/adapter-testkit';
import { createHttpAdapter } from '@hearth/adapter-http';
import { memberToken, serverFor, testCommunity } from './test-server.js';

// The whole conformance kit through the HTTP adapter against this server: real sockets,
// real SSE, real SQL, once on PGlite and once on PostgreSQL. Each test gets a community of
// its own (with its own clock), which also proves that communities never see each other.
for (const kind of ['pglite', 'postgres'] as const) {
  describe(`on ${kind}`, async () => {
    // No webhook worker: the kit's endpoints (hooks.example.com) are for the log, not for sending;
    // webhooks/webhooks.test.ts sends to real receivers.
    const server = await serverFor(kind, { webhooks: false });
    let communities = 0;
    runAdapterConformance({
      name: `hearth server (${kind}) through adapter-http`,
      create: ({ clock, settings }) => {
        const id = `conformance-${++communities}`;
        server.hearth.addCommunity(testCommunity(id, settings ? { comments: settings } : {}), { clock });
        return createHttpAdapter({ endpoint: server.url, community: id });
      },
      viewer: async (claims) => ({ ...claims, token: await memberToken(claims) }),
    });
  });
}
