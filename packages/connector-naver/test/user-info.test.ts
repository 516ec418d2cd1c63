import { ConnectorErrorCodes, socialUserInfoGuard } from '@logto/connector-kit';
import { escapeRegExp, expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  naverAccessToken,
  naverCallbackData,
  naverCancelCallbackData,
  naverCode,
  naverConfig,
  naverHtmlErrorPage,
  naverMinimalProfileResponse,
  naverNicknameOnlyProfileResponse,
  naverProfileErrors,
  naverProfileResponse,
  naverRedirectUri,
  naverState,
  naverTokenErrors,
  nockNaverProfile,
  nockNaverTokenExchange,
} from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { buildConnector, notImplemented, fixtureSession as session } from './helpers.js';

/** A config that hands both of Naver's addresses to Logto (test/trusted-fields.test.ts covers the switches). */
const trustingBoth = { ...naverConfig, trustEmail: true, trustPhone: true };

describe('getUserInfo: success and mapping', () => {
  it('exchanges the code, fetches the profile and maps every field (email and phone trusted)', async () => {
    const token = nockNaverTokenExchange();
    const profile = nockNaverProfile();
    const connector = await buildConnector({}, trustingBoth);

    const userInfo = await connector.getUserInfo({ ...naverCallbackData }, session);

    expect(userInfo).toEqual({
      id: '32742776',
      email: 'openapi@naver.com',
      name: '오픈 API',
      avatar: 'https://ssl.pstatic.net/static/pwe/address/nodata_33x33.gif',
      phone: '821012345678',
      rawData: naverProfileResponse,
    });
    expect(socialUserInfoGuard.parse(userInfo)).toEqual(userInfo);
    token.done();
    profile.done();
  });

  it('signs in a user who granted nothing but the id; absent fields stay absent', async () => {
    nockNaverTokenExchange();
    const profile = nockNaverProfile({ reply: { body: naverMinimalProfileResponse } });
    const connector = await buildConnector();

    const userInfo = await connector.getUserInfo({ ...naverCallbackData }, session);

    expect(Object.keys(userInfo).sort()).toEqual(['id', 'rawData']);
    expect(userInfo).toEqual({
      id: naverMinimalProfileResponse.response.id,
      rawData: naverMinimalProfileResponse,
    });
    profile.done();
  });

  it('uses the nickname when the real name was not granted', async () => {
    nockNaverTokenExchange();
    nockNaverProfile({ reply: { body: naverNicknameOnlyProfileResponse } });
    const connector = await buildConnector();
    const userInfo = await connector.getUserInfo({ ...naverCallbackData }, session);
    expect(userInfo.name).toBe('ope***');
  });

  it('drops null, blank and malformed values instead of returning them', async () => {
    nockNaverTokenExchange();
    nockNaverProfile({
      reply: {
        body: {
          resultcode: '00',
          message: 'success',
          response: {
            id: 987654321,
            email: null,
            name: '   ',
            nickname: '',
            profile_image: 'javascript:alert(1)',
            mobile: '010-1234-5678',
            mobile_e164: '01012345678',
          },
        },
      },
    });
    const connector = await buildConnector({}, trustingBoth);
    const userInfo = await connector.getUserInfo({ ...naverCallbackData }, session);
    expect(Object.keys(userInfo).sort()).toEqual(['id', 'rawData']);
    expect(userInfo.id).toBe('987654321');
  });

  it('sends the code as received, without decoding it again', async () => {
    const token = nockNaverTokenExchange({ code: 'a%2Bb' });
    nockNaverProfile();
    const connector = await buildConnector();
    await connector.getUserInfo({ ...naverCallbackData, code: 'a%2Bb' }, session);
    token.done();
  });

  it('sends a User-Agent naming the package', async () => {
    const scope = nock('https://nid.naver.com', {
      reqheaders: { 'user-agent': /^seedworks-connector-naver\/0\.1\.0 / },
    })
      .post('/oauth2.0/token')
      .reply(200, naverTokenErrors.invalidCode);
    const connector = await buildConnector();
    await expect(connector.getUserInfo({ ...naverCallbackData }, session)).rejects.toMatchObject({
      code: ConnectorErrorCodes.SocialAuthCodeInvalid,
    });
    scope.done();
  });
});

