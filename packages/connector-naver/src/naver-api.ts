import { ConnectorErrorCodes } from '@logto/connector-kit';
import got, { type Got, type HandlerFunction, type Method, type Response } from 'got';
import {
  defaultMaxResponseBytes,
  defaultRetryDelayMs,
  defaultRetryLimit,
  defaultTimeoutMs,
  maxRetryDelayMs,
  maxSocketsPerHost,
  type NaverEndpoints,
  naverEndpoints,
  userAgent,
} from './constant.js';
import { excerpt, fromTransportError, naverError, providerText } from './errors.js';
import { createAgentPicker, type ProxyEnv, pickProxyEnv, processProxyEnv } from './proxy.js';
import {
  type NaverConfig,
  type NaverOAuthError,
  type NaverProfileBody,
  type NaverTokenBody,
  naverOAuthErrorGuard,
  naverProfileBodyGuard,
  naverProfileErrorGuard,
  naverTokenGuard,
} from './types.js';

/**
 * Options for talking to Naver. Not part of the admin config: production always uses the defaults
 * and {@link naverEndpoints}; tests, the demo and the benchmark point them at a mock Naver.
 */
export interface NaverApiOptions {
  /** Replaces some or all endpoints, e.g. with a local mock Naver's. */
  endpoints?: Partial<NaverEndpoints>;
  /** Per-attempt time limit in ms. Default {@link defaultTimeoutMs}. */
  timeoutMs?: number;
  /** Extra attempts for calls that are safe to repeat. Default {@link defaultRetryLimit}. */
  retryLimit?: number;
  /** First retry delay in ms, doubled each attempt. Default {@link defaultRetryDelayMs}. */
  retryDelayMs?: number;
  /** Larger answers are dropped as `InvalidResponse`. Default {@link defaultMaxResponseBytes}. */
  maxResponseBytes?: number;
  /**
   * Proxy variables to follow instead of the process's (`HTTPS_PROXY`, `NO_PROXY` …, as in
   * Node's `proxyEnv` agent option), e.g. a test's local proxy. `null`: no proxy at all.
   * Default: what Node's own agents follow (see `processProxyEnv` in proxy.ts).
   */
  proxyEnv?: Record<string, string | undefined> | null;
  /** Extra trusted CA certificates (PEM), e.g. a mock Naver's test certificate. */
  ca?: string;
}

/**
 * Keep-alive agents shared by every connector instance for the life of the process: Logto rebuilds
 * the connector on each request (getLogtoConnectors in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/connector.ts), so only module-level state survives between sign-ins. Behind a
 * proxy (NODE_USE_ENV_PROXY=1 with HTTPS_PROXY) they are proxy-aware, keeping tunnels alive.
 */
const agentsFor = createAgentPicker({ maxSockets: maxSocketsPerHost });

/** Cancels a response once it grows past the limit (got's documented download-limit handler). */
const limitResponseSize =
  (maxBytes: number): HandlerFunction =>
  (options, next) => {
    const result = next(options);
    if ('on' in result && typeof result.on === 'function' && 'cancel' in result) {
      result.on('downloadProgress', ({ transferred, total }) => {
        if (transferred > maxBytes || (total !== undefined && total > maxBytes)) {
          result.cancel();
        }
      });
    }
    return result;
  };

const retryStatusCodes = [500, 502, 503, 504];

type Secrets = readonly (string | undefined)[];

const isOk = (response: Response) => response.statusCode >= 200 && response.statusCode < 300;

/** Parses a body as JSON; anything else (HTML error page, truncated JSON) becomes `InvalidResponse`. */
const parseBody = (response: Response<string>, call: string, secrets: Secrets): unknown => {
  try {
    return JSON.parse(response.body);
  } catch {
    throw naverError(
      ConnectorErrorCodes.InvalidResponse,
      `Naver answered ${call} with HTTP ${response.statusCode} and a body that is not JSON (${excerpt(response.body, secrets)}). This is usually a temporary Naver or proxy problem: try again.`,
    );
  }
};

