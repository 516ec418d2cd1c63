/**
 * Naver's real endpoints (docs/naver-login.md#endpoints), repeated here so the fixtures do not depend on the
 * connector; a connector test checks both copies agree.
 */
export const naverRealEndpoints = Object.freeze({
  authorize: 'https://nid.naver.com/oauth2.0/authorize',
  token: 'https://nid.naver.com/oauth2.0/token',
  profile: 'https://openapi.naver.com/v1/nid/me',
  revoke: 'https://nid.naver.com/oauth2.0/revoke',
});

/** The URLs of Naver's four endpoints, the shape of the connector's `endpoints` seam. */
export type NaverEndpointUrls = { authorize: string; token: string; profile: string; revoke: string };

/**
 * The four endpoints with Naver's paths on another origin: a local mock Naver or a fault server.
 *
 * @example naverEndpointsAt('http://127.0.0.1:4000').token // 'http://127.0.0.1:4000/oauth2.0/token'
 */
export const naverEndpointsAt = (origin: string): Readonly<NaverEndpointUrls> =>
  Object.freeze({
    authorize: `${origin}${new URL(naverRealEndpoints.authorize).pathname}`,
    token: `${origin}${new URL(naverRealEndpoints.token).pathname}`,
    profile: `${origin}${new URL(naverRealEndpoints.profile).pathname}`,
    revoke: `${origin}${new URL(naverRealEndpoints.revoke).pathname}`,
  });
