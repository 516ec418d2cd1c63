import type { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { defaultFailoverPolicy } from '../config/defaults.js';
import { configSecrets, credentialKey } from '../config/secrets.js';
import { toConnectorError } from '../errors/connector-error.js';
import { descriptionOf, firstSentence } from '../errors/end-user-error.js';
import { logLine } from './logger.js';
import { roleOf, type SendRole, type Server } from './server-order.js';
import { buildTransportOptions } from './transport-options.js';
import { acquireTransport } from './transport-registry.js';

/*
 * A circuit breaker per server: a server that failed is skipped for a while, checked in the
 * background once that is over, and trusted again when it answers. failover.ts asks it which
 * servers to skip and tells it which failed or delivered.
 */

/** How a send moves between servers; see `defaultFailoverPolicy` in config/defaults.ts. */
type FailoverPolicy = { readonly [Key in keyof typeof defaultFailoverPolicy]: number };

let policy: FailoverPolicy = defaultFailoverPolicy;

/**
 * Replaces the failover policy (merged over the defaults); call with no argument to restore them.
 *
 * @internal Test seam: the failover tests use short cooldowns and budgets.
 */
export const setFailoverPolicy = (next: Partial<FailoverPolicy> = {}): void => {
  policy = { ...defaultFailoverPolicy, ...next };
};

/** The failover policy in force (the defaults, or a test's). */
export const failoverPolicy = (): FailoverPolicy => policy;

/** A server that failed: skipped until `retryAt`, then checked in the background. */
interface Breaker {
  retryAt: number;
  cooldownMs: number;
  /** The failure's description, without secrets (a `ConnectorError` description). */
  reason: string;
  code: ConnectorErrorCodes;
  checking: boolean;
  /**
   * Its background check passed: sends go to it again, and the breaker goes only with a delivery.
   * A check sends no message, so a server that logs in but refuses mail passes it; its next
   * failure then doubles the cooldown instead of starting over.
   */
  halfOpen?: boolean;
}

/**
 * Circuit breakers by server, module level as the pools are (Logto builds a new connector per
 * request). Keyed by a digest of the role and everything that reaches the server, so an edited
 * config (a new password) starts afresh and the Console's send test never skips a server because
 * live traffic found it down.
 */
const breakers = new Map<string, Breaker>();
const checks = new Set<Promise<void>>();

const breakerKey = (role: SendRole, { config }: Server) =>
  credentialKey(
    JSON.stringify([
      role,
      config.host,
      config.port,
      config.secure,
      config.auth,
      config.tls,
      config.servername,
      config.proxy,
    ]),
  );

/**
 * Forgets every breaker, and waits for the background checks in flight.
 *
 * @internal Test seam: each failover test starts with every server trusted.
 */
export const resetFailover = async (): Promise<void> => {
  await settleFailoverChecks();
  breakers.clear();
};

/**
 * Resolves once the background checks started so far have ended.
 *
 * @internal Test seam: "traffic returns to the primary" waits for the check that closes its breaker.
 */
export const settleFailoverChecks = async (): Promise<void> => {
  await Promise.all([...checks]);
};

/**
 * Checks a server whose cooldown is over, without sending anything (connect, greeting, EHLO, TLS
 * and login, then QUIT: nodemailer's `verify`), while sends keep going to the next server: no user
 * waits for a server that may still be down. It answers: sends go to it again. It does not: it is
 * skipped for twice as long, up to `maxCooldownMs`.
 */
const checkInBackground = (role: SendRole, server: Server, key: string, breaker: Breaker) => {
  breaker.checking = true;
  const lease = acquireTransport(roleOf(role, server), buildTransportOptions(server.config));
  const secrets = configSecrets(server.config);
  const check = lease.pool
    .verify()
    .then(
      () => {
        // A newer failure may have replaced this breaker while the check ran: that one stands.
        if (breakers.get(key) === breaker) {
          breaker.halfOpen = true;
          logLine('info', `${server.label} answers again: sends go through it from now on.`, secrets);
        }
      },
      (error: unknown) => {
        if (breakers.get(key) !== breaker) {
          return;
        }
        const cooldownMs = Math.min(breaker.cooldownMs * 2, policy.maxCooldownMs);
        const errorDescription = descriptionOf(toConnectorError(error, server.config));
        Object.assign(breaker, { retryAt: Date.now() + cooldownMs, cooldownMs, reason: errorDescription });
        logLine(
          'warn',
          `${server.label} is still unavailable: ${firstSentence(errorDescription)} Next check in ${Math.round(cooldownMs / 1000)} s.`,
          secrets,
        );
      },
    )
    .finally(() => {
      breaker.checking = false;
      lease.release();
      checks.delete(check);
    });
  checks.add(check);
};

/** Whether a send skips this server now; starts its background check once the cooldown is over. */
export const isSkipped = (role: SendRole, server: Server): Breaker | undefined => {
  const key = breakerKey(role, server);
  const breaker = breakers.get(key);
  if (!breaker || breaker.halfOpen) {
    return undefined;
  }
  if (Date.now() >= breaker.retryAt && !breaker.checking) {
    checkInBackground(role, server, key, breaker);
  }
  return breaker;
};

/** Trusts a server again: it just took a message. */
export const closeBreaker = (role: SendRole, server: Server): void => {
  breakers.delete(breakerKey(role, server));
};

/** More breakers than any config has servers: the oldest (of configs edited since) go first. */
const maxBreakers = 64;

export const openBreaker = (role: SendRole, server: Server, error: ConnectorError) => {
  const key = breakerKey(role, server);
  // Failing again before any delivery (after a check passed, or tried while skipped): back off more.
  const previous = breakers.get(key);
  const cooldownMs = previous ? Math.min(previous.cooldownMs * 2, policy.maxCooldownMs) : policy.cooldownMs;
  if (!previous && breakers.size >= maxBreakers) {
    breakers.delete(breakers.keys().next().value as string);
  }
  breakers.set(key, {
    retryAt: Date.now() + cooldownMs,
    cooldownMs,
    reason: descriptionOf(error),
    code: error.code,
    checking: false,
  });
};
