import { unsetAsUndefined } from '@seedworks/connector-common';
import { z } from 'zod';

/**
 * Naver's Client IDs are ≤ 40 characters (https://developers.naver.com/docs/login/devguide/devguide.md
 * §3.4.1) and secrets shorter; more is a paste error.
 */
const maxCredentialLength = 256;

const requiredText = (field: string) =>
  z
    .string({ required_error: `${field} is required`, invalid_type_error: `${field} must be a string` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(maxCredentialLength, `${field} is too long (at most ${maxCredentialLength} characters)`);

/**
 * An on/off setting, as the Console's Switch sends it (`true`/`false`). Absent, `null` or `{}` is
 * off: Logto's save stores those as absent (see `unsetAsUndefined`), so a config is judged as it
 * will be stored.
 */
const switchGuard = (field: string) =>
  z.preprocess(
    unsetAsUndefined,
    z.boolean({ invalid_type_error: `${field} must be true or false` }).optional(),
  );

/**
 * Connector config as stored by Logto. Everything the official connector accepts
 * (`{clientId, clientSecret}`) is accepted here, and unknown keys are ignored rather than rejected,
 * so a config can be pasted over from `@logto/connector-naver`.
 */
export const naverConfigGuard = z.object({
  /** Naver Developers > 내 애플리케이션 > 개요 > Client ID. */
  clientId: requiredText('clientId'),
  /** Naver Developers > 내 애플리케이션 > 개요 > Client Secret. */
  clientSecret: requiredText('clientSecret'),
  /**
   * Adds `auth_type=reprompt` to the authorize URL so Naver shows the consent screen again and a
   * user who declined an item (e.g. email) can grant it (https://developers.naver.com/docs/login/devguide/devguide.md §4.1.5). Default `false`.
   */
  repromptConsent: switchGuard('repromptConsent'),
  /**
   * Returns Naver's `email` to Logto. Default `false`: Naver's contact address is set by the member
   * and carries no verification flag, and Logto signs a new social identity in as the existing user
   * with the same email once the person accepts the link (see README, "Which Naver data Logto trusts").
   */
  trustEmail: switchGuard('trustEmail'),
  /**
   * Returns Naver's `mobile_e164` to Logto (as digits, see `toLogtoPhone`). Default `false`: several
   * Naver IDs can share a number and a number that changes hands is not checked again, and Logto
   * matches existing users by phone before email.
   */
  trustPhone: switchGuard('trustPhone'),
  /**
   * Signs in over Naver's OpenID Connect endpoints (https://developers.naver.com/docs/login/devguide/devguide.md
   * §3.5): PKCE (RFC 7636) binds the code to the sign-in that asked for it, and Naver's signed ID
   * token must match the profile. Default `false` until tried against Naver itself (see README).
   */
  openIdConnect: switchGuard('openIdConnect'),
});

/** A validated connector config. */
export type NaverConfig = z.infer<typeof naverConfigGuard>;

/**
 * One callback value. The limits are far above anything Naver or Logto produce (codes are ~16
 * characters, docs/naver-login.md#callback) and stop an attacker's megabyte-long parameter from being forwarded to
 * Naver.
 */
const callbackText = (field: string, maxLength?: number) => {
  const text = z.string({ invalid_type_error: `${field} must be text` });
  return (
    maxLength === undefined
      ? text
      : text.max(maxLength, `${field} is too long (more than ${maxLength} characters)`)
  ).optional();
};

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * What Logto passes to `getUserInfo`: `{redirectUri, ...callbackQuery}`, every value a string
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/experience/src/pages/SocialSignInWebCallback/use-social-sign-in-listener.ts); a repeated query parameter arrives as an array and is refused. Unknown
 * keys are ignored.
 */
export const callbackDataGuard = z.object({
  code: callbackText('code', 1024),
  state: callbackText('state', 1024),
  redirectUri: callbackText('redirectUri', 2048).refine(
    (value) => !value || isHttpUrl(value),
    'redirectUri must be an http(s) URL',
  ),
  error: callbackText('error', 1024),
  // Only ever quoted through `providerText`, which bounds it.
  error_description: callbackText('error_description'),
});

/**
 * What `getAuthorizationUri` keeps in the connector session for the callback check. The kit's
 * session guard has `state` and `redirectUri`; extra keys are allowed but not needed.
 */
export const naverSessionGuard = z.object({
  state: z.string().optional(),
  redirectUri: z.string().optional(),
  /** OpenID Connect only: the PKCE verifier (RFC 7636 §4.1) of this sign-in's code challenge. */
  codeVerifier: z.string().optional(),
  /** OpenID Connect only: the `nonce` sent with the authorize request (OpenID Connect Core §3.1.2.1). */
  nonce: z.string().optional(),
});

/**
 * Token success body (https://developers.naver.com/docs/login/api/api.md §6.2.2, §6.2.3). `expires_in` is a string such as `"3600"` on the wire
 * although the tables say integer (docs/naver-login.md#token-responses); the refresh answer has no `refresh_token`.
 */
export const naverTokenGuard = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  token_type: z.string().optional(),
  expires_in: z.union([z.string(), z.number()]).optional(),
  /** OpenID Connect only (https://developers.naver.com/docs/login/devguide/devguide.md §3.5.6). */
  id_token: z.string().optional(),
});

/** A token success body, validated. */
export type NaverTokenBody = z.infer<typeof naverTokenGuard>;

/**
 * OAuth error body: token errors arrive with HTTP 200 (docs/naver-login.md#token-errors), revoke
 * errors with 4xx/5xx.
 */
export const naverOAuthErrorGuard = z.object({
  error: z.string().min(1),
  error_description: z.string().optional(),
});

/** An OAuth error body, validated. */
export type NaverOAuthError = z.infer<typeof naverOAuthErrorGuard>;

/**
 * Naver ids are app-scoped opaque strings; old apps use INT64 digits (docs/naver-login.md#profile).
 * A JSON number is taken only while it is a safe integer: `JSON.parse` rounds larger ones, and two
 * rounded ids would be one Logto identity.
 */
const naverIdGuard = z.union([
  z.string().trim().min(1),
  z
    .number()
    .refine(Number.isSafeInteger, 'response.id is a number that cannot be kept exactly')
    .transform(String),
]);

/**
 * Profile success body (https://developers.naver.com/docs/login/profile/profile.md §7). Only `id` is guaranteed; every other key is absent when the user
 * declined it (docs/naver-login.md#profile), so the rest is read field by field in `profile.ts`.
 */
export const naverProfileBodyGuard = z.object({
  resultcode: z.literal('00'),
  message: z.string().optional(),
  response: z.object({ id: naverIdGuard }).passthrough(),
});

/** A profile success body, validated. */
export type NaverProfileBody = z.infer<typeof naverProfileBodyGuard>;

/**
 * Profile error body: `{resultcode, message}` (https://developers.naver.com/docs/login/profile/profile.md §6) or the generic Open API shape
 * `{errorCode, errorMessage}` (https://developers.naver.com/docs/common/openapiguide/errorcode.md). Either may come with HTTP 200 or 4xx/5xx.
 */
export const naverProfileErrorGuard = z.union([
  z.object({ resultcode: z.string(), message: z.string().optional() }),
  z
    .object({ errorCode: z.string(), errorMessage: z.string().optional() })
    .transform(({ errorCode, errorMessage }) => ({ resultcode: errorCode, message: errorMessage })),
]);
