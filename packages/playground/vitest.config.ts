import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'playground',
    include: ['test/**/*.test.ts'],
    // The browser test starts Chromium; the server tests start SMTP and mock Naver servers.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
