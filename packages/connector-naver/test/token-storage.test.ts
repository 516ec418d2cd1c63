import { ConnectorErrorCodes, tokenResponseGuard } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  naverAccessToken,
  naverCallbackData,
  naverConfig,
  naverRefreshedAccessToken,
  naverRefreshToken,
  naverTokenErrors,
  naverTokenResponse,
  nockNaverProfile,
  nockNaverTokenExchange,
  nockNaverTokenRefresh,
} from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import { buildConnector, fixtureSession as session } from './helpers.js';

describe('getTokenResponseAndUserInfo', () => {
  it('returns the token response with a numeric expires_in, and the user info', async () => {
    nockNaverTokenExchange();
    nockNaverProfile();
    const connector = await buildConnector();

    const { tokenResponse, userInfo } = await connector.getTokenResponseAndUserInfo!(
      { ...naverCallbackData },
      session,
    );

    expect(tokenResponse).toEqual({
      access_token: naverAccessToken,
      refresh_token: naverRefreshToken,
      token_type: 'bearer',
      expires_in: 3600,
    });
    expect(tokenResponseGuard.parse(tokenResponse)).toEqual(tokenResponse);
    expect(userInfo.id).toBe('32742776');
  });

  it('falls back to Naver’s documented 3600 s when expires_in is missing or unreadable', async () => {
    nockNaverTokenExchange({ reply: { body: { ...naverTokenResponse, expires_in: 'soon' } } });
    nockNaverProfile();
    const connector = await buildConnector();
    const { tokenResponse } = await connector.getTokenResponseAndUserInfo!({ ...naverCallbackData }, session);
    expect(tokenResponse?.expires_in).toBe(3600);
  });

  it('keeps a numeric expires_in as sent', async () => {
    nockNaverTokenExchange({ reply: { body: { ...naverTokenResponse, expires_in: 7200 } } });
    nockNaverProfile();
    const connector = await buildConnector();
    const { tokenResponse } = await connector.getTokenResponseAndUserInfo!({ ...naverCallbackData }, session);
    expect(tokenResponse?.expires_in).toBe(7200);
  });

  it('fails like getUserInfo on a bad code', async () => {
    nockNaverTokenExchange({ reply: { body: naverTokenErrors.invalidCode } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getTokenResponseAndUserInfo!({ ...naverCallbackData }, session),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /^Naver did not accept the authorization code/,
    );
  });
});

describe('getAccessTokenByRefreshToken', () => {
  it('refreshes with grant_type=refresh_token; no refresh_token comes back, so none is returned', async () => {
    const scope = nockNaverTokenRefresh();
    const connector = await buildConnector();

    const token = await connector.getAccessTokenByRefreshToken!(naverRefreshToken);

    expect(token).toEqual({
      access_token: naverRefreshedAccessToken,
      token_type: 'bearer',
      expires_in: 3600,
    });
    expect('refresh_token' in token).toBe(false);
    scope.done();
  });

  it('maps a rejected refresh token to SocialAccessTokenInvalid', async () => {
    nockNaverTokenRefresh({
      reply: { body: { error: 'invalid_request', error_description: 'invalid refresh token' } },
    });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getAccessTokenByRefreshToken!(naverRefreshToken),
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /did not accept the refresh token \(invalid_request: invalid refresh token\): .*The user has to sign in with Naver again\./,
    );
  });

  it('maps rejected client credentials to InvalidConfig', async () => {
    nockNaverTokenRefresh({ reply: { body: naverTokenErrors.invalidClient } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getAccessTokenByRefreshToken!(naverRefreshToken),
      ConnectorErrorCodes.InvalidConfig,
      /^Naver rejected the client credentials \(invalid_request: wrong client id \/ client secret pair\)/,
    );
  });

  it('maps an empty access token to SocialAccessTokenInvalid', async () => {
    nockNaverTokenRefresh({ reply: { body: naverTokenErrors.emptyAccessToken } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getAccessTokenByRefreshToken!(naverRefreshToken),
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /empty access token for the refresh token\. The user has to sign in with Naver again\./,
    );
  });

  it('is retried on a 503, since Naver does not rotate refresh tokens', async () => {
    const failing = nockNaverTokenRefresh({ reply: { status: 503, body: naverTokenErrors.serverError } });
    const succeeding = nockNaverTokenRefresh();
    const connector = await buildConnector();
    const token = await connector.getAccessTokenByRefreshToken!(naverRefreshToken);
    expect(token.access_token).toBe(naverRefreshedAccessToken);
    failing.done();
    succeeding.done();
  });

  it('validates the config first', async () => {
    const connector = await buildConnector({}, { clientId: naverConfig.clientId });
    await expectConnectorError(
      connector.getAccessTokenByRefreshToken!(naverRefreshToken),
      ConnectorErrorCodes.InvalidConfig,
      /\(clientSecret is required\)/,
    );
  });
});
