import { ConnectorErrorCodes } from '@logto/connector-kit';
import { type SmtpScript, smtpConfigFor, startScriptedSmtpServer } from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterEach, describe, it } from 'vitest';
import { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await closeSmtpTransports();
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** A server that offers AUTH PLAIN and answers `verb` with `reply`, every other command normally. */
const serverReplying = async (verb: string, reply: string) => {
  const script: SmtpScript = (command) => {
    if (command.verb === 'EHLO') {
      return '250-scripted.test\r\n250-AUTH PLAIN\r\n250 PIPELINING';
    }
    if (command.verb === 'AUTH' && verb !== 'AUTH') {
      return '235 2.7.0 Authentication successful';
    }
    return command.verb === verb ? reply : undefined;
  };
  const server = await startScriptedSmtpServer(script);
  cleanups.push(server.close);
  return server;
};

const passwordLogin = { user: 'noreply@contoso.com', pass: 'mailbox-password-1' };

describe('hints for rejections Microsoft 365 and Gmail send', () => {
  it('M365 535 5.7.139 (SMTP AUTH off for the tenant or mailbox) points to app-only OAuth2 and December 2026', async () => {
    const server = await serverReplying(
      'AUTH',
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
    );
    await expectConnectorError(
      send(smtpConfigFor(server, { auth: passwordLogin })),
      ConnectorErrorCodes.InvalidConfig,
      /\(535 5\.7\.139\).*SMTP AUTH.*turned off.*December 2026.*microsoft365-app/,
    );
  });

  it('M365 535 5.7.3 with a password: check the credentials or move to app-only', async () => {
    const server = await serverReplying(
      'AUTH',
      '535 5.7.3 Authentication unsuccessful [BN1PR.prod.outlook.com]',
    );
    await expectConnectorError(
      send(smtpConfigFor(server, { auth: passwordLogin })),
      ConnectorErrorCodes.InvalidConfig,
      /\(535 5\.7\.3\).*auth\.user or auth\.pass.*microsoft365-app/,
    );
  });

  it('M365 535 5.7.3 with an app-only token: register the service principal and the mailbox permission', async () => {
    const server = await serverReplying('AUTH', '535 5.7.3 Authentication unsuccessful');
    const config = smtpConfigFor(server, {
      // A fixed token (no token endpoint needed) exercises the same XOAUTH2 path.
      auth: { type: 'oauth2', user: 'noreply@contoso.com', accessToken: 'fixed-access-token-5Tq9' },
    });
    await expectConnectorError(
      send(config),
      ConnectorErrorCodes.InvalidConfig,
      /did not accept the OAuth2 token \(535 5\.7\.3\).*New-ServicePrincipal.*Add-MailboxPermission/,
    );
  });

  it('M365 530 5.7.57 at MAIL FROM: a login is required', async () => {
    const server = await serverReplying('MAIL', '530 5.7.57 Client not authenticated to send mail.');
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.InvalidConfig,
      /requires a login before sending \(530 5\.7\.57\).*Set auth/,
    );
  });

  it('M365 550 5.7.60 (send-as denied): use the mailbox address or grant Send As', async () => {
    const server = await serverReplying(
      'MAIL',
      '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    );
    await expectConnectorError(
      send(smtpConfigFor(server, { auth: passwordLogin, fromEmail: 'ceo@contoso.com' })),
      ConnectorErrorCodes.InvalidConfig,
      /not allowed to send as the sender address \(550 5\.7\.60\).*fromEmail.*auth\.user.*Send As/,
    );
  });

  it.each([
    ['5', '550'],
    ['4', '421'],
  ])('Gmail %s.7.26 (unauthenticated sender): SPF, DKIM and DMARC', async (klass, reply) => {
    const server = await serverReplying(
      '.',
      `${reply} ${klass}.7.26 This mail has been blocked because the sender is unauthenticated. - gsmtp`,
    );
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.General,
      new RegExp(`\\(${reply} ${klass}\\.7\\.26\\).*SPF.*DKIM.*DMARC`),
    );
  });

  it('Gmail 550 5.7.25 (no reverse DNS): a PTR record for the sending IP', async () => {
    const server = await serverReplying(
      '.',
      '550 5.7.25 The IP address sending this message does not have a PTR record setup. - gsmtp',
    );
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.General,
      /reverse DNS \(550 5\.7\.25\).*PTR record/,
    );
  });

  it('530 5.7.0 "Must issue a STARTTLS command first": turn TLS on, not "refused the sender"', async () => {
    const server = await serverReplying('MAIL', '530 5.7.0 Must issue a STARTTLS command first');
    await expectConnectorError(
      send(smtpConfigFor(server, { ignoreTLS: true })),
      ConnectorErrorCodes.InvalidConfig,
      /only over TLS \(530 5\.7\.0\).*Remove ignoreTLS \(it is set\).*requireTLS: true.*port 465 with secure: true/,
    );
  });

  it('Gmail 550 5.7.29 (TLS required): requireTLS, not ignoreTLS', async () => {
    const server = await serverReplying('MAIL', '550 5.7.29 This message was not sent over TLS. - gsmtp');
    await expectConnectorError(
      send(smtpConfigFor(server, { ignoreTLS: true })),
      ConnectorErrorCodes.InvalidConfig,
      /requires TLS.*\(550 5\.7\.29\).*ignoreTLS \(it is set\).*requireTLS: true/,
    );
  });
});
