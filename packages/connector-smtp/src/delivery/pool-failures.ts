import type { Transporter } from 'nodemailer';
import type { SmtpError } from '../errors/smtp-error.js';

/*
 * What a failed attempt tells a server's pool (server-pool.ts) and the retry rule (retry.ts):
 * whether the server refused one more connection, whether the connection went down, whether
 * the next attempt on this server would time out the same way.
 */

/**
 * nodemailer's `timeoutType`s for a connection that never became a session, and ours for an
 * attempt that outlived its deadline (`ATTEMPT_DEADLINE`) or never got a connection
 * (`QUEUE_DEADLINE`): the next attempt on this server would meet the same.
 */
export const serverTimeouts = new Set([
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ATTEMPT_DEADLINE',
  'QUEUE_DEADLINE',
]);

/**
 * A send this pool gave up on: nodemailer's timeouts restart with every line the server writes,
 * so a server answering one line a second never trips them; the deadline bounds the whole attempt.
 */
export const deadlineError = (timeoutType: 'ATTEMPT_DEADLINE' | 'QUEUE_DEADLINE', deadlineMs: number) =>
  Object.assign(
    new Error(
      timeoutType === 'ATTEMPT_DEADLINE'
        ? `The attempt did not finish within its ${deadlineMs} ms deadline`
        : `No connection was free within the ${deadlineMs} ms deadline`,
    ),
    { code: 'ETIMEDOUT', timeoutType, deadlineMs },
  );

/**
 * Whether the server refused a connection, or one more: a 421, or another 4xx to the greeting.
 * "This server cannot take mail from us now", not "this message": a failover may move on.
 */
export const isRefusal = (error: SmtpError) =>
  error.responseCode === 421 ||
  (error.command === 'CONN' && typeof error.responseCode === 'number' && error.responseCode < 500);

/** Whether the failure took the connection down (no reply, or a 421): the next send opens a new one. */
export const brokeConnection = (error: SmtpError) =>
  typeof error.responseCode !== 'number' || error.responseCode === 421;

/**
 * Closes a lane's connection in the middle of a send: nodemailer's pool closes busy connections
 * only with `force` (`close` in https://unpkg.com/nodemailer@10.6.0/dist/esm/smtp-pool/index.js).
 */
export const closeBusy = (transporter: Transporter) =>
  (transporter as unknown as { close: (options: { force: boolean }) => void }).close({ force: true });

/** As nodemailer's pool says it (no code: not a connection failure, so not retried). */
export const poolClosed = () => new Error('Connection pool was closed');