describe('getUserInfo: callback data and state', () => {
  it('turns a Cancel on Naver’s screen into AuthorizationFailed with Naver’s description', async () => {
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCancelCallbackData }, session),
      ConnectorErrorCodes.AuthorizationFailed,
      /canceled or consent was declined \(access_denied: Canceled By User\)\. Try again and press Agree \(동의하기\)/,
    );
  });

  it('reports other callback errors with AuthorizationFailed', async () => {
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo(
        {
          redirectUri: naverRedirectUri,
          state: naverState,
          error: 'server_error',
          error_description: 'oops',
        },
        session,
      ),
      ConnectorErrorCodes.AuthorizationFailed,
      /error instead of an authorization code \(server_error: oops\)\. Start the sign-in with Naver again\./,
    );
  });

  it('refuses a state that contradicts the session', async () => {
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData, state: 'forged' }, session),
      ConnectorErrorCodes.AuthorizationFailed,
      /callback state does not match .*\(an expired, reused or forged link\)\. Start the sign-in with Naver again\./,
    );
  });

  it('signs in from a callback without state, as Logto’s sign-in page posts it, sending the stored state', async () => {
    // Logto's page checks `state` and strips it:
    // https://github.com/logto-io/logto/blob/v1.42.0/packages/experience/src/pages/SocialSignInWebCallback/use-social-sign-in-listener.ts
    const token = nockNaverTokenExchange({ state: naverState });
    nockNaverProfile();
    const connector = await buildConnector();

    const userInfo = await connector.getUserInfo({ redirectUri: naverRedirectUri, code: naverCode }, session);

    expect(userInfo.id).toBe('32742776');
    token.done();
  });

  it('skips only the state check when getSession throws NotImplemented (identity linking, /me)', async () => {
    nockNaverTokenExchange({ state: 'anything' });
    nockNaverProfile();
    const connector = await buildConnector();
    const userInfo = await connector.getUserInfo({ ...naverCallbackData, state: 'anything' }, notImplemented);
    expect(userInfo.id).toBe('32742776');
  });

  it('propagates Logto’s own session errors', async () => {
    const connector = await buildConnector();
    const failure = new Error('session.connector_validation_session_not_found');
    await expect(
      connector.getUserInfo({ ...naverCallbackData }, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  it.each([
    [{ redirectUri: naverRedirectUri, state: naverState }, 'code'],
    [{ code: naverCode, state: naverState }, 'redirectUri'],
    [{ state: naverState }, 'code and redirectUri'],
  ])('reports missing fields with InsufficientRequestParameters: %j', async (data, missing) => {
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo(data, notImplemented),
      ConnectorErrorCodes.InsufficientRequestParameters,
      new RegExp(`callback data has no ${missing}\\. Open the sign-in through Logto's callback URL`),
    );
  });

  it.each([
    [null, '(data) must be an object'],
    ['code=abc', '(data) must be an object'],
    [{ redirectUri: naverRedirectUri, code: 42 }, 'code must be text'],
  ])('reports malformed callback data with InvalidRequestParameters: %j', async (data, detail) => {
    const connector = await buildConnector();
    const error = await expectConnectorError(
      connector.getUserInfo(data, notImplemented),
      ConnectorErrorCodes.InvalidRequestParameters,
      new RegExp(
        `callback data is malformed \\(${escapeRegExp(detail)}\\)\\. Start the sign-in with Naver again\\.`,
      ),
    );
    expect(error.cause).toBeInstanceOf(ZodError);
  });
});

describe('getUserInfo: token errors (HTTP 200 with an error body)', () => {
  it('maps an invalid, expired or reused code to SocialAuthCodeInvalid', async () => {
    const scope = nockNaverTokenExchange({ reply: { body: naverTokenErrors.invalidCode } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /did not accept the authorization code \(invalid_request: no valid data in session\): .*Start the sign-in with Naver again\./,
    );
    scope.done();
  });

  it('tells the admin to check the client id and secret on an invalid client', async () => {
    nockNaverTokenExchange({ reply: { body: naverTokenErrors.invalidClient } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the client credentials \(invalid_request: wrong client id \/ client secret pair\)/,
      /Check that clientId and clientSecret .*without extra spaces, and that the callback URL is registered/,
    );
  });

  it('treats invalid_client the same way', async () => {
    nockNaverTokenExchange({ reply: { body: { error: 'invalid_client' } } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the client credentials \(invalid_client\)/,
      /Check that clientId and clientSecret/,
    );
  });

  // unauthorized_client: the code was not authorized (https://developers.naver.com/docs/login/api/api.md §5).
  it('maps unauthorized_client (code not authorized) to SocialAuthCodeInvalid', async () => {
    nockNaverTokenExchange({ reply: { body: naverTokenErrors.unauthorizedClient } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /^Naver did not accept the authorization code \(unauthorized_client: unauthorized client\)/,
    );
  });

  it('maps server_error to General, asking to try again', async () => {
    nockNaverTokenExchange({ reply: { body: naverTokenErrors.serverError } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.General,
      /login server reported an error \(server_error: internal server error\)\. Try signing in again\./,
    );
  });

  it('maps an empty access token to SocialAuthCodeInvalid (parity with the official connector)', async () => {
    nockNaverTokenExchange({ reply: { body: naverTokenErrors.emptyAccessToken } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /empty access token for the authorization code\. Start the sign-in with Naver again\./,
    );
  });

  it('maps a JSON body with neither token nor error to InvalidResponse', async () => {
    nockNaverTokenExchange({ reply: { body: { result: 'success' } } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.InvalidResponse,
      /token exchange with HTTP 200 but no usable access_token or error \("\{"result":"success"\}"\)/,
    );
  });

  it('maps a 502 HTML gateway page to General (shown on the sign-in page) with a short excerpt', async () => {
    nockNaverTokenExchange({ reply: { status: 502, body: naverHtmlErrorPage } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.General,
      /token exchange with HTTP 502 and a body that is not JSON \("<html> <head><title>502 Bad Gateway<\/title><\/head> <body> <center><h1>502 Bad Ga…"\)/,
      /try again/,
    );
  });

  it('maps truncated JSON to InvalidResponse', async () => {
    nockNaverTokenExchange({ reply: { body: '{"access_token":"AAAA' } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.InvalidResponse,
      /token exchange with HTTP 200/,
      /not JSON \("\{"access_token":"AAAA"\)/,
    );
  });

  it('maps an empty body to InvalidResponse', async () => {
    nockNaverTokenExchange({ reply: { body: '' } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.InvalidResponse,
      /^Naver answered the token exchange with HTTP 200 and a body that is not JSON \(an empty body\)/,
    );
  });

  it('maps HTTP 401 without an error body to InvalidConfig', async () => {
    nockNaverTokenExchange({ reply: { status: 401, body: {} } });
    const connector = await buildConnector();
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, session),
      ConnectorErrorCodes.InvalidConfig,
      /^Naver rejected the client credentials \(HTTP 401\)\./,
    );
  });
});

describe('getUserInfo: profile errors', () => {
  const signInWithProfileReply = async (reply: { status: number; body: unknown }) => {
    nockNaverTokenExchange();
    const scope = nockNaverProfile({ reply });
    const connector = await buildConnector({ retryLimit: 0 });
    return { scope, promise: connector.getUserInfo({ ...naverCallbackData }, session) };
  };

  it('maps 401 / 024 to SocialAccessTokenInvalid', async () => {
    const { promise, scope } = await signInWithProfileReply(naverProfileErrors.authenticationFailed);
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /rejected the access token on the profile request \(024 Authentication failed \(인증 실패하였습니다\.\)\): .*Sign in with Naver again\./,
    );
    scope.done();
  });

  it('maps 401 / 028 (no header) to SocialAccessTokenInvalid', async () => {
    const { promise } = await signInWithProfileReply(naverProfileErrors.missingAuthorizationHeader);
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /\(028 Authentication header/,
    );
  });

  it('reads the generic Open API error shape {errorCode, errorMessage}', async () => {
    const { promise } = await signInWithProfileReply(naverProfileErrors.genericShape);
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /\(024 Authentication failed/,
    );
  });

  it('maps a bare 401 to SocialAccessTokenInvalid (parity with the official connector)', async () => {
    const { promise } = await signInWithProfileReply({ status: 401, body: 'Unauthorized' });
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /rejected the access token on the profile request \(HTTP 401\): .*Sign in with Naver again\./,
    );
  });

  it('maps resultcode 024 sent with HTTP 200 to SocialAccessTokenInvalid', async () => {
    const { promise } = await signInWithProfileReply({
      status: 200,
      body: naverProfileErrors.authenticationFailed.body,
    });
    await expectConnectorError(promise, ConnectorErrorCodes.SocialAccessTokenInvalid, /\(024 /);
  });

  it('names the missing permission on 403', async () => {
    const { promise } = await signInWithProfileReply(naverProfileErrors.forbidden);
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.AuthorizationFailed,
      /refused the member profile API \(403 Forbidden \(호출 권한이 없습니다\.\)\)\. In Naver Developers > 내 애플리케이션 > API 설정, make sure 사용 API includes 네이버 로그인/,
    );
  });

  it('maps 404 to General', async () => {
    const { promise } = await signInWithProfileReply(naverProfileErrors.notFound);
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.General,
      /profile API reported an error \(404 Not Found \(검색 결과가 없습니다\.\)\)\. Try signing in again\./,
    );
  });

  it('maps 500 to General', async () => {
    const { promise } = await signInWithProfileReply(naverProfileErrors.serverError);
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.General,
      /^Naver's profile API reported an error \(500 /,
    );
  });

  it('maps a 200 without response.id to InvalidResponse', async () => {
    const { promise } = await signInWithProfileReply({
      status: 200,
      body: { resultcode: '00', message: 'success', response: { email: 'a@naver.com' } },
    });
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.InvalidResponse,
      /^Naver answered the profile request with HTTP 200 but without resultcode "00" and response.id/,
    );
  });

  it('maps a non-JSON 200 to InvalidResponse', async () => {
    const { promise } = await signInWithProfileReply({ status: 200, body: '<html>maintenance</html>' });
    await expectConnectorError(
      promise,
      ConnectorErrorCodes.InvalidResponse,
      /profile request with HTTP 200 and a body that is not JSON \("<html>maintenance<\/html>"\)\. .*try again\./,
    );
  });

  it('sends the access token as a Bearer header', async () => {
    nockNaverTokenExchange();
    const scope = nockNaverProfile({ accessToken: naverAccessToken });
    const connector = await buildConnector();
    await connector.getUserInfo({ ...naverCallbackData }, session);
    scope.done();
  });

  it('uses the config’s client credentials in the token request', async () => {
    const config = { clientId: 'otherClient', clientSecret: 'otherSecret123' };
    const scope = nockNaverTokenExchange({ config });
    nockNaverProfile();
    const connector = await buildConnector({}, { ...config, unrelated: 1 });
    await connector.getUserInfo({ ...naverCallbackData }, session);
    scope.done();
    expect(naverConfig.clientId).not.toBe(config.clientId);
  });
});
