import { defineConfig } from 'tsup';

/**
 * `logto connector add` extracts the tarball without installing dependencies, so every
 * runtime dependency except the host's `@logto/connector-kit` is bundled into `lib/index.js`.
 * The kit stays external: Logto matches errors with `instanceof` against its own copy.
 */
export default defineConfig({
  entry: ['src/index.ts'],
  outDir: 'lib',
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  noExternal: ['got', 'zod'],
  external: ['@logto/connector-kit'],
  // Bundled CommonJS code may call `require` for Node built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
