/**
 * Every fault Naver (or a proxy in front of it) can produce, against every call the connector
 * makes: the code exchange and the profile call (both through `getUserInfo`), the refresh
 * (`getAccessTokenByRefreshToken`) and the revocation (`revokeNaverToken`).
 *
 * Each case checks that the call settles (never hangs) within `attempts × timeout + slack`, with
 * the expected `ConnectorError` code and a description that says what happened, and that the
 * attempts are exactly what the retry policy allows: the single-use code is sent once, the other
 * calls are retried on 5xx, resets and timeouts up to `retryLimit`.
 *
 * The connector has one time limit per attempt (got's `timeout.request`), which covers DNS,
 * connect, TLS, the wait for headers and the body alike; there is no separate connect timeout.
 * The connect-phase case below therefore checks that same bound on a port whose TCP handshake
 * never completes.
 */
import { inspect } from 'node:util';
import { ConnectorErrorCodes, type ConnectorSession } from '@logto/connector-kit';
import {
  escapeRegExp,
  expectConnectorError,
  expectHiddenCause,
  type KeyPhrases,
  keyPhrases,
} from '@seedworks/test-fixtures/connector-error';
import {
  type MockNaver,
  type NaverReply,
  type NaverSocketFault,
  naverAccessToken,
  naverCallbackData,
  naverConfig,
  naverHtmlErrorPage,
  naverRedirectUri,
  naverRefreshToken,
  startFaultyNaver,
  startMockNaver,
  startUnconnectableNaver,
} from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  createNaverApi,
  createNaverConnector,
  type NaverApiOptions,
  revokeNaverToken,
} from '../src/index.js';
import { authorizationPayload, fixtureSession as session } from './helpers.js';
import { type NaverCall, naverCalls, scriptNaverCall } from './naver-calls.js';

/**
 * Per-attempt limit. Long enough that a prompt (nocked) answer never reaches it on a loaded 2-core
 * machine: at 150 ms a slow first answer timed out, was retried, and the attempt count was off.
 */
const timeoutMs = 400;
const retryLimit = 2;
const retryDelayMs = 1;
const maxResponseBytes = 2048;
const limits: NaverApiOptions = { timeoutMs, retryLimit, retryDelayMs, maxResponseBytes };

/**
 * "Did not hang": every attempt may use its full time limit, plus the retry delays, plus slack
 * for a loaded CI machine. This is the only time assertion; nothing here checks speed as such.
 */
const settleBound = (attempts: number) =>
  attempts * timeoutMs + (attempts - 1) * retryDelayMs * 2 ** (attempts - 1) + 1500;

/** What each call is called in the connector's messages. */
const callName: Record<NaverCall, string> = {
  exchange: 'the token exchange',
  profile: 'the profile request',
  refresh: 'the token refresh',
  revoke: 'the token revocation',
};

/** The code exchange is never repeated (single-use code); the others are, on 5xx/network/timeout. */
const retriedCall: Record<NaverCall, boolean> = {
  exchange: false,
  profile: true,
  refresh: true,
  revoke: true,
};

/** Runs one call through the public entry points, against `endpoints` (default: Naver's, nocked). */
const run = async (call: NaverCall, options: NaverApiOptions, getSession = session, data?: object) => {
  if (call === 'revoke') {
    return revokeNaverToken(naverConfig, naverAccessToken, { api: createNaverApi(options) });
  }
  const connector = await createNaverConnector(options)({ getConfig: async () => naverConfig });
  if (call === 'refresh') {
    return connector.getAccessTokenByRefreshToken?.(naverRefreshToken);
  }
  return connector.getUserInfo(data ?? { ...naverCallbackData }, getSession);
};

type Settled = { ok: true; value: unknown; ms: number } | { ok: false; error: unknown; ms: number };

const settle = async (promise: Promise<unknown>): Promise<Settled> => {
  const start = performance.now();
  try {
    const value = await promise;
    return { ok: true, value, ms: performance.now() - start };
  } catch (error: unknown) {
    return { ok: false, error, ms: performance.now() - start };
  }
};

/** What the call settled with: the error it threw, or (then the error check fails) its value. */
const outcome = (settled: Settled) => (settled.ok ? settled.value : settled.error);

