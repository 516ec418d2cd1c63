/**
 * Timeouts, in milliseconds. A user is waiting for a sign-in code while these run, so they are
 * seconds, not the official connector's minutes (its socket timeout is 10 minutes). An admin can
 * still set any of them in the config, as with the official connector.
 */
export const defaultTimeouts = Object.freeze({
  /** TCP (and implicit TLS) connection establishment. */
  connectionTimeout: 10_000,
  /** From connected to the server's 220 greeting. */
  greetingTimeout: 10_000,
  /** Inactivity on an open connection, per command. */
  socketTimeout: 20_000,
  /** Resolving the host name. */
  dnsTimeout: 10_000,
});

/**
 * Pool bounds, the defaults of the `maxConnections`, `maxMessages` and `idleTimeout` config fields.
 * Providers typically allow ~10 concurrent connections per client and answer 421 beyond that;
 * 5 leaves room for a second Logto instance on the same account.
 */
export const poolLimits = Object.freeze({
  maxConnections: 5,
  /** Messages sent over one connection before it is replaced (bounds per-connection server state). */
  maxMessages: 100,
  /**
   * A pooled connection unused this long is closed by us, well before the 5 minutes RFC 5321
   * §4.5.3.2.7 (https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.2.7) asks servers to wait, so the server rarely closes it under us.
   */
  connectionIdleTimeout: 30_000,
  /** A whole transport (its pool and DNS/TLS state) unused this long is closed and forgotten. */
  transportIdleTimeout: 5 * 60_000,
});

/**
 * Retry policy for a send that cannot have been delivered (see `send.ts`). Not admin config;
 * tests replace it through `setRetryPolicy` in send.ts.
 */
export const defaultRetryPolicy = Object.freeze({
  /** At most this many extra attempts, waiting `delays[n]` ms before attempt n + 2. */
  delays: Object.freeze([0, 250, 1000]) as readonly number[],
  /**
   * No new attempt starts once this much time has passed since the send began: a user is
   * waiting, and a server that made one attempt wait this long (a timeout) is not retried.
   */
  budgetMs: 10_000,
  /** Up to one envelope round trip between the body and its terminating dot (see send.ts). */
  maxTerminatorHoldMs: 250,
});

/**
 * How a send moves between the primary server and `fallbackServers` (see failover.ts). Not admin
 * config; tests replace it through `setFailoverPolicy` in failover.ts.
 */
export const defaultFailoverPolicy = Object.freeze({
  /** No further server is tried once this much time has passed since the send began. */
  budgetMs: 30_000,
  /** A server that failed is skipped this long, then checked in the background. */
  cooldownMs: 30_000,
  /** Each failed check doubles the wait, up to this. */
  maxCooldownMs: 5 * 60_000,
});
