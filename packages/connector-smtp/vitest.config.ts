import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'connector-smtp',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Real SMTP servers and sockets: a leaked handle must fail the run, not hang it.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
