import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type NaverEndpointUrls, naverEndpointsAt } from './endpoints.js';
import {
  consentPage,
  randomAccessToken,
  randomAlphanumeric,
  readBody,
  redirect,
  sendHtml,
  sendJson,
} from './mock-naver-http.js';
import {
  createNaverSigningKey,
  type NaverSigningKey,
  naverDiscoveryDocument,
  naverJwks,
  pkceMatches,
  signNaverIdToken,
} from './oidc.js';
import { naverConfig, naverProfileResponse } from './responses.js';

/** How the authorize page behaves. */
export type MockNaverConsent =
  /** Show a consent page with Agree / Cancel buttons (the default, for browsers). */
  | 'prompt'
  /** Redirect back with `code` and `state` at once, as for a user who already agreed. */
  | 'agree'
  /** Redirect back with `error=access_denied`, as when the user presses Cancel. */
  | 'cancel';

/** How a mock Naver is set up: the accepted client, the profile it returns, its consent behaviour, TLS and address. */
export interface MockNaverOptions {
  /** Accepted client credentials. Default: the fixtures' `naverConfig`. */
  clientId?: string;
  clientSecret?: string;
  /** The profile's `response` object. Default: the full documented profile. */
  profile?: Record<string, unknown>;
  /** Default `'prompt'`. */
  consent?: MockNaverConsent;
  /** Seconds, sent as a string the way Naver does. Default 3600. */
  expiresIn?: number;
  /**
   * Serve HTTPS with this key pair (e.g. from `generateHostCertificate`), so a host that resolves
   * Naver's names to this server can use Naver's real `https://` endpoints. Default: plain HTTP.
   */
  tls?: { key: string; cert: string };
  /** Listen address. Default `127.0.0.1`; any `127.x.y.z` works on Linux. */
  host?: string;
  /** Default: an ephemeral port. */
  port?: number;
}

/** The names the mock counts its requests under (`other` for any path Naver does not have). */
export type MockNaverEndpointName =
  | 'authorize'
  | 'consent'
  | 'token'
  | 'profile'
  | 'revoke'
  | 'discovery'
  | 'jwks'
  | 'oidcAuthorize'
  | 'oidcToken'
  | 'other';

/**
 * A running mock Naver (authorize and consent pages, token, profile and revoke endpoints) with
 * live counters and switches that change its answers mid-test.
 */
export interface MockNaver {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** Pass to the connector seam: `createNaverConnector({ endpoints })`. */
  readonly endpoints: Readonly<NaverEndpointUrls>;
  /** TCP connections accepted since start (or the last reset): what keep-alive should keep low. */
  readonly connections: number;
  /** HTTP requests per endpoint, live. */
  readonly requests: Readonly<Record<MockNaverEndpointName | 'total', number>>;
  /** Zeroes `connections`, `requests` and `grants`. */
  resetCounters(): void;
  /** Changes the profile returned from now on. */
  setProfile(profile: Record<string, unknown>): void;
  /** Changes what the authorize page does from now on. */
  setConsent(consent: MockNaverConsent): void;
  /** Token requests per `grant_type` (`authorization_code`, `refresh_token`, …), live. */
  readonly grants: Readonly<Record<string, number>>;
  /**
   * From now on the token, profile and revoke endpoints answer this HTTP status with an HTML error
   * page, as Naver's front end does in an outage; `undefined` ends the outage. The authorize page
   * keeps working, so a browser still gets to the consent screen.
   */
  setOutage(status: number | undefined): void;
  /**
   * Signs ID tokens with a new key from now on; the JWKS lists the new key and the previous one,
   * as a provider does during a rotation.
   */
  rotateSigningKey(): Promise<void>;
  /** Closes every connection, then the server. */
  close(): Promise<void>;
}

const paths = {
  authorize: '/oauth2.0/authorize',
  consent: '/oauth2.0/authorize/consent',
  token: '/oauth2.0/token',
  profile: '/v1/nid/me',
  revoke: '/oauth2.0/revoke',
  // OpenID Connect (https://developers.naver.com/docs/login/devguide/devguide.md §3.5).
  discovery: '/.well-known/openid-configuration',
  jwks: '/oauth2/jwks',
  oidcAuthorize: '/oauth2/authorize',
  oidcToken: '/oauth2/token',
} as const;

/** The endpoint a path belongs to, the name its requests are counted under. */
const endpointAt = (pathname: string): MockNaverEndpointName =>
  (Object.keys(paths) as (keyof typeof paths)[]).find((name) => paths[name] === pathname) ?? 'other';

