import { ConnectorErrorCodes, type ConnectorSession, type SocialConnector } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  type MockNaver,
  naverConfig,
  naverProfileResponse,
  startMockNaver,
} from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createNaverApi, createNaverConnector, revokeNaverToken } from '../src/index.js';
import { authorizationPayload } from './helpers.js';

const redirectUri = 'https://auth.example.com/callback/naver-connector-id';

let naver: MockNaver;
let connector: SocialConnector;

beforeEach(async () => {
  nock.enableNetConnect('127.0.0.1');
  naver = await startMockNaver();
  connector = await createNaverConnector({ endpoints: naver.endpoints, retryDelayMs: 0 })({
    getConfig: async () => naverConfig,
  });
});

afterEach(async () => {
  await naver.close();
});

/** What Logto's experience does: ask for the URL, keep the session, send the browser there. */
const startSignIn = async (state: string) => {
  let session: ConnectorSession = {};
  const uri = await connector.getAuthorizationUri(
    { ...authorizationPayload, state, redirectUri },
    async (storage) => {
      session = storage;
    },
  );
  return { uri, getSession: async () => session };
};

/** The browser's part, without a browser: load the consent page, press a button, read Location. */
const pressOnConsentPage = async (uri: string, button: 'agree' | 'cancel') => {
  const page = await fetch(uri);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('id="agree"');
  expect(html).toContain('id="cancel"');
  const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const decision = await fetch(new URL('/oauth2.0/authorize/consent', naver.baseUrl), {
    method: 'POST',
    body: new URLSearchParams({ transaction, decision: button }),
    redirect: 'manual',
  });
  expect(decision.status).toBe(302);
  return new URL(decision.headers.get('location') ?? '');
};

/**
 * Logto's `connectorData`: `{redirectUri, ...callbackQuery}` without `state`, which Logto's sign-in
 * page checks and strips
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/experience/src/pages/SocialSignInWebCallback/use-social-sign-in-listener.ts).
 */
const connectorData = (callback: URL) => {
  const { state: _checkedByLogtosPage, ...query } = Object.fromEntries(callback.searchParams);
  return { redirectUri, ...query };
};

