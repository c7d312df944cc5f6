// Lints every workspace package as it would be published (exports, types, files).
// Needs `npm run build` first: it checks the files the exports point at exist.
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { workspacePackages } from '../rollup.config.mjs';

let problems = 0;
for (const dir of workspacePackages()) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const { messages } = await publint({ pkgDir: dir, level: 'suggestion', strict: true });
  for (const message of messages) console.log(`${pkg.name}: [${message.type}] ${formatMessage(message, pkg)}`);
  problems += messages.filter((m) => m.type !== 'suggestion').length;
  if (!messages.length) console.log(`${pkg.name}: ok (${relative(process.cwd(), dir)})`);
}
if (problems) process.exit(1);
