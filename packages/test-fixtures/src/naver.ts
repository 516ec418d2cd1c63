/**
 * Naver fixtures: response bodies, nock helpers, a local mock Naver, broken loopback servers for
 * fault tests (the secret recorder is in the main entry), and the OpenID Connect side (keys, ID
 * tokens, discovery, PKCE).
 *
 * Importing this entry loads nock, and nock's interceptor (even in passthrough) opens a new socket
 * per request. Code that measures connections without nock (benchmark, playground) should import
 * `@seedworks/test-fixtures/naver/mock-naver-server` and `…/naver/responses` directly.
 */
export * from './naver/endpoints.js';
export * from './naver/faulty-server.js';
export * from './naver/mock-naver-server.js';
export * from './naver/nock.js';
export * from './naver/nock-oidc.js';
export * from './naver/oidc.js';
export * from './naver/responses.js';
