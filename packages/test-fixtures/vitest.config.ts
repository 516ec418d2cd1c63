import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'test-fixtures',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
