import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import {
  startTestSmtpServer,
  startTokenServer,
  type TestSmtpServer,
  type TestSmtpServerOptions,
  type TokenServer,
  type TokenServerOptions,
} from '@seedworks/test-fixtures';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { clearAccessTokens } from '../src/delivery/oauth2/oauth2-token.js';
import { closeSmtpTransports } from '../src/index.js';
import { secretRecorder } from './recorder.js';

/**
 * Registers an `afterEach` that closes the connector's pooled transports, then every server the
 * returned `track` was given during the test. Call once at the top of a test file.
 *
 * @param alsoAfterEach Runs first, e.g. to clear a token cache.
 */
export const closeServersAfterEach = (alsoAfterEach?: () => void) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await closeSmtpTransports();
    alsoAfterEach?.();
    await Promise.all(cleanups.splice(0).map((close) => close()));
  });
  return <T extends { close: () => Promise<void> }>(server: T): T => {
    cleanups.push(server.close);
    return server;
  };
};

/**
 * One real test SMTP server for a whole test file, its messages cleared before each test; the
 * connector's transports and the server are closed after the file. Read the server through the
 * returned function (it starts in `beforeAll`).
 */
export const fileSmtpServer = (options?: TestSmtpServerOptions): (() => TestSmtpServer) => {
  let server: TestSmtpServer | undefined;
  beforeAll(async () => {
    server = await startTestSmtpServer(options);
  });
  beforeEach(() => {
    server!.messages.length = 0;
  });
  afterAll(async () => {
    await closeSmtpTransports();
    await server?.close();
  });
  return () => server!;
};

/** A loopback port nothing listens on (bound, then released), for "connection refused". */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

/**
 * Token endpoint stand-ins for OAuth2 tests: `startTokens` starts one; after each test the token
 * cache is cleared, the tokens it issued join the secret recorder, and it is closed with the rest.
 */
export const tokenServersClosedAfterEach = () => {
  let tokenServers: TokenServer[] = [];
  const track = closeServersAfterEach(() => {
    clearAccessTokens();
    for (const server of tokenServers) {
      secretRecorder.addSecrets(server.issued);
    }
    tokenServers = [];
  });
  const startTokens = async (options: TokenServerOptions = {}) => {
    const server = track(await startTokenServer(options));
    tokenServers.push(server);
    return server;
  };
  return { track, startTokens };
};

/**
 * A real SMTP server with STARTTLS and a login as `alice`, counting every MAIL FROM it is sent:
 * the delivery check must never send one.
 *
 * @param track The `track` of {@link closeServersAfterEach}, which closes it after the test.
 */
export const startLoginServer = async (
  track: ReturnType<typeof closeServersAfterEach>,
  password: string,
  options: Parameters<typeof startTestSmtpServer>[0] = {},
) => {
  const mailFrom = { count: 0 };
  const server = track(
    await startTestSmtpServer({
      starttls: true,
      auth: { user: 'alice', pass: password },
      onMailFrom: () => {
        mailFrom.count += 1;
      },
      ...options,
    }),
  );
  return { server, mailFrom };
};
