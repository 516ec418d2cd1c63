import { generateKeyPairSync, verify } from 'node:crypto';
import { ConnectorErrorCodes } from '@logto/connector-kit';
import { smtpConfigFor, startTestSmtpServer, type TokenServer } from '@seedworks/test-fixtures';
import { expectConnectorError, expectHiddenCause } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import { closeSmtpTransports } from '../src/index.js';
import { send, sendMany } from './helpers.js';
import { secretRecorder } from './recorder.js';
import { tokenServersClosedAfterEach } from './servers.js';

const { track, startTokens } = tokenServersClosedAfterEach();

/** A real SMTP server accepting XOAUTH2 only as `user` with a token the stand-in issued. */
const startXoauthServer = (user: string, tokens: TokenServer) =>
  startTestSmtpServer({ auth: { user, accessToken: (token) => tokens.isIssued(token) } });

const refreshTokenProviders = [
  // Delegated tokens of a user, as the official connector's config has them: Microsoft's v2.0
  // endpoint (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token)
  // and Google's (https://developers.google.com/identity/protocols/oauth2/web-server#offline).
  { provider: 'Microsoft 365', user: 'alice@contoso.com', path: '/common/oauth2/v2.0/token' },
  { provider: 'Google', user: 'alice@example.com', path: '/token' },
];

describe.each(refreshTokenProviders)(
  'delegated OAuth2 with a refresh token ($provider)',
  ({ user, path }) => {
    const clientSecret = 'delegated-client-secret-Hq2';
    const refreshToken = `1//refresh-token-for-${user}-xY7`;

    const configFor = (server: { host: string; port: number }, tokens: TokenServer) =>
      smtpConfigFor(server, {
        auth: {
          type: 'OAuth2',
          user,
          clientId: 'delegated-client-id',
          clientSecret,
          refreshToken,
          accessUrl: `${tokens.origin}${path}`,
        },
        fromEmail: user,
      });

    it('refreshes once and reuses the token: 100 sends at 20 concurrent, then a new transport', async () => {
      const tokens = await startTokens({ delayMs: 50 });
      const server = track(await startXoauthServer(user, tokens));
      const config = configFor(server, tokens);

      await sendMany(config, 100, 20);
      await closeSmtpTransports();
      await send(config);

      expect(server.messages).toHaveLength(101);
      expect(server.messages.every((message) => message.user === user)).toBe(true);
      expect(tokens.requests).toHaveLength(1);
      expect(tokens.requests[0]?.path).toBe(path);
      expect(Object.fromEntries(tokens.requests[0]!.form)).toMatchObject({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: 'delegated-client-id',
        client_secret: clientSecret,
      });
    });

    it('a revoked refresh token (invalid_grant) is InvalidConfig asking for a new one', async () => {
      const tokens = await startTokens({
        respond: () => ({
          status: 400,
          body: {
            error: 'invalid_grant',
            error_description: `Token ${refreshToken} has been expired or revoked.`,
          },
        }),
      });
      const server = track(await startXoauthServer(user, tokens));
      const failure = await expectConnectorError(
        send(configFor(server, tokens)),
        ConnectorErrorCodes.InvalidConfig,
        /No OAuth2 access token could be obtained: auth\.refreshToken was refused \(invalid_grant\)/,
      );
      expect(JSON.stringify(failure.data)).not.toContain(refreshToken);
      // The provider's words stay on the error for server logs, the echoed token masked.
      expectHiddenCause(failure, {
        secrets: [refreshToken, clientSecret],
        mentions: [/cause.*has been expired or revoked/s],
      });
    });
  },
);

describe('Google Workspace service account (serviceClient, privateKey)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const serviceClient = 'logto-mailer@example-project.iam.gserviceaccount.com';
  const user = 'noreply@example.com';

  /** Google's check of the JWT bearer assertion: RS256 signature and the claims nodemailer sets. */
  const verifyAssertion = (assertion: string, audience: string) => {
    const [header = '', payload = '', signature = ''] = assertion.split('.');
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    return (
      signed &&
      claims.iss === serviceClient &&
      claims.sub === user &&
      claims.scope === 'https://mail.google.com/' &&
      claims.aud === audience
    );
  };

  it('posts a signed JWT to accessUrl once, and the token serves 100 sends at 20 concurrent', async () => {
    let accessUrl = '';
    let tokenNumber = 0;
    const tokens = await startTokens({
      delayMs: 50,
      respond: (form) => {
        const ok =
          form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
          verifyAssertion(form.get('assertion') ?? '', accessUrl);
        if (!ok) {
          return { status: 400, body: { error: 'invalid_grant' } };
        }
        tokenNumber += 1;
        return { body: { access_token: `ya29.service-account-token-${tokenNumber}-Lm4`, expires_in: 3599 } };
      },
    });
    accessUrl = `${tokens.origin}/token`;
    const server = track(
      await startTestSmtpServer({
        auth: { user, accessToken: (token) => /^ya29\.service-account-token-\d+-Lm4$/.test(token) },
      }),
    );
    secretRecorder.addSecrets(['ya29.service-account-token-1-Lm4']);
    const config = smtpConfigFor(server, {
      auth: { type: 'OAuth2', user, serviceClient, privateKey: privateKeyPem, accessUrl },
      fromEmail: user,
    });

    await sendMany(config, 100, 20);

    expect(server.messages).toHaveLength(100);
    expect(server.messages.every((message) => message.user === user)).toBe(true);
    expect(tokens.requests).toHaveLength(1);
    expect(tokenNumber).toBe(1);
  });

  it('missing domain-wide delegation (unauthorized_client) says where to turn it on', async () => {
    const tokens = await startTokens({
      respond: () => ({
        status: 401,
        body: {
          error: 'unauthorized_client',
          error_description: 'Client is unauthorized to retrieve access tokens.',
        },
      }),
    });
    const server = track(await startXoauthServer(user, tokens));
    await expectConnectorError(
      send(
        smtpConfigFor(server, {
          auth: {
            type: 'OAuth2',
            user,
            serviceClient,
            privateKey: privateKeyPem,
            accessUrl: `${tokens.origin}/token`,
          },
        }),
      ),
      ConnectorErrorCodes.InvalidConfig,
      /unauthorized_client.*domain-wide delegation.*https:\/\/mail\.google\.com\//,
    );
  });
});
