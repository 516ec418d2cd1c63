import { ConnectorError, ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import {
  smtpConfigFor,
  smtpReply,
  startScriptedSmtpServer,
  startTestSmtpServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink } from '../src/delivery/logger.js';
import createConnector, { closeSmtpTransports } from '../src/index.js';
import { freePort } from './servers.js';

/*
 * Logto returns a ConnectorError's `data` to whoever called its API: for a sign-in code, that is
 * the sign-in page and whoever scripts it. Those errors name no host, port or server reply; the
 * admin finds them in Logto's log, and the Console's send test shows them.
 */

let server: TestSmtpServer;
const logLines: string[] = [];
beforeAll(async () => {
  server = await startTestSmtpServer({
    onRcptTo: (address) => {
      if (address.address.startsWith('gone')) {
        throw smtpReply(550, '5.1.1 <gone@example.com> mailbox gone on mx7.internal.corp');
      }
    },
  });
  setLogSink((_level, line) => logLines.push(line));
});
afterEach(() => {
  logLines.length = 0;
});
afterAll(async () => {
  setLogSink(undefined);
  await closeSmtpTransports();
  await server.close();
});

const internalHost = 'smtp-internal.corp.local';

/** What the sign-in page's API call answers with: Logto's body is `{ code, message, data }`. */
const callerSees = async (config: unknown, to = 'user@example.com') => {
  const connector = await createConnector({ getConfig: async () => config });
  const error = await connector
    .sendMessage({ to, type: TemplateType.SignIn, payload: { code: '123456' } })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(ConnectorError);
  const { code, data, message } = error as ConnectorError;
  return { code, body: JSON.stringify({ code, data, message }) };
};

describe("a sign-in's error names nothing internal", () => {
  it('every server failing: no host, port or fallback label, and the details go to the log', async () => {
    const closedPort = await freePort();
    const { code, body } = await callerSees({
      ...smtpConfigFor({ host: '127.0.0.1', port: closedPort }),
      fallbackServers: [{ host: internalHost, port: 2525 }],
    });
    expect(code).toBe(ConnectorErrorCodes.General);
    expect(body).toMatch(/could not be sent.*administrator/);
    for (const internal of [internalHost, '2525', String(closedPort), '127.0.0.1', 'fallback', 'primary']) {
      expect(body).not.toContain(internal);
    }
    expect(logLines.join('\n')).toMatch(
      new RegExp(`fallback 1 \\(${internalHost}:2525\\).*could not be resolved`),
    );
  });

  it('a refused login keeps its code (and HTTP status) but not the server or the reply', async () => {
    const guarded = await startTestSmtpServer({ auth: { user: 'app', pass: 'right-password' } });
    const { code, body } = await callerSees(
      smtpConfigFor(guarded, { auth: { user: 'app', pass: 'wrong-password' } }),
    );
    await guarded.close();
    expect(code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(body).not.toMatch(/535|127\.0\.0\.1|login/);
    expect(logLines.join('\n')).toMatch(/rejected the login \(535/);
  });

  it('a recipient the server refuses for good: the user is told to check the address, no server text', async () => {
    const { body } = await callerSees(smtpConfigFor(server), 'gone@example.com');
    expect(body).toMatch(/refused this email address/);
    expect(body).not.toMatch(/mx7|internal|550/);
  });

  it('a send whose outcome is unknown (no reply to the whole message, twice) tells the user to check the inbox', async () => {
    const silent = await startScriptedSmtpServer(({ verb }) => (verb === '.' ? 'close' : undefined));
    const { body } = await callerSees(smtpConfigFor(silent, { socketTimeout: 2000 }));
    await silent.close();
    expect(body).toMatch(/may have been sent.*Check your inbox/);
    expect(body).not.toMatch(/127\.0\.0\.1|no reply/);
    expect(silent.bodies).toHaveLength(2);
  });

  it('the recipient check speaks to the user directly (its words name nothing internal)', async () => {
    const { code, body } = await callerSees(smtpConfigFor(server), '"ceo@victim.test@"<attacker@evil.test>');
    expect(code).toBe(ConnectorErrorCodes.InvalidRequestParameters);
    expect(body).toMatch(/not a plain email address/);
  });

  it("the Console's send test (the unsaved config) keeps the full description for the admin", async () => {
    const connector = await createConnector({
      getConfig: async () => {
        throw new Error('not used by the send test');
      },
    });
    const closedPort = await freePort();
    const error = await connector
      .sendMessage(
        { to: 'admin@example.com', type: TemplateType.Generic, payload: { code: '1' } },
        smtpConfigFor({ host: '127.0.0.1', port: closedPort }),
      )
      .then(
        () => undefined,
        (caught: unknown) => caught as ConnectorError,
      );
    expect(JSON.stringify(error?.data)).toMatch(new RegExp(`127\\.0\\.0\\.1:${closedPort} was refused`));
  });
});
