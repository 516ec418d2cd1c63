/**
 * Secret hygiene: the suite's recorder (setup.ts) captures every console line, every stdout/stderr
 * write and every `ConnectorError` of many failing and succeeding flows (faults on every call, provider bodies that echo the
 * secrets in every encoding, hostile configs and callbacks, a real mock-Naver round trip), and none
 * of it may contain the client secret, an access or refresh token or the code, in any common
 * encoding or as a 16-character fragment.
 */
import { inspect } from 'node:util';
import { ConnectorError, type ConnectorSession } from '@logto/connector-kit';
import { secretSpellings } from '@seedworks/connector-common/redact';
import {
  type NaverReply,
  naverAccessToken,
  naverCallbackData,
  naverCode,
  naverConfig,
  naverHtmlErrorPage,
  naverRedirectUri,
  naverTokenResponse,
  nockNaverProfile,
  nockNaverRevoke,
  nockNaverTokenExchange,
  nockNaverTokenRefresh,
  startMockNaver,
} from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { redactedCause } from '../src/http/errors.js';
import { createNaverApi, createNaverConnector, revokeNaverToken } from '../src/index.js';
import { authorizationPayload, fixtureSession as session } from './helpers.js';
import {
  issuedBy,
  knownBefore,
  type NaverCall,
  naverCalls,
  runNaverCall,
  scriptNaverCall,
} from './naver-calls.js';
import { secretRecorder } from './recorder.js';

// The suite's recorder knows the fixtures' secret, code and tokens (recorder.ts); the flows below
// add the ones they make up.
const secret = naverConfig.clientSecret;

const options = { timeoutMs: 60, retryLimit: 1, retryDelayMs: 1, maxResponseBytes: 2048 };

/** Runs a flow; a rejection must be a kit `ConnectorError` (recorded when it was created). */
const attempt = async (flow: () => Promise<unknown>) => {
  try {
    return await flow();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(ConnectorError);
    secretRecorder.recordLoggedError(error);
    return undefined;
  }
};

/** Every secret the call knows, in every spelling a server may echo it in (raw, URL-encoded, JSON-escaped, base64). */
const echoOf = (call: NaverCall) =>
  knownBefore[call].flatMap((value) => [...secretSpellings(value)]).join(' | ');

/** A JSON string literal spelling `value` with `\uXXXX` escapes only. */
const unicodeEscaped = (value: string) =>
  `"${[...value].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;

/** A token for the call's OAuth fields: one it is issued, else one it knows. */
const tokenFor = (call: NaverCall): string =>
  issuedBy[call][0] ?? knownBefore[call][2] ?? knownBefore[call][1] ?? secret;

const replies: Array<[string, (call: NaverCall) => NaverReply]> = [
  [
    '503 JSON',
    (call) => ({ status: 503, body: { error: 'temporarily_unavailable', error_description: echoOf(call) } }),
  ],
  ['502 HTML', () => ({ status: 502, body: naverHtmlErrorPage })],
  ['ECONNRESET', () => ({ networkError: 'ECONNRESET' })],
  ['timeout', () => ({ body: naverTokenResponse, delayMs: 2000 })],
  ['truncated JSON', (call) => ({ body: `{"token_type":"bearer","access_token":"${tokenFor(call)}` })],
  ['wrong shape', (call) => ({ body: { access_token: 5, refresh_token: tokenFor(call) } })],
  [
    '200 with an echoing error',
    (call) => ({ body: { error: 'invalid_request', error_description: echoOf(call) } }),
  ],
  ['profile error echoing', (call) => ({ status: 401, body: { resultcode: '024', message: echoOf(call) } })],
  [
    'profile-shaped error echoing with 200',
    (call) => ({ body: { resultcode: '500', message: echoOf(call) } }),
  ],
  [
    '400 HTML echoing the form',
    (call) => ({ status: 400, body: `<pre>${echoOf(call).replaceAll(' | ', '&amp;')}</pre>` }),
  ],
  [
    '400 JSON with tokens, slash-escaped',
    (call) => ({
      status: 400,
      body: `{"error_description":"${echoOf(call)}","access_token":"${tokenFor(call).replaceAll('/', '\\/')}"}`,
    }),
  ],
  [
    '200 JSON with unicode-escaped tokens',
    (call) => ({
      body: `{"note":[${knownBefore[call].map(unicodeEscaped).join(',')}],"access_token":${unicodeEscaped(tokenFor(call))},"x":5}`,
    }),
  ],
  [
    '401 echoing the secret',
    (call) => ({ status: 401, body: { error: 'unauthorized_client', error_description: echoOf(call) } }),
  ],
  ['oversized echo', (call) => ({ body: { error: 'x', padding: echoOf(call).repeat(40) } })],
  [
    'profile without id, echoing',
    (call) => ({ body: { resultcode: '00', message: echoOf(call), response: { note: echoOf(call) } } }),
  ],
];

