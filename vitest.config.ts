import { defineConfig } from 'vitest/config';
import { guidePlugin } from './web/guides.js';

export default defineConfig({
  // The explorer's view definitions import their guides (docs/explorer/*.md) through this plugin.
  plugins: [guidePlugin()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
