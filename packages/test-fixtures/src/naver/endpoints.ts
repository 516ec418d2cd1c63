/**
 * Naver's real endpoints (reference §1), repeated here so the fixtures do not depend on the
 * connector; a connector test checks both copies agree.
 */
export const naverRealEndpoints = Object.freeze({
  authorize: 'https://nid.naver.com/oauth2.0/authorize',
  token: 'https://nid.naver.com/oauth2.0/token',
  profile: 'https://openapi.naver.com/v1/nid/me',
  revoke: 'https://nid.naver.com/oauth2.0/revoke',
});

export type NaverEndpointUrls = { authorize: string; token: string; profile: string; revoke: string };
