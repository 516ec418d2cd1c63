import { setTimeout as delay } from 'node:timers/promises';
import type { SendMailOptions } from 'nodemailer';
import { retryDelays } from './constant.js';
import type { SmtpError } from './errors.js';
import type { TransportLease } from './transport-registry.js';

/**
 * Whether a failed send may be tried again without risking a second copy of the message.
 *
 * Only a 4xx reply qualifies: the server answered, and a 4xx answer (RFC 5321 §4.2.1) means it
 * did not take the message, at whatever step (a 421 "too many connections" at the greeting, a
 * 451 at RCPT, a 452 after the body). A connection that broke without an answer is never
 * retried here: after the body went out, the server may have queued the message. nodemailer's
 * pool already re-queues the one safe case of that kind, a pooled connection the server dropped
 * before any byte of the message was written.
 */
export const isSafeToRetry = (error: unknown): boolean => {
  const { responseCode } = error as SmtpError;
  return typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500;
};

/**
 * Sends through a pooled transport with the retry policy above: at most `retryDelays.length`
 * extra attempts, each waiting a little longer, and each going to whichever pooled connection
 * is free (the pool opens a new one when the failed one was closed).
 */
export const sendWithRetry = async (lease: TransportLease, mail: SendMailOptions): Promise<unknown> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await lease.transporter.sendMail(mail);
    } catch (error: unknown) {
      const wait = retryDelays[attempt];
      if (wait === undefined || !isSafeToRetry(error)) {
        throw error;
      }
      await delay(wait);
    }
  }
};
