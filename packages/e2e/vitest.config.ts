import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['test/**/*.test.ts'],
    // Packing and extracting tarballs with npm takes a few seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
