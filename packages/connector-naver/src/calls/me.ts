import { ConnectorErrorCodes } from '@logto/connector-kit';
import {
  describedConnectorError,
  type ParsedBody,
  parseBody,
  type Secrets,
} from '@seedworks/connector-common';
import type { Response } from 'got';
import type { NaverClient } from '../http/client.js';
import { excerpt, providerText } from '../http/provider-text.js';
import { type NaverProfileBody, naverProfileBodyGuard, naverProfileErrorGuard } from '../types.js';
import { isOk, notJsonError } from './answer.js';

const profileCall = 'the profile request';

/** The profile answer: the checked body, and the whole parsed JSON for Logto's `rawData`. */
export interface ProfileAnswer {
  profile: NaverProfileBody;
  rawBody: unknown;
}

/**
 * Drops a `__proto__` key, which `JSON.parse` keeps as an own property: Logto's
 * `socialUserInfoGuard`
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/toolkit/connector-kit/src/types/social.ts)
 * drops it too when it re-reads the identity, and code that copies the
 * object with `Object.assign` would turn it into a prototype.
 */
const dropProto = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);

/**
 * Parses a profile body once: the answer as Logto will store it (`rawData`), without `__proto__`
 * keys.
 *
 * @internal Also a test seam: test/properties.test.ts feeds generated bodies through it.
 */
export const parseProfileBody = (body: string): ParsedBody => parseBody(body, dropProto);

const accessTokenInvalid = (detail: string) =>
  describedConnectorError(
    ConnectorErrorCodes.SocialAccessTokenInvalid,
    `Naver rejected the access token on the profile request (${detail}): it is invalid or expired. Sign in with Naver again.`,
  );

const permissionMissing = (detail: string) =>
  describedConnectorError(
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
      return describedConnectorError(
        ConnectorErrorCodes.General,
        `Naver's profile API reported an error (${detail}). Try signing in again.`,
      );
    }
  }
};

/** Whether `response.id` is a number `JSON.parse` may have rounded (not a safe integer). */
const hasInexactId = (json: unknown) => {
  const id = (json as { response?: { id?: unknown } } | null)?.response?.id;
  return typeof id === 'number' && !Number.isSafeInteger(id);
};

/**
 * Reads a profile answer. The body is parsed once (without `__proto__` keys, see
 * {@link parseProfileBody}); a 401 means a bad token whatever the body says (as the official
 * connector does:
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/connectors/connector-naver/src/index.ts), a 403 without JSON a missing
 * permission, then the fields decide.
 *
 * @param secrets The access token and any other secret of the same sign-in.
 * @see https://developers.naver.com/docs/login/profile/profile.md §6, §7
 */
const processProfileResponse = (response: Response<string>, secrets: Secrets): ProfileAnswer => {
  const body = parseProfileBody(response.body);
  if (response.statusCode === 401) {
    const error = body.isJson ? naverProfileErrorGuard.safeParse(body.json) : undefined;
    throw accessTokenInvalid(
      error?.success
        ? `${providerText(error.data.resultcode, secrets)} ${providerText(error.data.message, secrets)}`.trim()
        : 'HTTP 401',
    );
  }
  if (!body.isJson) {
    throw response.statusCode === 403
      ? permissionMissing('HTTP 403')
      : notJsonError(response, profileCall, secrets);
  }

  const profile = naverProfileBodyGuard.safeParse(body.json);
  if (profile.success && isOk(response)) {
    return { profile: profile.data, rawBody: body.json };
  }
  if (hasInexactId(body.json)) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidResponse,
      'Naver sent the profile id as a JSON number that cannot be kept exactly (above 2^53 or not an integer), so the sign-in was refused: a rounded id could belong to another Naver user. Naver sends ids as strings; check for a proxy between Logto and Naver.',
    );
  }
  const error = naverProfileErrorGuard.safeParse(body.json);
  if (error.success && error.data.resultcode !== '00') {
    throw profileError(error.data.resultcode, error.data.message, secrets);
  }
  if (response.statusCode >= 500) {
    throw describedConnectorError(
      ConnectorErrorCodes.General,
      `Naver's profile API answered HTTP ${response.statusCode}. Try signing in again.`,
    );
  }
  throw describedConnectorError(
    ConnectorErrorCodes.InvalidResponse,
    `Naver answered the profile request with HTTP ${response.statusCode} but without resultcode "00" and response.id (${excerpt(response.body, secrets, body)}).`,
  );
};

/**
 * `GET /v1/nid/me` with the access token; retried (it only reads). `rawBody` is the parsed JSON as
 * Naver sent it.
 *
 * @param signInSecrets Other secrets of the same sign-in (client secret, code, refresh token), kept
 *   out of error messages along with the access token. Internal: the sign-in passes them.
 * @see https://developers.naver.com/docs/login/profile/profile.md
 */
export const fetchProfile = async (
  client: NaverClient,
  accessToken: string,
  signInSecrets: Secrets = [],
): Promise<ProfileAnswer> => {
  const response = await client.send({
    call: profileCall,
    method: 'GET',
    url: client.endpoints.profile,
    headers: { authorization: `Bearer ${accessToken}` },
    retry: true,
    otherSecrets: signInSecrets,
  });
  return processProfileResponse(response, [accessToken, ...signInSecrets]);
};
