import { ConnectorErrorCodes, type TokenResponse } from '@logto/connector-kit';
import { describedConnectorError, isBearerToken, parseBody, type Secrets } from '@seedworks/connector-common';
import type { Response } from 'got';
import type { NaverClient } from '../http/client.js';
import { excerpt } from '../http/provider-text.js';
import {
  type NaverConfig,
  type NaverOAuthError,
  type NaverTokenBody,
  naverOAuthErrorGuard,
  naverTokenGuard,
} from '../types.js';
import { isOk, notJsonError } from './answer.js';
import { credentialsRejected, isClientCredentialError, oauthSaid } from './oauth-error.js';

/** The two grants of Naver's token endpoint (https://developers.naver.com/docs/login/api/api.md §3.2). */
type Grant = 'authorization_code' | 'refresh_token';

const callOf = (grant: Grant) =>
  grant === 'authorization_code' ? 'the token exchange' : 'the token refresh';

/** Token errors come back as `{error, error_description}`, reportedly with HTTP 200 (docs/naver-login.md#token-errors). */
const tokenError = (body: NaverOAuthError, grant: Grant, secrets: Secrets) => {
  const said = oauthSaid(body, secrets);
  if (isClientCredentialError(body)) {
    return credentialsRejected(said);
  }
  if (body.error === 'server_error' || body.error === 'temporarily_unavailable') {
    return describedConnectorError(
      ConnectorErrorCodes.General,
      `Naver's login server reported an error (${said}). Try signing in again.`,
    );
  }
  if (grant === 'refresh_token') {
    return describedConnectorError(
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      `Naver did not accept the refresh token (${said}): it expired or was revoked. The user has to sign in with Naver again.`,
    );
  }
  // invalid_request ("no valid data in session"), unauthorized_client, invalid_grant: the code is
  // wrong, expired or already used (codes are single use, docs/naver-login.md#token-errors).
  return describedConnectorError(
    ConnectorErrorCodes.SocialAuthCodeInvalid,
    `Naver did not accept the authorization code (${said}): it is invalid, expired or was already used. Start the sign-in with Naver again.`,
  );
};

/** Tokens inside a token answer that is rejected for another reason must not leak into its excerpt. */
const tokensIn = (json: unknown): string[] => {
  if (typeof json !== 'object' || json === null) {
    return [];
  }
  const { access_token, refresh_token, id_token } = json as Record<string, unknown>;
  return [access_token, refresh_token, id_token].filter(
    (value): value is string => typeof value === 'string',
  );
};

/** Checks the fields of a token answer that parsed as `naverTokenGuard`. */
const checkAccessToken = (token: NaverTokenBody, grant: Grant): NaverTokenBody => {
  if (token.access_token.trim() === '') {
    throw grant === 'authorization_code'
      ? describedConnectorError(
          ConnectorErrorCodes.SocialAuthCodeInvalid,
          'Naver returned an empty access token for the authorization code. Start the sign-in with Naver again.',
        )
      : describedConnectorError(
          ConnectorErrorCodes.SocialAccessTokenInvalid,
          'Naver returned an empty access token for the refresh token. The user has to sign in with Naver again.',
        );
  }
  // Naver's access tokens are `[A-Za-z0-9+/=]`
  // (https://developers.naver.com/docs/login/devguide/devguide.md §4.1.1).
  if (!isBearerToken(token.access_token)) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidResponse,
      `Naver returned an access token that is not a valid Bearer token (RFC 6750); it was not used. This is not a normal Naver response: check for a proxy between Logto and Naver.`,
    );
  }
  return token;
};

/**
 * Reads a token answer: the body is parsed once, then `error` is checked first, whatever the
 * status (docs/naver-login.md#token-errors), then the status, then the token fields.
 *
 * @param secrets The call's own secrets (client secret, code or refresh token); tokens found in the
 *   answer are added.
 * @see https://developers.naver.com/docs/login/api/api.md §6.2.2, §6.2.3
 */
