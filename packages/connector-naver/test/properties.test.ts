/**
 * Property-based tests (fast-check):
 *
 * 1. Any callback object, with any session, never makes `getUserInfo` fail with anything but a
 *    kit `ConnectorError`, and never spends the code more than once.
 * 2. Any token, profile or revoke answer (any status, any body, JSON or not, cut off anywhere)
 *    never yields an error whose text holds the client secret, the code or a token, in any
 *    common spelling or as a 16-character fragment.
 * 3. Profile mapping never yields `null`, an empty or blank string, a malformed email or phone;
 *    its result always passes Logto's `socialUserInfoGuard`.
 */
import {
  ConnectorError,
  ConnectorErrorCodes,
  type ConnectorSession,
  type GetSession,
  socialUserInfoGuard,
} from '@logto/connector-kit';
import { secretSpellings } from '@seedworks/connector-common/redact';
import { createSecretRecorder } from '@seedworks/test-fixtures';
import {
  naverAccessToken,
  naverCode,
  naverConfig,
  naverProfileResponse,
  naverRedirectUri,
  naverRefreshedAccessToken,
  naverRefreshToken,
  naverState,
  naverTokenResponse,
} from '@seedworks/test-fixtures/naver';
import fc from 'fast-check';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { parseProfileBody } from '../src/calls/me.js';
import { createNaverConnector, toSocialUserInfo } from '../src/index.js';
import { naverProfileBodyGuard } from '../src/types.js';
import { notImplemented } from './helpers.js';
import {
  issuedBy,
  knownBefore,
  type NaverCall,
  naverCalls,
  runNaverCall,
  scriptNaverCall,
} from './naver-calls.js';

const numRuns = 100;
const options = { retryLimit: 0, retryDelayMs: 1, timeoutMs: 2000 };

/** Any code: a kit `ConnectorError` whose only field is a bounded, one-line `errorDescription`. */
const expectReadableConnectorError = (error: unknown) => {
  expect(error).toBeInstanceOf(ConnectorError);
  const { data } = error as ConnectorError;
  expect(Object.keys(data as object)).toEqual(['errorDescription']);
  const { errorDescription } = data as { errorDescription: unknown };
  expect(typeof errorDescription).toBe('string');
  // Readable and bounded whatever came in.
  expect((errorDescription as string).length).toBeLessThan(600);
  expect(errorDescription).not.toMatch(/[\r\n]/);
};

/**
 * A code for the callback property. Not the fixture code the suite's secret recorder watches: values
 * are drawn independently of keys, and a code drawn into `error` is echoed back as Naver's error
 * text, which is the caller's own input, not a leak.
 */
const callbackCode = 'callback-property-code';

