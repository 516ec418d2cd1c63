import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { naverIssuer } from './endpoints.js';
import { type MockNaver, startMockNaver } from './mock-naver-server.js';
import { naverConfig, naverProfileResponse } from './responses.js';

const redirectUri = 'https://auth.example.com/callback/x';
let naver: MockNaver;

beforeEach(async () => {
  naver = await startMockNaver({ consent: 'agree' });
});

afterEach(async () => {
  await naver.close();
});

/** `/oauth2/authorize` with the given extra parameters; the code from the redirect, or the status. */
const authorize = async (extra: Record<string, string>) => {
  const url = new URL(naver.endpoints.oidcAuthorize);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: naverConfig.clientId,
    redirect_uri: redirectUri,
    state: 'st',
    ...extra,
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  return {
    status: response.status,
    code: new URL(response.headers.get('location') ?? redirectUri).searchParams.get('code'),
  };
};

const redeem = async (code: string, extra: Record<string, string> = {}) => {
  const response = await fetch(naver.endpoints.oidcToken, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: naverConfig.clientId,
      client_secret: naverConfig.clientSecret,
      code,
      redirect_uri: redirectUri,
      ...extra,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

const verifier = 'a-verifier-of-at-least-forty-three-characters-0123456789';
const challenge = createHash('sha256').update(verifier).digest('base64url');

describe('the mock Naver’s OpenID Connect side', () => {
  it('publishes a discovery document for its own origin, with Naver’s issuer', async () => {
    const document = (await (
      await fetch(`${naver.baseUrl}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      issuer: naverIssuer,
      authorization_endpoint: naver.endpoints.oidcAuthorize,
      token_endpoint: naver.endpoints.oidcToken,
      jwks_uri: naver.endpoints.jwks,
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['pairwise'],
    });
  });

  it('signs an ID token its JWKS verifies: iss, aud, sub = profile id, the nonce sent', async () => {
    const { code } = await authorize({
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce: 'n-1',
    });
    const { body } = await redeem(code ?? '', { code_verifier: verifier });
    const jwks = (await (await fetch(naver.endpoints.jwks)).json()) as { keys: [] };
    const { payload } = await jwtVerify(body.id_token ?? '', createLocalJWKSet(jwks), {
      issuer: naverIssuer,
      audience: naverConfig.clientId,
    });
    expect(payload).toMatchObject({ sub: naverProfileResponse.response.id, nonce: 'n-1' });
  });

  it('checks PKCE: a wrong verifier, a missing one and one for a code issued without a challenge are refused', async () => {
    const withChallenge = { scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' };
    expect(
      (await redeem((await authorize(withChallenge)).code ?? '', { code_verifier: `${verifier}x` })).body
        .error,
    ).toBe('invalid_grant');
    expect((await redeem((await authorize(withChallenge)).code ?? '')).body.error).toBe('invalid_grant');
    expect(
      (await redeem((await authorize({ scope: 'openid' })).code ?? '', { code_verifier: verifier })).body
        .error,
    ).toBe('invalid_grant');
  });

  it('requires scope openid and accepts only S256', async () => {
    expect((await authorize({})).status).toBe(400);
    expect(
      (await authorize({ scope: 'openid', code_challenge: verifier, code_challenge_method: 'plain' })).status,
    ).toBe(400);
  });

  it('keeps the flows apart: a classic code is not redeemed at /oauth2/token', async () => {
    const url = new URL(naver.endpoints.authorize);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: naverConfig.clientId,
      redirect_uri: redirectUri,
      state: 'st',
    }).toString();
    const classic = new URL(
      (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '',
    ).searchParams.get('code');
    expect((await redeem(classic ?? '')).body.error).toBe('invalid_request');
  });

  it('lists the new key and the previous one after a rotation', async () => {
    const before = ((await (await fetch(naver.endpoints.jwks)).json()) as { keys: { kid: string }[] }).keys;
    await naver.rotateSigningKey();
    const after = ((await (await fetch(naver.endpoints.jwks)).json()) as { keys: { kid: string }[] }).keys;
    expect(after.map(({ kid }) => kid)).toEqual([expect.not.stringMatching(before[0]!.kid), before[0]!.kid]);
  });
});
