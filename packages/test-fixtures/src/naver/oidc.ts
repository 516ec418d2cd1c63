import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { naverIssuer, naverRealEndpoints } from './endpoints.js';

/*
 * Naver's OpenID Connect side (https://developers.naver.com/docs/login/devguide/devguide.md §3.5),
 * as the mock Naver and the nock helpers play it: RS256 keys, ID tokens, the discovery document
 * and the PKCE check.
 */

/** An RS256 key pair of the test's own, standing in for one of Naver's signing keys. */
export interface NaverSigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** What Naver's JWKS lists for it. */
  publicJwk: JWK;
}

/** A new RS256 signing key; `kid` defaults to a random one, as each rotation brings a new one. */
export const createNaverSigningKey = async (
  kid = randomBytes(6).toString('hex'),
): Promise<NaverSigningKey> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
};

/** The JWK Set body of `GET /oauth2/jwks` for these keys. */
export const naverJwks = (keys: readonly NaverSigningKey[]) => ({
  keys: keys.map(({ publicJwk }) => publicJwk),
});

/** The claims of a Naver ID token; `sub` is the profile `id` (pairwise per app, like the id). */
export interface NaverIdTokenClaims {
  sub: string;
  aud: string;
  iss?: string;
  nonce?: string;
  /** Seconds since the epoch; default now. */
  iat?: number;
  /** Seconds since the epoch; default an hour after `iat`. */
  exp?: number;
}

/**
 * Signs an ID token as Naver would (RS256, `kid` in the header). Which claims Naver adds beyond
 * these is not documented.
 */
export const signNaverIdToken = async (key: NaverSigningKey, claims: NaverIdTokenClaims) => {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const { sub, aud, iss = naverIssuer, nonce } = claims;
  return new SignJWT({ ...(nonce !== undefined && { nonce }) })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(iss)
    .setSubject(sub)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(claims.exp ?? iat + 3600)
    .sign(key.privateKey);
};

/**
 * The discovery document, as copies of Naver's live one show it (RS256, pairwise subjects,
 * `openid profile`, `client_secret_post`, the profile API as userinfo), with the endpoints on
 * `origin`. The issuer stays https://nid.naver.com wherever the mock runs: it is what the
 * connector checks `iss` against.
 */
export const naverDiscoveryDocument = (origin = naverIssuer) => {
  const at = (url: string) => `${origin}${new URL(url).pathname}`;
  return {
    issuer: naverIssuer,
    authorization_endpoint: at(naverRealEndpoints.oidcAuthorize),
    token_endpoint: at(naverRealEndpoints.oidcToken),
    userinfo_endpoint: naverRealEndpoints.profile,
    jwks_uri: at(naverRealEndpoints.jwks),
    response_types_supported: ['code'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
  };
};

/** What an authorize request bound its code to (RFC 7636 §4.4). */
export interface PkceBinding {
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/**
 * The PKCE check of a token request (RFC 7636 §4.6), and RFC 9700 §4.8.2's downgrade rule: a
 * verifier for a code issued without a challenge is refused too.
 */
export const pkceMatches = (
  { codeChallenge, codeChallengeMethod }: PkceBinding,
  codeVerifier: string | null,
) => {
  if (codeChallenge === undefined) {
    return codeVerifier === null;
  }
  return (
    codeChallengeMethod === 'S256' &&
    codeVerifier !== null &&
    createHash('sha256').update(codeVerifier).digest('base64url') === codeChallenge
  );
};
