// Builds the workspace package in the current directory: ESM modules with rollup
// (the shared factory in the root rollup.config.mjs) and .d.ts files with tsc.
// Run through `npm run build` at the root, which goes in dependency order so each
// package's declarations can point at the ones already built.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { cdnConfig, packageConfig } from '../rollup.config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.cwd();

rmSync(join(dir, 'dist'), { recursive: true, force: true });

const configs = [packageConfig(dir)];
if (basename(dir) === 'elements') configs.push(cdnConfig());
for (const config of configs) {
  const bundle = await rollup(config);
  await bundle.write(config.output);
  await bundle.close();
}

// The custom elements manifest (custom-elements.json, the package's "customElements"), read
// from the class JSDoc by scripts/cem.mjs; generated, never committed.
if (basename(dir) === 'elements') {
  const { writeManifest, elementsOf } = await import('./cem.mjs');
  const manifest = writeManifest(join(dir, 'custom-elements.json'));
  console.log(`wrote ${relative(root, join(dir, 'custom-elements.json'))} (${elementsOf(manifest).length} elements)`);
}

// Declarations resolve sibling packages through their built `types`, not their source.
const tmp = join(dir, 'dist', '.tsconfig.build.json');
mkdirSync(join(dir, 'dist'), { recursive: true });
writeFileSync(
  tmp,
  JSON.stringify({
    extends: relative(join(dir, 'dist'), join(root, 'tsconfig.json')),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      declarationMap: true,
      outDir: '.',
      rootDir: '../src',
      customConditions: [],
      // Only the server runs on Node; every other package must build without Node's types.
      types: basename(dir) === 'server' ? ['node'] : [],
    },
    include: ['../src/**/*.ts'],
    exclude: ['../src/**/*.test.ts', '../src/**/test-*.ts', '../src/test-support/**'],
  }),
);
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tmp], { stdio: 'inherit' });
rmSync(tmp);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
console.log(`built ${relative(root, dir)}`);
