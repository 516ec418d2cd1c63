/**
 * Hostile input, table-driven: configs an admin (or a broken import) can store, and callback data
 * an attacker controls (every query parameter of `/callback/<id>` reaches `getUserInfo`, and a
 * parameter named `redirectUri` overrides Logto's own, see
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/experience/src/pages/SocialSignInWebCallback/use-social-sign-in-listener.ts).
 *
 * Each case ends in a clear `ConnectorError`, or in correct, safe output, never in a crash, a
 * stray network call, a polluted prototype or an injected header.
 */
import { ConnectorErrorCodes, type ConnectorSession } from '@logto/connector-kit';
import {
  escapeRegExp,
  expectConnectorError,
  type KeyPhrases,
  keyPhrases,
} from '@seedworks/test-fixtures/connector-error';
import {
  naverAccessToken,
  naverCode,
  naverConfig,
  naverRedirectUri,
  naverState,
  naverTokenErrors,
  nockNaverProfile,
  nockNaverTokenExchange,
} from '@seedworks/test-fixtures/naver';
import { afterEach, describe, expect, it } from 'vitest';
import { createNaverApi, createNaverConnector, revokeNaverToken } from '../src/index.js';
import {
  authorizationPayload,
  buildConnector,
  fixtureSession,
  notImplemented,
  sessionOf,
} from './helpers.js';

type Expected = { code: ConnectorErrorCodes; description: RegExp | KeyPhrases };

const invalidConfig = (detail: string): Expected => ({
  code: ConnectorErrorCodes.InvalidConfig,
  description: new RegExp(
    `^The Naver connector config is invalid \\(${escapeRegExp(detail)}\\)\\. Copy Client ID`,
  ),
});

/** `expectConnectorError` with an {@link Expected}; returns the description. */
const expectError = async (thrown: unknown, { code, description }: Expected) =>
  (await expectConnectorError(thrown, code, ...keyPhrases(description))).data.errorDescription;

/** Nothing a hostile key does may reach `Object.prototype`. */
afterEach(() => {
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'clientSecret', 'code', 'clientId']) {
    expect(probe[key], `Object.prototype.${key}`).toBeUndefined();
  }
});

const longText = 'x'.repeat(1_000_000);
const secret = naverConfig.clientSecret;