/**
 * `invalid_request` covers both a bad code and bad client credentials (docs/naver-login.md#token-errors), so the
 * description is the only way to tell them apart; `invalid_client` is the RFC 6749 name.
 */
const isClientCredentialError = ({ error, error_description }: NaverOAuthError) =>
  error === 'invalid_client' || /client[ _]?(id|secret)|client authentication/i.test(error_description ?? '');

const credentialsHint =
  'Check that clientId and clientSecret in this connector match Naver Developers > 내 애플리케이션 > 개요 (Client ID, Client Secret), without extra spaces, and that the callback URL is registered for the app.';

/** `error: description` as Naver said it, both parts redacted and bounded (the body is Naver's, or a proxy's). */
const oauthSaid = ({ error, error_description }: NaverOAuthError, secrets: Secrets) =>
  `${providerText(error, secrets)}${error_description ? `: ${providerText(error_description, secrets)}` : ''}`;

type Grant = 'authorization_code' | 'refresh_token';

/** Token errors come back as `{error, error_description}`, reportedly with HTTP 200 (docs/naver-login.md#token-errors). */
const tokenError = (body: NaverOAuthError, grant: Grant, secrets: Secrets) => {
  const said = oauthSaid(body, secrets);
  if (isClientCredentialError(body)) {
    return naverError(
      ConnectorErrorCodes.InvalidConfig,
      `Naver rejected the client credentials (${said}). ${credentialsHint}`,
    );
  }
  if (body.error === 'server_error' || body.error === 'temporarily_unavailable') {
    return naverError(
      ConnectorErrorCodes.General,
      `Naver's login server reported an error (${said}). Try signing in again.`,
    );
  }
  if (grant === 'refresh_token') {
    return naverError(
      ConnectorErrorCodes.SocialAccessTokenInvalid,
      `Naver did not accept the refresh token (${said}): it expired or was revoked. The user has to sign in with Naver again.`,
    );
  }
  // invalid_request ("no valid data in session"), unauthorized_client, invalid_grant: the code is
  // wrong, expired or already used (codes are single use, docs/naver-login.md#token-errors).
  return naverError(
    ConnectorErrorCodes.SocialAuthCodeInvalid,
    `Naver did not accept the authorization code (${said}): it is invalid, expired or was already used. Start the sign-in with Naver again.`,
  );
};

/**
 * RFC 6750 `b64token`. Naver's access tokens are `[A-Za-z0-9+/=]` (https://developers.naver.com/docs/login/devguide/devguide.md §4.1.1); the token goes into
 * an `Authorization` header next, so anything else (CR/LF, spaces, non-ASCII) is refused here
 * instead of failing inside Node's header check as a "network error".
 */
const bearerTokenPattern = /^[\w\-.~+/]+=*$/;

const readToken = (response: Response<string>, grant: Grant, secrets: Secrets): NaverTokenBody => {
  const call = grant === 'authorization_code' ? 'the token exchange' : 'the token refresh';
  const json = parseBody(response, call, secrets);

  // Check `error` first, whatever the status (docs/naver-login.md#token-errors).
  const error = naverOAuthErrorGuard.safeParse(json);
  if (error.success) {
    throw tokenError(error.data, grant, secrets);
  }
  if (response.statusCode === 401) {
    throw naverError(
      ConnectorErrorCodes.InvalidConfig,
      `Naver rejected the client credentials (HTTP 401). ${credentialsHint}`,
    );
  }
  if (response.statusCode >= 500) {
    throw naverError(
      ConnectorErrorCodes.General,
      `Naver's login server answered ${call} with HTTP ${response.statusCode}. Try signing in again.`,
    );
  }

  const token = naverTokenGuard.safeParse(json);
  if (!token.success || !isOk(response)) {
    throw naverError(
      ConnectorErrorCodes.InvalidResponse,
      `Naver answered ${call} with HTTP ${response.statusCode} but no usable access_token or error (${excerpt(response.body, secrets)}).`,
    );
  }
  if (token.data.access_token.trim() === '') {
    throw grant === 'authorization_code'
      ? naverError(
          ConnectorErrorCodes.SocialAuthCodeInvalid,
          'Naver returned an empty access token for the authorization code. Start the sign-in with Naver again.',
        )
      : naverError(
          ConnectorErrorCodes.SocialAccessTokenInvalid,
          'Naver returned an empty access token for the refresh token. The user has to sign in with Naver again.',
        );
  }
  if (!bearerTokenPattern.test(token.data.access_token)) {
    throw naverError(
      ConnectorErrorCodes.InvalidResponse,
      `Naver returned an access token that is not a valid Bearer token (RFC 6750); it was not used. This is not a normal Naver response: check for a proxy between Logto and Naver.`,
    );
  }
  return token.data;
};

