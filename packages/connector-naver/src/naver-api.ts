import { fetchProfile, type ProfileAnswer } from './calls/me.js';
import { revokeToken } from './calls/revoke.js';
import { exchangeCode, refreshToken } from './calls/token.js';
import type { NaverEndpoints } from './constant.js';
import { createNaverClient, type NaverApiOptions } from './http/client.js';
import type { NaverConfig, NaverTokenBody } from './types.js';

/**
 * The calls the connector makes, bound to one set of endpoints and limits. A seam for tests and
 * `revokeNaverToken`; each call keeps its own inputs (client secret, code, tokens) out of its error messages.
 */
export interface NaverApi {
  readonly endpoints: Readonly<NaverEndpoints>;
  /** `grant_type=authorization_code`; never retried, the code is single use (docs/naver-login.md#token-errors). */
  exchangeCode(
    config: NaverConfig,
    input: { code: string; redirectUri: string; state?: string },
  ): Promise<NaverTokenBody>;
  /** `grant_type=refresh_token`; Naver returns no new refresh token (https://developers.naver.com/docs/login/api/api.md §6.2.3). */
  refreshToken(config: NaverConfig, refreshToken: string): Promise<NaverTokenBody>;
  /** `GET /v1/nid/me`; `rawBody` is the parsed JSON as Naver sent it. */
  fetchProfile(accessToken: string): Promise<ProfileAnswer>;
  /** `POST /oauth2.0/revoke` (https://developers.naver.com/docs/login/api/api.md §3.3); revoking one token also revokes its pair. */
  revokeToken(
    config: NaverConfig,
    token: string,
    tokenTypeHint?: 'access_token' | 'refresh_token',
  ): Promise<void>;
}

/**
 * Builds the calls over a new HTTP client (see `createNaverClient` in http/client.ts). Pure: no socket
 * is opened until the first call.
 */
export const createNaverApi = (options: NaverApiOptions = {}): NaverApi => {
  const client = createNaverClient(options);
  return {
    endpoints: client.endpoints,
    exchangeCode: async (config, input) => exchangeCode(client, config, input),
    refreshToken: async (config, token) => refreshToken(client, config, token),
    fetchProfile: async (accessToken) => fetchProfile(client, accessToken),
    revokeToken: async (config, token, tokenTypeHint) => revokeToken(client, config, token, tokenTypeHint),
  };
};