/** `effective`: the credentials the connector must use (after trimming), when the config is accepted. */
const configCases: Array<{
  name: string;
  config: unknown;
  expected: Expected | { effective: { clientId: string; clientSecret: string } };
}> = [
  { name: 'null', config: null, expected: invalidConfig('config: Expected object, received null') },
  { name: 'undefined', config: undefined, expected: invalidConfig('config: Required') },
  {
    name: 'a string',
    config: `clientId=a&clientSecret=${secret}`,
    expected: invalidConfig('config: Expected object, received string'),
  },
  { name: 'a number', config: 42, expected: invalidConfig('config: Expected object, received number') },
  {
    name: 'an array',
    config: [naverConfig],
    expected: invalidConfig('config: Expected object, received array'),
  },
  {
    name: 'an empty object',
    config: {},
    expected: invalidConfig('clientId is required; clientSecret is required'),
  },
  {
    name: 'no clientSecret',
    config: { clientId: naverConfig.clientId },
    expected: invalidConfig('clientSecret is required'),
  },
  {
    name: 'empty strings',
    config: { clientId: '', clientSecret: '' },
    expected: invalidConfig('clientId must not be empty; clientSecret must not be empty'),
  },
  {
    name: 'blank strings',
    config: { clientId: ' \t', clientSecret: '\n' },
    expected: invalidConfig('clientId must not be empty; clientSecret must not be empty'),
  },
  {
    name: 'null everywhere',
    // A `null` switch is off: Logto's save would remove it (clean-deep) anyway.
    config: { clientId: null, clientSecret: null, repromptConsent: null, trustEmail: null, trustPhone: null },
    expected: invalidConfig('clientId must be a string; clientSecret must be a string'),
  },
  {
    name: 'numbers',
    config: { clientId: 123, clientSecret: 456 },
    expected: invalidConfig('clientId must be a string; clientSecret must be a string'),
  },
  {
    name: 'an object with toString',
    config: { clientId: { toString: () => 'id' }, clientSecret: secret },
    expected: invalidConfig('clientId must be a string'),
  },
  {
    name: 'arrays of strings',
    config: { clientId: ['a', 'b'], clientSecret: [secret] },
    expected: invalidConfig('clientId must be a string; clientSecret must be a string'),
  },
  {
    name: 'a string switch',
    config: { ...naverConfig, repromptConsent: 'yes' },
    expected: invalidConfig('repromptConsent must be true or false'),
  },
  {
    name: 'a string trustEmail (JSON typed by hand)',
    config: { ...naverConfig, trustEmail: 'true' },
    expected: invalidConfig('trustEmail must be true or false'),
  },
  {
    name: 'a number trustPhone',
    config: { ...naverConfig, trustPhone: 1 },
    expected: invalidConfig('trustPhone must be true or false'),
  },
  {
    name: 'null switches',
    config: { ...naverConfig, repromptConsent: null, trustEmail: null, trustPhone: null },
    expected: { effective: naverConfig },
  },
  {
    name: 'a huge clientId',
    config: { clientId: longText, clientSecret: secret },
    expected: invalidConfig('clientId is too long (at most 256 characters)'),
  },
  {
    name: 'a huge clientSecret',
    config: { clientId: naverConfig.clientId, clientSecret: longText },
    expected: invalidConfig('clientSecret is too long (at most 256 characters)'),
  },
  {
    name: 'an SMTP config pasted by mistake',
    config: { host: 'smtp.example.com', port: 70000, username: 'u', password: secret },
    expected: invalidConfig('clientId is required; clientSecret is required'),
  },
  {
    name: 'unknown keys',
    config: { ...naverConfig, scope: 'openid', clientSecretOld: 'x', port: -1 },
    expected: { effective: naverConfig },
  },
  {
    name: 'a __proto__ key (JSON)',
    config: JSON.parse(
      `{"clientId":"${naverConfig.clientId}","clientSecret":"${secret}","__proto__":{"clientSecret":"evil","polluted":true}}`,
    ),
    expected: { effective: naverConfig },
  },
  {
    name: 'only a __proto__ key carrying the credentials (JSON)',
    config: JSON.parse(`{"__proto__":{"clientId":"a","clientSecret":"${secret}"}}`),
    expected: invalidConfig('clientId is required; clientSecret is required'),
  },
  {
    name: 'constructor and prototype keys',
    config: { ...naverConfig, constructor: { prototype: { polluted: true } }, prototype: { isAdmin: true } },
    expected: { effective: naverConfig },
  },
  {
    name: 'surrounding whitespace and a pasted newline',
    config: { clientId: ` ${naverConfig.clientId}\n`, clientSecret: `\t${secret}\r\n` },
    expected: { effective: naverConfig },
  },
  {
    name: 'a non-ASCII clientId',
    config: { clientId: '네이버앱-ünï', clientSecret: secret },
    expected: { effective: { clientId: '네이버앱-ünï', clientSecret: secret } },
  },
  {
    name: 'a clientId smuggling query parameters',
    config: {
      clientId: `${naverConfig.clientId}&redirect_uri=https://evil.example&state=x`,
      clientSecret: secret,
    },
    expected: {
      effective: {
        clientId: `${naverConfig.clientId}&redirect_uri=https://evil.example&state=x`,
        clientSecret: secret,
      },
    },
  },
  {
    name: 'a clientId with CR/LF (header injection attempt)',
    config: { clientId: 'abc\r\nX-Injected: 1', clientSecret: secret },
    expected: { effective: { clientId: 'abc\r\nX-Injected: 1', clientSecret: secret } },
  },
];