/** The endpoints an outage takes down; the authorize and consent pages keep working. */
const outageEndpoints: readonly MockNaverEndpointName[] = [
  'token',
  'profile',
  'revoke',
  'discovery',
  'jwks',
  'oidcToken',
];

/**
 * What an authorize request bound its code to. `oidc` is set for `/oauth2/authorize`: its PKCE
 * challenge and nonce, and the code is then redeemed only at `/oauth2/token`.
 */
interface Binding {
  redirectUri: string;
  state: string;
  oidc?: { codeChallenge?: string; codeChallengeMethod?: string; nonce?: string };
}

/** One request as an endpoint's handler sees it: the form body's fields are merged into `params`. */
interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: URLSearchParams;
}

/**
 * Starts a local mock Naver on `127.0.0.1` (ephemeral port) with the login flow's four endpoints,
 * behaving like docs/naver-login.md describes Naver:
 *
 * - `GET /oauth2.0/authorize`: checks `response_type=code`, `client_id`, `redirect_uri`, `state`,
 *   then shows a consent page (Agree / Cancel) or redirects at once, per `consent`. Agree redirects
 *   to `redirect_uri?code=…&state=…`; Cancel to
 *   `redirect_uri?error=access_denied&error_description=Canceled+By+User&state=…`.
 * - `POST|GET /oauth2.0/token`: single-use codes, refresh without rotation, errors as HTTP 200
 *   `{error, error_description}`, `expires_in` as a string.
 * - `GET|POST /v1/nid/me`: Bearer token; 401 `024`/`028` on bad or missing tokens.
 * - `POST /oauth2.0/revoke`: 200 with an empty body (also for unknown tokens), 401 for bad client
 *   credentials; revoking one token revokes its pair.
 *
 * @example
 * const naver = await startMockNaver({ consent: 'agree' });
 * const createConnector = createNaverConnector({ endpoints: naver.endpoints });
 * // …
 * await naver.close();
 */
