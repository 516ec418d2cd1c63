import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConnectorErrorCodes, type ConnectorSession, type SocialConnector } from '@logto/connector-kit';
import { getTestCertificate, type HttpProxy, startHttpProxy } from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  type MockNaver,
  naverConfig,
  naverEndpointsAt,
  startMockNaver,
} from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bypassesProxy, nodeHasAgentProxyEnv, processProxyEnv } from '../src/http/proxy.js';
import { createNaverConnector, type NaverApiOptions } from '../src/index.js';
import { authorizationPayload } from './helpers.js';

const redirectUri = 'https://auth.example.com/callback/naver-connector-id';

let naver: MockNaver;
/** TLS in front of the mock Naver: the connector talks HTTPS, as to the real Naver. */
let tlsFront: TlsServer;
let naverOrigin: string;
let ca: string;
let proxy: HttpProxy;

const closeServer = (server: TlsServer) => new Promise<void>((resolve) => server.close(() => resolve()));

beforeEach(async () => {
  // nock's interceptor, even in passthrough, replaces the agents' sockets: measure without it.
  nock.restore();
  naver = await startMockNaver({ consent: 'agree' });
  const certificate = await getTestCertificate();
  ca = certificate.cert;
  const sockets = new Set<import('node:net').Socket>();
  tlsFront = createTlsServer({ key: certificate.key, cert: certificate.cert }, (client) => {
    const upstream = connect({ host: '127.0.0.1', port: new URL(naver.baseUrl).port as unknown as number });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  tlsFront.on('close', () => {
    for (const socket of sockets) {
      socket.destroy();
    }
  });
  await new Promise<void>((resolve) => tlsFront.listen(0, '127.0.0.1', resolve));
  const { port } = tlsFront.address() as import('node:net').AddressInfo;
  naverOrigin = `https://127.0.0.1:${port}`;
  proxy = await startHttpProxy();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await proxy.close();
  const closing = closeServer(tlsFront);
  tlsFront.emit('close');
  await naver.close();
  await closing;
  nock.activate();
});

const buildConnector = (options: NaverApiOptions) =>
  createNaverConnector({
    endpoints: { ...naverEndpointsAt(naverOrigin), authorize: naver.endpoints.authorize },
    ca,
    retryDelayMs: 0,
    ...options,
  })({ getConfig: async () => naverConfig });

/** A whole sign-in: authorize (the browser's part, straight to the mock), then code exchange and profile. */
const signIn = async (connector: SocialConnector, state: string) => {
  let session: ConnectorSession = {};
  const uri = await connector.getAuthorizationUri(
    { ...authorizationPayload, state, redirectUri },
    async (storage) => {
      session = storage;
    },
  );
  const location = new URL((await fetch(uri, { redirect: 'manual' })).headers.get('location') ?? '');
  return connector.getUserInfo(
    { redirectUri, ...Object.fromEntries(location.searchParams) },
    async () => session,
  );
};

const naverHost = () => new URL(naverOrigin).host;

describe('Naver behind an HTTPS proxy (HTTPS_PROXY, as with NODE_USE_ENV_PROXY=1)', () => {
  it('sends the token and profile calls through the proxy, in one kept-alive tunnel', async () => {
    const connector = await buildConnector({ proxyEnv: { HTTPS_PROXY: proxy.url } });
    naver.resetCounters();
    for (const state of ['proxy-1', 'proxy-2', 'proxy-3']) {
      expect((await signIn(connector, state)).id).toBeTruthy();
    }
    expect(naver.requests).toMatchObject({ token: 3, profile: 3 });
    // Every call crossed the proxy, and the tunnel was reused (keep-alive), not reopened per call.
    expect(proxy.connects).toBe(1);
    expect(proxy.targets).toEqual([naverHost()]);
  });

  it('lower-case https_proxy wins over HTTPS_PROXY, as in Node', async () => {
    const connector = await buildConnector({
      proxyEnv: { https_proxy: proxy.url, HTTPS_PROXY: 'http://127.0.0.1:9' },
    });
    await signIn(connector, 'lower-case');
    expect(proxy.connects).toBe(1);
  });

  it('goes direct for a host listed in NO_PROXY', async () => {
    const connector = await buildConnector({
      proxyEnv: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' },
    });
    await signIn(connector, 'no-proxy');
    expect(proxy.connects).toBe(0);
    expect(naver.requests.token).toBe(1);
  });

  it('goes direct without a proxy variable', async () => {
    const connector = await buildConnector({ proxyEnv: { HTTP_PROXY: proxy.url } });
    await signIn(connector, 'http-proxy-only');
    // HTTP_PROXY is for plain-HTTP targets only; Naver is HTTPS.
    expect(proxy.connects + proxy.forwarded).toBe(0);
  });

  it('a proxy that refuses the tunnel is a General error that points at the proxy', async () => {
    const refusing = await startHttpProxy({ refuseWith: 403 });
    try {
      const connector = await buildConnector({ proxyEnv: { HTTPS_PROXY: refusing.url } });
      await expectConnectorError(
        signIn(connector, 'refused'),
        ConnectorErrorCodes.General,
        /proxy refused to open a tunnel.*HTTP 403.*HTTPS_PROXY/,
      );
      expect(refusing.connects).toBeGreaterThan(0);
    } finally {
      await refusing.close();
    }
  });
});

describe('the process environment (no seam), as Logto runs', () => {
  /** Runs proxy-child.ts in a new Node process with this environment (and PATH). */
  const runChild = async (env: Record<string, string>) => {
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('proxy-child.ts', import.meta.url))],
      {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        timeout: 20_000,
        env: {
          PATH: process.env.PATH,
          CHILD_NAVER_ORIGIN: naverOrigin,
          CHILD_NAVER_CA: ca,
          CHILD_NAVER_CONFIG: JSON.stringify(naverConfig),
          ...env,
        },
      },
    );
  };

  it('a Node started with NODE_USE_ENV_PROXY=1 and HTTPS_PROXY sends the calls through the proxy', async () => {
    await runChild({ NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: proxy.url });
    expect(naver.requests.revoke).toBe(1);
    expect(proxy.connects).toBe(1);
    expect(proxy.targets).toEqual([naverHost()]);
  });

  it('the same Node started without NODE_USE_ENV_PROXY goes direct, as Node does', async () => {
    await runChild({ HTTPS_PROXY: proxy.url });
    expect(naver.requests.revoke).toBe(1);
    expect(proxy.connects).toBe(0);
  });

  it('follows NODE_USE_ENV_PROXY=1 with HTTPS_PROXY', async () => {
    vi.stubEnv('NODE_USE_ENV_PROXY', '1');
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('https_proxy', undefined);
    vi.stubEnv('NO_PROXY', undefined);
    vi.stubEnv('no_proxy', undefined);
    // On a Node with built-in proxy support, Node reads the variables at startup, so a variable
    // set now changes nothing for Node's agents, nor for ours.
    const nodeDecidesAtStartup = nodeHasAgentProxyEnv();
    const connector = await buildConnector({});
    await signIn(connector, 'env');
    expect(proxy.connects).toBe(nodeDecidesAtStartup ? 0 : 1);
  });

  it('ignores HTTPS_PROXY without NODE_USE_ENV_PROXY=1, as Node does', () => {
    vi.stubEnv('NODE_USE_ENV_PROXY', undefined);
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    expect(processProxyEnv()).toBeUndefined();
  });
});

describe("Node's NO_PROXY rules", () => {
  it.each([
    ['*', 'nid.naver.com', '', true],
    ['nid.naver.com', 'nid.naver.com', '', true],
    ['NID.naver.com', 'nid.naver.com', '', true],
    ['nid.naver.com:8443', 'nid.naver.com', '8443', true],
    ['nid.naver.com:8443', 'nid.naver.com', '', false],
    ['.naver.com', 'openapi.naver.com', '', true],
    ['*.naver.com', 'openapi.naver.com', '', true],
    ['naver.com', 'openapi.naver.com', '', false],
    ['10.0.0.1-10.0.0.9', '10.0.0.5', '', true],
    ['10.0.0.1-10.0.0.9', '10.0.0.10', '', false],
    [' example.com , nid.naver.com ', 'nid.naver.com', '', true],
    ['', 'nid.naver.com', '', false],
  ])('NO_PROXY=%j, host %s, port %j: bypass %s', (noProxy, host, port, expected) => {
    expect(bypassesProxy(noProxy, host, port)).toBe(expected);
  });
});
