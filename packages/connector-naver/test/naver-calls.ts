import {
  type NaverReply,
  naverAccessToken,
  naverCallbackData,
  naverCode,
  naverConfig,
  naverRefreshedAccessToken,
  naverRefreshToken,
  nockNaverProfile,
  nockNaverRevoke,
  nockNaverTokenExchange,
  nockNaverTokenRefresh,
} from '@seedworks/test-fixtures/naver';
import { createNaverApi, type NaverApiOptions, revokeNaverToken } from '../src/index.js';
import { buildConnector, fixtureSession } from './helpers.js';

/** The four HTTP calls the connector makes; the fault, secret and property tests drive each one. */
export type NaverCall = 'exchange' | 'profile' | 'refresh' | 'revoke';
export const naverCalls: readonly NaverCall[] = ['exchange', 'profile', 'refresh', 'revoke'];

/**
 * Scripts the call's Naver endpoint (real URL, nocked) to give `reply` up to `times` times; before
 * the profile call, the code exchange succeeds once.
 */
export const scriptNaverCall = (call: NaverCall, reply: NaverReply, times = 1) => {
  switch (call) {
    case 'exchange': {
      return nockNaverTokenExchange({ reply, times });
    }
    case 'profile': {
      nockNaverTokenExchange();
      return nockNaverProfile({ reply, times });
    }
    case 'refresh': {
      return nockNaverTokenRefresh({ reply, times });
    }
    case 'revoke': {
      return nockNaverRevoke({ reply, times });
    }
  }
};

/**
 * Makes the call through the token-storage entry points (`getTokenResponseAndUserInfo` for the
 * exchange and profile, `getAccessTokenByRefreshToken`, `revokeNaverToken`) with the fixtures'
 * callback, session and tokens.
 */
export const runNaverCall = async (
  call: NaverCall,
  options: NaverApiOptions,
  config: unknown = naverConfig,
) => {
  if (call === 'revoke') {
    return revokeNaverToken(config, naverAccessToken, { api: createNaverApi(options) });
  }
  const connector = await buildConnector(options, config);
  if (call === 'refresh') {
    return connector.getAccessTokenByRefreshToken?.(naverRefreshToken);
  }
  return connector.getTokenResponseAndUserInfo?.({ ...naverCallbackData }, fixtureSession);
};

/**
 * What each call can recognise before Naver answers: what it sent, or received earlier in the same
 * sign-in, so a careless server may echo it. A refresh never sees the code, and revoking the access
 * token never sends the refresh token.
 */
export const knownBefore: Record<NaverCall, string[]> = {
  exchange: [naverConfig.clientSecret, naverCode],
  profile: [naverConfig.clientSecret, naverCode, naverAccessToken, naverRefreshToken],
  refresh: [naverConfig.clientSecret, naverRefreshToken],
  revoke: [naverConfig.clientSecret, naverAccessToken],
};

/** Tokens the call's own answer may carry, in their OAuth fields. */
export const issuedBy: Record<NaverCall, string[]> = {
  exchange: [naverAccessToken, naverRefreshToken],
  profile: [],
  refresh: [naverRefreshedAccessToken],
  revoke: [],
};
