import type { SocialUserInfo } from '@logto/connector-kit';
import type { NaverConfig, NaverProfileBody } from './types.js';

type Json = NonNullable<SocialUserInfo['rawData']>;

/** A non-blank string, or `undefined`: Logto re-parses user info, and `null`/`''` are not "absent". */
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Logto's own email check (`emailRegEx` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/toolkit/core-kit/src/regex.ts).
 */
const emailPattern = /^\S+@\S+\.\S+$/;

/**
 * `mobile_e164` (`+821012345678`, undocumented but widely observed, docs/naver-login.md#profile) → the form Logto
 * stores phone numbers in: digits only, country code first, no `+` (`phoneRegEx = /^\d+$/` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/toolkit/core-kit/src/regex.ts).
 * The dashed national `mobile` field is not used: its country is not stated.
 */
export const toLogtoPhone = (mobileE164: unknown): string | undefined => {
  const value = text(mobileE164);
  if (!value?.startsWith('+')) {
    return undefined;
  }
  const digits = value.slice(1).replace(/[\s-]/g, '');
  // E.164 allows at most 15 digits.
  return /^\d{6,15}$/.test(digits) ? digits : undefined;
};

/** A well-formed email address, or `undefined`. */
const toEmail = (value: unknown): string | undefined => {
  const email = text(value);
  return email && emailPattern.test(email) ? email : undefined;
};

/** Which of Naver's addresses the admin has chosen to hand to Logto (both off by default). */
export type NaverTrust = Pick<NaverConfig, 'trustEmail' | 'trustPhone'>;

/**
 * Naver profile → Logto user info. Only `id` is guaranteed; every other field is absent when the
 * user declined it (docs/naver-login.md#profile), and stays absent here.
 *
 * `email` and `phone` are returned only when the admin turned on `trustEmail` / `trustPhone`:
 * Logto signs an unlinked social identity in as the existing user with the same phone or email
 * once the person accepts the link offer (`findSocialRelatedUser` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/social.ts), and Naver
 * vouches for neither (docs/naver-login.md#profile). Both stay in `rawData`.
 *
 * @param rawBody Naver's whole answer, kept as `rawData`.
 * @param trust The config's `trustEmail` and `trustPhone`.
 */
export const toSocialUserInfo = (
  { response }: NaverProfileBody,
  rawBody: unknown,
  trust: NaverTrust = {},
): SocialUserInfo => {
  const avatar = text(response.profile_image);
  const info: SocialUserInfo = {
    id: response.id,
    email: trust.trustEmail ? toEmail(response.email) : undefined,
    // The real name when granted, else the nickname (which Naver may mask as `abc***`).
    name: text(response.name) ?? text(response.nickname),
    avatar: avatar && /^https?:\/\//i.test(avatar) ? avatar : undefined,
    phone: trust.trustPhone ? toLogtoPhone(response.mobile_e164) : undefined,
    rawData: rawBody as Json,
  };
  // Drop undefined keys so the stored identity has no `"email": undefined` noise.
  return Object.fromEntries(
    Object.entries(info).filter(([, value]) => value !== undefined),
  ) as SocialUserInfo;
};
