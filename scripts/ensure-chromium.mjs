// Browser tests run in Debian's Chromium. Install it with apt when it is missing;
// never download a browser build of our own (the machine reaches no such host).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const asRoot = process.getuid?.() === 0;
const run = (cmd, args) => {
  const [file, argv] = asRoot ? [cmd, args] : ['sudo', [cmd, ...args]];
  execFileSync(file, argv, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};
console.log(`Chromium not found at ${path}; installing Debian's chromium package…`);
try {
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
} catch (error) {
  console.error(`Could not install Chromium (${error.message}). Install it with: apt-get install -y chromium`);
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`Chromium still missing at ${path}. Set CHROMIUM_PATH to a Chromium binary.`);
  process.exit(1);
}
