import { ConnectorErrorCodes } from '@logto/connector-kit';
import {
  type ScriptedAction,
  type SmtpScript,
  smtpConfigFor,
  startScriptedSmtpServer,
  startTestSmtpServer,
  startTokenServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { expectConnectorError, expectHiddenCause } from '@seedworks/test-fixtures/connector-error';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { smtpConfigGuard } from '../src/config/types.js';
import { resetFailover, setFailoverPolicy, settleFailoverChecks } from '../src/delivery/breaker.js';
import { movesToNextServer } from '../src/delivery/failover.js';
import { setLogSink } from '../src/delivery/logger.js';
import { setRetryPolicy } from '../src/delivery/retry.js';
import { send } from './helpers.js';
import { closeServersAfterEach, freePort } from './servers.js';

/** Retries without back-off (retry.ts's test seam): the cases count attempts, not waiting. */
const retryDelays = [0, 0];
beforeAll(() => setRetryPolicy({ delays: retryDelays, budgetMs: 60_000 }));
afterAll(() => setRetryPolicy());

/** Small timeouts so a silent server settles quickly; the greeting one is what a silent primary costs. */
const timeouts = { connectionTimeout: 400, greetingTimeout: 300, socketTimeout: 600 };

const track = closeServersAfterEach();
const logLines: string[] = [];
beforeEach(() => {
  // A cooldown longer than any test: a skipped server stays skipped unless a test shortens it.
  setFailoverPolicy({ cooldownMs: 60_000 });
  setLogSink((level, line) => logLines.push(`${level} ${line}`));
});
afterEach(async () => {
  await resetFailover();
  setFailoverPolicy();
  setLogSink(undefined);
  logLines.length = 0;
});

const fallbackPassword = 'fallback-Pa55word-secret';
const primaryPassword = 'primary-Pa55word-wrong';

/** A real server that takes mail for `backup` with the fallback's own password. */
const startFallback = async () =>
  track(await startTestSmtpServer({ auth: { user: 'backup', pass: fallbackPassword } }));

/** The config: `primary` at the top level, `fallback` as the one fallback server. */
const configWith = (
  primary: { host: string; port: number; cert?: string },
  fallback: TestSmtpServer | { host: string; port: number },
  primaryOverrides: Record<string, unknown> = {},
) =>
  smtpConfigFor(primary, {
    ...timeouts,
    ...primaryOverrides,
    fallbackServers: [
      { host: fallback.host, port: fallback.port, auth: { user: 'backup', pass: fallbackPassword } },
    ],
  });

/** A scripted primary: `greeting` on every connection, the script for every command. */
const startScriptedPrimary = async (
  script: SmtpScript,
  greeting: ScriptedAction | ((connection: number) => ScriptedAction) = '220 primary.test ESMTP',
) => track(await startScriptedSmtpServer(script, greeting));

/** The Message-ID header of a raw message body a scripted server received. */
const messageIdOf = (body: string | undefined) => /^Message-ID: (<[^>]+>)/im.exec(body ?? '')?.[1];

describe('a send moves to the fallback when the primary cannot take it', () => {
  it('primary refuses the connection: the fallback delivers, logged with the reason', async () => {
    const fallback = await startFallback();
    const primary = { host: '127.0.0.1', port: await freePort() };
    await send(configWith(primary, fallback), { payload: { code: 'via-fallback' } });

    const [message] = await fallback.waitForMessages(1);
    expect(message?.user).toBe('backup');
    expect(message?.parsed.text).toContain('via-fallback');
    expect(logLines.join('\n')).toMatch(
      new RegExp(
        `Delivered through fallback 1 \\(127\\.0\\.0\\.1:${fallback.port}\\)\\. primary \\(127\\.0\\.0\\.1:${primary.port}\\) failed: The connection to .* was refused`,
      ),
    );
  });

  it('primary never greets: one wait for its greeting, then the fallback delivers', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(() => undefined, 'hang');
    await send(configWith(primary, fallback));
    await fallback.waitForMessages(1);
    // No second wait on the same server: a new connection would most likely meet the same silence.
    expect(primary.connectionCount).toBe(1);
  });

  it('primary answers 421 on every connection: retried as retry.ts does, then the fallback delivers', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(() => undefined, '421 4.3.2 Service not available');
    await send(configWith(primary, fallback));
    await fallback.waitForMessages(1);
    expect(primary.connectionCount).toBe(retryDelays.length + 1);
  });

  it('primary rejects the login: the fallback delivers with its own login, not the primary’s', async () => {
    const fallback = await startFallback();
    const primary = track(await startTestSmtpServer({ auth: { user: 'main', pass: 'the-right-password' } }));
    await send(configWith(primary, fallback, { auth: { user: 'main', pass: primaryPassword } }));
    const [message] = await fallback.waitForMessages(1);
    expect(message?.user).toBe('backup');
    expect(primary.messages).toHaveLength(0);
    expect(logLines.join('\n')).toMatch(
      /primary .* failed: The mail server at .* rejected the login \(535 5\.7\.8\)/,
    );
  });

  it('the primary’s OAuth2 token cannot be had (Microsoft refuses the client secret): the fallback delivers', async () => {
    const fallback = await startFallback();
    const primary = track(
      await startTestSmtpServer({ auth: { user: 'noreply@contoso.test', accessToken: 'never' } }),
    );
    const tokens = track(
      await startTokenServer({
        respond: () => ({
          status: 401,
          body: {
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided.',
          },
        }),
      }),
    );
    const auth = {
      type: 'microsoft365-app',
      tenant: 'contoso.test',
      clientId: '00000000-0000-0000-0000-000000000001',
      clientSecret: 'client-Secret-value-never-shown',
      user: 'noreply@contoso.test',
      tokenEndpoint: `${tokens.origin}/contoso.test/oauth2/v2.0/token`,
    };
    await send(configWith(primary, fallback, { auth }));
    await fallback.waitForMessages(1);
    expect(tokens.requests.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).toMatch(/primary .* failed: .*AADSTS7000215/);
    expect(logLines.join('\n')).not.toContain('client-Secret-value-never-shown');
  });

  it('primary’s TLS fails (secure: true against a plain server): the fallback delivers', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(() => undefined);
    await send(configWith(primary, fallback, { secure: true }));
    await fallback.waitForMessages(1);
  });

  it('primary’s host name does not resolve: the fallback delivers', async () => {
    const fallback = await startFallback();
    await send(configWith({ host: 'no-such-host.invalid', port: 587 }, fallback));
    await fallback.waitForMessages(1);
  });

  it('primary answers 451 to MAIL FROM on every try: once the retries are spent, the fallback delivers', async () => {
    const fallback = await startFallback();
    let mailCommands = 0;
    const primary = await startScriptedPrimary(({ verb }) => {
      if (verb === 'MAIL') {
        mailCommands += 1;
        return '451 4.3.0 Try again later';
      }
      return undefined;
    });
    await send(configWith(primary, fallback));
    await fallback.waitForMessages(1);
    expect(mailCommands).toBe(retryDelays.length + 1);
    expect(primary.bodies).toHaveLength(0);
  });
});

