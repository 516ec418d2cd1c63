import { defineConfig } from 'vitest/config';

/**
 * One Vitest project per workspace package: each package keeps its own
 * `vitest.config.ts` (environment, timeouts, setup files), and `pnpm test`
 * at the root runs them all.
 */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts'],
  },
});
