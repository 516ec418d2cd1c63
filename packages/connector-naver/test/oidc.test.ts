import { createHash } from 'node:crypto';
import { ConnectorErrorCodes } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  createNaverSigningKey,
  type NaverSigningKey,
  naverAccessToken,
  naverCode,
  naverConfig,
  naverProfileResponse,
  naverRealEndpoints,
  naverRedirectUri,
  naverRefreshToken,
  naverState,
  nockNaverJwks,
  nockNaverOidc,
  nockNaverProfile,
  nockNaverRevoke,
  nockNaverTokenExchange,
  nockNaverTokenRefresh,
  type ScriptedNaverOidc,
} from '@seedworks/test-fixtures/naver';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { revokeNaverToken } from '../src/index.js';
import { authorizationPayload, buildConnector, notImplemented } from './helpers.js';
import { finishSignIn, oidcConfig, oidcConnectorBuilder, startSignIn } from './oidc-helpers.js';
import { secretRecorder } from './recorder.js';

let key: NaverSigningKey;
let naver: ScriptedNaverOidc | undefined;

beforeAll(async () => {
  key = await createNaverSigningKey('naver-key-1');
});

afterEach(() => {
  // Every ID token issued in the test is a secret the recorder must not find anywhere.
  secretRecorder.addSecrets(naver?.idTokens ?? []);
  naver = undefined;
});

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

describe('openIdConnect: the authorize request', () => {
  it('goes to /oauth2/authorize with scope openid, a PKCE S256 challenge of the stored verifier, state and a nonce', async () => {
    naver = nockNaverOidc({ key });
    const { url, session } = await startSignIn(await oidcConnectorBuilder()(), naver);

    expect(`${url.origin}${url.pathname}`).toBe(naverRealEndpoints.oidcAuthorize);
    expect(url.searchParams.get('scope')?.split(' ')).toContain('openid');
    expect(url.searchParams.get('state')).toBe(naverState);
    expect(url.searchParams.get('redirect_uri')).toBe(naverRedirectUri);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    // RFC 7636 §4.1: 43–128 characters of the unreserved set.
    expect(session.codeVerifier).toMatch(/^[\w.~-]{43,128}$/);
    expect(url.searchParams.get('code_challenge')).toBe(s256(String(session.codeVerifier)));
    expect(url.searchParams.get('nonce')).toBe(session.nonce);
    expect(session).toMatchObject({ state: naverState, redirectUri: naverRedirectUri });
  });

  it('draws a new verifier and nonce for every sign-in', async () => {
    naver = nockNaverOidc({ key });
    const connector = await oidcConnectorBuilder()();
    const first = await startSignIn(connector, naver);
    const second = await startSignIn(connector, naver);
    expect(second.session.codeVerifier).not.toBe(first.session.codeVerifier);
    expect(second.session.nonce).not.toBe(first.session.nonce);
  });

  it('sends no challenge when the caller cannot keep a session (Management API), so no code waits on a lost verifier', async () => {
    const connector = await buildConnector({}, oidcConfig);
    const url = new URL(
      await connector.getAuthorizationUri({ ...authorizationPayload, jti: '' }, notImplemented),
    );
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(url.searchParams.has('code_challenge')).toBe(false);
    expect(url.searchParams.get('scope')?.split(' ')).toContain('openid');
  });
});

describe('openIdConnect: a whole sign-in', () => {
  it('redeems the code with the verifier from the session, verifies the ID token and returns the profile id as the identity', async () => {
    naver = nockNaverOidc({ key });
    const jwks = nockNaverJwks({ keys: [key] });
    const profile = nockNaverProfile();
    const connector = await oidcConnectorBuilder()();
    const { code, session } = await startSignIn(connector, naver);

    const { userInfo, tokenResponse } = await finishSignIn(connector, code, session);

    expect(userInfo.id).toBe(naverProfileResponse.response.id);
    expect(tokenResponse?.refresh_token).toBeDefined();
    jwks.done();
    profile.done();
  });

  it('works without a session too: no verifier is sent, the ID token is still checked', async () => {
    naver = nockNaverOidc({ key });
    nockNaverJwks({ keys: [key] });
    nockNaverProfile();
    const connector = await buildConnector({}, oidcConfig);
    const uri = await connector.getAuthorizationUri({ ...authorizationPayload, jti: '' }, notImplemented);
    const code = naver.authorize(uri);
    secretRecorder.addSecrets([code]);
    const userInfo = await connector.getUserInfo({ redirectUri: naverRedirectUri, code }, notImplemented);
    expect(userInfo.id).toBe(naverProfileResponse.response.id);
  });

  it('fetches Naver’s keys once for many sign-ins', async () => {
    naver = nockNaverOidc({ key });
    const jwks = nockNaverJwks({ keys: [key], times: 1 });
    nockNaverProfile({ times: 3 });
    const connectorFor = oidcConnectorBuilder();
    for (let signIn = 0; signIn < 3; signIn += 1) {
      // Logto builds the connector again for each request; the key cache outlives it.
      const started = await startSignIn(await connectorFor(), naver);
      const { userInfo } = await finishSignIn(await connectorFor(), started.code, started.session);
      expect(userInfo.id).toBe(naverProfileResponse.response.id);
    }
    jwks.done();
  });

  it('fetches the keys again, once, after Naver rotates them', async () => {
    const rotated = await createNaverSigningKey('naver-key-2');
    const connectorFor = oidcConnectorBuilder();
    nockNaverProfile({ times: 3 });
    const firstKeys = nockNaverJwks({ keys: [key] });
    naver = nockNaverOidc({ key });
    const first = await startSignIn(await connectorFor(), naver);
    await finishSignIn(await connectorFor(), first.code, first.session);
    firstKeys.done();

    naver.signWith(rotated);
    const rotatedKeys = nockNaverJwks({ keys: [rotated, key], times: 1 });
    const realNow = Date.now;
    // Past the refetch cooldown (30 s) since the first fetch.
    Date.now = () => realNow() + 31_000;
    try {
      for (let signIn = 0; signIn < 2; signIn += 1) {
        const started = await startSignIn(await connectorFor(), naver);
        const { userInfo } = await finishSignIn(await connectorFor(), started.code, started.session);
        expect(userInfo.id).toBe(naverProfileResponse.response.id);
      }
    } finally {
      Date.now = realNow;
    }
    rotatedKeys.done();
  });

  it('refreshes at /oauth2.0/token and revokes at /oauth2.0/revoke, as without the switch', async () => {
    const refresh = nockNaverTokenRefresh();
    const revoke = nockNaverRevoke();
    const connector = await buildConnector({}, oidcConfig);
    const refreshed = await connector.getAccessTokenByRefreshToken?.(naverRefreshToken);
    expect(refreshed?.access_token).toBeDefined();
    await revokeNaverToken(oidcConfig, naverAccessToken);
    refresh.done();
    revoke.done();
  });
});

