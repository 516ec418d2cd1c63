import {
  ConnectorType,
  type CreateConnector,
  type GetAccessTokenByRefreshToken,
  type GetAuthorizationUri,
  type GetConnectorConfig,
  type GetSession,
  type GetTokenResponseAndUserInfo,
  type GetUserInfo,
  type SocialConnector,
  type SocialUserInfo,
} from '@logto/connector-kit';
import { withDescribedErrors } from '@seedworks/connector-common';
import {
  buildAuthorizationUri,
  checkRedirectUri,
  checkState,
  loadSession,
  readCallback,
  storeSession,
} from './authorization.js';
import { fetchProfile } from './calls/me.js';
import { exchangeCode, refreshToken, toTokenResponse } from './calls/token.js';
import { describeConfigError, parseConfig } from './config.js';
import { createNaverClient, type NaverApiOptions, type NaverClient } from './http/client.js';
import { defaultMetadata } from './metadata.js';
import { createNaverApi, type NaverApi } from './naver-api.js';
import { checkSubject, verifyIdToken } from './oidc/id-token.js';
import { createNaverKeys, type NaverKeys } from './oidc/jwks.js';
import { newOidcSecrets } from './oidc/pkce.js';
import { toSocialUserInfo } from './profile.js';
import { naverConfigGuard } from './types.js';

/** What the connector's calls share: the HTTP client and Naver's cached ID token keys. */
interface NaverContext {
  client: NaverClient;
  keys: NaverKeys;
}

const getAuthorizationUri =
  (getConfig: GetConnectorConfig, { client }: NaverContext): GetAuthorizationUri =>
  async ({ state, redirectUri }, setSession) => {
    const config = parseConfig(await getConfig(defaultMetadata.id));
    if (!config.openIdConnect) {
      await storeSession(setSession, { state, redirectUri });
      return buildAuthorizationUri(client.endpoints.authorize, config, { state, redirectUri });
    }
    const { codeVerifier, codeChallenge, nonce } = newOidcSecrets();
    const stored = await storeSession(setSession, { state, redirectUri, codeVerifier, nonce });
    // Without a session (Management API, /me) there is nowhere to keep the verifier: no PKCE then,
    // and the ID token is still checked.
    return buildAuthorizationUri(
      client.endpoints.oidcAuthorize,
      config,
      { state, redirectUri },
      stored ? { codeChallenge, nonce } : {},
    );
  };

/**
 * Callback → state check → code exchange (once) → ID token check (OpenID Connect) → profile.
 * Shared by both sign-in entry points.
 */
const signIn = async (
  getConfig: GetConnectorConfig,
  { client, keys }: NaverContext,
  data: unknown,
  getSession: GetSession,
) => {
  const callback = readCallback(data);
  const session = await loadSession(getSession);
  checkState(callback, session);
  checkRedirectUri(callback, session);
  const config = parseConfig(await getConfig(defaultMetadata.id));
  // Naver's token request takes the authorize request's `state`; Logto's page strips it from the
  // callback, so the one stored with the session stands in for it.
  const token = await exchangeCode(client, config, {
    ...callback,
    state: callback.state ?? session?.state,
    codeVerifier: config.openIdConnect ? session?.codeVerifier : undefined,
  });
  const claims = config.openIdConnect
    ? await verifyIdToken(keys, token.id_token, { clientId: config.clientId, nonce: session?.nonce })
    : undefined;
  // The sign-in's other secrets stay out of the profile call's error messages too.
  const signInSecrets = [config.clientSecret, callback.code, token.refresh_token, token.id_token];
  const { profile, rawBody } = await fetchProfile(client, token.access_token, signInSecrets);
  const userInfo = toSocialUserInfo(profile, rawBody, config);
  if (claims) {
    checkSubject(claims, userInfo.id);
  }
  return { token, userInfo };
};

const getUserInfo =
  (getConfig: GetConnectorConfig, context: NaverContext): GetUserInfo =>
  async (data, getSession): Promise<SocialUserInfo> => {
    const { userInfo } = await signIn(getConfig, context, data, getSession);
    return userInfo;
  };

