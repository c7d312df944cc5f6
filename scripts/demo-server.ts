// The Hearth server behind `npm start`: PGlite in a data folder (or DATABASE_URL), one
// community `demo` seeded with the demo content on first start, and `/demo/token` so the
// demo page can sign in as its sample members. Bundled by scripts/server-bundle.mjs.
import { loadConfig, openDatabase, startServer, type CommunityConfig, type RunningServer } from '@hearth/server';
import { applySeed, demoSeed } from '@hearth/adapter-memory';

/** The demo community's id. */
export const DEMO_COMMUNITY = 'demo';

/** Starts the demo server from the environment (PORT, HEARTH_DATA_DIR, DATABASE_URL, REDIS_URL, ...). */
export async function startDemoServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer & { community: string; adminKey: string }> {
  const base = loadConfig({ env });
  const database = await openDatabase({ databaseUrl: base.databaseUrl, dataDir: base.dataDir });
  // Kept in the database, so demo tokens stay valid across restarts and instances.
  const secret = await database.sharedSecret('demo-signing');
  // The operator console's sign-in for the demo, printed at start (kept like the secret).
  const adminKey = await database.sharedSecret('demo-admin-key');
  const community: CommunityConfig = {
    id: DEMO_COMMUNITY,
    name: 'Hearth demo',
    auth: { secret, trustRole: true },
    guests: true,
    origins: ['*'],
    adminKeys: [{ name: 'Demo operator', key: adminKey }],
    settings: { guestPosting: true },
  };
  const store = database.storeFor(DEMO_COMMUNITY);
  // The last thread the seed writes: a start that stopped halfway through seeding seeds again.
  const seeded = (await store.getThreadByKey(demoSeed.threads.at(-1)!.key)) !== null;
  if (!seeded) await applySeed(store, demoSeed, { now: Date.now() });
  const config = { ...base, demo: true, communities: [community, ...base.communities.filter((c) => c.id !== 'default')] };
  let server: RunningServer;
  try {
    server = await startServer({ config, database });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.warn(`Port ${config.port} is taken; the Hearth server uses a free one.`);
    server = await startServer({ config: { ...config, port: 0 }, database });
  }
  return {
    ...server,
    community: DEMO_COMMUNITY,
    adminKey,
    async close(graceMs?: number) {
      await server.close(graceMs);
      await database.close();
    },
  };
}
