import type { SocialUserInfo } from '@logto/connector-kit';
import type { NaverProfileBody } from './types.js';

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

/**
 * Naver profile → Logto user info. Only `id` is guaranteed; every other field is absent when the
 * user declined it (docs/naver-login.md#profile), and stays absent here.
 *
 * @param rawBody Naver's whole answer, kept as `rawData`.
 */
export const toSocialUserInfo = ({ response }: NaverProfileBody, rawBody: unknown): SocialUserInfo => {
  const email = text(response.email);
  const avatar = text(response.profile_image);
  const info: SocialUserInfo = {
    id: response.id,
    email: email && emailPattern.test(email) ? email : undefined,
    // The real name when granted, else the nickname (which Naver may mask as `abc***`).
    name: text(response.name) ?? text(response.nickname),
    avatar: avatar && /^https?:\/\//i.test(avatar) ? avatar : undefined,
    phone: toLogtoPhone(response.mobile_e164),
    rawData: rawBody as Json,
  };
  // Drop undefined keys so the stored identity has no `"email": undefined` noise.
  return Object.fromEntries(
    Object.entries(info).filter(([, value]) => value !== undefined),
  ) as SocialUserInfo;
};