describe('full redirect flow against the local mock Naver', () => {
  it('signs in: consent page → Agree → callback → token → profile, with tokens for storage', async () => {
    const { uri, getSession } = await startSignIn('state-1');
    const callback = await pressOnConsentPage(uri, 'agree');

    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{16}$/);

    const { tokenResponse, userInfo } = await connector.getTokenResponseAndUserInfo!(
      connectorData(callback),
      getSession,
    );
    // The default config: Naver's email and phone stay in rawData only.
    expect(userInfo).toEqual({
      id: '32742776',
      name: '오픈 API',
      avatar: 'https://ssl.pstatic.net/static/pwe/address/nodata_33x33.gif',
      rawData: naverProfileResponse,
    });
    expect(tokenResponse).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(tokenResponse?.refresh_token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(naver.requests).toMatchObject({ authorize: 1, consent: 1, token: 1, profile: 1 });
  });

  it('refuses to reuse a code (single use), as Naver does', async () => {
    const { uri, getSession } = await startSignIn('state-2');
    const callback = await pressOnConsentPage(uri, 'agree');
    await connector.getUserInfo(connectorData(callback), getSession);

    await expectConnectorError(
      connector.getUserInfo(connectorData(callback), getSession),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /^Naver did not accept the authorization code \(invalid_request: no valid data in session\)/,
    );
  });

  it('turns Cancel into AuthorizationFailed with Naver’s description', async () => {
    const { uri, getSession } = await startSignIn('state-3');
    const callback = await pressOnConsentPage(uri, 'cancel');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.search).toContain('error_description=Canceled+By+User');

    await expectConnectorError(
      connector.getUserInfo(connectorData(callback), getSession),
      ConnectorErrorCodes.AuthorizationFailed,
      /\(access_denied: Canceled By User\)/,
    );
    expect(naver.requests.token).toBe(0);
  });

  it('refuses a callback that carries another sign-in’s state before spending the code', async () => {
    const first = await startSignIn('state-a');
    const second = await startSignIn('state-b');
    const callback = await pressOnConsentPage(first.uri, 'agree');

    // A caller other than Logto's page may forward `state`; then it must be this sign-in's.
    await expectConnectorError(
      connector.getUserInfo({ ...connectorData(callback), state: 'state-a' }, second.getSession),
      ConnectorErrorCodes.AuthorizationFailed,
      /state does not match/,
    );
    expect(naver.requests.token).toBe(0);
  });

  it('sends the stored state with the code, so Naver refuses a code issued to another sign-in', async () => {
    const first = await startSignIn('state-c');
    const second = await startSignIn('state-d');
    const callback = await pressOnConsentPage(first.uri, 'agree');

    await expectConnectorError(
      connector.getUserInfo(connectorData(callback), second.getSession),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /did not accept the authorization code/,
    );
    expect(naver.requests.token).toBe(1);
  });

  it('redirects at once when consent is pre-granted, and shows reprompt on the consent page', async () => {
    naver.setConsent('agree');
    const { uri } = await startSignIn('state-4');
    const response = await fetch(uri, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('state')).toBe('state-4');

    naver.setConsent('prompt');
    const reprompting = await createNaverConnector({ endpoints: naver.endpoints })({
      getConfig: async () => ({ ...naverConfig, repromptConsent: true }),
    });
    const repromptUri = await reprompting.getAuthorizationUri(
      { state: 's', redirectUri, connectorId: 'c', connectorFactoryId: 'f', jti: 'j', headers: {} },
      async () => undefined,
    );
    expect(await (await fetch(repromptUri)).text()).toContain('auth_type=reprompt');
  });

  it('refreshes, then revokes: the revoked pair no longer reads the profile', async () => {
    naver.setConsent('agree');
    const { uri, getSession } = await startSignIn('state-5');
    const callback = new URL((await fetch(uri, { redirect: 'manual' })).headers.get('location') ?? '');
    const { tokenResponse } = await connector.getTokenResponseAndUserInfo!(
      connectorData(callback),
      getSession,
    );

    const refreshed = await connector.getAccessTokenByRefreshToken!(tokenResponse?.refresh_token ?? '');
    expect(refreshed.refresh_token).toBeUndefined();

    const api = createNaverApi({ endpoints: naver.endpoints, retryDelayMs: 0 });
    expect((await api.fetchProfile(refreshed.access_token ?? '')).profile.response.id).toBe('32742776');

    await revokeNaverToken(naverConfig, tokenResponse?.refresh_token ?? '', {
      tokenTypeHint: 'refresh_token',
      api,
    });
    expect(naver.requests.revoke).toBe(1);
    await expectConnectorError(
      api.fetchProfile(refreshed.access_token ?? ''),
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /\(024 Authentication failed/,
    );
    await expectConnectorError(
      connector.getAccessTokenByRefreshToken!(tokenResponse?.refresh_token ?? ''),
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      /^Naver did not accept the refresh token/,
    );
  });

  it('reports wrong client credentials as InvalidConfig', async () => {
    naver.setConsent('agree');
    const wrong = await createNaverConnector({ endpoints: naver.endpoints })({
      getConfig: async () => ({ ...naverConfig, clientSecret: 'not-the-secret' }),
    });
    const { uri, getSession } = await startSignIn('state-6');
    const callback = new URL((await fetch(uri, { redirect: 'manual' })).headers.get('location') ?? '');
    await expectConnectorError(
      wrong.getUserInfo(connectorData(callback), getSession),
      ConnectorErrorCodes.InvalidConfig,
      /wrong client id \/ client secret pair/,
    );
  });

  it('reuses one kept-alive connection across many sign-ins', async () => {
    // nock's interceptor, even in passthrough, opens a fresh socket per request: measure without it.
    nock.restore();
    onTestFinished(() => {
      nock.activate();
    });
    naver.setConsent('agree');
    const signIns = 20;
    const callbacks: { data: Record<string, string>; getSession: () => Promise<ConnectorSession> }[] = [];
    for (let index = 0; index < signIns; index += 1) {
      const { uri, getSession } = await startSignIn(`state-${index}`);
      const location = (await fetch(uri, { redirect: 'manual' })).headers.get('location') ?? '';
      callbacks.push({ data: connectorData(new URL(location)), getSession });
    }

    naver.resetCounters();
    for (const { data, getSession } of callbacks) {
      await connector.getUserInfo(data, getSession);
    }

    expect(naver.requests).toMatchObject({ token: signIns, profile: signIns });
    expect(naver.connections).toBe(1);
  });
});
