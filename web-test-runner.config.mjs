import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

// Debian's Chromium (installed by scripts/ensure-chromium.mjs); we never download a browser.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  files: ['packages/*/src/**/*.test.ts', '!packages/{protocol,engine,adapter-memory,adapter-http,adapter-testkit,client,server,console}/**'],
  nodeResolve: { exportConditions: ['@hearth/source', 'browser', 'development'] },
  plugins: [
    // msw's service worker must be served from the site root to control the test pages.
    {
      name: 'msw-worker',
      async serve(context) {
        if (context.path !== '/mockServiceWorker.js') return undefined;
        const body = await readFile(fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js')), 'utf8');
        return { body, type: 'js' };
      },
    },
    // Dependencies (query-core) read process.env.NODE_ENV, which browsers do not have.
    {
      name: 'node-env',
      transform(context) {
        if (context.response.is('js') && context.body.includes('process.env.NODE_ENV')) {
          return { body: context.body.replaceAll('process.env.NODE_ENV', '"development"') };
        }
        return undefined;
      },
    },
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          // Lets leak tests collect garbage on demand instead of hoping for memory pressure.
          '--js-flags=--expose-gc',
        ],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
