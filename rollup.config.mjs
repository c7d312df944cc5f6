// One factory for every package's bundles (the shape of Lit's rollup-common).
// Package builds keep modules as they are and leave dependencies external;
// the browser builds (CDN bundle, size check) inline everything a page needs.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { minifyHTMLLiterals } from 'minify-literals';
import esbuild, { minify } from 'rollup-plugin-esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
export const SOURCE_CONDITION = '@hearth/source';
const tsconfig = join(root, 'tsconfig.json');

/** The workspace packages in dependency order (the order of package.json's workspaces). */
export function workspacePackages() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces.map((dir) => resolve(root, dir));
}

function readPackage(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Source entry points of a package, taken from its exports map. */
export function sourceEntries(dir) {
  const pkg = readPackage(dir);
  const entries = {};
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const source = typeof target === 'object' ? target[SOURCE_CONDITION] : undefined;
    if (!source) continue;
    const name = subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replace(/\.js$/, '');
    entries[name] = resolve(dir, source);
  }
  return entries;
}

/** ESM build of one workspace package: one output module per source module, deps external. */
export function packageConfig(dir) {
  const pkg = readPackage(dir);
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
  const external = (id) => id.startsWith('node:') || deps.some((dep) => id === dep || id.startsWith(`${dep}/`));
  return {
    input: sourceEntries(dir),
    external,
    plugins: [esbuild({ tsconfig, target: 'es2022' })],
    output: {
      dir: join(dir, 'dist'),
      format: 'esm',
      preserveModules: true,
      preserveModulesRoot: join(dir, 'src'),
      entryFileNames: '[name].js',
      sourcemap: true,
    },
    onwarn,
  };
}

/**
 * A browser build that inlines every dependency, minified, for a page to load directly.
 * Dynamic imports (the memory adapter and engine) stay separate, lazily loaded chunks.
 */
export function browserConfig({ input, outDir }) {
  return {
    input,
    // Lets the lazy chunks import what they share straight from the entry file instead of
    // rollup moving it into a second eager file the entry merely re-exports.
    preserveEntrySignatures: 'allow-extension',
    plugins: [
      nodeResolve({ exportConditions: [SOURCE_CONDITION, 'browser', 'production'], browser: true }),
      // Dependencies (query-core) read process.env.NODE_ENV, which browsers do not have.
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      esbuild({ tsconfig, target: 'es2022' }),
      minifyTemplates(),
      minify({ target: 'es2022', legalComments: 'none' }),
    ],
    output: {
      dir: outDir,
      format: 'esm',
      entryFileNames: '[name].js',
      // Content hashes only: every chunk's name is spelled out in the import() calls of the
      // eager entry, whose size is budgeted. Sourcemaps carry the module names.
      chunkFileNames: 'chunks/[hash].js',
      sourcemap: true,
    },
    onwarn,
  };
}

/**
 * Collapses the whitespace inside our own html`` and css`` templates, which a JS
 * minifier must leave alone; a third of the widget's styles are indentation.
 */
function minifyTemplates() {
  return {
    name: 'hearth-minify-templates',
    async transform(code, id) {
      if (!id.startsWith(join(root, 'packages')) || !/\b(html|css)`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id });
      return result && { code: result.code, map: result.map };
    },
  };
}

function onwarn(warning, warn) {
  // Lit and query-core ship `this` at module top level in places; harmless in ESM.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  // Third-party annotations and cycles inside dependencies are theirs to keep.
  const inDeps = (id) => typeof id === 'string' && id.includes('node_modules');
  if (warning.code === 'INVALID_ANNOTATION' && inDeps(warning.id)) return;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every(inDeps)) return;
  warn(warning);
}

const elements = join(root, 'packages/elements');

/** The CDN bundle: one script that registers every element. */
export function cdnConfig({ outDir = join(elements, 'dist/cdn') } = {}) {
  return browserConfig({ input: { hearth: join(elements, 'src/hearth.ts') }, outDir });
}

// `rollup -c` builds every package and the CDN bundle; PKG=<name> narrows it to one package.
export default () => {
  const only = process.env.PKG;
  const dirs = workspacePackages().filter((dir) => !only || relative(join(root, 'packages'), dir) === only);
  const configs = dirs.map(packageConfig);
  if (!only || only === 'elements') configs.push(cdnConfig());
  return configs;
};
