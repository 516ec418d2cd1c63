import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import { logLine } from '../delivery/logger.js';
import type { SmtpError } from './smtp-error.js';

/** The description a `ConnectorError` carries (`errorDescription`, else its message). */
export const descriptionOf = (error: ConnectorError): string => {
  const data = error.data as { errorDescription?: unknown } | undefined;
  return typeof data?.errorDescription === 'string' ? data.errorDescription : error.message;
};

/** What happened, without the advice: descriptions say what went wrong first, then what to try. */
export const firstSentence = (text: string) => text.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? text;

/** The nodemailer error behind a `ConnectorError` from `toConnectorError`, if any. */
const smtpCause = (error: ConnectorError) => ((error as { cause?: unknown }).cause ?? {}) as SmtpError;

/** Whether the server refused the recipient for good (`550 5.1.1`): the one thing a user can fix. */
const recipientRefused = (error: ConnectorError): boolean => {
  const { command, responseCode } = smtpCause(error);
  return command === 'RCPT TO' && typeof responseCode === 'number' && responseCode >= 500;
};

const whatTheUserSees = (error: ConnectorError): string => {
  if (smtpCause(error).outcomeUnknown) {
    // The code may well be in the inbox: asking for a new one would make this one stale.
    return 'The email may have been sent, but the mail server did not confirm it. Check your inbox (and spam folder) before asking for a new code.';
  }
  if (recipientRefused(error)) {
    return 'The mail server refused this email address. Check it, or use another address.';
  }
  if (error.code === ConnectorErrorCodes.RateLimitExceeded) {
    return 'Too many emails are being sent right now. Wait a minute, then ask for a new code.';
  }
  return "The email could not be sent. Try again in a few minutes; if it keeps failing, tell the site's administrator (the details are in Logto's log).";
};

/**
 * The error a sign-in's caller gets: Logto returns a `ConnectorError`'s `data` to whoever called
 * the API, an anonymous visitor on the sign-in page included, so a send with the stored config
 * answers with the same code (and status) and a description that names no host, port or server
 * reply. The full description goes to Logto's log; the Console's send test keeps it (it runs as
 * the admin, see index.ts). The recipient check's own errors name nothing internal and stay.
 */
export const forEndUser = (error: unknown): unknown => {
  if (!(error instanceof ConnectorError) || error.code === ConnectorErrorCodes.InvalidRequestParameters) {
    return error;
  }
  logLine('warn', `A send failed (${error.code}): ${descriptionOf(error)}`);
  return describedConnectorError(error.code, whatTheUserSees(error), error);
};