describe('a send stays on the primary when another server would not help, or could duplicate it', () => {
  it('the primary refuses the recipient (550 5.1.1): the error comes at once, the fallback gets nothing', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(({ verb }) =>
      verb === 'RCPT' ? '550 5.1.1 No such user here' : undefined,
    );
    await expectConnectorError(
      send(configWith(primary, fallback)),
      ConnectorErrorCodes.General,
      /refused the recipient address \(550 5\.1\.1\)/,
    );
    expect(fallback.connectionCount).toBe(0);
  });

  it('the primary rejects the message at its end (554 5.7.1): not sent again through the fallback', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(({ verb }) =>
      verb === '.' ? '554 5.7.1 Spam detected' : undefined,
    );
    await expectConnectorError(
      send(configWith(primary, fallback)),
      ConnectorErrorCodes.General,
      /rejected the message \(554 5\.7\.1\)/,
    );
    expect(primary.bodies).toHaveLength(1);
    expect(fallback.connectionCount).toBe(0);
  });

  it('the primary closes after the whole message, before its reply, every time: one more copy, never a third', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(({ verb }) => (verb === '.' ? 'close' : undefined));
    await expectConnectorError(
      send(configWith(primary, fallback)),
      ConnectorErrorCodes.General,
      /sent twice.*may have been delivered.*not sent a third time/,
    );
    expect(primary.bodies).toHaveLength(2);
    expect(messageIdOf(primary.bodies[1])).toBe(messageIdOf(primary.bodies[0]));
    expect(fallback.connectionCount).toBe(0);
    expect(logLines.filter((line) => line.includes('sending it once more'))).toHaveLength(1);
  });

  it('the primary closes after the whole message, then turns sends away: the fallback sends the one more copy, same Message-ID', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(
      ({ verb }) => (verb === '.' ? 'close' : undefined),
      (connection) => (connection === 1 ? '220 primary.test ESMTP' : '554 5.3.2 Not accepting mail'),
    );
    await send(configWith(primary, fallback));
    const [copy] = await fallback.waitForMessages(1);
    expect(primary.bodies).toHaveLength(1);
    expect(copy?.parsed.messageId).toBe(messageIdOf(primary.bodies[0]));
    const log = logLines.join('\n');
    expect(log).toMatch(/sending it once more, with the same Message-ID, on a new connection/);
    expect(log).toMatch(/sending it once more, with the same Message-ID, through fallback 1/);
    // The line names the message by its Message-ID, never by its content or recipient.
    expect(log).not.toMatch(/user@example\.com|Your .* code/);
  });
});

