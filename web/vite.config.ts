/**
 * Vite build of the explorer: web/ is the root, the library is imported
 * from ../src (TypeScript with `.js` specifiers, resolved by Vite), the
 * worker is bundled as an ES module chunk, and output goes to web/dist with
 * relative URLs so the build can be served from any path. Guides
 * (docs/explorer/*.md) are rendered to HTML at build time (guides.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { guidePlugin } from './guides.js';

const CROSS_ORIGIN_ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [guidePlugin()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  // Cross-origin isolation (SharedArrayBuffer, shared WebAssembly memory): the worker's matmul then uses both cores.
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] }, headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
});
