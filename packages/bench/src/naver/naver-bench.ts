import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import type { CreateConnector, SocialConnector } from '@logto/connector-kit';
import officialCreateConnector from '@logto/connector-naver';
import { createNaverConnector } from '@seedworks/connector-naver';
// Not the `naver` entry: it loads nock, whose interceptor opens a socket per request.
import { type MockNaver, startMockNaver } from '@seedworks/test-fixtures/naver/mock-naver-server';
import { naverConfig } from '@seedworks/test-fixtures/naver/responses';

const run = promisify(execFile);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Milliseconds to import a module in a fresh Node process (the kit included), median of `runs`. */
export const coldImportMs = async (moduleUrl: string, runs = 9): Promise<number> => {
  const script = `const t = performance.now(); await import(${JSON.stringify(moduleUrl)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    times.push(Number(stdout.trim()));
  }
  return median(times);
};

export const naverModules = {
  official: import.meta.resolve('@logto/connector-naver'),
  ours: import.meta.resolve('@seedworks/connector-naver'),
};

const naverHosts = new Set(['nid.naver.com', 'openapi.naver.com']);

/**
 * The official connector has Naver's URLs built in. For the benchmark only, its HTTPS requests to
 * Naver's hosts are sent to the mock over plain HTTP, through `http.globalAgent`: the counterpart
 * of the `https.globalAgent` it uses in production (both keep-alive since Node 19).
 */
const routeNaverHostsTo = (mock: MockNaver) => {
  const original = https.request;
  const target = new URL(mock.baseUrl);
  const patched = ((url: string | URL, options?: https.RequestOptions, callback?: () => void) => {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    if (!(parsed instanceof URL) || !naverHosts.has(parsed.hostname)) {
      return (original as (...args: unknown[]) => http.ClientRequest)(url, options, callback);
    }
    const {
      agent: _agent,
      host: _host,
      hostname: _hostname,
      port: _port,
      protocol: _protocol,
      ...rest
    } = options ?? {};
    return http.request(
      new URL(`${parsed.pathname}${parsed.search}`, target),
      { ...rest, agent: http.globalAgent },
      callback,
    );
  }) as typeof https.request;
  https.request = patched;
  return () => {
    https.request = original;
  };
};

export interface SignInResult {
  /** Median time of one sign-in: authorization URL + (browser) authorize + code exchange + profile. */
  medianMs: number;
  /** TCP connections the connector opened to Naver for `signIns` sign-ins. */
  connections: number;
  /** Requests the connector sent to Naver in the first sign-in (cold: no keys cached yet). */
  coldRoundTrips: number;
  /** Requests the connector sent to Naver per sign-in after the first (warm), on average. */
  warmRoundTrips: number;
  signIns: number;
}

/** Who signs in: the official connector, or ours in its classic or its OpenID Connect flow. */
export type NaverContender = 'official' | 'ours' | 'ours-oidc';

/** Requests the connector itself sent to the mock (the browser's authorize and consent pages excluded). */
const connectorRequests = ({ requests }: MockNaver) =>
  requests.token +
  requests.profile +
  requests.revoke +
  requests.discovery +
  requests.jwks +
  requests.oidcToken;

/** The browser's part: follow the authorize URL to the mock, which redirects back with a code. */
const authorize = (mock: MockNaver, authorizationUri: string, browser: http.Agent) =>
  new Promise<URL>((resolve, reject) => {
    // Same path (classic /oauth2.0/authorize or OpenID Connect /oauth2/authorize), on the mock.
    const { pathname, search } = new URL(authorizationUri);
    http
      .get(new URL(`${pathname}${search}`, mock.baseUrl), { agent: browser }, (response) => {
        response.resume();
        const location = response.headers.location;
        location ? resolve(new URL(location)) : reject(new Error(`no redirect (${response.statusCode})`));
      })
      .on('error', reject);
  });

/** `signIns` complete sign-ins, each through a new `createConnector` as Logto makes them. */
export const signIns = async (name: NaverContender, count = 100): Promise<SignInResult> => {
  const mock = await startMockNaver({ consent: 'agree' });
  const restore = name === 'official' ? routeNaverHostsTo(mock) : () => undefined;
  const config = { ...naverConfig, ...(name === 'ours-oidc' && { openIdConnect: true }) };
  const createConnector: CreateConnector<SocialConnector> =
    name === 'official' ? officialCreateConnector : createNaverConnector({ endpoints: mock.endpoints });
  // One keep-alive socket for the browser's requests, so it does not blur the connector's count.
  const browser = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const redirectUri = 'https://auth.example.com/callback/naver';

  const signIn = async (index: number) => {
    const connector = await createConnector({ getConfig: async () => config });
    const session: Record<string, unknown> = {};
    const state = `state-${index}`;
    const uri = await connector.getAuthorizationUri(
      {
        state,
        redirectUri,
        connectorId: 'naver',
        connectorFactoryId: connector.metadata.id,
        jti: `jti-${index}`,
        headers: {},
      },
      async (value) => {
        Object.assign(session, value);
      },
    );
    const callback = await authorize(mock, uri, browser);
    // What Logto's sign-in page posts: the callback query without `state`, which it checks itself.
    const { state: _checkedByLogto, ...query } = Object.fromEntries(callback.searchParams);
    const userInfo = await connector.getUserInfo({ redirectUri, ...query }, async () => session);
    if (!userInfo.id) {
      throw new Error(`${name}: sign-in ${index} returned no id`);
    }
  };

  try {
    const times: number[] = [];
    let coldRoundTrips = 0;
    for (let index = 0; index < count; index++) {
      const started = performance.now();
      await signIn(index);
      times.push(performance.now() - started);
      if (index === 0) {
        coldRoundTrips = connectorRequests(mock);
      }
    }
    return {
      medianMs: median(times),
      // Counted from a cold start; the browser's single keep-alive socket is not the connector's.
      connections: mock.connections - 1,
      coldRoundTrips,
      warmRoundTrips: (connectorRequests(mock) - coldRoundTrips) / (count - 1),
      signIns: count,
    };
  } finally {
    restore();
    browser.destroy();
    await mock.close();
  }
};
