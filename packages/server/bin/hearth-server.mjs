#!/usr/bin/env node
// The published package runs its build; a checkout of the Hearth repo without one builds
// the server from source first (scripts/server-bundle.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const bundler = fileURLToPath(new URL('../../../scripts/server-bundle.mjs', import.meta.url));
let cli;
if (existsSync(built)) cli = await import(pathToFileURL(built).href);
else if (existsSync(bundler)) cli = await import(pathToFileURL(await (await import(pathToFileURL(bundler).href)).bundleServer('cli.ts')).href);
else throw new Error('hearth-server: dist/cli.js is missing; run `npm run build` first.');
await cli.main();