describe(`hostile configs (${configCases.length} cases)`, () => {
  it.each(configCases)('$name', async ({ config, expected }) => {
    // Not `buildConnector`, whose default config would stand in for `undefined`.
    const connector = await createNaverConnector({ retryDelayMs: 0 })({ getConfig: async () => config });
    const authorize = connector.getAuthorizationUri(authorizationPayload, async () => {});

    if ('code' in expected) {
      // No network is scripted: a call past validation would fail with a nock error instead.
      const description = await expectError(authorize, expected);
      expect(description).not.toContain(secret);
      expect(description.length).toBeLessThan(400);
      await expectError(revokeNaverToken(config, naverAccessToken, { api: createNaverApi() }), expected);
      await expectError(connector.getAccessTokenByRefreshToken!('refresh'), expected);
      return;
    }

    // Accepted: the authorize URL stays on Naver, with every parameter exactly once and ours.
    const url = new URL(await authorize);
    expect(url.origin + url.pathname).toBe('https://nid.naver.com/oauth2.0/authorize');
    expect(url.searchParams.getAll('client_id')).toEqual([expected.effective.clientId]);
    expect(url.searchParams.getAll('redirect_uri')).toEqual([naverRedirectUri]);
    expect(url.searchParams.getAll('state')).toEqual([naverState]);

    // And a sign-in sends exactly these credentials, form-encoded, with no extra header.
    const exchange = nockNaverTokenExchange({ config: expected.effective });
    const headers: string[] = [];
    exchange.on('request', (request: { headers: Record<string, unknown> }) => {
      headers.push(...Object.keys(request.headers));
    });
    nockNaverProfile();
    const userInfo = await connector.getUserInfo(
      { redirectUri: naverRedirectUri, code: naverCode, state: naverState },
      fixtureSession,
    );
    expect(userInfo.id).toBe('32742776');
    exchange.done();
    expect(headers.map((name) => name.toLowerCase())).not.toContain('x-injected');
  });
});

const session = { state: naverState, redirectUri: naverRedirectUri };
const valid = { redirectUri: naverRedirectUri, code: naverCode, state: naverState };

const malformed = (detail: string): Expected => ({
  code: ConnectorErrorCodes.InvalidRequestParameters,
  description: new RegExp(
    `^The Naver callback data is malformed \\(${escapeRegExp(detail)}\\)\\. Start the sign-in`,
  ),
});
const missing = (what: string): Expected => ({
  code: ConnectorErrorCodes.InsufficientRequestParameters,
  description: new RegExp(`^The Naver callback data has no ${what}\\. Open the sign-in through Logto`),
});
const stateMismatch: Expected = {
  code: ConnectorErrorCodes.AuthorizationFailed,
  description: /^The Naver callback state does not match the one this sign-in started with/,
};
const redirectMismatch: Expected = {
  code: ConnectorErrorCodes.AuthorizationFailed,
  description: /^The Naver callback names another redirectUri than the one this sign-in started with/,
};

/**
 * `exchange`: the callback is accepted and the code goes to Naver (which rejects it here, so the
 * exact code sent is checked); otherwise the expected error, with no request to Naver at all.
 */
