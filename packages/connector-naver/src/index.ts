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
  type TokenResponse,
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
import { describeConfigError, parseConfig } from './config.js';
import { defaultMetadata } from './metadata.js';
import { createNaverApi, type NaverApi, type NaverApiOptions } from './naver-api.js';
import { toSocialUserInfo } from './profile.js';
import { type NaverTokenBody, naverConfigGuard } from './types.js';

/**
 * Naver's default access token lifetime (https://developers.naver.com/docs/login/devguide/devguide.md
 * §4.1.2), used when `expires_in` is missing or unreadable.
 */
const defaultExpiresIn = 3600;

/** Naver's token body → Logto's `TokenResponse`, with the numeric `expires_in` Logto turns into `expiresAt`. */
const toTokenResponse = ({
  access_token,
  refresh_token,
  token_type,
  expires_in,
}: NaverTokenBody): TokenResponse => {
  // `expires_in` is the string "3600" on the wire (docs/naver-login.md#token-responses).
  const seconds = Number(expires_in);
  return {
    access_token,
    ...(refresh_token ? { refresh_token } : {}),
    token_type: token_type ?? 'bearer',
    expires_in: Number.isFinite(seconds) && seconds > 0 ? seconds : defaultExpiresIn,
  };
};

const getAuthorizationUri =
  (getConfig: GetConnectorConfig, api: NaverApi): GetAuthorizationUri =>
  async ({ state, redirectUri }, setSession) => {
    const config = parseConfig(await getConfig(defaultMetadata.id));
    await storeSession(setSession, { state, redirectUri });
    return buildAuthorizationUri(api.endpoints.authorize, config, { state, redirectUri });
  };

/** Callback → state check → code exchange (once) → profile. Shared by both sign-in entry points. */
const signIn = async (
  getConfig: GetConnectorConfig,
  api: NaverApi,
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
  const token = await api.exchangeCode(config, { ...callback, state: callback.state ?? session?.state });
  const { profile, rawBody } = await api.fetchProfile(token.access_token, [
    config.clientSecret,
    callback.code,
    token.refresh_token,
  ]);
  return { token, userInfo: toSocialUserInfo(profile, rawBody) };
};

const getUserInfo =
  (getConfig: GetConnectorConfig, api: NaverApi): GetUserInfo =>
  async (data, getSession): Promise<SocialUserInfo> => {
    const { userInfo } = await signIn(getConfig, api, data, getSession);
    return userInfo;
  };

const getTokenResponseAndUserInfo =
  (getConfig: GetConnectorConfig, api: NaverApi): GetTokenResponseAndUserInfo =>
  async (data, getSession) => {
    const { token, userInfo } = await signIn(getConfig, api, data, getSession);
    return { tokenResponse: toTokenResponse(token), userInfo };
  };

const getAccessTokenByRefreshToken =
  (getConfig: GetConnectorConfig, api: NaverApi): GetAccessTokenByRefreshToken =>
  async (refreshToken) => {
    const config = parseConfig(await getConfig(defaultMetadata.id));
    // No refresh_token comes back (https://developers.naver.com/docs/login/api/api.md §6.2.3); Logto keeps the stored one.
    return toTokenResponse(await api.refreshToken(config, refreshToken));
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
  // One client per builder, reused by every `createConnector` call Logto makes per request.
  const api = createNaverApi(options);

  // No config read and no I/O here: Logto probes this with a `getConfig` that throws.
  return async ({ getConfig }) => ({
    metadata: defaultMetadata,
    type: ConnectorType.Social,
    // Logto validates saves with this; the Console then shows which field is wrong.
    configGuard: withDescribedErrors(naverConfigGuard, describeConfigError),
    getAuthorizationUri: getAuthorizationUri(getConfig, api),
    getUserInfo: getUserInfo(getConfig, api),
    getTokenResponseAndUserInfo: getTokenResponseAndUserInfo(getConfig, api),
    getAccessTokenByRefreshToken: getAccessTokenByRefreshToken(getConfig, api),
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
 * @param options.api Test/demo seam: `createNaverApi({ endpoints })` for a mock Naver.
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
export { connectorId, defaultMetadata } from './metadata.js';
export { createNaverApi, type NaverApi, type NaverApiOptions } from './naver-api.js';
export { toLogtoPhone, toSocialUserInfo } from './profile.js';
export { type NaverConfig, naverConfigGuard } from './types.js';
