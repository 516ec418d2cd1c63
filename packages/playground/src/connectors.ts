import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConnectorError, ConnectorErrorCodes, ConnectorType } from '@logto/connector-kit';
import type * as NaverPackage from '@seedworks/connector-naver';
import type * as SmtpPackage from '@seedworks/connector-smtp';

const nodeModules = fileURLToPath(new URL('../node_modules/', import.meta.url));

/**
 * Logto's probe: a `getConfig` that throws, and no other helpers
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/cli/src/connector/loader.ts).
 */
const notImplemented = async (): Promise<never> => {
  throw new ConnectorError(ConnectorErrorCodes.NotImplemented);
};

/**
 * Imports `<package dir>/lib/index.js`, the fixed path Logto's loader imports (it ignores `main` and
 * `exports`), then checks the default export the way Logto does before it accepts a connector:
 * a function that, called with a throwing `getConfig`, returns metadata, a config guard and a type.
 */
const loadBuilt = async <Module extends { default: unknown }>(
  name: string,
  type: ConnectorType,
): Promise<Module> => {
  // The workspace link in our node_modules is the package directory, as in Logto's connectors folder.
  const directory = await realpath(path.join(nodeModules, name));
  const entry = path.join(directory, 'lib', 'index.js');
  let module: Module;
  try {
    module = (await import(pathToFileURL(entry).href)) as Module;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(
        `${name} is not built (${entry} is missing): run \`pnpm build\` at the repository root.`,
      );
    }
    throw error;
  }
  if (typeof module.default !== 'function') {
    throw new TypeError(`${name}: lib/index.js has no default export function, so Logto would skip it.`);
  }
  const probe = (await module.default({ getConfig: notImplemented })) as Partial<Record<string, unknown>>;
  if (!probe.metadata || !probe.configGuard || probe.type !== type) {
    throw new TypeError(`${name}: the probed connector lacks metadata, configGuard or type ${type}.`);
  }
  return module;
};

/** The built SMTP and Naver packages, loaded and probed as Logto loads them. */
export const loadBuiltConnectors = async () => ({
  smtp: await loadBuilt<typeof SmtpPackage>('@seedworks/connector-smtp', ConnectorType.Email),
  naver: await loadBuilt<typeof NaverPackage>('@seedworks/connector-naver', ConnectorType.Social),
});

export type BuiltConnectors = Awaited<ReturnType<typeof loadBuiltConnectors>>;