/** Values a query string, a hostile script or a broken Logto could put in a callback. */
const callbackValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(callbackCode, naverState, naverRedirectUri, 'access_denied', '') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.array(fc.string(), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.anything() },
);
const callbackKey = fc.oneof(
  fc.constantFrom('code', 'state', 'redirectUri', 'error', 'error_description'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  fc.string(),
);
const callbackData = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(callbackKey, callbackValue, { maxKeys: 7 }) },
  { weight: 1, arbitrary: fc.anything() },
);
const session = fc.oneof(
  fc.constant<'none'>('none'),
  fc.record(
    {
      state: fc.oneof(fc.constant(naverState), fc.string()),
      redirectUri: fc.oneof(fc.constant(naverRedirectUri), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

describe('any callback', () => {
  it('settles getUserInfo with user info or a ConnectorError, spending the code at most once', async () => {
    const connector = await createNaverConnector(options)({ getConfig: async () => naverConfig });
    let exchanges = 0;
    nock('https://nid.naver.com')
      .persist()
      .post('/oauth2.0/token')
      .reply(() => {
        exchanges += 1;
        return [200, naverTokenResponse];
      });
    nock('https://openapi.naver.com').persist().get('/v1/nid/me').reply(200, naverProfileResponse);

    await fc.assert(
      fc.asyncProperty(callbackData, session, async (data, stored) => {
        exchanges = 0;
        const getSession: GetSession =
          stored === 'none' ? notImplemented : async () => stored as ConnectorSession;
        try {
          const userInfo = await connector.getUserInfo(data, getSession);
          expect(socialUserInfoGuard.parse(userInfo)).toEqual(userInfo);
        } catch (error: unknown) {
          expectReadableConnectorError(error);
        }
        expect(exchanges).toBeLessThanOrEqual(1);
      }),
      { numRuns: numRuns * 2 },
    );
    // Nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).code).toBeUndefined();
  });
});

const secret = naverConfig.clientSecret;
const secrets = [secret, naverCode, naverAccessToken, naverRefreshToken, naverRefreshedAccessToken];

/** A secret in a spelling a server may echo (raw, URL-encoded, JSON-escaped, base64). */
const echoed = (values: string[]) =>
  fc.constantFrom(...values.flatMap((value) => [...secretSpellings(value)]));

const key = fc.constantFrom(
  'error',
  'error_description',
  'access_token',
  'refresh_token',
  'token_type',
  'expires_in',
  'resultcode',
  'message',
  'errorCode',
  'errorMessage',
  'response',
  'note',
);

/** A body as Naver, a proxy or a broken network could deliver it to `call`: JSON, cut-off JSON, or text. */
const bodyFor = (call: NaverCall) => {
  const text = fc.oneof(
    echoed(knownBefore[call]),
    fc.string(),
    fc.tuple(fc.string(), echoed(knownBefore[call]), fc.string()).map((parts) => parts.join('')),
  );
  const json = fc
    .tuple(
      fc.letrec((tie) => ({
        value: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          text,
          fc.integer(),
          fc.constant(null),
          fc.boolean(),
          tie('object'),
          fc.array(tie('value'), { maxLength: 3 }),
        ),
        object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      })).object,
      issuedBy[call].length > 0
        ? fc.option(fc.record({ access_token: fc.constantFrom(...issuedBy[call]) }), { nil: undefined })
        : fc.constant(undefined),
    )
    .map(([object, tokens]) => ({ ...tokens, ...object }));
  return fc.oneof(
    json.map((value) => JSON.stringify(value).replaceAll('/', '\\/')),
    fc.tuple(json, fc.nat()).map(([value, cut]) => {
      const serialized = JSON.stringify(value);
      return serialized.slice(0, cut % (serialized.length + 1));
    }),
    fc
      .tuple(fc.constantFrom('<html><body>', 'Error: ', ''), text)
      .map(([prefix, rest]) => `${prefix}${rest}`),
  );
};
const status = fc.constantFrom(200, 200, 200, 400, 401, 403, 404, 500, 503);

describe('any answer from Naver', () => {
  it.each(naverCalls)(
    'never puts a secret or token into an error (%s)',
    async (call) => {
      await fc.assert(
        fc.asyncProperty(status, bodyFor(call), async (code, payload) => {
          nock.cleanAll();
          scriptNaverCall(call, { status: code, body: payload, contentType: 'application/json' });
          const recorder = createSecretRecorder();
          recorder.addSecrets(secrets);
          try {
            await runNaverCall(call, options);
          } catch (error: unknown) {
            expectReadableConnectorError(error);
            recorder.recordError(error);
          }
          expect(recorder.leaks()).toEqual([]);
        }),
        { numRuns },
      );
    },
    // Generous: each run is a real (nocked) HTTP round trip, and CI machines are slow.
    60_000,
  );
});

/** Values Naver (or a broken Naver) could put in a profile field. */
const fieldValue = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    'openapi@naver.com',
    ' a@b.co ',
    'not-an-email',
    'https://x.example/a.png',
    'javascript:alert(1)',
    '+821012345678',
    '+82 10-1234-5678',
    '+1',
    '010-1234-5678',
  ),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const profileBody = fc.record({
  resultcode: fc.constant('00'),
  message: fc.constant('success'),
  response: fc
    .record(
      {
        id: fc.oneof(fc.string({ minLength: 1 }), fc.integer({ min: 0 })),
        email: fieldValue,
        name: fieldValue,
        nickname: fieldValue,
        profile_image: fieldValue,
        mobile: fieldValue,
        mobile_e164: fieldValue,
        gender: fieldValue,
      },
      { requiredKeys: ['id'] },
    )
    .chain((response) =>
      fc
        .dictionary(
          fc.oneof(fc.constantFrom('__proto__', 'constructor', 'enc_id'), fc.string()),
          fieldValue,
          {
            maxKeys: 3,
          },
        )
        .map((extra) => ({ ...extra, ...response })),
    ),
});

describe('profile mapping', () => {
  it('never yields null, blank strings, a malformed email, avatar or phone', () => {
    fc.assert(
      fc.property(profileBody, (generated) => {
        // What the connector hands to the mapping: Naver's bytes, parsed as `fetchProfile` does.
        const body = parseProfileBody(JSON.stringify(generated));
        expect(body.isJson).toBe(true);
        const raw = (body.isJson ? body.json : undefined) as typeof generated;
        const parsed = naverProfileBodyGuard.safeParse(raw);
        if (!parsed.success) {
          // Only a blank id is refused (the connector reports it as InvalidResponse).
          expect(String(raw.response.id).trim()).toBe('');
          return;
        }
        // Both switches on, so the email and phone checks below are exercised.
        const userInfo = toSocialUserInfo(parsed.data, raw, { trustEmail: true, trustPhone: true });
        expect(socialUserInfoGuard.parse(userInfo)).toEqual(userInfo);
        const { rawData, ...fields } = userInfo;
        for (const value of Object.values(fields)) {
          expect(typeof value).toBe('string');
          expect((value as string).trim()).not.toBe('');
          expect(value).toBe((value as string).trim());
        }
        expect(userInfo.id).toBe(String(raw.response.id).trim());
        if (userInfo.email !== undefined) {
          expect(userInfo.email).toMatch(/^\S+@\S+\.\S+$/);
        }
        if (userInfo.avatar !== undefined) {
          expect(userInfo.avatar).toMatch(/^https?:\/\//i);
        }
        if (userInfo.phone !== undefined) {
          expect(userInfo.phone).toMatch(/^\d{6,15}$/);
        }
        expect(rawData).toBe(raw);
        // By default neither address is handed to Logto; everything else is the same.
        const { email: _email, phone: _phone, ...untrusted } = userInfo;
        expect(toSocialUserInfo(parsed.data, raw)).toEqual(untrusted);
      }),
      { numRuns: numRuns * 4 },
    );
  });

  it('keeps an error code the connector raises for a blank id', async () => {
    nock('https://nid.naver.com').post('/oauth2.0/token').reply(200, naverTokenResponse);
    nock('https://openapi.naver.com')
      .get('/v1/nid/me')
      .reply(200, { resultcode: '00', message: 'success', response: { id: '  ' } });
    const connector = await createNaverConnector(options)({ getConfig: async () => naverConfig });
    const error = await connector
      .getUserInfo({ redirectUri: naverRedirectUri, code: naverCode, state: naverState }, async () => ({
        state: naverState,
      }))
      .catch((caught: unknown) => caught);
    expectReadableConnectorError(error);
    expect((error as ConnectorError).code).toBe(ConnectorErrorCodes.InvalidResponse);
  });
});