const callbackCases: Array<{
  name: string;
  data: unknown;
  session?: ConnectorSession | 'none';
  expected: Expected | { exchange: { code: string; redirectUri: string; state: string | null } };
}> = [
  { name: 'null', data: null, expected: malformed('(data) must be an object') },
  { name: 'undefined', data: undefined, expected: malformed('(data) must be an object') },
  {
    name: 'a query string',
    data: `code=${naverCode}&state=${naverState}`,
    expected: malformed('(data) must be an object'),
  },
  { name: 'an array', data: [valid], expected: malformed('(data) must be an object') },
  { name: 'an empty object', data: {}, expected: missing('code and redirectUri') },
  { name: 'no code', data: { redirectUri: naverRedirectUri, state: naverState }, expected: missing('code') },
  { name: 'an empty code', data: { ...valid, code: '' }, expected: missing('code') },
  {
    name: 'null everywhere',
    data: { redirectUri: null, code: null, state: null },
    expected: malformed('code must be text; state must be text; redirectUri must be text'),
  },
  {
    name: 'a duplicated code (array)',
    data: { ...valid, code: [naverCode, 'other'] },
    expected: malformed('code must be text'),
  },
  {
    name: 'a duplicated state (array)',
    data: { ...valid, state: [naverState, naverState] },
    expected: malformed('state must be text'),
  },
  {
    name: 'a duplicated redirectUri (array)',
    data: { ...valid, redirectUri: [naverRedirectUri, 'https://evil.example/cb'] },
    expected: malformed('redirectUri must be text'),
  },
  { name: 'a numeric code', data: { ...valid, code: 12345 }, expected: malformed('code must be text') },
  {
    name: 'an operator object as code',
    data: { ...valid, code: { $ne: '' } },
    expected: malformed('code must be text'),
  },
  {
    name: 'an error array',
    data: { ...valid, error: ['access_denied', 'x'] },
    expected: malformed('error must be text'),
  },
  {
    name: 'a huge code',
    data: { ...valid, code: longText },
    expected: malformed('code is too long (more than 1024 characters)'),
  },
  {
    name: 'a huge state',
    data: { ...valid, state: longText },
    expected: malformed('state is too long (more than 1024 characters)'),
  },
  {
    name: 'a huge redirectUri',
    data: { ...valid, redirectUri: `https://a.example/${longText}` },
    expected: malformed('redirectUri is too long (more than 2048 characters)'),
  },
  {
    name: 'a javascript: redirectUri',
    data: { ...valid, redirectUri: 'javascript:alert(1)' },
    session: 'none',
    expected: malformed('redirectUri must be an http(s) URL'),
  },
  {
    name: 'a relative redirectUri',
    data: { ...valid, redirectUri: '/callback/x' },
    session: 'none',
    expected: malformed('redirectUri must be an http(s) URL'),
  },
  {
    name: 'an attacker-chosen redirectUri',
    data: { ...valid, redirectUri: 'https://evil.example/callback/naver-connector-id' },
    expected: redirectMismatch,
  },
  {
    name: 'a redirectUri differing by a trailing slash',
    data: { ...valid, redirectUri: `${naverRedirectUri}/` },
    expected: redirectMismatch,
  },
  { name: 'a mismatched state', data: { ...valid, state: 'forged-state-value' }, expected: stateMismatch },
  {
    name: 'a state with a trailing space',
    data: { ...valid, state: `${naverState} ` },
    expected: stateMismatch,
  },
  {
    name: 'a state differing in case',
    data: { ...valid, state: naverState.toLowerCase() },
    expected: stateMismatch,
  },
  {
    name: 'an error next to a code (error wins, code unused)',
    data: { ...valid, error: 'access_denied', error_description: 'Canceled By User' },
    expected: {
      code: ConnectorErrorCodes.AuthorizationFailed,
      description:
        /^The Naver sign-in was canceled or consent was declined \(access_denied: Canceled By User\)/,
    },
  },
  {
    name: 'a long error with markup and CR/LF (quoted bounded, on one line)',
    data: {
      ...valid,
      error: `<script>alert(1)</script>\r\nX-Injected: 1 ${'y'.repeat(900)}`,
      error_description: `a\r\nb ${'z'.repeat(100_000)}`,
    },
    expected: {
      code: ConnectorErrorCodes.AuthorizationFailed,
      // Naver's error quoted cut short (…) and on one line (CR/LF as spaces), then the advice.
      description: [
        /error instead of an authorization code \(<script>alert\(1\)<\/script> X-Injected: 1 y+…: a b z+…\)/,
        /Start the sign-in with Naver again/,
      ],
    },
  },
  {
    name: 'a __proto__ key carrying the code (JSON)',
    data: JSON.parse(
      `{"redirectUri":"${naverRedirectUri}","state":"${naverState}","__proto__":{"code":"${naverCode}","polluted":true}}`,
    ),
    expected: missing('code'),
  },
  {
    name: 'constructor, hasOwnProperty and toString keys',
    data: { ...valid, constructor: 'x', hasOwnProperty: 'y', toString: 'z', __defineGetter__: 1 },
    expected: { exchange: { code: naverCode, redirectUri: naverRedirectUri, state: naverState } },
  },
  {
    name: 'a code with CR/LF and unicode (sent form-encoded, as received)',
    data: { ...valid, code: 'abc\r\nX-Injected: 1 ✓ 네이버' },
    expected: {
      exchange: { code: 'abc\r\nX-Injected: 1 ✓ 네이버', redirectUri: naverRedirectUri, state: naverState },
    },
  },
  {
    name: 'a code with URL syntax (no second decoding)',
    data: { ...valid, code: 'a%26b&grant_type=refresh_token' },
    expected: {
      exchange: { code: 'a%26b&grant_type=refresh_token', redirectUri: naverRedirectUri, state: naverState },
    },
  },
  {
    name: 'any redirectUri when no session can be compared (Management API)',
    data: { ...valid, redirectUri: 'https://other.example/callback' },
    session: 'none',
    expected: {
      exchange: { code: naverCode, redirectUri: 'https://other.example/callback', state: naverState },
    },
  },
  {
    name: 'a session without redirectUri (older interaction)',
    data: valid,
    session: { state: naverState },
    expected: { exchange: { code: naverCode, redirectUri: naverRedirectUri, state: naverState } },
  },
];

