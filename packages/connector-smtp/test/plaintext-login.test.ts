import { ConnectorErrorCodes } from '@logto/connector-kit';
import { type ScriptedSmtpServer, smtpConfigFor, startScriptedSmtpServer } from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../src/delivery/plaintext-login.js';
import { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';

/*
 * A login on `secure: false` needs STARTTLS, else a server (or anyone on the path) that offers
 * none would read AUTH PLAIN in clear. The server here offers no STARTTLS. Only a host *written*
 * as loopback is exempt; `127.1` stands for a name that merely resolves to loopback: it is no IP
 * literal to Node (`net.isIP('127.1')` is 0), so nodemailer resolves it, and getaddrinfo reads
 * it as 127.0.0.1 (inet_aton's short form).
 */
const resolvesToLoopback = '127.1';

let server: ScriptedSmtpServer;
const verbs: string[] = [];

beforeAll(async () => {
  server = await startScriptedSmtpServer(({ verb }) => {
    verbs.push(verb);
    switch (verb) {
      case 'EHLO':
        return '250-plain.test\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN';
      case 'STARTTLS':
        return '502 5.5.1 Unrecognized command';
      case 'AUTH':
        return '235 2.7.0 Accepted';
      default:
        return undefined;
    }
  });
});
beforeEach(() => {
  verbs.length = 0;
});
afterAll(async () => {
  await closeSmtpTransports();
  await server.close();
});

const login = { auth: { user: 'app', pass: 'app-password-1' } };
const at = (host: string, overrides: Record<string, unknown> = {}) => ({
  ...smtpConfigFor(server),
  host,
  ...login,
  ...overrides,
});

describe('a login never crosses the network in clear unless the admin says so', () => {
  it('a server that does not offer STARTTLS never sees AUTH: InvalidConfig naming secure and requireTLS', async () => {
    await expectConnectorError(
      send(at(resolvesToLoopback)),
      ConnectorErrorCodes.InvalidConfig,
      /does not offer STARTTLS.*not sent.*port 465 with secure: true.*requireTLS: false/,
    );
    expect(verbs).toContain('STARTTLS');
    expect(verbs).not.toContain('AUTH');
    expect(verbs).not.toContain('MAIL');
  });

  it('requireTLS: false, set explicitly, logs in without TLS (the admin’s informed choice)', async () => {
    await send(at(resolvesToLoopback, { requireTLS: false }));
    expect(verbs).toContain('AUTH');
    expect(server.bodies).not.toHaveLength(0);
  });

  it.each(['127.0.0.1', 'localhost'])(
    'a host written as %s is exempt: nobody else is on that path',
    async (host) => {
      await send(at(host));
      expect(verbs).not.toContain('STARTTLS');
      expect(verbs).toContain('AUTH');
    },
  );

  it('without a login, a plain session is not upgraded by force (nothing secret to protect)', async () => {
    await send({ ...smtpConfigFor(server), host: resolvesToLoopback });
    expect(verbs).not.toContain('STARTTLS');
    expect(verbs).toContain('MAIL');
  });

  it('a fallback server follows the same rule with its own login', async () => {
    await expectConnectorError(
      send({
        ...smtpConfigFor(server),
        host: resolvesToLoopback,
        port: 1,
        fallbackServers: [{ host: resolvesToLoopback, port: server.port, ...login }],
      }),
      ConnectorErrorCodes.General,
      /STARTTLS|refused/,
    );
    expect(verbs).not.toContain('AUTH');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LocalHost.', true],
    ['127.0.0.1', true],
    ['127.12.0.9', true],
    ['::1', true],
    ['localhost.localdomain', false],
    ['127.0.0.1.nip.io', false],
    [resolvesToLoopback, false],
    ['10.0.0.5', false],
    ['0x7f000001', false],
    ['::ffff:10.0.0.1', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