describe('circuit breaker: a server that just failed is skipped, then checked again', () => {
  it('ten sends in a row with a primary that never greets: its greeting is waited for once in all', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(() => undefined, 'hang');
    const config = configWith(primary, fallback);
    for (let index = 0; index < 10; index++) {
      await send(config, { to: `user${index}@example.com` });
    }
    await fallback.waitForMessages(10);
    // Each connection to the primary costs a greeting timeout; fewer than two in all.
    expect(primary.connectionCount).toBe(1);
    expect(logLines.filter((line) => line.includes('skipped, it failed moments ago'))).toHaveLength(9);
  });

  it('thirty sends at once to a primary that never greets: all delivered by the fallback, one round of connections to the primary', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(() => undefined, 'hang');
    const config = configWith(primary, fallback);
    await Promise.all(
      Array.from({ length: 30 }, (_, index) => send(config, { to: `burst${index}@example.com` })),
    );
    await fallback.waitForMessages(30);
    // The first connections' greeting timeout fails the queued sends over too: none opens another.
    expect(primary.connectionCount).toBeLessThanOrEqual(10);
  });

  it('ten sends with a primary answering 421: its retries happen in the first send only', async () => {
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(() => undefined, '421 4.3.2 Service not available');
    const config = configWith(primary, fallback);
    for (let index = 0; index < 10; index++) {
      await send(config);
    }
    await fallback.waitForMessages(10);
    expect(primary.connectionCount).toBe(retryDelays.length + 1);
  });

  it('traffic returns to the primary once it answers: checked in the background, no send waits for it', async () => {
    setFailoverPolicy({ cooldownMs: 1 });
    const fallback = await startFallback();
    const port = await freePort();
    const config = configWith({ host: '127.0.0.1', port }, fallback);
    await send(config, { payload: { code: 'first' } });
    expect(fallback.messages).toHaveLength(1);

    // Back up on the same port, the cooldown over: this send still goes to the fallback and
    // starts a check of the primary (a session without any message).
    const primary = track(await startTestSmtpServer({ port }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await send(config, { payload: { code: 'second' } });
    await settleFailoverChecks();
    expect(fallback.messages).toHaveLength(2);
    expect(primary.connectionCount).toBe(1);
    expect(primary.messages).toHaveLength(0);
    expect(logLines.join('\n')).toMatch(/primary .* answers again/);

    await send(config, { payload: { code: 'third' } });
    const [message] = await primary.waitForMessages(1);
    expect(message?.parsed.text).toContain('third');
    expect(fallback.messages).toHaveLength(2);
  });

  it('a primary that passes its check but still refuses mail: its next failure doubles the cooldown', async () => {
    const cooldownMs = 300;
    setFailoverPolicy({ cooldownMs });
    const fallback = await startFallback();
    // Logs in and says EHLO (the check passes) but refuses every sender.
    const primary = track(
      await startTestSmtpServer({
        onMailFrom: () => {
          throw Object.assign(new Error('5.7.1 Sender address not owned by user'), { responseCode: 553 });
        },
      }),
    );
    const config = configWith(primary, fallback);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await send(config);
    await pause(cooldownMs + 100);
    await send(config);
    await settleFailoverChecks();
    expect(logLines.join('\n')).toMatch(/primary .* answers again/);
    // Half open: this send tries the primary, which refuses it again.
    await send(config);
    expect(fallback.messages).toHaveLength(3);
    const connections = primary.connectionCount;
    // Past the first cooldown, within the doubled one: still skipped, and no check starts yet.
    await pause(cooldownMs + 150);
    await send(config);
    await settleFailoverChecks();
    expect(primary.connectionCount).toBe(connections);
    expect(fallback.messages).toHaveLength(4);
  });

  it('a primary still down at its check stays skipped, the next check twice as late', async () => {
    setFailoverPolicy({ cooldownMs: 1 });
    const fallback = await startFallback();
    const primary = await startScriptedPrimary(() => undefined, '554 5.7.1 Go away');
    const config = configWith(primary, fallback);
    await send(config);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await send(config);
    await settleFailoverChecks();
    expect(logLines.join('\n')).toMatch(
      /primary .* is still unavailable: The mail server at .* refused the session/,
    );
    expect(fallback.messages).toHaveLength(2);
  });
});

