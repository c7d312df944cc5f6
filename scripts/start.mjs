// `npm start`: builds the CDN bundle, serves the examples on localhost and prints the URL.
import { rollup } from 'rollup';
import { cdnConfig } from '../rollup.config.mjs';
import { serveExamples } from './serve.mjs';

const config = cdnConfig();
const bundle = await rollup(config);
await bundle.write(config.output);
await bundle.close();

const wanted = Number(process.env.PORT ?? 4173);
let server;
try {
  server = await serveExamples({ port: wanted });
} catch (error) {
  if (error.code !== 'EADDRINUSE') throw error;
  console.warn(`Port ${wanted} is taken; using a free one.`);
  server = await serveExamples({ port: 0 });
}
console.log(`\nHearth brand demo (every widget): ${server.url}brand/\nComments only:                    ${server.url}vanilla/\n(Ctrl+C to stop)`);
