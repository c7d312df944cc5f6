import { defineConfig } from 'vitest/config';

// Node-only packages run here; everything that touches the DOM runs in Chromium
// through web-test-runner (web-test-runner.config.mjs).
export default defineConfig({
  resolve: { conditions: ['@hearth/source'] },
  ssr: { resolve: { conditions: ['@hearth/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'scripts/**/*.test.mjs', 'examples/**/*.test.mjs'],
    exclude: ['packages/elements/**', '**/node_modules/**'],
  },
});
