import type { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import type { SendMailOptions } from 'nodemailer';
import { configSecrets } from '../config/secrets.js';
import type { SmtpConfig } from '../config/types.js';
import { toConnectorError } from '../errors/connector-error.js';
import { descriptionOf, firstSentence } from '../errors/end-user-error.js';
import type { SmtpError } from '../errors/smtp-error.js';
import { closeBreaker, failoverPolicy, isSkipped, openBreaker } from './breaker.js';
import { logLine } from './logger.js';
import { sendWithRetry } from './retry.js';
import { roleOf, type SendRole, type Server, serversOf } from './server-order.js';
import { buildTransportOptions } from './transport-options.js';
import { acquireTransport } from './transport-registry.js';
import { type CopiesAtRisk, maySendOnceMore, onceMoreLine } from './unknown-outcome.js';

/*
 * Failover sits above the per-server send (retry.ts, with its retries and its one-copy rule): it
 * takes the servers in their order (server-order.ts), skips those whose breaker is open
 * (breaker.ts), calls that send for each in turn, and decides from the error whether the next
 * server may take the message.
 */

/** One server's send: retry.ts's, on that server's pooled transport. */
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
 * the session or the sender, or its temporary (4xx) refusals outlasted retry.ts's retries.
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
      ? `${server.label}: not tried, the fallbacks had used their ${failoverPolicy().budgetMs / 1000} s.`
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
    if (position > 1 && performance.now() - firstFailedAt >= failoverPolicy().budgetMs) {
      outcomes.push({ server, code: outcomes[0]!.code, description: '', skipped: 'no time left' });
      continue;
    }
    try {
      const result = await sendThrough(role, server, mail, risk);
      // Tried although skipped (every server was): it answered, so it is trusted again.
      closeBreaker(role, server);
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