export const startMockNaver = async (options: MockNaverOptions = {}): Promise<MockNaver> => {
  const clientId = options.clientId ?? naverConfig.clientId;
  const clientSecret = options.clientSecret ?? naverConfig.clientSecret;
  const expiresIn = String(options.expiresIn ?? 3600);
  let profile: Record<string, unknown> = options.profile ?? { ...naverProfileResponse.response };
  let consent: MockNaverConsent = options.consent ?? 'prompt';
  let outage: number | undefined;
  const grantCounts: Record<string, number> = {};

  /** Pending consent screens: the browser posts back only this id, never a redirect URI. */
  const transactions = new Map<string, Binding>();
  /** Issued, not yet used codes, each with what the sign-in it was issued to bound it to. */
  const codes = new Map<string, Binding>();
  /** The key ID tokens are signed with, first in the JWKS; the one before it stays listed. */
  let signingKeys: NaverSigningKey[] = [await createNaverSigningKey()];
  /** refresh token → live access tokens. */
  const grants = new Map<string, Set<string>>();
  /** access token → its refresh token. */
  const accessTokens = new Map<string, string>();

  let connections = 0;
  const requests: Record<MockNaverEndpointName | 'total', number> = {
    authorize: 0,
    consent: 0,
    token: 0,
    profile: 0,
    revoke: 0,
    discovery: 0,
    jwks: 0,
    oidcAuthorize: 0,
    oidcToken: 0,
    other: 0,
    total: 0,
  };

  const callbackUrl = (redirectUri: string, params: Record<string, string>) => {
    const url = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) {
      url.searchParams.set(key, value);
    }
    return url.toString();
  };

  const decide = (response: ServerResponse, decision: string, binding: Binding) => {
    const { redirectUri, state } = binding;
    if (decision === 'agree') {
      const code = randomAlphanumeric(16);
      codes.set(code, binding);
      redirect(response, callbackUrl(redirectUri, { code, state }));
      return;
    }
    redirect(
      response,
      callbackUrl(redirectUri, { error: 'access_denied', error_description: 'Canceled By User', state }),
    );
  };

  const authorize = ({ url, response }: Exchange, oidc = false) => {
    const query = url.searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    const state = query.get('state') ?? '';
    const scopes = (query.get('scope') ?? '').split(' ');
    const codeChallengeMethod = query.get('code_challenge_method') ?? undefined;
    let validRedirect = false;
    try {
      validRedirect = ['http:', 'https:'].includes(new URL(redirectUri).protocol);
    } catch {}
    // Naver shows an error page instead of redirecting when the request is wrong (https://developers.naver.com/docs/login/devguide/devguide.md §3.4.1).
    if (
      query.get('response_type') !== 'code' ||
      query.get('client_id') !== clientId ||
      !validRedirect ||
      !state ||
      // `scope=openid` is required there; PKCE is optional, and S256 the only method (§3.5.4).
      (oidc && !scopes.includes('openid')) ||
      (oidc && codeChallengeMethod !== undefined && codeChallengeMethod !== 'S256')
    ) {
      sendHtml(
        response,
        400,
        '<!doctype html><title>Error</title><p>Mock Naver: invalid authorize request.</p>',
      );
      return;
    }
    const binding: Binding = {
      redirectUri,
      state,
      ...(oidc && {
        oidc: {
          codeChallenge: query.get('code_challenge') ?? undefined,
          codeChallengeMethod,
          nonce: query.get('nonce') ?? undefined,
        },
      }),
    };
    if (consent !== 'prompt') {
      decide(response, consent, binding);
      return;
    }
    const transaction = randomAlphanumeric(24);
    transactions.set(transaction, binding);
    sendHtml(
      response,
      200,
      consentPage({
        action: paths.consent,
        transaction,
        clientId,
        reprompt: query.get('auth_type') === 'reprompt',
      }),
    );
  };

  const issueAccessToken = (refreshToken: string) => {
    const accessToken = randomAccessToken();
    accessTokens.set(accessToken, refreshToken);
    grants.get(refreshToken)?.add(accessToken);
    return accessToken;
  };

  /** Answers a code exchange: new tokens, and an ID token when the code came from `/oauth2/authorize`. */
  const issueTokens = async (response: ServerResponse, binding: Binding) => {
    const refreshToken = randomAlphanumeric(64);
    grants.set(refreshToken, new Set());
    const body: Record<string, string> = {
      access_token: issueAccessToken(refreshToken),
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: expiresIn,
    };
    if (binding.oidc) {
      // `sub` is the profile id: Naver's own Spring sample works only if it is.
      body.id_token = await signNaverIdToken(signingKeys[0]!, {
        sub: String(profile.id),
        aud: clientId,
        nonce: binding.oidc.nonce,
      });
    }
    sendJson(response, 200, body);
  };

  const token = async ({ params, response }: Exchange, oidc = false) => {
    if (params.get('client_id') !== clientId || params.get('client_secret') !== clientSecret) {
      sendJson(response, 200, {
        error: 'invalid_request',
        error_description: 'wrong client id / client secret pair',
      });
      return;
    }
    const grantType = params.get('grant_type');
    grantCounts[grantType ?? ''] = (grantCounts[grantType ?? ''] ?? 0) + 1;
    if (grantType === 'authorization_code') {
      const code = params.get('code') ?? '';
      const issued = codes.get(code);
      // Single use. Naver documents `state` in the token request
      // (https://developers.naver.com/docs/login/api/api.md); the official connector omits it and
      // signs in, so this mock refuses only a `state` other than the one the code was issued with.
      // A code is redeemed at the token endpoint of the flow that issued it. The OpenID Connect
      // side does not check `state`: a code redeemed in another sign-in is what PKCE is there
      // to stop, and the mock should show that it does.
      const sentState = params.get('state');
      if (
        issued === undefined ||
        !codes.delete(code) ||
        (!oidc && sentState !== null && sentState !== issued.state) ||
        Boolean(issued.oidc) !== oidc
      ) {
        sendJson(response, 200, { error: 'invalid_request', error_description: 'no valid data in session' });
        return;
      }
      // PKCE (RFC 7636 §4.6): a code issued to another sign-in carries that sign-in's challenge.
      if (issued.oidc && !pkceMatches(issued.oidc, params.get('code_verifier'))) {
        sendJson(response, 400, {
          error: 'invalid_grant',
          error_description: 'code_verifier does not match the code_challenge',
        });
        return;
      }
      await issueTokens(response, issued);
      return;
    }
    if (grantType === 'refresh_token') {
      const refreshToken = params.get('refresh_token') ?? '';
      if (!grants.has(refreshToken)) {
        sendJson(response, 200, { error: 'invalid_request', error_description: 'invalid refresh token' });
        return;
      }
      // No new refresh token (https://developers.naver.com/docs/login/api/api.md §6.2.3).
      sendJson(response, 200, {
        access_token: issueAccessToken(refreshToken),
        token_type: 'bearer',
        expires_in: expiresIn,
      });
      return;
    }
    sendJson(response, 200, { error: 'invalid_request', error_description: 'unsupported grant_type' });
  };

  const me = ({ request, response }: Exchange) => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) {
      sendJson(response, 401, { resultcode: '028', message: 'Authentication header not exists' });
      return;
    }
    if (!accessTokens.has(header.slice('Bearer '.length))) {
      sendJson(response, 401, { resultcode: '024', message: 'Authentication failed (인증 실패하였습니다.)' });
      return;
    }
    sendJson(response, 200, { resultcode: '00', message: 'success', response: profile });
  };

  const revoke = ({ request, params, response }: Exchange) => {
    if (request.method !== 'POST') {
      sendJson(response, 405, { error: 'invalid_request', error_description: 'POST only.' });
      return;
    }
    const tokenValue = params.get('token');
    if (!params.get('client_id') || !params.get('client_secret') || !tokenValue) {
      sendJson(response, 400, { error: 'invalid_request', error_description: 'Missing parameters.' });
      return;
    }
    if (params.get('client_id') !== clientId || params.get('client_secret') !== clientSecret) {
      sendJson(response, 401, {
        error: 'unauthorized_client',
        error_description: 'Client authentication failed.',
      });
      return;
    }
    // Either token revokes the pair; unknown tokens still get 200 (https://developers.naver.com/docs/login/api/api.md §3.3).
    const refreshToken = grants.has(tokenValue) ? tokenValue : accessTokens.get(tokenValue);
    if (refreshToken !== undefined) {
      for (const accessToken of grants.get(refreshToken) ?? []) {
        accessTokens.delete(accessToken);
      }
      grants.delete(refreshToken);
    }
    response.writeHead(200);
    response.end();
  };

  /** The consent page's form post: Agree or Cancel for a pending sign-in. */
  const answerConsent = ({ request, response, params }: Exchange) => {
    const pending = transactions.get(params.get('transaction') ?? '');
    if (request.method !== 'POST' || !pending) {
      sendHtml(
        response,
        400,
        '<!doctype html><title>Error</title><p>Mock Naver: unknown consent request.</p>',
      );
      return;
    }
    transactions.delete(params.get('transaction') ?? '');
    decide(response, params.get('decision') ?? 'cancel', pending);
  };

  /** Any path the mock does not serve. */
  const notFound = ({ url, response }: Exchange) => {
    sendJson(response, 404, { error: 'not_found', error_description: `No mock for ${url.pathname}` });
  };

  /** Each endpoint's handler, by the name its requests are counted under. */
  const handlers: Record<MockNaverEndpointName, (exchange: Exchange) => void | Promise<void>> = {
    authorize: (exchange) => authorize(exchange),
    consent: answerConsent,
    token: (exchange) => token(exchange),
    profile: me,
    revoke,
    // Endpoints on the origin the client asked for (`nid.naver.com` for a stand-in on port 443).
    discovery: ({ request, response }) =>
      sendJson(
        response,
        200,
        naverDiscoveryDocument(`${options.tls ? 'https' : 'http'}://${request.headers.host ?? '127.0.0.1'}`),
      ),
    jwks: ({ response }) => sendJson(response, 200, naverJwks(signingKeys)),
    oidcAuthorize: (exchange) => authorize(exchange, true),
    oidcToken: (exchange) => token(exchange, true),
    other: notFound,
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = request.method === 'POST' ? await readBody(request) : '';
    const params = new URLSearchParams(url.search);
    for (const [key, value] of new URLSearchParams(body)) {
      params.set(key, value);
    }
    const endpoint = endpointAt(url.pathname);
    requests.total += 1;
    if (outage !== undefined && outageEndpoints.includes(endpoint)) {
      sendHtml(response, outage, '<!doctype html><title>Error</title><p>Mock Naver: outage.</p>');
      return;
    }
    requests[endpoint] += 1;
    await handlers[endpoint]({ request, response, url, params });
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) {
        sendJson(response, 400, { error: 'invalid_request', error_description: 'Bad request.' });
      } else {
        response.destroy();
      }
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  server.on('connection', () => {
    connections += 1;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    baseUrl,
    endpoints: naverEndpointsAt(baseUrl),
    get connections() {
      return connections;
    },
    requests,
    resetCounters() {
      connections = 0;
      for (const key of Object.keys(requests) as (keyof typeof requests)[]) {
        requests[key] = 0;
      }
      for (const key of Object.keys(grantCounts)) {
        delete grantCounts[key];
      }
    },
    setProfile(next) {
      profile = next;
    },
    setConsent(next) {
      consent = next;
    },
    grants: grantCounts,
    setOutage(status) {
      outage = status;
    },
    async rotateSigningKey() {
      signingKeys = [await createNaverSigningKey(), signingKeys[0]!];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
