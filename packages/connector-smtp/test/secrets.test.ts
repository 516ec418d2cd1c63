import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import {
  smtpConfigFor,
  startScriptedSmtpServer,
  startTestSmtpServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { expectConnectorError, expectHiddenCause } from '@seedworks/test-fixtures/connector-error';
import { afterEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../src/delivery/logger.js';
import createConnector, { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';
import { secretRecorder } from './recorder.js';

const password = 'Pa55-word-never-logged';
const accessToken = 'ya29.access-token-never-logged';

const lines: string[] = [];
const servers: TestSmtpServer[] = [];

afterEach(async () => {
  setLogSink(undefined);
  lines.length = 0;
  await closeSmtpTransports();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const record = () => setLogSink((_level, line) => lines.push(line));

const expectNoSecret = (secret: string) => {
  const base64 = Buffer.from(secret).toString('base64');
  for (const line of lines) {
    expect(line).not.toContain(secret);
    expect(line).not.toContain(base64);
  }
};

describe('with logger and debug on, no credential reaches the log', () => {
  it.each(['PLAIN', 'LOGIN'])('AUTH %s', async (method) => {
    const server = await startTestSmtpServer({
      auth: { user: 'alice', pass: password },
      serverOptions: { authMethods: [method] },
    });
    servers.push(server);
    record();
    await send(smtpConfigFor(server, { auth: { user: 'alice', pass: password }, logger: true, debug: true }));
    expect(lines.some((line) => line.includes('AUTH'))).toBe(true);
    expectNoSecret(password);
  });

  it('XOAUTH2', async () => {
    const server = await startTestSmtpServer({ auth: { user: 'alice@example.com', accessToken } });
    servers.push(server);
    record();
    await send(
      smtpConfigFor(server, {
        auth: { type: 'oauth2', user: 'alice@example.com', accessToken, expires: Date.now() + 60_000 },
        logger: true,
        debug: true,
      }),
    );
    expect(lines.some((line) => line.includes('XOAUTH2'))).toBe(true);
    expectNoSecret(accessToken);
  });

  it('a failed login: neither the log nor the error carries the password', async () => {
    const server = await startTestSmtpServer({ auth: { user: 'alice', pass: 'the-right-one' } });
    servers.push(server);
    record();
    const error = await expectConnectorError(
      send(smtpConfigFor(server, { auth: { user: 'alice', pass: password }, logger: true, debug: true })),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the login/,
    );
    expectNoSecret(password);
    expect(JSON.stringify(error.data)).not.toContain(password);
    expect(error.message).not.toContain(password);
    // nodemailer's own error stays as a hidden `cause` for server logs: the reply, not the credentials.
    const cause = expectHiddenCause(error, { secrets: [password], mentions: [/535/] });
    expect((cause as { responseCode?: number }).responseCode).toBe(535);
  });
});

describe('with logger and debug on, no message content reaches the log', () => {
  it('no code, link or name, while the SMTP transcript stays', async () => {
    const server = await startTestSmtpServer();
    servers.push(server);
    record();
    const code = '482913';
    const link = 'https://auth.example.com/magic/Zq8x-one-time-token';
    await send(smtpConfigFor(server, { logger: true, debug: true, templates: [] }), {
      type: TemplateType.OrganizationInvitation,
      payload: { code, link, inviter: { name: 'Ines Inviter' }, organization: { name: 'Globex' } },
    });
    const [message] = await server.waitForMessages(1);
    // The message did carry them: the log left them out.
    expect(message!.parsed.text).toContain(link);
    expect(lines.some((line) => /MAIL FROM/.test(line))).toBe(true);
    expect(lines.some((line) => /bytes encoded mime message/.test(line))).toBe(true);
    for (const secret of [code, link, 'Zq8x-one-time-token', 'Ines Inviter']) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });

  it('a server echoing the AUTH PLAIN response back: masked in the log and in the error', async () => {
    const blob = Buffer.from(`\u0000alice\u0000${password}`).toString('base64');
    const echoing = await startScriptedSmtpServer(({ verb, line }) =>
      verb === 'EHLO'
        ? '250-echo.test\r\n250 AUTH PLAIN'
        : verb === 'AUTH'
          ? `535 5.7.8 Bad credentials: ${line.split(' ').pop()}`
          : undefined,
    );
    record();
    const error = await expectConnectorError(
      send({
        ...smtpConfigFor(echoing),
        auth: { user: 'alice', pass: password },
        logger: true,
        debug: true,
      }),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the login/,
    );
    await echoing.close();
    expect(lines.some((line) => line.includes('535'))).toBe(true);
    expect(lines.filter((line) => line.includes(blob))).toEqual([]);
    expectHiddenCause(error, { secrets: [blob, password], mentions: [/535/] });
  });
});

describe('the suite-wide recorder (setup.ts)', () => {
  it('records each ConnectorError the connector raises, even one no test inspects', async () => {
    const before = secretRecorder.counts.errors;
    const connector = await createConnector({ getConfig: async () => ({ host: 42 }) });
    await connector
      .sendMessage({ to: 'user@example.com', type: TemplateType.SignIn, payload: { code: '1' } })
      .catch(() => undefined);
    // The detailed error for Logto's log, and the plain one its caller gets (end-user-error.ts).
    expect(secretRecorder.counts.errors - before).toBe(2);
  });
});
