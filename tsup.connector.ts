import { defineConfig } from 'tsup';

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
  // Bundled CommonJS code (got's and nodemailer's dependencies) may call `require` for Node built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