describe('secret hygiene', () => {
  it('runs successful flows', async () => {
    // The file's first calls: the short time limit of the fault tests would let a loaded machine's
    // first request time out, and this test is about success.
    const unhurried = { ...options, timeoutMs: 5000 };
    nockNaverTokenExchange();
    nockNaverProfile();
    const result = await attempt(() => runNaverCall('exchange', unhurried));
    expect(result).toMatchObject({
      tokenResponse: { access_token: naverAccessToken },
      userInfo: { id: '32742776' },
    });
    nockNaverTokenRefresh();
    await attempt(() => runNaverCall('refresh', unhurried));
    nockNaverRevoke();
    await attempt(() => runNaverCall('revoke', unhurried));
  });

  it.each(replies)('provokes %s on every call', async (_, reply) => {
    for (const call of naverCalls) {
      scriptNaverCall(call, reply(call), options.retryLimit + 1);
      await attempt(() => runNaverCall(call, options));
      nock.cleanAll();
    }
  });

  it('provokes network errors whose own message quotes the request', async () => {
    for (const call of naverCalls) {
      const host = call === 'profile' ? 'https://openapi.naver.com' : 'https://nid.naver.com';
      if (call === 'profile') {
        nockNaverTokenExchange();
      }
      const error = Object.assign(new Error(`socket hang up while sending ${echoOf(call)}`), {
        code: 'ECONNRESET',
      });
      nock(host).persist().post(/.*/).replyWithError(error).get(/.*/).replyWithError(error);
      await attempt(() => runNaverCall(call, options));
      nock.cleanAll();
    }
  });

  it('rejects configs holding the secret in the wrong place or shape, without quoting it', async () => {
    for (const config of [
      { clientId: secret, clientSecret: 5 },
      { clientId: naverConfig.clientId, clientSecret: `${secret}${'x'.repeat(300)}` },
      { clientId: naverConfig.clientId, clientSecret: [secret] },
      { clientSecret: secret, repromptConsent: secret },
      secret,
    ]) {
      for (const call of naverCalls) {
        await attempt(() => runNaverCall(call, options, config));
      }
    }
  });

  it('rejects hostile callbacks that carry the code', async () => {
    const connector = await createNaverConnector(options)({ getConfig: async () => naverConfig });
    for (const data of [
      { ...naverCallbackData, state: 'forged' },
      { ...naverCallbackData, redirectUri: 'https://evil.example/cb' },
      { ...naverCallbackData, code: [naverCode, naverCode] },
      { ...naverCallbackData, code: naverCode.repeat(200) },
      { ...naverCallbackData, error: 'access_denied' },
    ]) {
      await attempt(() => connector.getUserInfo(data, session));
    }
  });

  it('runs a real mock-Naver round trip, then a wrong secret', async () => {
    nock.enableNetConnect('127.0.0.1');
    const naver = await startMockNaver({ consent: 'agree' });
    try {
      const wrongSecret = 'WrongSecret_9f8e7d6c5b4a';
      secretRecorder.addSecrets([wrongSecret]);
      for (const config of [naverConfig, { ...naverConfig, clientSecret: wrongSecret }]) {
        let stored: ConnectorSession = {};
        const connector = await createNaverConnector({
          ...options,
          timeoutMs: 2000,
          endpoints: naver.endpoints,
        })({
          getConfig: async () => config,
        });
        const uri = await connector.getAuthorizationUri(authorizationPayload, async (storage) => {
          stored = storage;
        });
        const callback = new URL((await fetch(uri, { redirect: 'manual' })).headers.get('location') ?? '');
        secretRecorder.addSecrets([callback.searchParams.get('code') ?? undefined]);
        const data = { redirectUri: naverRedirectUri, ...Object.fromEntries(callback.searchParams) };
        const result = (await attempt(() =>
          connector.getTokenResponseAndUserInfo!(data, async () => stored),
        )) as { tokenResponse: { access_token?: string; refresh_token?: string } } | undefined;
        if (result) {
          const { access_token, refresh_token } = result.tokenResponse;
          secretRecorder.addSecrets([access_token, refresh_token]);
          await attempt(() => connector.getAccessTokenByRefreshToken!(refresh_token ?? ''));
          await attempt(() =>
            revokeNaverToken(config, refresh_token ?? '', {
              tokenTypeHint: 'refresh_token',
              api: createNaverApi({ endpoints: naver.endpoints }),
            }),
          );
          // Revoked: the profile call now fails with the dead token.
          await attempt(() => connector.getAccessTokenByRefreshToken!(refresh_token ?? ''));
        }
      }
    } finally {
      await naver.close();
    }
  });

  it('found no secret in anything recorded', () => {
    // Guards the guard: the flows above did produce errors and were recorded.
    expect(secretRecorder.counts.errors).toBeGreaterThan(80);
    expect(secretRecorder.leaks()).toEqual([]);
  });
});

describe('the suite-wide recorder (setup.ts)', () => {
  it('records each ConnectorError the connector raises, and stdout/stderr writes', async () => {
    const before = secretRecorder.counts;
    const connector = await createNaverConnector(options)({ getConfig: async () => naverConfig });
    await attempt(() => connector.getUserInfo({ error: 'access_denied' }, session));
    process.stdout.write('');
    const after = secretRecorder.counts;
    // The error was recorded once, when the connector created it.
    expect(after.errors - before.errors).toBe(1);
    expect(after.texts).toBeGreaterThan(before.texts);
    expect(secretRecorder.counts.secrets).toBeGreaterThanOrEqual(5);
  });
});

describe('the cause kept for server logs', () => {
  it('has the transport failure’s name, code and message, without URL credentials or the call’s secrets', () => {
    const failure = Object.assign(
      new Error(
        `Failed to establish tunnel via http://proxy-user:proxy-pass-123@proxy.local:3128 sending client_secret=${naverConfig.clientSecret}`,
      ),
      { name: 'RequestError', code: 'ERR_PROXY_TUNNEL' },
    );
    const cause = redactedCause(failure, [naverConfig.clientSecret]);
    expect(cause).toMatchObject({ name: 'RequestError', code: 'ERR_PROXY_TUNNEL' });
    expect(cause.message).toMatch(
      /via http:\/\/\[redacted\]@proxy\.local:3128 sending client_secret=\[redacted\]$/,
    );
    expect(inspect(cause)).not.toMatch(/proxy-pass-123|proxy-user/);
    expect(inspect(cause)).not.toContain(naverConfig.clientSecret);
  });
});
