import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'connector-naver',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // nock discipline in one place: no real network, one reset after each test.
    setupFiles: ['test/setup.ts'],
    // Only the mock-Naver flow test opens real sockets; a leaked handle must fail the run, not hang it.
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
