/**
 * Which of Naver's addresses reach Logto. Logto signs an unlinked social identity in as the
 * existing user with the same phone or email once the person accepts the link offer
 * (`findSocialRelatedUser` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/social.ts), so the
 * connector returns Naver's email and phone only when the admin turned on `trustEmail` /
 * `trustPhone`; both always stay in `rawData`.
 */
import { ConnectorErrorCodes, type SocialUserInfo, socialUserInfoGuard } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  naverCallbackData,
  naverConfig,
  naverProfileResponse,
  nockNaverProfile,
  nockNaverTokenExchange,
} from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import { buildConnector, fixtureSession } from './helpers.js';

/** One sign-in against Naver's real URLs (nock) with `config`; both calls must happen. */
const signIn = async (config: unknown, profileBody: unknown = naverProfileResponse) => {
  const token = nockNaverTokenExchange();
  const profile = nockNaverProfile({ reply: { body: profileBody } });
  const connector = await buildConnector({}, config);
  const userInfo = await connector.getUserInfo({ ...naverCallbackData }, fixtureSession);
  token.done();
  profile.done();
  // Logto re-parses stored user info with this guard.
  expect(socialUserInfoGuard.parse(userInfo)).toEqual(userInfo);
  return userInfo;
};

const { email, mobile_e164: mobileE164 } = naverProfileResponse.response;

/** What Naver sent, as the application reads it from `rawData`. */
const rawProfile = (userInfo: SocialUserInfo) =>
  (userInfo.rawData as { response: Record<string, unknown> }).response;

describe('Naver’s email and phone by default', () => {
  it.each([
    ['the official connector’s config, pasted as is', { ...naverConfig }],
    ['both switches off', { ...naverConfig, trustEmail: false, trustPhone: false }],
    // Logto's save stores `null` and `{}` as absent (clean-deep).
    ['switches sent as null and {}', { ...naverConfig, trustEmail: null, trustPhone: {} }],
  ])('%s: returns neither, and keeps both in rawData', async (_name, config) => {
    const userInfo = await signIn(config);
    expect(userInfo).not.toHaveProperty('email');
    expect(userInfo).not.toHaveProperty('phone');
    expect(Object.keys(userInfo).sort()).toEqual(['avatar', 'id', 'name', 'rawData']);
    expect(rawProfile(userInfo)).toMatchObject({ email, mobile: '010-1234-5678', mobile_e164: mobileE164 });
  });
});

describe('trustEmail and trustPhone', () => {
  it('trustEmail returns the email only', async () => {
    const userInfo = await signIn({ ...naverConfig, trustEmail: true });
    expect(userInfo.email).toBe(email);
    expect(userInfo).not.toHaveProperty('phone');
    expect(rawProfile(userInfo).mobile_e164).toBe(mobileE164);
  });

  it('trustPhone returns the phone only, in the digits-only form Logto stores', async () => {
    const userInfo = await signIn({ ...naverConfig, trustPhone: true });
    expect(userInfo.phone).toBe('821012345678');
    expect(userInfo).not.toHaveProperty('email');
    expect(rawProfile(userInfo).email).toBe(email);
  });

  it('both on return both', async () => {
    const userInfo = await signIn({ ...naverConfig, trustEmail: true, trustPhone: true });
    expect(userInfo).toMatchObject({ email, phone: '821012345678' });
  });

  it.each([
    ['no @', 'openapi.naver.com'],
    ['no dot after the @', 'openapi@naver'],
    ['a space inside', 'open api@naver.com'],
    ['blank', '   '],
  ])('a trusted but malformed email (%s) is still dropped, and kept in rawData', async (_name, malformed) => {
    const body = {
      ...naverProfileResponse,
      response: { ...naverProfileResponse.response, email: malformed },
    };
    const userInfo = await signIn({ ...naverConfig, trustEmail: true, trustPhone: true }, body);
    expect(userInfo).not.toHaveProperty('email');
    expect(userInfo.phone).toBe('821012345678');
    expect(rawProfile(userInfo).email).toBe(malformed);
  });

  it('a trusted email with spaces around it is returned trimmed', async () => {
    const body = {
      ...naverProfileResponse,
      response: { ...naverProfileResponse.response, email: ' openapi@naver.com ' },
    };
    expect((await signIn({ ...naverConfig, trustEmail: true }, body)).email).toBe(email);
  });

  it('a trusted phone without a country code is dropped (the national `mobile` is never used)', async () => {
    const body = {
      ...naverProfileResponse,
      response: { ...naverProfileResponse.response, mobile_e164: '01012345678' },
    };
    const userInfo = await signIn({ ...naverConfig, trustPhone: true }, body);
    expect(userInfo).not.toHaveProperty('phone');
  });
});

describe('a switch of the wrong type', () => {
  it.each([
    ['trustEmail', 'true'],
    ['trustEmail', 1],
    ['trustPhone', 'yes'],
    ['trustPhone', { on: true }],
    ['trustPhone', [true]],
  ])('%s = %j is refused by name, at save and at sign-in, before any call to Naver', async (field, value) => {
    const config = { ...naverConfig, [field]: value };
    const connector = await buildConnector({}, config);
    // At save: Logto runs configGuard.safeParse and shows the error's message in the Console.
    const saved = connector.configGuard.safeParse(config);
    expect(saved.success).toBe(false);
    expect(String(saved.error?.message)).toContain(`${field} must be true or false`);
    // At sign-in (a config stored before this check, or written to the database directly). No
    // Naver call is scripted: one would fail with a nock error instead.
    await expectConnectorError(
      connector.getUserInfo({ ...naverCallbackData }, fixtureSession),
      ConnectorErrorCodes.InvalidConfig,
      new RegExp(`${field} must be true or false`),
      /The Naver connector config is invalid/,
    );
  });
});
