import nock from 'nock';
import { naverRealEndpoints } from './endpoints.js';
import {
  naverAccessToken,
  naverCode,
  naverConfig,
  naverProfileResponse,
  naverRedirectUri,
  naverRefreshResponse,
  naverRefreshToken,
  naverState,
  naverTokenResponse,
} from './responses.js';

/**
 * What a scripted Naver endpoint answers: a status and a body (objects are sent as JSON, strings
 * as they are, labelled HTML unless `contentType` says otherwise), optionally late; or a network
 * error such as `ECONNRESET`.
 */
export type NaverReply =
  | { status?: number; body?: unknown; contentType?: string; delayMs?: number }
  | { networkError: string };

interface Target {
  /** The endpoint URL; defaults to Naver's real one. */
  endpoint?: string;
  /** How many identical requests this interceptor answers (retries). Default 1. */
  times?: number;
}

type Credentials = { clientId: string; clientSecret: string };

const split = (url: string) => {
  const { origin, pathname } = new URL(url);
  return { origin, path: pathname };
};

/** Answers `times` requests with `reply` (used by every scripted endpoint). */
export const answer = (interceptor: nock.Interceptor, reply: NaverReply, times: number) => {
  const repeated = interceptor.times(times);
  if ('networkError' in reply) {
    // An Error instance: got ignores plain objects emitted by nock and would wait for its timeout.
    return repeated.replyWithError(
      Object.assign(new Error(`socket error ${reply.networkError}`), { code: reply.networkError }),
    );
  }
  const { status = 200, body = '', delayMs } = reply;
  const delayed = delayMs === undefined ? repeated : repeated.delay(delayMs);
  const isText = typeof body === 'string';
  const contentType =
    reply.contentType ?? (isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8');
  return delayed.reply(status, body as nock.Body, { 'content-type': contentType });
};

/**
 * Scripts `POST /oauth2.0/token` with `grant_type=authorization_code`, matching the whole form body
 * (client credentials, code, redirect URI and state).
 */
export const nockNaverTokenExchange = ({
  config = naverConfig,
  code = naverCode,
  redirectUri = naverRedirectUri,
  state = naverState,
  reply = { body: naverTokenResponse },
  endpoint = naverRealEndpoints.token,
  times = 1,
}: Target & {
  config?: Credentials;
  code?: string;
  redirectUri?: string;
  /** `null` when the request must carry no state. */
  state?: string | null;
  reply?: NaverReply;
} = {}) => {
  const { origin, path } = split(endpoint);
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    client_id: config.clientId,
    client_secret: config.clientSecret,
    code,
    redirect_uri: redirectUri,
  };
  if (state !== null) {
    form.state = state;
  }
  return answer(nock(origin).post(path, form), reply, times);
};

/** Scripts `POST /oauth2.0/token` with `grant_type=refresh_token`. */
export const nockNaverTokenRefresh = ({
  config = naverConfig,
  refreshToken = naverRefreshToken,
  reply = { body: naverRefreshResponse },
  endpoint = naverRealEndpoints.token,
  times = 1,
}: Target & { config?: Credentials; refreshToken?: string; reply?: NaverReply } = {}) => {
  const { origin, path } = split(endpoint);
  const form = {
    grant_type: 'refresh_token',
    client_id: config.clientId,
    client_secret: config.clientSecret,
    refresh_token: refreshToken,
  };
  return answer(nock(origin).post(path, form), reply, times);
};

/** Scripts `GET /v1/nid/me`, only for a request carrying `Authorization: Bearer <accessToken>`. */
export const nockNaverProfile = ({
  accessToken = naverAccessToken,
  reply = { body: naverProfileResponse },
  endpoint = naverRealEndpoints.profile,
  times = 1,
}: Target & { accessToken?: string; reply?: NaverReply } = {}) => {
  const { origin, path } = split(endpoint);
  const scope = nock(origin, { reqheaders: { authorization: `Bearer ${accessToken}` } });
  return answer(scope.get(path), reply, times);
};

/**
 * Scripts `POST /oauth2.0/revoke`; Naver's success is 200 with an empty body
 * (https://developers.naver.com/docs/login/api/api.md §3.3).
 */
export const nockNaverRevoke = ({
  config = naverConfig,
  token = naverAccessToken,
  tokenTypeHint = 'access_token',
  reply = { status: 200, body: '' },
  endpoint = naverRealEndpoints.revoke,
  times = 1,
}: Target & {
  config?: Credentials;
  token?: string;
  tokenTypeHint?: 'access_token' | 'refresh_token';
  reply?: NaverReply;
} = {}) => {
  const { origin, path } = split(endpoint);
  const form = {
    client_id: config.clientId,
    client_secret: config.clientSecret,
    token,
    token_type_hint: tokenTypeHint,
  };
  return answer(nock(origin).post(path, form), reply, times);
};