describe(`hostile callbacks (${callbackCases.length} cases)`, () => {
  it.each(callbackCases)('$name', async ({ data, session: caseSession, expected }) => {
    const connector = await buildConnector();
    const getSession = caseSession === 'none' ? notImplemented : sessionOf(caseSession ?? session);

    if ('code' in expected) {
      // A spare exchange interceptor that must stay unused: the code is never spent on bad input.
      const spare = nockNaverTokenExchange({ state: null });
      const description = await expectError(connector.getUserInfo(data, getSession), expected);
      expect(description.length).toBeLessThan(500);
      expect(spare.isDone()).toBe(false);
      return;
    }

    const exchange = nockNaverTokenExchange({
      ...expected.exchange,
      reply: { body: naverTokenErrors.invalidCode },
    });
    const headers: string[] = [];
    exchange.on('request', (request: { headers: Record<string, unknown> }) => {
      headers.push(...Object.keys(request.headers));
    });
    await expectError(connector.getUserInfo(data, getSession), {
      code: ConnectorErrorCodes.SocialAuthCodeInvalid,
      description:
        /^Naver did not accept the authorization code \(invalid_request: no valid data in session\)/,
    });
    exchange.done();
    expect(headers.map((name) => name.toLowerCase())).not.toContain('x-injected');
  });
});

/** Token bodies are input too: whatever Naver (or a proxy) sends must not reach a header. */
describe('hostile token bodies', () => {
  it.each([
    ['CR/LF', `${naverAccessToken}\r\nX-Injected: 1`],
    ['a space', 'abc def'],
    ['a non-ASCII character', 'abc✓'],
    ['a NUL byte', 'abc\u0000def'],
  ])('refuses an access token containing %s before using it in a header', async (_, accessToken) => {
    nockNaverTokenExchange({ reply: { body: { access_token: accessToken, token_type: 'bearer' } } });
    const connector = await buildConnector();
    const description = await expectError(connector.getUserInfo({ ...valid }, sessionOf(session)), {
      code: ConnectorErrorCodes.InvalidResponse,
      description: [/access token that is not a valid Bearer token/, /it was not used/],
    });
    expect(description).not.toContain(accessToken);
  });
});
