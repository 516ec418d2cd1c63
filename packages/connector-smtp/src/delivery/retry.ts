import { setTimeout as delay } from 'node:timers/promises';
import type { SendMailOptions } from 'nodemailer';
import { defaultRetryPolicy } from '../config/defaults.js';
import type { SmtpError } from '../errors/smtp-error.js';
import { type AttemptProgress, watchAttempt } from './attempt-progress.js';
import { logLine } from './logger.js';
import { serverTimeouts } from './pool-failures.js';
import type { ServerPool } from './server-pool.js';
import type { TransportLease } from './transport-registry.js';
import {
  type CopiesAtRisk,
  isOutcomeUnknown,
  markCopiesAtRisk,
  maxCopiesAtRisk,
  onceMoreLine,
} from './unknown-outcome.js';

/** How many times, and how long, a send that cannot have been delivered is tried again. */
interface RetryPolicy {
  /** Wait in ms before each extra attempt; its length is the most extra attempts. */
  delays: readonly number[];
  /** No new attempt starts once this many ms have passed since the send began. */
  budgetMs: number;
}

let retryPolicy: RetryPolicy = defaultRetryPolicy;

/**
 * Replaces the retry policy (merged over the defaults); not admin config. Call with no argument to
 * restore the defaults.
 *
 * @internal Test seam: the fault and error tests set their own delays and budget, so they do not
 * sleep through real back-off.
 */
export const setRetryPolicy = (policy: Partial<RetryPolicy> = {}): void => {
  retryPolicy = { ...defaultRetryPolicy, ...policy };
};

/** nodemailer's codes for a connection that broke or went silent (not DNS, TLS or login). */
const connectionFailureCodes = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT']);
/** System codes behind those that a new connection may not meet again (not ECONNREFUSED, certificates). */
const transientSystemCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);
/*
 * A server that let one attempt time out before or at its greeting, in its STARTTLS handshake, or
 * past its whole deadline (pool-failures.ts's `serverTimeouts`) does the same to the next (a dead
 * host, `secure: false` on port 465, a server that dribbles its replies), so a retry would only
 * make the user wait the timeout again (and a failover, src/delivery/failover.ts, moves on at once).
 */

/**
 * Whether a failed attempt may be repeated, given how many attempts of the send before it wrote
 * the whole message and got no reply (`copiesAtRisk`).
 *
 * SMTP commits a message only when the server replies to the end of the mail data, the line
 * with a single dot (RFC 5321 §4.1.1.4 and §6.1, https://www.rfc-editor.org/rfc/rfc5321). So:
 * - a 4xx reply, at any step, means the server answered and did not take the message (§4.2.1);
 * - a broken connection or a timeout before the terminating <CRLF>.<CRLF> was written cannot have
 *   delivered it: the server has no complete message to commit, whatever step it was at
 *   (greeting, EHLO, AUTH, MAIL, RCPT, DATA or mid-body);
 * - once the terminator may have been written and no reply came, the outcome is unknown (§6.1
 *   warns of exactly this duplicate): the message is sent once more, and never a third time
 *   (see unknown-outcome.ts).
 * Permanent (5xx) replies and what a new connection would meet again (refused, DNS, TLS,
 * certificates, no connection or no greeting within its timeout) are not retried: the send fails
 * within the configured timeout, with its hint, instead of three times that.
 *
 * @internal Test seam: exported for test/safe-to-retry.test.ts; only {@link sendWithRetry} uses it.
 */
export const isSafeToRetry = (error: unknown, progress: AttemptProgress, copiesAtRisk = 0): boolean => {
  const {
    responseCode,
    code = '',
    originalCode,
    message = '',
    timeoutType = '',
  } = (error ?? {}) as SmtpError;
  if (typeof responseCode === 'number') {
    return responseCode >= 400 && responseCode < 500;
  }
  if (progress.bodyEnded) {
    return (
      connectionFailureCodes.has(code) &&
      !serverTimeouts.has(timeoutType) &&
      copiesAtRisk + 1 < maxCopiesAtRisk
    );
  }
  if (
    !connectionFailureCodes.has(code) ||
    serverTimeouts.has(timeoutType) ||
    /certificate|self[- ]signed/i.test(message)
  ) {
    return false;
  }
  return originalCode === undefined || transientSystemCodes.has(originalCode);
};

const attemptOnce = (pool: ServerPool, mail: SendMailOptions, progress: AttemptProgress, first: boolean) =>
  watchAttempt(String(mail.messageId), progress, () => pool.send(mail, { first }));

/**
 * Sends through one server's pool (the per-server entry point: a failover across servers wraps
 * it), repeating an attempt that cannot have delivered the message (see `isSafeToRetry`) on
 * whichever pooled connection is free, or a new one, while the policy's delays and time budget
 * last; a retry waits ahead of sends that came later. An attempt whose outcome is unknown is
 * repeated once, even past the policy's delays (the time budget still holds). Every attempt
 * carries the same Message-ID (set by the caller). `risk` counts the copies that may have arrived
 * across the whole send: a failover passes one for every server it tries.
 */
export const sendWithRetry = async (
  lease: TransportLease,
  mail: SendMailOptions,
  risk: CopiesAtRisk = { count: 0 },
): Promise<unknown> => {
  const { delays, budgetMs } = retryPolicy;
  const startedAt = performance.now();
  for (let attempt = 0; ; attempt++) {
    const progress: AttemptProgress = { bodyEnded: false };
    try {
      return await attemptOnce(lease.pool, mail, progress, attempt > 0);
    } catch (error: unknown) {
      const unknown = isOutcomeUnknown(error, progress.bodyEnded);
      const retry = isSafeToRetry(error, progress, risk.count);
      const wait = delays[attempt] ?? (retry && unknown ? delays.at(-1) : undefined);
      risk.count += unknown ? 1 : 0;
      if (wait === undefined || !retry || performance.now() - startedAt + wait >= budgetMs) {
        throw markCopiesAtRisk(error, risk);
      }
      if (unknown) {
        logLine('warn', onceMoreLine(mail.messageId, 'on a new connection', error));
      }
      await delay(wait);
    }
  }
};
