#!/usr/bin/env node
// In a checkout of the Hearth repo the server is built from source first
// (scripts/server-bundle.mjs), so it never runs a stale build; the published package runs
// its dist/. Cluster workers reuse the build their primary made rather than each writing it.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const bundled = fileURLToPath(new URL('../node_modules/.cache/hearth-server/cli.mjs', import.meta.url));
const bundler = fileURLToPath(new URL('../../../scripts/server-bundle.mjs', import.meta.url));
let entry;
if (cluster.isWorker && existsSync(bundled) && existsSync(bundler)) entry = bundled;
else if (existsSync(bundler)) entry = await (await import(pathToFileURL(bundler).href)).bundleServer('cli.ts');
else if (existsSync(built)) entry = built;
else throw new Error('hearth-server: dist/cli.js is missing; run `npm run build` first.');
const cli = await import(pathToFileURL(entry).href);
await cli.main();