const processTokenResponse = (response: Response<string>, grant: Grant, secrets: Secrets): NaverTokenBody => {
  const call = callOf(grant);
  const body = parseBody(response.body);
  if (!body.isJson) {
    throw notJsonError(response, call, secrets);
  }
  const redacted = [...secrets, ...tokensIn(body.json)];

  const error = naverOAuthErrorGuard.safeParse(body.json);
  if (error.success) {
    throw tokenError(error.data, grant, redacted);
  }
  if (response.statusCode === 401) {
    throw credentialsRejected('HTTP 401');
  }
  if (response.statusCode >= 500) {
    throw describedConnectorError(
      ConnectorErrorCodes.General,
      `Naver's login server answered ${call} with HTTP ${response.statusCode}. Try signing in again.`,
    );
  }

  const token = naverTokenGuard.safeParse(body.json);
  if (!token.success || !isOk(response)) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidResponse,
      `Naver answered ${call} with HTTP ${response.statusCode} but no usable access_token or error (${excerpt(response.body, redacted, body)}).`,
    );
  }
  return checkAccessToken(token.data, grant);
};

/**
 * One `POST /oauth2.0/token` with the client credentials plus the grant's own fields. Only the
 * refresh is retried: a code is single use (docs/naver-login.md#token-errors), while Naver does not
 * rotate refresh tokens (https://developers.naver.com/docs/login/api/api.md §6.2.3).
 *
 * @param grantSecret The code or refresh token sent, kept out of error messages with the client secret.
 */
const requestToken = async (
  client: NaverClient,
  config: NaverConfig,
  grant: Grant,
  fields: Record<string, string>,
  grantSecret: string,
  url = client.endpoints.token,
): Promise<NaverTokenBody> => {
  const response = await client.send({
    call: callOf(grant),
    method: 'POST',
    url,
    form: { grant_type: grant, client_id: config.clientId, client_secret: config.clientSecret, ...fields },
    retry: grant === 'refresh_token',
  });
  return processTokenResponse(response, grant, [config.clientSecret, grantSecret]);
};

/**
 * `grant_type=authorization_code`; never retried, the code is single use (docs/naver-login.md#token-errors).
 * With `openIdConnect` on, at `/oauth2/token` with the PKCE verifier; the answer then holds an `id_token`.
 *
 * @see https://developers.naver.com/docs/login/api/api.md §3.2
 */
export const exchangeCode = async (
  client: NaverClient,
  config: NaverConfig,
  { code, redirectUri, state, codeVerifier }: CodeExchange,
): Promise<NaverTokenBody> =>
  requestToken(
    client,
    config,
    'authorization_code',
    {
      code,
      redirect_uri: redirectUri,
      // Listed as required by https://developers.naver.com/docs/login/api/api.md §3.2; maintained clients omit it and it works, so send it when known.
      ...(state !== undefined && { state }),
      // PKCE (RFC 7636 §4.5; https://developers.naver.com/docs/login/devguide/devguide.md §3.5.6).
      ...(codeVerifier !== undefined && { code_verifier: codeVerifier }),
    },
    code,
    config.openIdConnect ? client.endpoints.oidcToken : client.endpoints.token,
  );

/** One code exchange: the callback's code, and what the sign-in kept for it. */
export interface CodeExchange {
  code: string;
  redirectUri: string;
  state?: string;
  /** OpenID Connect only: the PKCE verifier from the session. */
  codeVerifier?: string;
}

/**
 * `grant_type=refresh_token`; Naver returns no new refresh token, so the call is safe to repeat
 * and is retried. At `/oauth2.0/token` in both modes: the path documented for refreshes
 * (https://developers.naver.com/docs/login/devguide/devguide.md §4.1.2), and a stored token keeps
 * refreshing when the admin turns `openIdConnect` on or off.
 *
 * @see https://developers.naver.com/docs/login/api/api.md §6.2.3
 */
export const refreshToken = async (
  client: NaverClient,
  config: NaverConfig,
  token: string,
): Promise<NaverTokenBody> => requestToken(client, config, 'refresh_token', { refresh_token: token }, token);

/**
 * Naver's default access token lifetime (https://developers.naver.com/docs/login/devguide/devguide.md
 * §4.1.2), used when `expires_in` is missing or unreadable.
 */
const defaultExpiresIn = 3600;

/** Naver's token body → Logto's `TokenResponse`, with the numeric `expires_in` Logto turns into `expiresAt`. */
export const toTokenResponse = ({
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
