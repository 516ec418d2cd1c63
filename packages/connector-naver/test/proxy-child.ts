/**
 * Run by proxy.test.ts in a child Node started the way an operator starts Logto behind a proxy
 * (NODE_USE_ENV_PROXY=1, HTTPS_PROXY in the environment): one revoke call to the given mock Naver,
 * with no proxy seam, so the connector's default proxy handling decides.
 */
import { createNaverApi, naverEndpoints, revokeNaverToken } from '../src/index.js';

const origin = process.env.CHILD_NAVER_ORIGIN ?? '';
const endpoints = Object.fromEntries(
  Object.entries(naverEndpoints).map(([name, url]) => [name, `${origin}${new URL(url).pathname}`]),
);
const api = createNaverApi({ endpoints, ca: process.env.CHILD_NAVER_CA, retryLimit: 0 });
await revokeNaverToken(JSON.parse(process.env.CHILD_NAVER_CONFIG ?? '{}'), 'child-process-token-0123', {
  api,
});
