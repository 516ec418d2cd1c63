import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'logto-e2e',
    include: ['test/**/*.test.ts'],
    // One real Logto for the whole file: unpacking, PostgreSQL, seeding, connector install and core
    // start take ~20 s on 2 cores (more while other projects' tests run); each browser flow goes
    // through several page loads. Every wait inside is bounded on its own.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
