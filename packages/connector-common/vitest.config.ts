import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'connector-common',
    include: ['src/**/*.test.ts'],
  },
});
