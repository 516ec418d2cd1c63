/**
 * Naver's real endpoints (docs/naver-login.md#endpoints), repeated here so the fixtures do not depend on the
 * connector; a connector test checks both copies agree. The last three are the OpenID Connect
 * ones (https://developers.naver.com/docs/login/devguide/devguide.md §3.5).
 */
export const naverRealEndpoints = Object.freeze({
  authorize: 'https://nid.naver.com/oauth2.0/authorize',
  token: 'https://nid.naver.com/oauth2.0/token',
  profile: 'https://openapi.naver.com/v1/nid/me',
  revoke: 'https://nid.naver.com/oauth2.0/revoke',
  oidcAuthorize: 'https://nid.naver.com/oauth2/authorize',
  oidcToken: 'https://nid.naver.com/oauth2/token',
  jwks: 'https://nid.naver.com/oauth2/jwks',
});

/** Naver's OpenID Connect issuer, the `iss` of its ID tokens (and of the mock's). */
export const naverIssuer = 'https://nid.naver.com';

/** Naver's discovery document (https://developers.naver.com/docs/login/devguide/devguide.md §3.5.2). */
export const naverDiscoveryUrl = 'https://nid.naver.com/.well-known/openid-configuration';

/** The URLs of Naver's endpoints, the shape of the connector's `endpoints` seam. */
export type NaverEndpointUrls = { [Name in keyof typeof naverRealEndpoints]: string };

/**
 * The endpoints with Naver's paths on another origin: a local mock Naver or a fault server.
 *
 * @example naverEndpointsAt('http://127.0.0.1:4000').token // 'http://127.0.0.1:4000/oauth2.0/token'
 */
export const naverEndpointsAt = (origin: string): Readonly<NaverEndpointUrls> =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(naverRealEndpoints).map(([name, url]) => [name, `${origin}${new URL(url).pathname}`]),
    ) as NaverEndpointUrls,
  );