describe('openIdConnect: refused sign-ins', () => {
  /** Runs one sign-in against `scripted` and returns the promise of its outcome. */
  const signInWith = async (scripted: ScriptedNaverOidc) => {
    naver = scripted;
    nockNaverJwks({ keys: [key] });
    nockNaverProfile();
    const connector = await oidcConnectorBuilder()();
    const { code, session } = await startSignIn(connector, scripted);
    return finishSignIn(connector, code, session);
  };

  it('a token signed by another key (same kid)', async () => {
    const impostor = await createNaverSigningKey(key.kid);
    await expectConnectorError(
      signInWith(nockNaverOidc({ key, signWith: impostor })),
      ConnectorErrorCodes.SocialIdTokenInvalid,
      /signature does not match/,
      /Start the sign-in with Naver again/,
    );
  });

  it('a token issued to another Naver app (aud)', async () => {
    await expectConnectorError(
      signInWith(nockNaverOidc({ key, claims: { aud: 'anotherNaverApp' } })),
      ConnectorErrorCodes.SocialIdTokenInvalid,
      /audience \(aud\) is not this connector's Client ID/,
    );
  });

  it('a token from another issuer (iss)', async () => {
    await expectConnectorError(
      signInWith(nockNaverOidc({ key, claims: { iss: 'https://nid.naver.com.evil.example' } })),
      ConnectorErrorCodes.SocialIdTokenInvalid,
      /issuer \(iss\) is "https:\/\/nid\.naver\.com\.evil\.example", not https:\/\/nid\.naver\.com/,
    );
  });

  it('an expired token', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    await expectConnectorError(
      signInWith(nockNaverOidc({ key, claims: { iat: hourAgo - 60, exp: hourAgo } })),
      ConnectorErrorCodes.SocialIdTokenInvalid,
      /expired \(exp\)/,
    );
  });

  it('a token whose sub is not the profile id', async () => {
    await expectConnectorError(
      signInWith(nockNaverOidc({ key, subject: 'someone-else-entirely' })),
      ConnectorErrorCodes.SocialIdTokenInvalid,
      /subject \(sub\) is not the Naver profile's id/,
    );
  });

  it('a token carrying another sign-in’s nonce', async () => {
    await expectConnectorError(
      signInWith(nockNaverOidc({ key, claims: { nonce: 'nonce-of-another-sign-in' } })),
      ConnectorErrorCodes.SocialIdTokenInvalid,
      /nonce is not the one this sign-in sent/,
    );
  });

  it('a code issued to another sign-in (its own challenge) redeemed in this one', async () => {
    naver = nockNaverOidc({ key });
    const connectorFor = oidcConnectorBuilder();
    // The victim's sign-in gets a code; it leaks. The thief starts a sign-in of their own and
    // posts the victim's code to their own callback.
    const victim = await startSignIn(await connectorFor(), naver, 'victimStateAbcdef');
    const thief = await startSignIn(await connectorFor(), naver, 'thiefStateGhijkl');
    await expectConnectorError(
      finishSignIn(await connectorFor(), victim.code, thief.session),
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /code_verifier does not match/,
    );
  });

  it('a token answer without id_token', async () => {
    nockNaverTokenExchange({ endpoint: naverRealEndpoints.oidcToken, state: null });
    const connector = await buildConnector({}, oidcConfig);
    await expectConnectorError(
      connector.getUserInfo({ redirectUri: naverRedirectUri, code: naverCode }, notImplemented),
      ConnectorErrorCodes.SocialIdTokenInvalid,
      /no id_token/,
    );
  });
});

describe('openIdConnect: config', () => {
  it('refuses a non-boolean openIdConnect, naming the field', async () => {
    const connector = await buildConnector({}, { ...naverConfig, openIdConnect: 'yes' });
    await expectConnectorError(
      connector.getAuthorizationUri(authorizationPayload, async () => undefined),
      ConnectorErrorCodes.InvalidConfig,
      /openIdConnect must be true or false/,
    );
  });

  it('is off by default: the classic flow, no keys fetched (no JWKS interceptor exists)', async () => {
    const connector = await buildConnector();
    const url = new URL(await connector.getAuthorizationUri(authorizationPayload, async () => undefined));
    expect(url.pathname).toBe('/oauth2.0/authorize');
    expect([...url.searchParams.keys()]).toEqual(['response_type', 'client_id', 'redirect_uri', 'state']);
  });
});
