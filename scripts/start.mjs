// `npm start`: the Hearth server on its embedded PGlite database (data in .hearth-data/,
// kept across restarts; DATABASE_URL switches to PostgreSQL), seeded with the demo content,
// and the example pages on localhost talking to it. Ctrl+C shuts both down gracefully.
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import { build as buildWithVite } from 'vite';
import { cdnConfig } from '../rollup.config.mjs';
import { serveExamples } from './serve.mjs';
import { bundleServer } from './server-bundle.mjs';

const config = cdnConfig();
const bundle = await rollup(config);
await bundle.write(config.output);
await bundle.close();
// The operator console, which the server serves at /console/ from packages/console/dist.
await buildWithVite({ root: new URL('../packages/console/', import.meta.url).pathname, logLevel: 'warn' });

const { startDemoServer } = await import(pathToFileURL(await bundleServer(new URL('./demo-server.ts', import.meta.url).pathname)).href);
const hearth = await startDemoServer({ ...process.env, PORT: process.env.HEARTH_PORT ?? '8787' });
const backend = { endpoint: hearth.url, community: hearth.community };

const wanted = Number(process.env.PORT ?? 4173);
let server;
try {
  server = await serveExamples({ port: wanted, backend });
} catch (error) {
  if (error.code !== 'EADDRINUSE') throw error;
  console.warn(`Port ${wanted} is taken; using a free one.`);
  server = await serveExamples({ port: 0, backend });
}
console.log(`\nHearth server (${hearth.hearth.database.kind}): ${hearth.url}
Operator console:                                ${hearth.url}/console/?community=${hearth.community}
  (sign in with the demo admin key ${hearth.adminKey})
Hearth brand demo (every widget, on the server): ${server.url}brand/
Comments only (in-browser memory backend):       ${server.url}vanilla/
(Ctrl+C to stop)`);

const stop = async () => {
  server.close();
  await hearth.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
