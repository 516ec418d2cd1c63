import { defineConfig } from 'tsup';
import { connectorBuildConfig } from '../../tsup.connector.js';

/**
 * The connector, plus the delivery check's command (`bin` in package.json, run by
 * `npx @seedworks/connector-smtp doctor`), bundled the same way so it runs after `npm i`.
 */
export default defineConfig({
  ...(connectorBuildConfig as object),
  entry: { index: 'src/index.ts', bin: 'src/doctor/bin.ts' },
  // Each file whole, as lib/index.js was before the command existed: Logto loads that one file.
  splitting: false,
});
