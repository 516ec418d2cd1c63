import type { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import type { SendMailOptions } from 'nodemailer';
import { defaultFailoverPolicy } from '../config/defaults.js';
import { configSecrets, credentialKey } from '../config/secrets.js';
import type { FallbackServer, SmtpConfig } from '../config/types.js';
import { toConnectorError } from '../errors/connector-error.js';
import { descriptionOf } from '../errors/end-user-error.js';
import type { SmtpError } from '../errors/smtp-error.js';
import { logLine } from './logger.js';
import { sendWithRetry } from './retry.js';
import { buildTransportOptions } from './transport-options.js';
import { acquireTransport, type ConfigRole } from './transport-registry.js';
import { type CopiesAtRisk, maySendOnceMore, onceMoreLine } from './unknown-outcome.js';

/*
 * Failover sits above the per-server send (send.ts, with its retries and its one-copy rule): it
 * picks the servers a send may go through, calls that send for each in turn, and decides from the
 * error whether the next server may take the message.
 */

/** The config a send uses (see `ConfigRole`); each server then has a role of its own. */
type SendRole = 'stored' | 'test';

/** How a send moves between servers; see `defaultFailoverPolicy` in constant.ts. */
type FailoverPolicy = { readonly [Key in keyof typeof defaultFailoverPolicy]: number };

let failoverPolicy: FailoverPolicy = defaultFailoverPolicy;

/**
 * Replaces the failover policy (merged over the defaults); call with no argument to restore them.
 *
 * @internal Test seam: the failover tests use short cooldowns and budgets.
 */
export const setFailoverPolicy = (policy: Partial<FailoverPolicy> = {}): void => {
  failoverPolicy = { ...defaultFailoverPolicy, ...policy };
};

/** One server a send may go through: the primary (index 0) or a fallback, as a whole config. */
export interface Server {
  index: number;
  /** `primary (smtp.example.com:587)`, `fallback 1 (smtp.backup.com:465)`: how logs and errors name it. */
  label: string;
  config: SmtpConfig;
}

/**
 * A fallback as a whole config: the top level's sender, templates, headers and DKIM; the
 * fallback's own way to reach, trust and log in to its server (nothing of the primary's, so no
 * password goes to a server it was not written for); the client name, the timeouts and the
 * pool sizes the fallback leaves unset come from the top level.
 */
const fallbackConfig = (config: SmtpConfig, server: FallbackServer): SmtpConfig => ({
  ...config,
  host: server.host,
  port: server.port,
  secure: server.secure,
  auth: server.auth,
  tls: server.tls,
  servername: server.servername,
  ignoreTLS: server.ignoreTLS,
  requireTLS: server.requireTLS,
  proxy: server.proxy,
  name: server.name ?? config.name,
  localAddress: server.localAddress ?? config.localAddress,
  connectionTimeout: server.connectionTimeout ?? config.connectionTimeout,
  greetingTimeout: server.greetingTimeout ?? config.greetingTimeout,
  socketTimeout: server.socketTimeout ?? config.socketTimeout,
  dnsTimeout: server.dnsTimeout ?? config.dnsTimeout,
  maxConnections: server.maxConnections ?? config.maxConnections,
  maxMessages: server.maxMessages ?? config.maxMessages,
  idleTimeout: server.idleTimeout ?? config.idleTimeout,
  fallbackServers: [],
});

/** The primary, then each fallback, in the order a send tries them. */
export const serversOf = (config: SmtpConfig): Server[] =>
  [config, ...config.fallbackServers.map((server) => fallbackConfig(config, server))].map(
    (serverConfig, index) => ({
      index,
      label: `${index === 0 ? 'primary' : `fallback ${index}`} (${serverConfig.host}:${serverConfig.port})`,
      config: serverConfig,
    }),
  );

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

/** The role whose transport serves this server: the config's own for the primary. */
const roleOf = (role: SendRole, server: Server): ConfigRole =>
  server.index === 0 ? role : `${role}:${server.index}`;

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
        const cooldownMs = Math.min(breaker.cooldownMs * 2, failoverPolicy.maxCooldownMs);
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
const isSkipped = (role: SendRole, server: Server): Breaker | undefined => {
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

/** More breakers than any config has servers: the oldest (of configs edited since) go first. */
const maxBreakers = 64;

const openBreaker = (role: SendRole, server: Server, error: ConnectorError) => {
  const key = breakerKey(role, server);
  // Failing again before any delivery (after a check passed, or tried while skipped): back off more.
  const previous = breakers.get(key);
  const cooldownMs = previous
    ? Math.min(previous.cooldownMs * 2, failoverPolicy.maxCooldownMs)
    : failoverPolicy.cooldownMs;
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

/** What happened, without the advice: descriptions say what went wrong first, then what to try. */
const firstSentence = (text: string) => text.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? text;

/** One server's send: send.ts's, on that server's pooled transport. */
const sendThrough = async (role: SendRole, server: Server, mail: SendMailOptions, risk: CopiesAtRisk) => {
  const lease = acquireTransport(roleOf(role, server), buildTransportOptions(server.config));
  try {
    return await sendWithRetry(lease, mail, risk);
  } finally {
    lease.release();
  }
};

/**
 * Whether the next server may take a message this server did not. Not when the message may have
 * been delivered twice already (unknown-outcome.ts: after one unknown outcome, the next server
 * sends one more copy), nor when the server refused the message or its recipient for good
 * (`550 5.1.1`: every server would, and the user should hear so at once). Everything else
 * is about this server: it could not be reached, greeted, secured or logged in to, it refused
 * the session or the sender, or its temporary (4xx) refusals outlasted send.ts's retries.
 */
export const movesToNextServer = (error: unknown): boolean => {
  const { outcomeUnknown, responseCode, code, command } = (error ?? {}) as SmtpError;
  if (outcomeUnknown && !maySendOnceMore(error)) {
    return false;
  }
  const permanent = responseCode === undefined || responseCode >= 500;
  const aboutTheMessage =
    code === 'EMESSAGE' ||
    (code === 'EENVELOPE' && command !== 'MAIL FROM') ||
    command === 'RCPT TO' ||
    command === 'DATA';
  return !(permanent && aboutTheMessage);
};

/** A server's part in the error that ends a send no server took. */
interface Outcome {
  server: Server;
  code: ConnectorErrorCodes;
  description: string;
  /** Set for a server this send did not try. */
  skipped?: 'cooling down' | 'no time left';
}

/**
 * One error for a send no server took: each server and what it answered, the first with its fix,
 * with the first's code. The causes stay on it, hidden (`cause`), each already free of secrets.
 */
const noServerTookIt = (outcomes: Outcome[], causes: unknown[]): ConnectorError => {
  const parts = outcomes.map(({ server, description, skipped }, position) => {
    const answer = position === 0 ? description : firstSentence(description);
    return skipped === 'no time left'
      ? `${server.label}: not tried, the fallbacks had used their ${failoverPolicy.budgetMs / 1000} s.`
      : `${server.label}${skipped ? ', skipped as it failed moments ago' : ''}: ${answer}`;
  });
  return describedConnectorError(
    outcomes[0]!.code,
    `No mail server took the message. ${parts.join(' ')}`,
    new AggregateError(causes, 'Every mail server failed'),
  );
};

/**
 * Sends through the first server that can take the message: the primary, then each fallback in
 * order. A server that just failed is skipped for a while (its breaker is open) and checked in
 * the background after that; when every server is skipped, all are tried anyway. Which server
 * delivered, and why the ones before it did not, goes to Logto's log.
 */
export const sendWithFailover = async (role: SendRole, config: SmtpConfig, mail: SendMailOptions) => {
  const servers = serversOf(config);
  const secrets = servers.flatMap((server) => configSecrets(server.config));
  const skipped = new Map(servers.map((server) => [server, isSkipped(role, server)]));
  const candidates = servers.filter((server) => !skipped.get(server));
  const tried = candidates.length > 0 ? candidates : servers;
  const outcomes: Outcome[] = [];
  const causes: unknown[] = [];
  const risk: CopiesAtRisk = { count: 0 };

  let firstFailedAt = 0;
  for (const [position, server] of tried.entries()) {
    // The server after the first is always tried: a first server that used its whole deadline
    // (src/config/defaults.ts, `attemptDeadlineMs`) must not keep a fallback from taking the message.
    if (position > 1 && performance.now() - firstFailedAt >= failoverPolicy.budgetMs) {
      outcomes.push({ server, code: outcomes[0]!.code, description: '', skipped: 'no time left' });
      continue;
    }
    try {
      const result = await sendThrough(role, server, mail, risk);
      // Tried although skipped (every server was): it answered, so it is trusted again.
      breakers.delete(breakerKey(role, server));
      if (server.index > 0) {
        const before = servers.slice(0, server.index).map((earlier) => {
          const breaker = skipped.get(earlier);
          const failed = outcomes.find((outcome) => outcome.server === earlier);
          return `${earlier.label} ${breaker && !failed ? 'skipped, it failed moments ago' : 'failed'}: ${firstSentence(failed?.description ?? breaker?.reason ?? '')}`;
        });
        logLine('info', `Delivered through ${server.label}. ${before.join(' ')}`, secrets);
      }
      return result;
    } catch (error: unknown) {
      const connectorError = toConnectorError(error, server.config);
      if (!movesToNextServer(error)) {
        throw connectorError;
      }
      openBreaker(role, server, connectorError);
      outcomes.push({
        server,
        code: connectorError.code,
        description: descriptionOf(connectorError),
      });
      causes.push(error);
      firstFailedAt ||= performance.now();
      const next = tried[position + 1];
      if (next && (error as SmtpError).outcomeUnknown) {
        logLine('warn', onceMoreLine(mail.messageId, `through ${next.label}`), secrets);
      }
      if (next) {
        logLine(
          'warn',
          `${server.label} could not take the message: ${descriptionOf(connectorError)} Trying ${next.label}.`,
          secrets,
        );
      }
    }
  }

  // Servers skipped by their breaker join in their place, with what they answered last time.
  const all: Outcome[] = servers.map((server) => {
    const outcome = outcomes.find((item) => item.server === server);
    const breaker = skipped.get(server);
    return (
      outcome ?? {
        server,
        code: breaker?.code ?? outcomes[0]!.code,
        description: breaker?.reason ?? '',
        skipped: 'cooling down' as const,
      }
    );
  });
  throw noServerTookIt(all, causes);
};
