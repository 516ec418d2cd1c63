import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'tsup';

/** The version of the package being built (`pnpm run build` runs tsup in the package's folder). */
const packageVersion: string = JSON.parse(readFileSync(resolve('package.json'), 'utf8')).version;

/**
 * Build of a published connector. `logto connector add` extracts the tarball without installing
 * dependencies, so every runtime dependency except the host's `@logto/connector-kit` is bundled
 * into `lib/index.js`. The kit stays external: Logto matches errors with `instanceof` against its
 * own copy, and checks the kit's version range from `dependencies`.
 */
export const connectorBuildConfig = defineConfig({
  entry: ['src/index.ts'],
  outDir: 'lib',
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  // Everything but the kit, whatever the dependency list says.
  noExternal: [/^(?!@logto\/connector-kit(\/|$)).*/],
  external: ['@logto/connector-kit'],
  // `__PACKAGE_VERSION__` in the source becomes the package.json version (the Naver User-Agent).
  define: { __PACKAGE_VERSION__: JSON.stringify(packageVersion) },
  // Bundled CommonJS code (got's and nodemailer's dependencies) may call `require` for Node built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
