// `npm run size`: builds what a production page loads and prints gzip sizes against
// budgets. Exits non-zero when an eager entry is over its budget.
//
// An entry's eager size is its chunk plus every chunk it imports statically: what the
// page must download before the element can render. Chunks reached only through
// dynamic import() (the memory adapter and engine) load lazily and are printed apart.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { rollup } from 'rollup';
import { browserConfig } from '../rollup.config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = (path) => join(root, 'packages/elements/src', path);
const KB = 1024;

const targets = [
  { label: 'comments entry (comments/define.js)', input: { comments: src('comments/define.ts') }, budget: 28 * KB },
  { label: 'CDN bundle (hearth.js)', input: { hearth: src('hearth.ts') }, budget: 32 * KB },
];
const LAZY_BUDGET = 32 * KB;

const gz = (code) => gzipSync(code, { level: 9 }).length;
const fmt = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

// `--why` attributes each eager entry's gzip size to packages, in proportion to each
// module's minified size: an estimate for deciding what to slim, not a measurement.
const why = process.argv.includes('--why');

async function attribute(chunks, names, total) {
  const parts = new Map();
  for (const name of names) {
    for (const [id, module] of Object.entries(chunks.get(name).modules)) {
      if (!module.code) continue;
      const { code } = await transform(module.code, { minify: true, format: 'esm', loader: 'js' });
      const inDeps = id.split('node_modules/')[1];
      const key = inDeps
        ? inDeps.split('/').slice(0, inDeps.startsWith('@') ? 2 : 1).join('/')
        : id.slice(root.length).replace(/^packages\/([^/]+)\/src\/([^/]+\/)?.*$/, '@hearth/$1 $2').trim();
      parts.set(key, (parts.get(key) ?? 0) + code.length);
    }
  }
  const sum = [...parts.values()].reduce((a, b) => a + b, 0);
  for (const [key, bytes] of [...parts].sort((a, b) => b[1] - a[1])) {
    console.log(`    ${fmt((total * bytes) / sum).padStart(9)}  ${key}`);
  }
}

let failed = false;
const rows = [];
for (const target of targets) {
  const config = browserConfig({ input: target.input, outDir: join(root, 'node_modules/.cache/hearth-size') });
  const bundle = await rollup(config);
  const { output } = await bundle.generate({ ...config.output, sourcemap: false });
  await bundle.close();
  const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const entry = output.find((o) => o.type === 'chunk' && o.isEntry);

  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const dep of chunks.get(name).imports) visit(dep);
  };
  visit(entry.fileName);
  // Gzip the eager chunks as one stream: what a page pays is close to that with HTTP/2.
  const eagerSize = gz([...eager].map((n) => chunks.get(n).code).join('\n'));
  if (why) {
    console.log(`${target.label}: ${fmt(eagerSize)} gzip, by part (estimated)`);
    await attribute(chunks, eager, eagerSize);
  }
  const lazy = [...chunks.values()].filter((c) => !eager.has(c.fileName));
  const lazySize = lazy.length ? gz(lazy.map((c) => c.code).join('\n')) : 0;
  const over = eagerSize > target.budget;
  failed ||= over;
  rows.push([target.label, fmt(eagerSize), `≤ ${fmt(target.budget)}`, over ? 'OVER' : 'ok']);
  if (lazy.length) {
    const lazyOver = lazySize > LAZY_BUDGET;
    failed ||= lazyOver;
    const names = lazy.map((c) => c.name).join(', ');
    rows.push([`  + lazy (${names})`, fmt(lazySize), `≤ ${fmt(LAZY_BUDGET)}`, lazyOver ? 'OVER' : 'ok']);
  }
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log('gzip sizes (level 9)');
for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
if (failed) {
  console.error('size: over budget');
  process.exit(1);
}
