import { ConnectorErrorCodes } from '@logto/connector-kit';
import {
  smtpConfigFor,
  smtpReply,
  startScriptedSmtpServer,
  startTestSmtpServer,
} from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setRetryPolicy } from '../src/delivery/retry.js';
import { send } from './helpers.js';
import { closeServersAfterEach, freePort } from './servers.js';

// Timeouts and temporary replies are retried; without back-off delays (the test seam in delivery/retry.ts).
beforeAll(() => setRetryPolicy({ delays: [0, 0] }));
afterAll(() => setRetryPolicy());

const track = closeServersAfterEach();

describe('delivery failures become ConnectorErrors with a hint', () => {
  it('connection refused names host and port and suggests the usual ports', async () => {
    const port = await freePort();
    await expectConnectorError(
      send(smtpConfigFor({ host: '127.0.0.1', port })),
      ConnectorErrorCodes.General,
      new RegExp(`connection to 127\\.0\\.0\\.1:${port} was refused.*465.*587`),
    );
  });

  it('an unresolvable host name is reported as a DNS failure', async () => {
    await expectConnectorError(
      send(smtpConfigFor({ host: 'no-such-host.invalid', port: 587 }, { dnsTimeout: 2000 })),
      ConnectorErrorCodes.General,
      /"no-such-host\.invalid" could not be resolved \(DNS\)/,
    );
  });

  it('a server that never greets times out in the greeting phase, with a TLS mode hint', async () => {
    const server = track(await startScriptedSmtpServer(() => undefined, 'hang'));
    await expectConnectorError(
      send(smtpConfigFor(server, { greetingTimeout: 300 })),
      ConnectorErrorCodes.General,
      /no greeting arrived within greetingTimeout \(300 ms\).*secure: true on port 465/,
    );
  });

  it('a server that stops answering mid-session times out in the socket phase', async () => {
    const server = track(await startScriptedSmtpServer(({ verb }) => (verb === '.' ? 'hang' : undefined)));
    await expectConnectorError(
      send(smtpConfigFor(server, { socketTimeout: 300 })),
      ConnectorErrorCodes.General,
      /stopped answering.*socketTimeout \(300 ms\)/,
    );
  });

  it('secure: true against a plain (STARTTLS) server explains ports 465 and 587', async () => {
    const server = track(await startTestSmtpServer({ starttls: true }));
    await expectConnectorError(
      send(smtpConfigFor(server, { secure: true })),
      ConnectorErrorCodes.InvalidConfig,
      /TLS could not be established.*use port 465 with secure: true, or secure: false with STARTTLS on 587/,
    );
  });

  it('secure: false against an implicit-TLS server suggests secure: true', async () => {
    const server = track(await startTestSmtpServer({ secure: true }));
    await expectConnectorError(
      send(smtpConfigFor(server, { secure: false, greetingTimeout: 500 })),
      ConnectorErrorCodes.General,
      /no greeting arrived.*use secure: true on port 465/,
    );
  });

  it('an untrusted certificate points to tls.ca and rejectUnauthorized', async () => {
    const server = track(await startTestSmtpServer({ starttls: true }));
    const { tls: _trusted, ...config } = smtpConfigFor(server, { requireTLS: true });
    await expectConnectorError(
      send(config),
      ConnectorErrorCodes.InvalidCertificate,
      /certificate of 127\.0\.0\.1:\d+ is not trusted.*tls\.ca.*rejectUnauthorized/,
    );
  });

  it('a rejected login (535) asks to check the credentials / app password', async () => {
    const server = track(await startTestSmtpServer({ auth: { user: 'alice', pass: 'right-password' } }));
    await expectConnectorError(
      send(smtpConfigFor(server, { auth: { user: 'alice', pass: 'wrong-password' } })),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the login \(535 5\.7\.8\).*auth\.user and auth\.pass.*app password/,
    );
  });

  it('a rejected EHLO name asks for an ASCII name', async () => {
    const server = track(
      await startScriptedSmtpServer(({ verb }) =>
        verb === 'EHLO' || verb === 'HELO' ? '501 5.5.4 Invalid domain name' : undefined,
      ),
    );
    await expectConnectorError(
      send(smtpConfigFor(server, { name: 'mäil.example' })),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the client name sent in EHLO \(501 5\.5\.4\).*ASCII/,
    );
  });

  it('a rejected sender points to fromEmail', async () => {
    const server = track(
      await startTestSmtpServer({
        onMailFrom: () => {
          throw smtpReply(550, '5.7.1 Sender address rejected');
        },
      }),
    );
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.InvalidConfig,
      /refused the sender address \(550 5\.7\.1\).*fromEmail/,
    );
  });

  it('a rejected recipient asks to check the address', async () => {
    const server = track(
      await startTestSmtpServer({
        onRcptTo: () => {
          throw smtpReply(550, '5.1.1 No such user here');
        },
      }),
    );
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.General,
      /refused the recipient address \(550 5\.1\.1\)/,
    );
  });

  it('a rejected message mentions size, content and spam policy', async () => {
    const server = track(
      await startTestSmtpServer({
        onMessage: () => {
          throw smtpReply(554, '5.7.1 Message rejected as spam');
        },
      }),
    );
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.General,
      /rejected the message \(554 5\.7\.1\)/,
    );
    expect(server.messages).toHaveLength(0);
  });

  it('persistent throttling replies become RateLimitExceeded after the retries', async () => {
    const server = track(
      await startScriptedSmtpServer(({ verb }) =>
        verb === 'MAIL' ? '451 4.7.1 Rate limit exceeded, try again later' : undefined,
      ),
    );
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.RateLimitExceeded,
      /throttling/,
    );
  });

  it('never puts the server reply text or a password into the error data', async () => {
    const password = 'hunter2-super-secret';
    const server = track(await startTestSmtpServer({ auth: { user: 'alice', pass: 'other' } }));
    const error = await expectConnectorError(
      send(smtpConfigFor(server, { auth: { user: 'alice', pass: password } })),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the login/,
    );
    const serialized = JSON.stringify(error.data) + error.message;
    expect(serialized).not.toContain(password);
    expect(serialized).not.toContain('Authentication credentials invalid');
  });

  it('a connection whose TLS handshake never completes times out in the connection phase', async () => {
    // With secure: true the connection counts as established only after the TLS handshake; a
    // server that accepts TCP but never answers the ClientHello stalls exactly that phase. The
    // script hangs on every "line" too: the binary ClientHello may hold a CR LF by chance, and a
    // default SMTP reply to it would turn the stall into a TLS failure (seen once in CI).
    const server = track(await startScriptedSmtpServer(() => 'hang', 'hang'));
    await expectConnectorError(
      send(smtpConfigFor(server, { secure: true, connectionTimeout: 300, greetingTimeout: 5000 })),
      ConnectorErrorCodes.General,
      new RegExp(
        `Connecting to 127\\.0\\.0\\.1:${server.port} timed out after connectionTimeout \\(300 ms\\)`,
      ),
    );
  });
});