describe('every server fails', () => {
  it('one error names each server and what it answered, the first with its fix, and holds no secret', async () => {
    const primary = track(await startTestSmtpServer({ auth: { user: 'main', pass: 'the-right-password' } }));
    const fallbackPort = await freePort();
    const config = configWith(
      primary,
      { host: '127.0.0.1', port: fallbackPort },
      {
        auth: { user: 'main', pass: primaryPassword },
      },
    );
    const error = await expectConnectorError(
      send(config),
      ConnectorErrorCodes.InvalidConfig,
      /No mail server took the message/,
      new RegExp(
        `primary \\(127\\.0\\.0\\.1:${primary.port}\\): .*rejected the login \\(535 5\\.7\\.8\\)\\. Check Username and Password`,
      ),
      new RegExp(`fallback 1 \\(127\\.0\\.0\\.1:${fallbackPort}\\): The connection to .* was refused`),
    );
    expectHiddenCause(error, { secrets: [primaryPassword, fallbackPassword], mentions: ['535'] });
    for (const line of logLines) {
      expect(line).not.toContain(primaryPassword);
      expect(line).not.toContain(fallbackPassword);
    }
  });

  it('with both skipped after a failure, the next send tries both again rather than failing untried', async () => {
    const port = await freePort();
    const fallbackPort = await freePort();
    const config = configWith({ host: '127.0.0.1', port }, { host: '127.0.0.1', port: fallbackPort });
    await expectConnectorError(send(config), ConnectorErrorCodes.General, /No mail server took the message/);
    const primary = track(await startTestSmtpServer({ port }));
    await send(config);
    await primary.waitForMessages(1);
  });

  it('a second fallback is not started once the fallbacks have used their time budget', async () => {
    setFailoverPolicy({ cooldownMs: 60_000, budgetMs: 100 });
    const second = await startFallback();
    const first = await startScriptedPrimary(() => undefined, 'hang');
    const primary = { host: '127.0.0.1', port: await freePort() };
    await expectConnectorError(
      send(
        smtpConfigFor(primary, {
          ...timeouts,
          fallbackServers: [
            { host: first.host, port: first.port },
            { host: second.host, port: second.port, auth: { user: 'backup', pass: fallbackPassword } },
          ],
        }),
      ),
      ConnectorErrorCodes.General,
      /primary .*refused.*fallback 1 .*no greeting arrived within greetingTimeout \(300 ms\)/,
      /fallback 2 .*: not tried, the fallbacks had used their 0\.1 s/,
    );
    expect(second.connectionCount).toBe(0);
  });

  it('without a fallback, a server that answers one line at a time fails at its deadline with a hint', async () => {
    const lines = Array.from({ length: 100 }, (_, index) => `250-line ${index}`);
    const dribbling = await startScriptedPrimary(({ verb }) =>
      verb === 'EHLO' ? { dribble: [...lines, '250 OK'], intervalMs: 100 } : undefined,
    );
    await expectConnectorError(
      send(smtpConfigFor(dribbling, timeouts)),
      ConnectorErrorCodes.General,
      /did not finish the send within 1300 ms.*kept answering bit by bit.*fallbackServers/,
    );
    // Closed by us: the server sees the end long before its 10 s reply is through.
    await vi.waitFor(() => expect(dribbling.openConnections).toBe(0));
  });

  it('a primary that answers one line at a time is closed at its deadline and the fallback takes the send', async () => {
    // Every EHLO line comes 100 ms after the last, well inside socketTimeout (600 ms), so only
    // the attempt's deadline (connection + greeting + socket timeouts: 1300 ms) stops it; the
    // whole reply would take 10 s.
    const lines = Array.from({ length: 100 }, (_, index) => `250-line ${index}`);
    const primary = await startScriptedPrimary(({ verb }) =>
      verb === 'EHLO' ? { dribble: [...lines, '250 OK'], intervalMs: 100 } : undefined,
    );
    const fallback = await startFallback();
    await send(configWith(primary, fallback), { payload: { code: 'after-deadline' } });
    const [message] = await fallback.waitForMessages(1);
    expect(message!.parsed.text).toContain('after-deadline');
    expect(
      logLines.some((line) =>
        /primary .*did not finish the send within 1300 ms.*Trying fallback 1/.test(line),
      ),
    ).toBe(true);
    expect(primary.openConnections).toBe(0);
  });
});

