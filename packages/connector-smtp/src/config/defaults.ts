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
 * The most one attempt may take on a server: each of its timeouts once (connecting, the greeting,
 * one slow reply). nodemailer's timeouts restart with every line the server writes, so a server
 * that answers one line a second would otherwise hold a send, and a user's code, forever. The
 * same bound caps a send's wait for a free connection. 40 s with the default timeouts.
 */
export const attemptDeadlineMs = ({
  connectionTimeout = defaultTimeouts.connectionTimeout,
  greetingTimeout = defaultTimeouts.greetingTimeout,
  socketTimeout = defaultTimeouts.socketTimeout,
}: {
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}): number => connectionTimeout + greetingTimeout + socketTimeout;

/**
 * Pool bounds, the defaults of the `maxConnections`, `maxMessages` and `idleTimeout` config fields.
 * `maxConnections` is a bound, not a target: the pool opens only as many connections as the sends
 * waiting need and the server accepts (see server-pool.ts). 10: the concurrency relays document
 * per client (SocketLabs answers 421 past 10, https://help.socketlabs.com/docs/inbound-smtp-restrictions;
 * Contactlab allows 8, http://developer.contactlab.com/documentation/contactsend/smartrelay/ServiceUnavailableConcurrencyLimit),
 * half of what Postfix itself opens to one destination (default_destination_concurrency_limit 20,
 * https://www.postfix.org/postconf.5.html#default_destination_concurrency_limit).
 */
export const poolLimits = Object.freeze({
  maxConnections: 10,
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
 * Retry policy for a send that cannot have been delivered (see `retry.ts`). Not admin config;
 * tests replace it through `setRetryPolicy` in retry.ts.
 */
export const defaultRetryPolicy = Object.freeze({
  /** At most this many extra attempts, waiting `delays[n]` ms before attempt n + 2. */
  delays: Object.freeze([0, 250, 1000]) as readonly number[],
  /**
   * No new attempt starts once this much time has passed since the send began: a user is
   * waiting, and a server that made one attempt wait this long (a timeout) is not retried.
   */
  budgetMs: 10_000,
});

/** How the connection limit of a server's pool adapts (see server-pool.ts). Not admin config. */
export const concurrencyFeedback = Object.freeze({
  /**
   * Connections a pool may open before any has delivered. Postfix starts at 5
   * (initial_destination_concurrency) to spare strangers' servers; a submission server is the
   * admin's own provider, whose documented limit is ~10 (see `maxConnections`), and a burst of
   * sign-in codes should not wait one more connection set-up (the bench's 50-send burst finishes
   * sooner with 10). A server that takes fewer answers 421, and the pool learns it.
   */
  initialConnections: 10,
  /** How long a limit learned from a refusal (421) holds before the pool probes above it again. */
  rememberLimitMs: 5 * 60_000,
});

/**
 * How a send moves between the primary server and `fallbackServers` (see failover.ts). Not admin
 * config; tests replace it through `setFailoverPolicy` in failover.ts.
 */
export const defaultFailoverPolicy = Object.freeze({
  /**
   * The server after the first one tried always gets its turn; any further one only while less
   * than this much time has passed since the first failed.
   */
  budgetMs: 30_000,
  /** A server that failed is skipped this long, then checked in the background. */
  cooldownMs: 30_000,
  /** Each failed check doubles the wait, up to this. */
  maxCooldownMs: 5 * 60_000,
});
