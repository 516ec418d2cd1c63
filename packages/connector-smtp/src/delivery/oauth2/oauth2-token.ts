import { ConnectorError } from '@logto/connector-kit';
import { credentialKey } from '../../config/secrets.js';

/** An access token and when it stops working. */
export interface AccessToken {
  accessToken: string;
  /** Epoch ms; `0` when the provider did not say (then it is used until the server rejects it). */
  expiresAt: number;
}

/** Refresh this long before expiry (at most half the token's lifetime), so no send races the expiry. */
const refreshMarginMs = 5 * 60_000;

/** nodemailer's `provisionCallback(user, renew, callback(error, accessToken, expires))`. */
type ProvisionCallback = (
  user: string,
  renew: boolean,
  callback: (error: Error | null, accessToken?: string, expires?: number) => void,
) => void;

/**
 * One access token for one set of credentials, shared by every pooled connection: nodemailer's
 * pool gives each connection its own XOAuth2 object
 * (https://unpkg.com/nodemailer@10.6.0/dist/esm/smtp-pool/pool-resource.js), so left alone
 * it would ask the token endpoint once per connection. Here a token is requested once per
 * expiry, and callers that arrive while a request is under way wait for that same request.
 */
class SharedAccessToken {
  #current?: AccessToken & { refreshAt: number };
  #pending?: Promise<AccessToken & { refreshAt: number }>;

  constructor(
    private readonly fetchToken: () => Promise<AccessToken>,
    initial?: AccessToken,
    private readonly now: () => number = Date.now,
  ) {
    if (initial) {
      // A token from the config (accessToken, expires) is used until it is due, as nodemailer does.
      this.#current = {
        ...initial,
        refreshAt: initial.expiresAt === 0 ? Number.POSITIVE_INFINITY : initial.expiresAt,
      };
    }
  }

  /**
   * The cached token while it is fresh; otherwise a new one (one request for all callers).
   *
   * @param renew The server rejected the token: get a new one even if it looks fresh.
   */
  get(renew = false): Promise<AccessToken & { refreshAt: number }> {
    const current = this.#current;
    if (!renew && current && this.now() < current.refreshAt) {
      return Promise.resolve(current);
    }
    this.#pending ??= this.#fetch();
    return this.#pending;
  }

  async #fetch() {
    const obtainedAt = this.now();
    try {
      const token = await this.fetchToken();
      const lifetime = token.expiresAt - obtainedAt;
      const refreshAt =
        token.expiresAt === 0
          ? Number.POSITIVE_INFINITY
          : token.expiresAt - Math.min(refreshMarginMs, Math.max(lifetime, 0) / 2);
      this.#current = { ...token, refreshAt };
      return this.#current;
    } finally {
      this.#pending = undefined;
    }
  }

  /** For nodemailer: each connection caches the token only until our refresh time. */
  readonly provisionCallback: ProvisionCallback = (_user, renew, callback) => {
    this.get(renew).then(
      (token) => callback(null, token.accessToken, Number.isFinite(token.refreshAt) ? token.refreshAt : 0),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

/** What a failed token request hands to nodemailer, carrying the `ConnectorError` to report. */
interface TokenRequestError extends Error {
  code: 'EOAUTH2';
  connectorError?: ConnectorError;
}

/**
 * nodemailer overwrites `code` on the errors it passes on (`_formatError` sets `EAUTH`), which
 * would corrupt a `ConnectorError`'s code: the `ConnectorError` travels inside a plain error
 * instead, and `toConnectorError` takes it out.
 */
export const carryConnectorError =
  (fetchToken: () => Promise<AccessToken>) => async (): Promise<AccessToken> => {
    try {
      return await fetchToken();
    } catch (error: unknown) {
      if (error instanceof ConnectorError) {
        const carrier = new Error('The OAuth2 token request failed') as TokenRequestError;
        carrier.code = 'EOAUTH2';
        carrier.connectorError = error;
        throw carrier;
      }
      throw error;
    }
  };

/** Enough for the stored config, the console's test config and a few edits in between. */
const maxCached = 16;
const tokens = new Map<string, SharedAccessToken>();

/**
 * The shared token for these credentials, created on first use. Module level on purpose: Logto
 * calls `createConnector` for every request, and a token must outlive that. Keyed by a digest,
 * so no credential is kept as a map key.
 *
 * @param credentials Everything that identifies the token (endpoint, client, secret, user).
 */
export const sharedAccessToken = (
  credentials: unknown,
  fetchToken: () => Promise<AccessToken>,
  initial?: AccessToken,
): SharedAccessToken => {
  const key = credentialKey(JSON.stringify(credentials));
  let token = tokens.get(key);
  if (!token) {
    if (tokens.size >= maxCached) {
      tokens.delete(tokens.keys().next().value as string);
    }
    token = new SharedAccessToken(fetchToken, initial);
    tokens.set(key, token);
  }
  return token;
};

/**
 * Forgets every cached token (a process restart does the same).
 *
 * @internal Test seam: test/servers.ts calls it after each test, so no token outlives its token server.
 */
export const clearAccessTokens = (): void => {
  tokens.clear();
};
