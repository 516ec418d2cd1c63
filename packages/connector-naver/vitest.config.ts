import { defineProject } from 'vitest/config';
import packageJson from './package.json' with { type: 'json' };

export default defineProject({
  // As the build does (tsup.connector.ts): `packageVersion` is package.json's version.
  define: { __PACKAGE_VERSION__: JSON.stringify(packageJson.version) },
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
