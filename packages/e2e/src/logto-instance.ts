import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const e2eRoot = path.resolve(import.meta.dirname, '..');

/** The real directory of one of this package's dependencies (pnpm links each under node_modules). */
export const packageDirectory = (name: string) => realpath(path.join(e2eRoot, 'node_modules', name));

/**
 * A temporary Logto instance layout: `packages/core/connectors/` for connectors and
 * `packages/core/node_modules/@logto/connector-kit` for the host's kit, which is all a connector
 * can resolve in the official image besides core's own direct dependencies.
 */
export const createLogtoInstance = async () => {
  const instancePath = await mkdtemp(path.join(tmpdir(), 'logto-instance-'));
  const coreModules = path.join(instancePath, 'packages', 'core', 'node_modules', '@logto');
  await mkdir(coreModules, { recursive: true });
  // The host kit: the copy @logto/cli itself uses, as in Logto's workspace.
  const cliPackage = path.join(await packageDirectory('@logto/cli'), 'package.json');
  const cliKit = path.dirname(createRequire(cliPackage).resolve('@logto/connector-kit/package.json'));
  await symlink(cliKit, path.join(coreModules, 'connector-kit'), 'dir');
  const connectorsPath = path.join(instancePath, 'packages', 'core', 'connectors');
  await mkdir(connectorsPath, { recursive: true });
  return {
    instancePath,
    connectorsPath,
    hostKitPath: cliKit,
    remove: () => rm(instancePath, { recursive: true, force: true }),
  };
};

/**
 * `npm pack` of a workspace package into `destination`, renamed `connector-….tgz`: `logto
 * connector add` prefixes any other local file name with `connector-`, which breaks the path.
 */
export const packConnector = async (name: string, destination: string): Promise<string> => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: await packageDirectory(name),
  });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const renamed = path.join(
    destination,
    `connector-${path.basename(filename).replace(/^seedworks-connector-/, '')}`,
  );
  await rename(path.join(destination, path.basename(filename)), renamed);
  return renamed;
};

/**
 * Puts an official connector in the way Logto's Dockerfile does (`logto connector link`): a
 * symlink to the package, which keeps its own `node_modules`.
 */
export const linkOfficialConnector = async (connectorsPath: string, name: string) => {
  const target = await packageDirectory(name);
  const linkPath = path.join(connectorsPath, name.replace('/', '-'));
  if (!existsSync(linkPath)) {
    await symlink(target, linkPath, 'dir');
  }
};
