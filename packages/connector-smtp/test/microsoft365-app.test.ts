import { ConnectorErrorCodes } from '@logto/connector-kit';
import { smtpConfigFor, startTestSmtpServer, type TokenServer } from '@seedworks/test-fixtures';
import { expectConnectorError, expectHiddenCause } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import { closeSmtpTransports } from '../src/index.js';
import { send, sendMany } from './helpers.js';
import { freePort, tokenServersClosedAfterEach } from './servers.js';

const mailbox = 'noreply@contoso.com';
const tenant = 'contoso.onmicrosoft.com';
const clientId = '00001111-aaaa-2222-bbbb-3333cccc4444';
const clientSecret = 'Qx~8Q~m365-app-secret.Value_4f2Kd9';

const { track, startTokens } = tokenServersClosedAfterEach();

/** The config an admin pastes, with the token endpoint pointed at the stand-in. */
const m365Auth = (tokens: TokenServer, overrides: Record<string, unknown> = {}) => ({
  type: 'microsoft365-app',
  tenant,
  clientId,
  clientSecret,
  user: mailbox,
  tokenEndpoint: `${tokens.origin}/${tenant}/oauth2/v2.0/token`,
  ...overrides,
});

/** A real SMTP server that accepts XOAUTH2 only as the mailbox, with a token the stand-in issued. */
const startExchangeStandIn = (tokens: TokenServer) =>
  startTestSmtpServer({ auth: { user: mailbox, accessToken: (token) => tokens.isIssued(token) } });

describe('Microsoft 365 app-only OAuth2 (auth.type "microsoft365-app")', () => {
  it('gets a client-credentials token for Exchange Online and signs in with XOAUTH2 as the mailbox', async () => {
    const tokens = await startTokens();
    const server = track(await startExchangeStandIn(tokens));
    await send(smtpConfigFor(server, { auth: m365Auth(tokens), fromEmail: mailbox }));

    const [message] = await server.waitForMessages(1);
    expect(message?.user).toBe(mailbox);
    expect(tokens.requests).toHaveLength(1);
    const { path, form } = tokens.requests[0]!;
    expect(path).toBe(`/${tenant}/oauth2/v2.0/token`);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://outlook.office365.com/.default',
    });
  });

  it('asks for one token for 100 sends, 20 at a time (cached, in-flight requests shared)', async () => {
    // A slow token endpoint, so the pool's connections all ask while the first request is under way.
    const tokens = await startTokens({ delayMs: 100 });
    const server = track(await startExchangeStandIn(tokens));
    const config = smtpConfigFor(server, { auth: m365Auth(tokens), fromEmail: mailbox });
    const total = 100;
    await sendMany(config, total, 20);
    await server.waitForMessages(total);
    expect(server.peakConnections).toBeGreaterThan(1);
    expect(tokens.requests).toHaveLength(1);
  });

  it('reuses the token across transports and requests a new one shortly before it expires', async () => {
    // 2 s tokens: renewed after half their life (the margin is 5 minutes, at most half the lifetime).
    const tokens = await startTokens({ expiresIn: 2 });
    const server = track(await startExchangeStandIn(tokens));
    const config = smtpConfigFor(server, { auth: m365Auth(tokens), fromEmail: mailbox });

    await send(config);
    await closeSmtpTransports();
    await send(config);
    expect(tokens.requests).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await closeSmtpTransports();
    await send(config);
    expect(tokens.requests).toHaveLength(2);
    expect(server.messages).toHaveLength(3);
  });

  it.each([
    [401, 'invalid_client', 7000215, /clientSecret is wrong \(AADSTS7000215\).*Value, not its Secret ID/],
    [401, 'invalid_client', 7000222, /clientSecret has expired \(AADSTS7000222\).*new client secret/],
    [400, 'unauthorized_client', 700016, /auth\.clientId .* tenant .*\(AADSTS700016\)/],
    [400, 'invalid_request', 90002, /Tenant "contoso\.onmicrosoft\.com" was not found \(AADSTS90002\)/],
    [400, 'invalid_request', 900023, /not a tenant id or domain \(AADSTS900023\)/],
    [400, 'invalid_scope', 70011, /SMTP\.SendAsApp/],
  ])('HTTP %i %s AADSTS%i is InvalidConfig with what to fix', async (status, error, code, hint) => {
    const tokens = await startTokens({
      respond: () => ({
        status,
        body: {
          error,
          error_description: `AADSTS${code}: Something about client ${clientId}.\r\nTrace ID: 0000aaaa`,
          error_codes: [code],
        },
      }),
    });
    const server = track(await startExchangeStandIn(tokens));
    const failure = await expectConnectorError(
      send(smtpConfigFor(server, { auth: m365Auth(tokens), fromEmail: mailbox })),
      ConnectorErrorCodes.InvalidConfig,
      hint,
    );
    expect(JSON.stringify(failure.data)).not.toContain(clientSecret);
    expect(server.messages).toHaveLength(0);
  });

  it('an unknown token error is InvalidConfig that names the fields to check', async () => {
    const tokens = await startTokens({
      respond: () => ({ status: 400, body: { error: 'invalid_grant', error_codes: [123456] } }),
    });
    const server = track(await startExchangeStandIn(tokens));
    await expectConnectorError(
      send(smtpConfigFor(server, { auth: m365Auth(tokens), fromEmail: mailbox })),
      ConnectorErrorCodes.InvalidConfig,
      /\(invalid_grant, AADSTS123456\).*auth\.tenant, auth\.clientId and auth\.clientSecret/,
    );
  });

  it('a token endpoint outage is General, and the next send asks again', async () => {
    let outage = true;
    const tokens = await startTokens({
      respond: () =>
        outage
          ? { status: 503, body: '<html>Service Unavailable</html>' }
          : { body: { token_type: 'Bearer', expires_in: 3599, access_token: 'after-outage-token-Zk3' } },
    });
    const server = track(
      await startTestSmtpServer({ auth: { user: mailbox, accessToken: 'after-outage-token-Zk3' } }),
    );
    const config = smtpConfigFor(server, { auth: m365Auth(tokens), fromEmail: mailbox });
    await expectConnectorError(send(config), ConnectorErrorCodes.General, /token endpoint answered HTTP 503/);
    outage = false;
    await send(config);
    expect(server.messages).toHaveLength(1);
    expect(tokens.requests).toHaveLength(2);
  });

  it('an unreachable token endpoint is General and names login.microsoftonline.com', async () => {
    const tokens = await startTokens();
    const server = track(await startExchangeStandIn(tokens));
    // A port nothing listens on (port 1 would be refused by fetch itself, as a "bad port").
    const closedPort = await freePort();
    const auth = m365Auth(tokens, {
      tokenEndpoint: `http://127.0.0.1:${closedPort}/common/oauth2/v2.0/token`,
    });
    const error = await expectConnectorError(
      send(smtpConfigFor(server, { auth, fromEmail: mailbox })),
      ConnectorErrorCodes.General,
      /Could not reach Microsoft's token endpoint/,
    );
    // fetch's error, whose own cause says why (ECONNREFUSED), stays for server logs.
    expectHiddenCause(error, { secrets: [clientSecret], mentions: [/ECONNREFUSED/] });
  });

  it('an incomplete config names the missing field', async () => {
    const tokens = await startTokens();
    const { tenant: _, ...withoutTenant } = m365Auth(tokens);
    await expectConnectorError(
      send(smtpConfigFor({ host: '127.0.0.1', port: 25 }, { auth: withoutTenant })),
      ConnectorErrorCodes.InvalidConfig,
      /auth\.tenant: Required/,
    );
  });
});