const profileCall = 'the profile request';

const accessTokenInvalid = (detail: string) =>
  naverError(
    ConnectorErrorCodes.SocialAccessTokenInvalid,
    `Naver rejected the access token on the profile request (${detail}): it is invalid or expired. Sign in with Naver again.`,
  );

const permissionMissing = (detail: string) =>
  naverError(
    ConnectorErrorCodes.AuthorizationFailed,
    `Naver refused the member profile API (${detail}). In Naver Developers > 내 애플리케이션 > API 설정, make sure 사용 API includes 네이버 로그인 and the 제공 정보 (회원이름, 이메일 주소, …) are selected; before 검수 is approved, only accounts listed under 멤버관리 can sign in.`,
  );

/** Profile errors (https://developers.naver.com/docs/login/profile/profile.md §6) by `resultcode`; they may arrive with HTTP 200 (docs/naver-login.md#profile). */
const profileError = (resultcode: string, message: string | undefined, secrets: Secrets) => {
  const detail = `${providerText(resultcode, secrets)}${message ? ` ${providerText(message, secrets)}` : ''}`;
  switch (resultcode) {
    case '024':
    case '028': {
      return accessTokenInvalid(detail);
    }
    case '403': {
      return permissionMissing(detail);
    }
    default: {
      return naverError(
        ConnectorErrorCodes.General,
        `Naver's profile API reported an error (${detail}). Try signing in again.`,
      );
    }
  }
};

const readProfile = (response: Response<string>, secrets: Secrets): NaverProfileBody => {
  // Parity with the official connector: a 401 means a bad token, whatever the body says.
  if (response.statusCode === 401) {
    const body = naverProfileErrorGuard.safeParse(safeJson(response.body));
    throw accessTokenInvalid(
      body.success
        ? `${providerText(body.data.resultcode, secrets)} ${providerText(body.data.message, secrets)}`.trim()
        : 'HTTP 401',
    );
  }
  if (response.statusCode === 403 && safeJson(response.body) === undefined) {
    throw permissionMissing('HTTP 403');
  }

  const json = parseBody(response, profileCall, secrets);
  const profile = naverProfileBodyGuard.safeParse(json);
  if (profile.success && isOk(response)) {
    return profile.data;
  }
  const error = naverProfileErrorGuard.safeParse(json);
  if (error.success && error.data.resultcode !== '00') {
    throw profileError(error.data.resultcode, error.data.message, secrets);
  }
  if (response.statusCode >= 500) {
    throw naverError(
      ConnectorErrorCodes.General,
      `Naver's profile API answered HTTP ${response.statusCode}. Try signing in again.`,
    );
  }
  throw naverError(
    ConnectorErrorCodes.InvalidResponse,
    `Naver answered the profile request with HTTP ${response.statusCode} but without resultcode "00" and response.id (${excerpt(response.body, secrets)}).`,
  );
};

const safeJson = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

/**
 * Revoke answers 200 with an empty body, also for unknown tokens (docs/naver-login.md#revoke): the status
 * decides, except that a 200 carrying an OAuth `{error}` body is not taken for a success (the token
 * endpoint reports its errors that way, docs/naver-login.md#token-errors, and a user who unlinks must not be told the
 * token is gone when Naver said otherwise).
 */
