/** The URLs the connector talks to. Production always uses {@link naverEndpoints}. */
export interface NaverEndpoints {
  /** Browser redirect: the Naver login and consent screen. */
  authorize: string;
  /** Code exchange and refresh (`grant_type=authorization_code | refresh_token`). */
  token: string;
  /** Member profile (`/v1/nid/me`). */
  profile: string;
  /** Token revocation for unlinking (RFC 7009 style, answers 200 with an empty body). */
  revoke: string;
  /** OpenID Connect browser redirect (`scope=openid`, PKCE). */
  oidcAuthorize: string;
  /** OpenID Connect code exchange: answers with an `id_token` too. */
  oidcToken: string;
  /** The keys Naver signs ID tokens with (JWK Set). */
  jwks: string;
}

/** Naver's real endpoints (docs/naver-login.md#endpoints). */
export const naverEndpoints: Readonly<NaverEndpoints> = Object.freeze({
  authorize: 'https://nid.naver.com/oauth2.0/authorize',
  token: 'https://nid.naver.com/oauth2.0/token',
  profile: 'https://openapi.naver.com/v1/nid/me',
  revoke: 'https://nid.naver.com/oauth2.0/revoke',
  // OpenID Connect, a separate set of paths since 2025-03-10
  // (https://developers.naver.com/docs/login/devguide/devguide.md §3.5). Fixed URLs rather than
  // discovery at https://nid.naver.com/.well-known/openid-configuration: one round trip less per
  // cold start, and nothing an answer from the network can redirect.
  oidcAuthorize: 'https://nid.naver.com/oauth2/authorize',
  oidcToken: 'https://nid.naver.com/oauth2/token',
  jwks: 'https://nid.naver.com/oauth2/jwks',
});

/**
 * The `iss` of Naver's ID tokens: the discovery document's `issuer` (OpenID Connect Discovery 1.0
 * §4.3 requires it to equal the URL discovery was fetched from, minus the well-known path). Not a
 * seam: a mock Naver signs its tokens with this issuer too.
 */
export const naverIssuer = 'https://nid.naver.com';

/** Naver's ID tokens are RS256 (`id_token_signing_alg_values_supported` in its discovery document). */
export const idTokenAlgorithms = ['RS256'];

/** Clock skew allowed on `exp` and `iat` of an ID token, in seconds. */
export const idTokenClockToleranceSeconds = 60;

/** How old (by `iat`) an ID token may be when it is checked: it was issued during this very sign-in. */
export const idTokenMaxAgeSeconds = 10 * 60;

/** Naver's keys are kept this long, then fetched again at the next sign-in. */
export const jwksMaxAgeMs = 60 * 60 * 1000;

/**
 * An ID token signed with a key not in the cached set makes the connector fetch the set again,
 * at most once in this interval (a key rotation needs one fetch; a stream of unknown keys gets no more).
 */
export const jwksRefetchCooldownMs = 30 * 1000;

/**
 * Replaced by package.json's `version` at build time (tsup `define` in tsup.connector.ts) and in
 * tests (`define` in vitest.config.ts).
 */
declare const __PACKAGE_VERSION__: string | undefined;

/**
 * This package's version, sent in the User-Agent header; `0.0.0-dev` when run from source unbuilt.
 *
 * @internal Test seam: exported only so test/connector.test.ts can check it against package.json.
 */
export const packageVersion: string =
  typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';

/** The User-Agent of every call, naming this package and its version. */
export const userAgent = `seedworks-connector-naver/${packageVersion} (Logto social connector; npm @seedworks/connector-naver)`;

/**
 * Per-attempt time limit for every call. The official connector uses 5 s
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/connectors/connector-naver/src/constant.ts);
 * Naver answers in well
 * under a second, and the browser is waiting on the other side.
 */
export const defaultTimeoutMs = 5000;

/** Extra attempts for calls that are safe to repeat (profile, refresh, revoke), never the code exchange. */
export const defaultRetryLimit = 2;

/** First retry delay; doubled for each following attempt, capped by {@link maxRetryDelayMs}. */
export const defaultRetryDelayMs = 200;

/** Upper bound for one retry delay. */
export const maxRetryDelayMs = 2000;

/** Naver's JSON answers are a few hundred bytes; anything this large is not Naver talking. */
export const defaultMaxResponseBytes = 64 * 1024;

/** Idle sockets kept per host, so sign-ins reuse TLS connections instead of opening new ones. */
export const maxSocketsPerHost = 50;
