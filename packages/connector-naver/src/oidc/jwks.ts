import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError, parseBody } from '@seedworks/connector-common';
import type { CompactJWSHeaderParameters, createLocalJWKSet, JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { jwksMaxAgeMs, jwksRefetchCooldownMs } from '../constant.js';
import type { NaverClient } from '../http/client.js';
import { excerpt } from '../http/provider-text.js';
import { loadJose } from './jose.js';

const jwksCall = 'the signing keys request';

/**
 * Naver's ID token keys, fetched through the connector's own client (proxy, timeouts, size limit,
 * errors as for every other call) and kept for the life of the process: a warm sign-in checks its
 * ID token without a round trip. jose's `createRemoteJWKSet` caches the same way but fetches with
 * its own HTTP stack, which would bypass the proxy and the error mapping.
 */
export interface NaverKeys {
  /** The key for a JWS header, as `jwtVerify` asks for it; fetches the set again once on an unknown `kid`. */
  readonly getKey: JWTVerifyGetKey;
  /** How many times the set was fetched (tests, bench). */
  readonly fetches: number;
}

const unusableKeys = (detail: string) =>
  describedConnectorError(
    ConnectorErrorCodes.General,
    `Naver's signing keys (JWKS) could not be read (${detail}), so the ID token could not be checked. Try signing in again.`,
  );

/** One GET of the key set; an answer that is not a JWK Set is refused. */
const fetchKeySet = async (client: NaverClient): Promise<JSONWebKeySet> => {
  const response = await client.send({
    call: jwksCall,
    method: 'GET',
    url: client.endpoints.jwks,
    retry: true,
  });
  const body = parseBody(response.body);
  const keys = body.isJson ? (body.json as { keys?: unknown } | null)?.keys : undefined;
  if (response.statusCode !== 200 || !Array.isArray(keys)) {
    throw unusableKeys(`HTTP ${response.statusCode}, ${excerpt(response.body, [], body)}`);
  }
  return { keys };
};

/**
 * The key store of one connector builder. Concurrent sign-ins on a cold cache share one fetch.
 *
 * @param now Clock seam for the cache age and the refetch cooldown.
 */
export const createNaverKeys = (client: NaverClient, now: () => number = () => Date.now()): NaverKeys => {
  type Lookup = ReturnType<typeof createLocalJWKSet>;
  let cached: { lookup: Lookup; fetchedAt: number } | undefined;
  let inFlight: Promise<Lookup> | undefined;
  let fetches = 0;

  const refresh = () => {
    inFlight ??= Promise.all([fetchKeySet(client), loadJose()])
      .then(([set, { createLocalJWKSet }]) => {
        fetches += 1;
        // jose checks each key's `kty`, `use` and `alg` against the token's header.
        const lookup = createLocalJWKSet(set);
        cached = { lookup, fetchedAt: now() };
        return lookup;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const current = async () => (cached && now() - cached.fetchedAt < jwksMaxAgeMs ? cached.lookup : refresh());

  return {
    get fetches() {
      return fetches;
    },
    async getKey(header: CompactJWSHeaderParameters, token) {
      const lookup = await current();
      try {
        return await lookup(header, token);
      } catch (error: unknown) {
        const fresh = cached && now() - cached.fetchedAt < jwksRefetchCooldownMs;
        const { errors } = await loadJose();
        if (!(error instanceof errors.JWKSNoMatchingKey) || fresh) {
          throw error;
        }
        // A key rotation: the new key is not in the cached set yet.
        return (await refresh())(header, token);
      }
    },
  };
};