const readRevoke = (response: Response<string>, secrets: Secrets): void => {
  const call = 'the token revocation';
  const ok = response.statusCode === 200;
  const json = ok ? safeJson(response.body) : parseBody(response, call, secrets);
  const error = naverOAuthErrorGuard.safeParse(json);
  if (ok && !error.success) {
    return;
  }
  const said = error.success ? oauthSaid(error.data, secrets) : `HTTP ${response.statusCode}`;
  if (response.statusCode === 401 || (error.success && isClientCredentialError(error.data))) {
    throw naverError(
      ConnectorErrorCodes.InvalidConfig,
      `Naver rejected the client credentials (${said}). ${credentialsHint}`,
    );
  }
  if (response.statusCode === 400 || (ok && error.data?.error === 'invalid_request')) {
    throw naverError(
      ConnectorErrorCodes.InvalidRequestParameters,
      `Naver refused the revocation request (${said}).`,
    );
  }
  throw naverError(
    ConnectorErrorCodes.General,
    `Naver could not revoke the token (${said}). Try again later.`,
  );
};

/** The calls the connector makes, bound to one set of endpoints and limits. */
export interface NaverApi {
  readonly endpoints: Readonly<NaverEndpoints>;
  /** `grant_type=authorization_code`; never retried, the code is single use (docs/naver-login.md#token-errors). */
  exchangeCode(
    config: NaverConfig,
    input: { code: string; redirectUri: string; state?: string },
  ): Promise<NaverTokenBody>;
  /** `grant_type=refresh_token`; Naver returns no new refresh token (https://developers.naver.com/docs/login/api/api.md §6.2.3). */
  refreshToken(config: NaverConfig, refreshToken: string): Promise<NaverTokenBody>;
  /**
   * `GET /v1/nid/me`; `rawBody` is the parsed JSON as Naver sent it.
   *
   * @param alsoRedact Other secrets of the same sign-in (client secret, code, refresh token), kept
   *   out of error messages along with the access token.
   */
  fetchProfile(
    accessToken: string,
    alsoRedact?: readonly (string | undefined)[],
  ): Promise<{ profile: NaverProfileBody; rawBody: unknown }>;
  /** `POST /oauth2.0/revoke` (https://developers.naver.com/docs/login/api/api.md §3.3); revoking one token also revokes its pair. */
  revokeToken(
    config: NaverConfig,
    token: string,
    tokenTypeHint?: 'access_token' | 'refresh_token',
  ): Promise<void>;
}

/**
 * Builds the HTTP client. Pure: no socket is opened until the first call.
 */
