import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by the Hearth server under /console/ (see the server's console
// route); workspace packages are read from their TypeScript source.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  resolve: { conditions: ['@hearth/source', 'browser', 'module', 'import', 'default'] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
