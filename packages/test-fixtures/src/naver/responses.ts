/**
 * Naver Login response bodies, as plain frozen data. Shapes and values follow docs/naver-login.md:
 * documented examples where Naver gives one, observed bodies otherwise.
 */

const freeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) {
      freeze(child);
    }
    Object.freeze(value);
  }
  return value;
};

/** A connector config; the secret is long enough to be redacted, and distinctive to search for. */
export const naverConfig = freeze({
  clientId: 'jyvqXeaVOVmV',
  clientSecret: '527300A0_COq1_XV33cf',
});

/** The callback URL Logto registers with Naver for the fixtures' connector, and passes as `redirectUri`. */
export const naverRedirectUri = 'https://auth.example.com/callback/naver-connector-id';
/** The `state` of the fixtures' sign-in, as stored in the session and sent back in the callback. */
export const naverState = 'hLiDdL2uhPtsftcU';
/** The authorization code of the fixtures' callback (a secret: single-use, never logged). */
export const naverCode = 'EIc5bFrl4RibFls1';

/** Callback query as Logto passes it to `getUserInfo`: `{redirectUri, ...query}`. */
export const naverCallbackData = freeze({
  redirectUri: naverRedirectUri,
  code: naverCode,
  state: naverState,
});

/** Cancel on the consent screen (docs/naver-login.md#callback, observed). */
export const naverCancelCallbackData = freeze({
  redirectUri: naverRedirectUri,
  state: naverState,
  error: 'access_denied',
  error_description: 'Canceled By User',
});

/** Access tokens contain `+ / =` (https://developers.naver.com/docs/login/devguide/devguide.md §4.1.1). */
export const naverAccessToken = 'AAAAQosjWDJieBiQZc3to9YQp6HDLvrmyKC+6+iZ3gq7qrkqf50ljZC+Lgoqrg';
/** The refresh token of the fixtures' token response (a secret, long and distinctive to search for). */
export const naverRefreshToken = 'c8ceMEJisO4Se7uGisHoX0f5JEii7JnipglQipkOn5Zp3tyP7dHQoP0zNKHUq2gY';
/** The access token a refresh returns: different from {@link naverAccessToken}, with `/` and `+` in it. */
export const naverRefreshedAccessToken =
  'AAAAQjbRkysCNmMdQ7kmowPrjyRNIRYKG2iGHhbGawP0xfuYwjrE2WTI3p44SNepkFXME/NlxfamcJKPmUU4dSUhz+R2CmUqnN0lGuOcbEw6iexg';

/**
 * `grant_type=authorization_code` success (https://developers.naver.com/docs/login/api/api.md §6.2.2):
 * `expires_in` is a string.
 */
export const naverTokenResponse = freeze({
  access_token: naverAccessToken,
  refresh_token: naverRefreshToken,
  token_type: 'bearer',
  expires_in: '3600',
});

/**
 * `grant_type=refresh_token` success (https://developers.naver.com/docs/login/api/api.md §6.2.3): no
 * new refresh token.
 */
export const naverRefreshResponse = freeze({
  access_token: naverRefreshedAccessToken,
  token_type: 'bearer',
  expires_in: '3600',
});

/** The `{error, error_description}` body of Naver's OAuth errors (token and revoke endpoints). */
const oauthError = (error: string, description: string) => ({ error, error_description: description });

/** A profile API failure: its HTTP status and Naver's `{resultcode, message}` body. */
const profileFailure = (status: number, resultcode: string, message: string) => ({
  status,
  body: { resultcode, message },
});

/** A revoke failure: its HTTP status and an OAuth error body. */
const revokeFailure = (status: number, error: string, description: string) => ({
  status,
  body: oauthError(error, description),
});

/** Token endpoint errors; all reportedly arrive with HTTP 200 (docs/naver-login.md#token-errors). */
export const naverTokenErrors = freeze({
  /** Code reused, invalid or expired (observed). */
  invalidCode: oauthError('invalid_request', 'no valid data in session'),
  /** Bad client id / secret (observed). */
  invalidClient: oauthError('invalid_request', 'wrong client id / client secret pair'),
  /** https://developers.naver.com/docs/login/api/api.md §5. */
  unauthorizedClient: oauthError('unauthorized_client', 'unauthorized client'),
  /** https://developers.naver.com/docs/login/api/api.md §5. */
  unsupportedResponseType: oauthError('unsupported_response_type', 'unsupported response type'),
  /** https://developers.naver.com/docs/login/api/api.md §5. */
  serverError: oauthError('server_error', 'internal server error'),
  /** Empty access token: the official connector's `SocialAuthCodeInvalid` case. */
  emptyAccessToken: { access_token: '', token_type: 'bearer', expires_in: '3600' },
});

/**
 * The documented profile (https://developers.naver.com/docs/login/profile/profile.md §7) plus the
 * undocumented `mobile_e164` (docs/naver-login.md#profile).
 */
export const naverProfileResponse = freeze({
  resultcode: '00',
  message: 'success',
  response: {
    id: '32742776',
    nickname: 'OpenAPI',
    name: '오픈 API',
    email: 'openapi@naver.com',
    gender: 'F',
    age: '40-49',
    birthday: '10-01',
    birthyear: '1900',
    profile_image: 'https://ssl.pstatic.net/static/pwe/address/nodata_33x33.gif',
    mobile: '010-1234-5678',
    mobile_e164: '+821012345678',
  },
});

/**
 * Only `id` is guaranteed (https://developers.naver.com/docs/login/devguide/devguide.md §3.3.1): a
 * user who declined every optional item.
 */
export const naverMinimalProfileResponse = freeze({
  resultcode: '00',
  message: 'success',
  response: { id: 'Zq3v_9c8t7LpN2kXwY1aBcDeFgHiJkLmNoPqRsTuVw0' },
});

/** A user without a real name: the nickname stands in (masked by Naver when unset). */
export const naverNicknameOnlyProfileResponse = freeze({
  resultcode: '00',
  message: 'success',
  response: { id: '32742776', nickname: 'ope***' },
});

/** Profile errors (https://developers.naver.com/docs/login/profile/profile.md §6) with their HTTP status. */
export const naverProfileErrors = freeze({
  authenticationFailed: profileFailure(401, '024', 'Authentication failed (인증 실패하였습니다.)'),
  missingAuthorizationHeader: profileFailure(401, '028', 'Authentication header not exists'),
  forbidden: profileFailure(403, '403', 'Forbidden (호출 권한이 없습니다.)'),
  notFound: profileFailure(404, '404', 'Not Found (검색 결과가 없습니다.)'),
  serverError: profileFailure(500, '500', 'Internal Server Error (데이터베이스 오류입니다.)'),
  /** The generic Open API shape (https://developers.naver.com/docs/common/openapiguide/errorcode.md). */
  genericShape: {
    status: 401,
    body: { errorCode: '024', errorMessage: 'Authentication failed (인증 실패)' },
  },
});

/**
 * Revoke failures (https://developers.naver.com/docs/login/api/api.md §3.3); success is 200 with an
 * empty body.
 */
export const naverRevokeErrors = freeze({
  invalidRequest: revokeFailure(400, 'invalid_request', 'Missing parameters.'),
  unauthorizedClient: revokeFailure(401, 'unauthorized_client', 'Client authentication failed.'),
  temporarilyUnavailable: revokeFailure(503, 'temporarily_unavailable', 'Service temporarily unavailable.'),
});

/** A gateway error page: what a proxy in front of Naver sends when it fails. */
export const naverHtmlErrorPage =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