export const createNaverApi = (options: NaverApiOptions = {}): NaverApi => {
  const endpoints = Object.freeze({ ...naverEndpoints, ...options.endpoints });
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const retryLimit = options.retryLimit ?? defaultRetryLimit;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;

  // Read once per client: Node, too, reads the proxy variables once, at startup.
  const proxyEnv: ProxyEnv | undefined =
    options.proxyEnv === null
      ? undefined
      : options.proxyEnv
        ? pickProxyEnv(options.proxyEnv)
        : processProxyEnv();
  // Each endpoint's agents (direct, or through the proxy unless NO_PROXY names it), chosen once.
  const agentsByEndpoint = new Map(
    Object.values(endpoints).map((url) => [url, agentsFor(url, proxyEnv)] as const),
  );
  const agent = (url: string) => agentsByEndpoint.get(url) ?? agentsFor(url, proxyEnv);

  const client: Got = got.extend({
    headers: { 'user-agent': userAgent, accept: 'application/json' },
    ...(options.ca && { https: { certificateAuthority: options.ca } }),
    timeout: { request: timeoutMs },
    // Statuses are read by hand: Naver reports token errors with HTTP 200 anyway.
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    retry: { limit: 0 },
    handlers: [limitResponseSize(options.maxResponseBytes ?? defaultMaxResponseBytes)],
  });

  /** Bounded exponential backoff on network errors and 5xx, for calls that are safe to repeat. */
  const safeRetry = (method: Method) => ({
    limit: retryLimit,
    methods: [method],
    statusCodes: retryStatusCodes,
    // A zero delay would cancel the retry in got, hence at least 1 ms.
    calculateDelay: ({ attemptCount, computedValue }: { attemptCount: number; computedValue: number }) =>
      computedValue === 0
        ? 0
        : Math.max(1, Math.min(retryDelayMs * 2 ** (attemptCount - 1), maxRetryDelayMs)),
  });

  const send = async (call: string, request: () => Promise<Response<string>>) => {
    try {
      return await request();
    } catch (error: unknown) {
      throw fromTransportError(error, call, timeoutMs);
    }
  };

  return {
    endpoints,

    async exchangeCode(config, { code, redirectUri, state }) {
      const secrets = [config.clientSecret, code];
      const form: Record<string, string> = {
        grant_type: 'authorization_code',
        client_id: config.clientId,
        client_secret: config.clientSecret,
        code,
        redirect_uri: redirectUri,
      };
      if (state !== undefined) {
        // Listed as required by https://developers.naver.com/docs/login/api/api.md §3.2; maintained clients omit it and it works, so send it when known.
        form.state = state;
      }
      const response = await send('the token exchange', () =>
        client.post(endpoints.token, { form, agent: agent(endpoints.token) }),
      );
      return readToken(response, 'authorization_code', [...secrets, ...tokensIn(response)]);
    },

    async refreshToken(config, refreshToken) {
      const secrets = [config.clientSecret, refreshToken];
      const response = await send('the token refresh', () =>
        client.post(endpoints.token, {
          agent: agent(endpoints.token),
          form: {
            grant_type: 'refresh_token',
            client_id: config.clientId,
            client_secret: config.clientSecret,
            refresh_token: refreshToken,
          },
          // Safe to repeat: Naver does not rotate refresh tokens (https://developers.naver.com/docs/login/api/api.md §6.2.3).
          retry: safeRetry('POST'),
        }),
      );
      return readToken(response, 'refresh_token', [...secrets, ...tokensIn(response)]);
    },

    async fetchProfile(accessToken, alsoRedact = []) {
      const secrets = [accessToken, ...alsoRedact];
      const response = await send(profileCall, () =>
        client.get(endpoints.profile, {
          agent: agent(endpoints.profile),
          headers: { authorization: `Bearer ${accessToken}` },
          retry: safeRetry('GET'),
        }),
      );
      const profile = readProfile(response, secrets);
      return { profile, rawBody: parseRawData(response.body) };
    },

    async revokeToken(config, token, tokenTypeHint = 'access_token') {
      const secrets = [config.clientSecret, token];
      const response = await send('the token revocation', () =>
        client.post(endpoints.revoke, {
          agent: agent(endpoints.revoke),
          form: {
            client_id: config.clientId,
            client_secret: config.clientSecret,
            token,
            token_type_hint: tokenTypeHint,
          },
          // Idempotent: revoking an already revoked token answers 200; 503 is documented as retryable.
          retry: safeRetry('POST'),
        }),
      );
      readRevoke(response, secrets);
    },
  };
};

/**
 * The profile answer as Logto will store it (`rawData`). A `__proto__` key, which `JSON.parse`
 * keeps as an own property, is dropped: Logto's `socialUserInfoGuard` drops it too when it
 * re-reads the identity, and code that copies the object with `Object.assign` would turn it into a
 * prototype.
 */
export const parseRawData = (body: string): unknown =>
  JSON.parse(body, (key, value: unknown) => (key === '__proto__' ? undefined : value));

/** Tokens inside a token answer that is rejected for another reason must not leak into its excerpt. */
const tokensIn = (response: Response<string>): string[] => {
  const body = safeJson(response.body);
  if (typeof body !== 'object' || body === null) {
    return [];
  }
  const { access_token, refresh_token } = body as Record<string, unknown>;
  return [access_token, refresh_token].filter((value): value is string => typeof value === 'string');
};