type Outcome = 'resolves' | { code: ConnectorErrorCodes; description: RegExp | KeyPhrases; retried: boolean };

interface Fault {
  name: string;
  /** The scripted answer, per call where the calls' error forms differ. */
  reply: (call: NaverCall) => NaverReply;
  expected: (call: NaverCall) => Outcome;
}

const quote = (call: NaverCall) => escapeRegExp(callName[call]);

const notJson = (status: number, excerpt: string) => (call: NaverCall) => ({
  // An outage's 5xx page is General, so the sign-in page shows its "try again".
  code: status >= 500 ? ConnectorErrorCodes.General : ConnectorErrorCodes.InvalidResponse,
  description: new RegExp(
    `^Naver answered ${quote(call)} with HTTP ${status} and a body that is not JSON \\(${escapeRegExp(excerpt)}`,
  ),
  retried: status >= 500 && retriedCall[call],
});

/** A well-formed JSON body of the wrong shape, answered with 200. */
const wrongShape = (body: string): Fault => ({
  name: `a 200 with JSON of the wrong shape: ${body}`,
  reply: () => ({ status: 200, body }),
  expected: (call) =>
    call === 'revoke'
      ? // Naver's revoke success is "200, body ignored" (https://developers.naver.com/docs/login/api/api.md §3.3); no error field, nothing to report.
        'resolves'
      : {
          code: ConnectorErrorCodes.InvalidResponse,
          description:
            call === 'profile'
              ? /^Naver answered the profile request with HTTP 200 but without resultcode "00" and response\.id \(/
              : new RegExp(
                  `^Naver answered ${quote(call)} with HTTP 200 but no usable access_token or error \\(`,
                ),
          retried: false,
        },
});

const faults: Fault[] = [
  {
    name: '503 with a JSON error body',
    reply: () => ({
      status: 503,
      body: { error: 'temporarily_unavailable', error_description: 'Service temporarily unavailable.' },
    }),
    expected: (call) => ({
      code: ConnectorErrorCodes.General,
      // Naver's error quoted (or, for the profile API, the status), and the advice.
      description: (
        {
          exchange: [
            /\(temporarily_unavailable: Service temporarily unavailable\.\)/,
            /Try signing in again/,
          ],
          refresh: [/\(temporarily_unavailable: Service temporarily unavailable\.\)/, /Try signing in again/],
          profile: [/profile API answered HTTP 503/, /Try signing in again/],
          revoke: [
            /could not revoke the token \(temporarily_unavailable: Service temporarily unavailable\.\)/,
            /Try again later/,
          ],
        } satisfies Record<NaverCall, KeyPhrases>
      )[call],
      retried: retriedCall[call],
    }),
  },
  {
    name: '502 with an HTML gateway page',
    reply: () => ({ status: 502, body: naverHtmlErrorPage }),
    expected: notJson(502, '"<html> <head><title>502 Bad Gateway</title></head>'),
  },
  {
    name: '500 with an empty body',
    reply: () => ({ status: 500, body: '' }),
    expected: notJson(500, 'an empty body'),
  },
  {
    name: 'connection reset (ECONNRESET)',
    reply: () => ({ networkError: 'ECONNRESET' }),
    expected: (call) => ({
      code: ConnectorErrorCodes.General,
      description: new RegExp(
        `^Could not reach Naver for ${quote(call)}: the connection was reset\\. Try again`,
      ),
      retried: retriedCall[call],
    }),
  },
  {
    name: 'no answer within the time limit',
    reply: () => ({ status: 200, body: '', delayMs: 10_000 }),
    expected: (call) => ({
      code: ConnectorErrorCodes.General,
      description: new RegExp(
        `^Naver did not answer ${quote(call)} within ${timeoutMs} ms\\. Try signing in again`,
      ),
      retried: retriedCall[call],
    }),
  },
  {
    name: 'truncated JSON with 200',
    reply: () => ({ status: 200, body: '{"access_token":"abc' }),
    expected: (call) => (call === 'revoke' ? 'resolves' : notJson(200, '"{"access_token":"abc"')(call)),
  },
  {
    name: 'an HTML error page with 200',
    reply: () => ({ status: 200, body: naverHtmlErrorPage }),
    expected: (call) => (call === 'revoke' ? 'resolves' : notJson(200, '"<html> <head>')(call)),
  },
  wrongShape('[]'),
  wrongShape('{"foo":1}'),
  wrongShape('{"access_token":5}'),
  wrongShape('null'),
  wrongShape('"access_token"'),
  {
    name: 'a 200 carrying an error',
    reply: (call) => ({
      status: 200,
      body:
        call === 'profile'
          ? { resultcode: '024', message: 'Authentication failed (인증 실패하였습니다.)' }
          : { error: 'invalid_request', error_description: 'no valid data in session' },
    }),
    expected: (call) =>
      (
        ({
          exchange: {
            code: ConnectorErrorCodes.SocialAuthCodeInvalid,
            description: [
              /did not accept the authorization code \(invalid_request: no valid data in session\)/,
              /invalid, expired or was already used/,
            ],
            retried: false,
          },
          profile: {
            code: ConnectorErrorCodes.SocialAccessTokenInvalid,
            description:
              /^Naver rejected the access token on the profile request \(024 Authentication failed/,
            retried: false,
          },
          refresh: {
            code: ConnectorErrorCodes.SocialAccessTokenInvalid,
            description:
              /^Naver did not accept the refresh token \(invalid_request: no valid data in session\)/,
            retried: false,
          },
          revoke: {
            code: ConnectorErrorCodes.InvalidRequestParameters,
            description: /refused the revocation request \(invalid_request: no valid data in session\)/,
            retried: false,
          },
        }) satisfies Record<NaverCall, Outcome>
      )[call],
  },
  {
    name: 'an oversized body',
    reply: () => ({
      status: 200,
      body: { access_token: naverAccessToken, padding: 'x'.repeat(maxResponseBytes * 4) },
    }),
    expected: (call) => ({
      code: ConnectorErrorCodes.InvalidResponse,
      description: new RegExp(`^Naver's answer to ${quote(call)} was larger than expected and was dropped`),
      retried: false,
    }),
  },
];

const cases = faults.flatMap((fault) => naverCalls.map((call) => ({ fault, call })));

describe(`Naver faults (scripted HTTP): ${faults.length} faults × ${naverCalls.length} calls`, () => {
  it.each(cases)('$fault.name → $call', async ({ fault, call }) => {
    // Answering more often than any retry policy could ask.
    const scope = scriptNaverCall(call, fault.reply(call), retryLimit + 3);
    let attempts = 0;
    scope.on('request', () => {
      attempts += 1;
    });

    const settled = await settle(run(call, limits));

    const expected = fault.expected(call);
    if (expected === 'resolves') {
      expect(settled).toMatchObject({ ok: true });
      expect(attempts).toBe(1);
      return;
    }
    await expectConnectorError(outcome(settled), expected.code, ...keyPhrases(expected.description));
    const allowed = expected.retried ? 1 + retryLimit : 1;
    expect(attempts).toBe(allowed);
    expect(settled.ms).toBeLessThan(settleBound(allowed));
  });
});

/** A real code from the mock Naver: what the browser would bring back after pressing Agree. */
const codeFrom = async (naver: MockNaver) => {
  let stored: ConnectorSession = {};
  const connector = await createNaverConnector({ endpoints: naver.endpoints })({
    getConfig: async () => naverConfig,
  });
  const uri = await connector.getAuthorizationUri(authorizationPayload, async (storage) => {
    stored = storage;
  });
  const answer = await fetch(uri, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location') ?? '');
  return {
    data: { redirectUri: naverRedirectUri, ...Object.fromEntries(callback.searchParams) },
    getSession: async () => stored,
  };
};

type SocketOutcome = {
  code: ConnectorErrorCodes;
  description: (call: NaverCall) => RegExp;
  retried: boolean;
};

const timedOut: SocketOutcome = {
  code: ConnectorErrorCodes.General,
  description: (call) => new RegExp(`^Naver did not answer ${quote(call)} within ${timeoutMs} ms\\.`),
  retried: true,
};
const cut: SocketOutcome = {
  code: ConnectorErrorCodes.General,
  description: (call) => new RegExp(`^Could not reach Naver for ${quote(call)}: the connection was reset\\.`),
  retried: true,
};

const socketFaults: Record<NaverSocketFault, SocketOutcome> = {
  stall: timedOut,
  'headers-then-stall': timedOut,
  reset: cut,
  close: cut,
  'partial-then-reset': cut,
  'endless-body': {
    code: ConnectorErrorCodes.InvalidResponse,
    description: (call) => new RegExp(`^Naver's answer to ${quote(call)} was larger than expected`),
    retried: false,
  },
};

/**
 * The transport failure stays on the error for server logs, as a hidden `cause` with its message
 * and code, and nothing of the request (form, bearer token) comes with it, however deep a logger
 * looks.
 */
const expectRedactedCause = (error: unknown, secrets: string[]) => {
  const cause = expectHiddenCause(error, { secrets });
  expect((cause as { code?: unknown }).code).toMatch(/^E[A-Z_]+$/);
  const logged = inspect(error, { depth: 20, showHidden: true });
  expect(logged).toContain(cause.message);
  expect(logged).not.toMatch(/Bearer |client_secret/);
};

const socketCases = (Object.keys(socketFaults) as NaverSocketFault[]).flatMap((fault) =>
  naverCalls.map((call) => ({ fault, call })),
);

describe('Naver faults on real sockets (mock Naver + a broken endpoint)', () => {
  // Real sockets only: nock's passthrough wraps each socket in its own, and when a request is
  // cancelled while still connecting, the wrapped socket's late ECANCELED surfaces as an uncaught
  // error (a nock artefact: without nock the connector's socket is destroyed cleanly).
  beforeAll(() => {
    nock.restore();
  });
  afterAll(() => {
    nock.activate();
  });

  it.each(socketCases)('$fault → $call', async ({ fault, call }) => {
    const naver = await startMockNaver({ consent: 'agree' });
    const broken = await startFaultyNaver(fault);
    onTestFinished(async () => {
      await broken.close();
      await naver.close();
    });
    const target = call === 'exchange' || call === 'refresh' ? 'token' : call;
    const endpoints = { ...naver.endpoints, [target]: broken.endpoints[target] };
    const { data, getSession } = await codeFrom(naver);

    const settled = await settle(run(call, { ...limits, endpoints }, getSession, data));

    const expected = socketFaults[fault];
    await expectConnectorError(outcome(settled), expected.code, expected.description(call));
    // The profile call's token is the mock's own; `Bearer ` finds it in a leaked request.
    expectRedactedCause(outcome(settled), [
      naverConfig.clientSecret,
      (data as { code?: string }).code ?? naverCallbackData.code,
      naverAccessToken,
      naverRefreshToken,
    ]);
    const allowed = expected.retried && retriedCall[call] ? 1 + retryLimit : 1;
    // Each attempt is a fresh connection: a broken socket is never put back in the pool.
    expect(broken.connections).toBe(allowed);
    expect(settled.ms).toBeLessThan(settleBound(allowed));
    if (call === 'profile') {
      // The code was spent exactly once, at the mock Naver.
      expect(naver.requests.token).toBe(1);
    }
  });

  it.each(naverCalls)('a TCP handshake that never completes (connect phase) → %s', async (call) => {
    const naver = await startMockNaver({ consent: 'agree' });
    const unconnectable = await startUnconnectableNaver();
    // Linux drops SYNs once the queue is full; elsewhere this degrades to a response stall.
    expect.soft(unconnectable.stallsAtConnect).toBe(process.platform === 'linux');
    onTestFinished(async () => {
      await unconnectable.close();
      await naver.close();
    });
    const target = call === 'exchange' || call === 'refresh' ? 'token' : call;
    const endpoints = { ...naver.endpoints, [target]: unconnectable.endpoints[target] };
    const { data, getSession } = await codeFrom(naver);

    const settled = await settle(run(call, { ...limits, endpoints }, getSession, data));

    await expectConnectorError(outcome(settled), timedOut.code, timedOut.description(call));
    expect(settled.ms).toBeLessThan(settleBound(retriedCall[call] ? 1 + retryLimit : 1));
  });
});
