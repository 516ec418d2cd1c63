import { ConnectorErrorCodes, type ConnectorSession, type SocialConnector } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { type MockNaver, naverProfileResponse, startMockNaver } from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNaverConnector } from '../src/index.js';
import { authorizationPayload } from './helpers.js';
import { oidcConfig } from './oidc-helpers.js';

const redirectUri = 'https://auth.example.com/callback/naver-connector-id';

let naver: MockNaver;
/** Called once per request, as Logto does: every sign-in shares the builder's key cache. */
let connectorFor: () => Promise<SocialConnector>;

beforeEach(async () => {
  nock.enableNetConnect('127.0.0.1');
  naver = await startMockNaver({ consent: 'agree' });
  const create = createNaverConnector({ endpoints: naver.endpoints, retryDelayMs: 0 });
  connectorFor = () => create({ getConfig: async () => oidcConfig });
});

afterEach(async () => {
  await naver.close();
});

/** Authorize URL → the mock's redirect back (consent given) → Logto's connectorData without `state`. */
const startSignIn = async (state: string) => {
  let session: ConnectorSession = {};
  const uri = await (await connectorFor()).getAuthorizationUri(
    { ...authorizationPayload, state, redirectUri },
    async (stored) => {
      session = stored;
    },
  );
  const back = await fetch(uri, { redirect: 'manual' });
  expect(back.status).toBe(302);
  const callback = new URL(back.headers.get('location') ?? '');
  return { uri: new URL(uri), session, code: callback.searchParams.get('code') ?? '' };
};

const finishSignIn = async (code: string, session: ConnectorSession) =>
  (await connectorFor()).getTokenResponseAndUserInfo!({ redirectUri, code }, async () => session);

describe('OpenID Connect against the local mock Naver', () => {
  it('signs in through /oauth2/authorize and /oauth2/token with PKCE, and checks the mock’s signed ID token', async () => {
    const { uri, code, session } = await startSignIn('oidc-state-1');
    expect(uri.pathname).toBe('/oauth2/authorize');

    const { userInfo, tokenResponse } = await finishSignIn(code, session);

    expect(userInfo.id).toBe(naverProfileResponse.response.id);
    expect(tokenResponse?.refresh_token).toBeDefined();
    expect(naver.requests).toMatchObject({ oidcAuthorize: 1, oidcToken: 1, jwks: 1, profile: 1, token: 0 });
  });

  it('costs no extra round trip once warm: keys fetched once, never the discovery document', async () => {
    for (const state of ['warm-1', 'warm-2', 'warm-3']) {
      const { code, session } = await startSignIn(state);
      await finishSignIn(code, session);
    }
    expect(naver.requests).toMatchObject({ jwks: 1, discovery: 0, oidcToken: 3, profile: 3 });
  });

  it('refuses a code issued to one sign-in and redeemed in another (each has its own PKCE challenge)', async () => {
    const victim = await startSignIn('victim-state');
    const thief = await startSignIn('thief-state');
    await expectConnectorError(
      finishSignIn(victim.code, thief.session),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /code_verifier does not match/,
    );
  });

  it('fetches the keys again once after the mock rotates its signing key', async () => {
    const first = await startSignIn('rotate-1');
    await finishSignIn(first.code, first.session);
    await naver.rotateSigningKey();
    const realNow = Date.now;
    Date.now = () => realNow() + 31_000;
    try {
      for (const state of ['rotate-2', 'rotate-3']) {
        const { code, session } = await startSignIn(state);
        expect((await finishSignIn(code, session)).userInfo.id).toBe(naverProfileResponse.response.id);
      }
    } finally {
      Date.now = realNow;
    }
    expect(naver.requests.jwks).toBe(2);
  });

  it('refreshes the OpenID Connect sign-in’s token at /oauth2.0/token', async () => {
    const { code, session } = await startSignIn('refresh-1');
    const { tokenResponse } = await finishSignIn(code, session);
    const refreshed = await (await connectorFor()).getAccessTokenByRefreshToken!(
      tokenResponse?.refresh_token ?? '',
    );
    expect(refreshed.access_token).not.toBe(tokenResponse?.access_token);
    expect(naver.grants.refresh_token).toBe(1);
  });
});