describe('fallbackServers in the config', () => {
  it('takes the server fields; sender and templates stay at the top level', () => {
    const result = smtpConfigGuard.safeParse({
      host: 'smtp.example.com',
      port: 587,
      fromEmail: 'noreply@example.com',
      fallbackServers: [{ host: 'backup.example.com', port: 465, fromEmail: 'other@example.com' }],
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/fromEmail/);
  });

  it('a fallback inherits the timeouts it leaves unset, never the login or TLS settings', async () => {
    const { serversOf } = await import('../src/delivery/server-order.js');
    const config = smtpConfigGuard.parse({
      host: 'smtp.example.com',
      port: 587,
      fromEmail: 'noreply@example.com',
      auth: { user: 'main', pass: primaryPassword },
      tls: { rejectUnauthorized: false },
      greetingTimeout: 1234,
      fallbackServers: [{ host: 'backup.example.com', port: 465, secure: true }],
    });
    const [, fallback] = serversOf(config);
    expect(fallback?.config).toMatchObject({
      host: 'backup.example.com',
      port: 465,
      secure: true,
      greetingTimeout: 1234,
      tls: {},
      fromEmail: 'noreply@example.com',
    });
    expect(fallback?.config.auth).toBeUndefined();
    expect(fallback?.label).toBe('fallback 1 (backup.example.com:465)');
  });

  it('{} or null (the Console’s untouched Json field) means no fallback', () => {
    for (const fallbackServers of [{}, null, []]) {
      const config = smtpConfigGuard.parse({ host: 'h', port: 25, fromEmail: 'a@b.c', fallbackServers });
      expect(config.fallbackServers).toEqual([]);
    }
  });
});

describe('movesToNextServer after an unknown outcome: one more copy in all, never a third', () => {
  const unknown = (copiesAtRisk: number) =>
    Object.assign(new Error('Timeout'), {
      code: 'ETIMEDOUT',
      timeoutType: 'ATTEMPT_DEADLINE',
      command: 'CONN',
      outcomeUnknown: true,
      copiesAtRisk,
    });

  it('moves a message whose one copy may have arrived to the next server', () => {
    expect(movesToNextServer(unknown(1))).toBe(true);
  });

  it('does not move a message two copies of which may have arrived', () => {
    expect(movesToNextServer(unknown(2))).toBe(false);
  });
});