const getTokenResponseAndUserInfo =
  (getConfig: GetConnectorConfig, context: NaverContext): GetTokenResponseAndUserInfo =>
  async (data, getSession) => {
    const { token, userInfo } = await signIn(getConfig, context, data, getSession);
    return { tokenResponse: toTokenResponse(token), userInfo };
  };

const getAccessTokenByRefreshToken =
  (getConfig: GetConnectorConfig, { client }: NaverContext): GetAccessTokenByRefreshToken =>
  async (token) => {
    const config = parseConfig(await getConfig(defaultMetadata.id));
    // No refresh_token comes back (https://developers.naver.com/docs/login/api/api.md §6.2.3); Logto keeps the stored one.
    return toTokenResponse(await refreshToken(client, config, token));
  };

/**
 * Builds a Logto `createConnector` bound to one set of endpoints and limits.
 *
 * This is the test/demo/benchmark seam: the options are not part of the admin config, and the
 * package's default export is `createNaverConnector()` with Naver's real endpoints.
 *
 * @example
 * const mock = await startMockNaver();
 * const createConnector = createNaverConnector({ endpoints: mock.endpoints });
 * const connector = await createConnector({ getConfig: async () => ({ clientId, clientSecret }) });
 */
export const createNaverConnector = (options: NaverApiOptions = {}): CreateConnector<SocialConnector> => {
  // One client and one key cache per builder, reused by every `createConnector` call Logto makes
  // per request: a warm sign-in fetches no keys.
  const client = createNaverClient(options);
  const context: NaverContext = { client, keys: createNaverKeys(client) };

  // No config read and no I/O here: Logto probes this with a `getConfig` that throws.
  return async ({ getConfig }) => ({
    metadata: defaultMetadata,
    type: ConnectorType.Social,
    // Logto validates saves with this; the Console then shows which field is wrong.
    configGuard: withDescribedErrors(naverConfigGuard, describeConfigError),
    getAuthorizationUri: getAuthorizationUri(getConfig, context),
    getUserInfo: getUserInfo(getConfig, context),
    getTokenResponseAndUserInfo: getTokenResponseAndUserInfo(getConfig, context),
    getAccessTokenByRefreshToken: getAccessTokenByRefreshToken(getConfig, context),
  });
};

const defaultApi = createNaverApi();

/**
 * Revokes a Naver token when a user unlinks Naver (`POST /oauth2.0/revoke`, https://developers.naver.com/docs/login/api/api.md §3.3). Revoking
 * either token also revokes its pair; Naver answers 200 even for an unknown or already revoked
 * token, so success means "no longer valid", not "was valid".
 *
 * @param config The connector config (validated here).
 * @param options.tokenTypeHint `access_token` (default) or `refresh_token`; a wrong hint still works.
 * @param options.api Test seam: `createNaverApi({ endpoints })` for a mock Naver.
 * @throws ConnectorError `InvalidConfig` for rejected client credentials, `General` when Naver is down.
 */
export const revokeNaverToken = async (
  config: unknown,
  token: string,
  options: { tokenTypeHint?: 'access_token' | 'refresh_token'; api?: NaverApi } = {},
): Promise<void> => {
  const { tokenTypeHint, api = defaultApi } = options;
  await api.revokeToken(parseConfig(config), token, tokenTypeHint);
};

/** Logto's entry point: the connector with Naver's real endpoints. */
const createConnector: CreateConnector<SocialConnector> = createNaverConnector();

export default createConnector;
export { type NaverEndpoints, naverEndpoints } from './constant.js';
export type { NaverApiOptions } from './http/client.js';
export { connectorId, defaultMetadata } from './metadata.js';
export { createNaverApi, type NaverApi } from './naver-api.js';
export { type NaverTrust, toLogtoPhone, toSocialUserInfo } from './profile.js';
export { type NaverConfig, naverConfigGuard } from './types.js';
