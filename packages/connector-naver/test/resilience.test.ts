import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { secretSpellings } from '@seedworks/connector-common/redact';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  naverAccessToken,
  naverCallbackData,
  naverCode,
  naverConfig,
  naverProfileErrors,
  naverRefreshToken,
  naverTokenResponse,
  nockNaverProfile,
  nockNaverTokenExchange,
  nockNaverTokenRefresh,
} from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildConnector, fixtureSession as session } from './helpers.js';

const signIn = async (options: Parameters<typeof buildConnector>[0] = {}) =>
  (await buildConnector(options)).getUserInfo({ ...naverCallbackData }, session);

describe('retries', () => {
  it('retries the profile call on a 5xx, then succeeds', async () => {
    nockNaverTokenExchange();
    const failing = nockNaverProfile({ reply: { status: 503, body: 'Service Unavailable' }, times: 2 });
    const succeeding = nockNaverProfile();
    const userInfo = await signIn();
    expect(userInfo.id).toBe('32742776');
    failing.done();
    succeeding.done();
  });

  it('retries the profile call on a network error, then succeeds', async () => {
    nockNaverTokenExchange();
    const failing = nockNaverProfile({ reply: { networkError: 'ECONNRESET' } });
    const succeeding = nockNaverProfile();
    await signIn();
    failing.done();
    succeeding.done();
  });

  it('bounds the profile retries (1 + retryLimit attempts), then reports General', async () => {
    nockNaverTokenExchange();
    const attempts = nockNaverProfile({ reply: naverProfileErrors.serverError, times: 3 });
    const spare = nockNaverProfile();
    await expectConnectorError(
      signIn({ retryLimit: 2 }),
      ConnectorErrorCodes.General,
      /profile API reported an error \(500 Internal Server Error \(데이터베이스 오류입니다\.\)\)\. Try signing in again\./,
    );
    attempts.done();
    expect(spare.isDone()).toBe(false);
  });

  it('does not retry the profile call on a 401', async () => {
    nockNaverTokenExchange();
    nockNaverProfile({ reply: naverProfileErrors.authenticationFailed });
    const spare = nockNaverProfile();
    await expectConnectorError(signIn(), ConnectorErrorCodes.SocialAccessTokenInvalid, /\(024 /);
    expect(spare.isDone()).toBe(false);
  });

  it('never retries the code exchange on a 5xx: the code is single use', async () => {
    const first = nockNaverTokenExchange({ reply: { status: 503, body: {} } });
    const spare = nockNaverTokenExchange();
    await expectConnectorError(
      signIn(),
      ConnectorErrorCodes.General,
      /login server answered the token exchange with HTTP 503\. Try signing in again\./,
    );
    first.done();
    expect(spare.isDone()).toBe(false);
  });

  it('never retries the code exchange on a network error', async () => {
    nockNaverTokenExchange({ reply: { networkError: 'ECONNRESET' } });
    const spare = nockNaverTokenExchange();
    await expectConnectorError(
      signIn(),
      ConnectorErrorCodes.General,
      /token exchange: the connection was reset\. Try again; .*check outbound HTTPS \(DNS, firewall, proxy\)/,
    );
    expect(spare.isDone()).toBe(false);
  });

  it('reports a DNS failure in words', async () => {
    nockNaverTokenExchange({ reply: { networkError: 'ENOTFOUND' } });
    await expectConnectorError(
      signIn(),
      ConnectorErrorCodes.General,
      /^Could not reach Naver for the token exchange: the host name could not be resolved \(DNS\)\./,
    );
  });
});

describe('timeouts', () => {
  // Far below the scripted delays (1 s), far above what a loaded 2-core machine needs for an
  // in-process answer (30 ms was seen to time out the code exchange itself).
  const limitMs = 250;

  it('gives up on a slow code exchange after the configured timeout, without retrying', async () => {
    nockNaverTokenExchange({ reply: { body: naverTokenResponse, delayMs: 1000 } });
    const spare = nockNaverTokenExchange();
    await expectConnectorError(
      signIn({ timeoutMs: limitMs }),
      ConnectorErrorCodes.General,
      /did not answer the token exchange within 250 ms\. Try signing in again; .*check outbound HTTPS/,
    );
    expect(spare.isDone()).toBe(false);
  });

  it('retries a profile call that timed out', async () => {
    nockNaverTokenExchange();
    const slow = nockNaverProfile({ reply: { body: {}, delayMs: 1000 } });
    const fast = nockNaverProfile();
    const userInfo = await signIn({ timeoutMs: limitMs });
    expect(userInfo.id).toBe('32742776');
    slow.done();
    fast.done();
  });

  it('reports a profile call that keeps timing out', async () => {
    nockNaverTokenExchange();
    nockNaverProfile({ reply: { body: {}, delayMs: 1000 }, times: 2 });
    await expectConnectorError(
      signIn({ timeoutMs: limitMs, retryLimit: 1 }),
      ConnectorErrorCodes.General,
      /^Naver did not answer the profile request within 250 ms\./,
    );
  });
});

describe('response size limit', () => {
  it('drops an oversized profile answer as InvalidResponse', async () => {
    nockNaverTokenExchange();
    nockNaverProfile({
      reply: {
        body: { resultcode: '00', message: 'success', response: { id: '1', padding: 'x'.repeat(5000) } },
      },
      times: 3,
    });
    await expectConnectorError(
      signIn({ maxResponseBytes: 1024 }),
      ConnectorErrorCodes.InvalidResponse,
      /answer to the profile request was larger than expected and was dropped; .*Check for a proxy between Logto and Naver\./,
    );
  });

  it('drops an oversized token answer as InvalidResponse', async () => {
    nockNaverTokenExchange({ reply: { body: `<html>${'x'.repeat(5000)}</html>` } });
    await expectConnectorError(
      signIn({ maxResponseBytes: 1024 }),
      ConnectorErrorCodes.InvalidResponse,
      /^Naver's answer to the token exchange was larger than expected/,
    );
  });
});

describe('secrets stay out of errors and logs', () => {
  const logs: unknown[][] = [];

  beforeEach(() => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logs.push(args);
      });
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
    logs.length = 0;
  });

  const secrets = [naverConfig.clientSecret, naverAccessToken, naverRefreshToken, naverCode];
  const expectNoSecret = (error: unknown) => {
    expect(error).toBeInstanceOf(ConnectorError);
    const text = [
      (error as Error).message,
      (error as Error).stack,
      JSON.stringify(error),
      JSON.stringify((error as ConnectorError).data),
    ].join('\n');
    // In every spelling a server or library may echo it: raw, URL-encoded, JSON-escaped, base64.
    for (const spelling of secrets.flatMap((secret) => [...secretSpellings(secret)])) {
      expect(text).not.toContain(spelling);
    }
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable(),
      (error: unknown) => error,
    );

  it('redacts the client secret and code echoed in a token error', async () => {
    nockNaverTokenExchange({
      reply: {
        body: {
          error: 'invalid_request',
          error_description: `bad code ${naverCode} for secret ${naverConfig.clientSecret}`,
        },
      },
    });
    const error = await failure(signIn());
    expectNoSecret(error);
    // Naver's words are still quoted, with each secret masked in place.
    await expectConnectorError(
      error,
      ConnectorErrorCodes.SocialAuthCodeInvalid,
      /\(invalid_request: bad code \[redacted\] for secret \[redacted\]\)/,
    );
  });

  it('redacts secrets echoed in a non-JSON body, raw or URL-encoded', async () => {
    nockNaverTokenExchange({
      reply: {
        status: 400,
        body: `<p>client_secret=${encodeURIComponent(naverConfig.clientSecret)}&code=${naverCode}</p>`,
      },
    });
    expectNoSecret(await failure(signIn()));
  });

  it('redacts tokens in a token answer that is rejected for another reason', async () => {
    nockNaverTokenExchange({ reply: { status: 400, body: { ...naverTokenResponse, note: 'odd' } } });
    const error = await failure(signIn());
    expectNoSecret(error);
    expect((error as ConnectorError).code).toBe(ConnectorErrorCodes.InvalidResponse);
  });

  it('redacts the access token echoed by the profile API', async () => {
    nockNaverTokenExchange();
    nockNaverProfile({
      reply: { status: 401, body: { resultcode: '024', message: `bad token ${naverAccessToken}` } },
    });
    expectNoSecret(await failure(signIn()));
  });

  it('redacts the refresh token echoed in a refresh error', async () => {
    nockNaverTokenRefresh({
      reply: { body: { error: 'invalid_request', error_description: naverRefreshToken } },
    });
    const connector = await buildConnector();
    expectNoSecret(await failure(connector.getAccessTokenByRefreshToken!(naverRefreshToken)));
  });

  it('keeps got’s request details (form with the secret) out of a network error', async () => {
    nock('https://nid.naver.com')
      .post('/oauth2.0/token')
      .replyWithError(
        Object.assign(new Error(`reset while sending client_secret=${naverConfig.clientSecret}`), {
          code: 'ECONNRESET',
        }),
      );
    const error = await failure(signIn());
    expectNoSecret(error);
    expect(Object.keys(error as object)).toEqual(['code', 'data']);
  });

  it('logs nothing on the way', async () => {
    nockNaverTokenExchange({ reply: { body: { error: 'invalid_request', error_description: 'x' } } });
    await failure(signIn());
    nockNaverTokenExchange();
    nockNaverProfile();
    await signIn();
    expect(logs).toEqual([]);
  });
});
