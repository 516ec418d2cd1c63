import type { SmtpError } from '../errors/smtp-error.js';

/*
 * A send whose whole message was written and whose reply never came may or may not have been
 * delivered. Such a send is sent once more (another connection, or the fallback), with the same
 * Message-ID, and never a third time: a user who gets a code twice has lost nothing, a user who
 * gets an error has to ask again. Mail servers make the same trade: Postfix defers a delivery
 * whose connection was lost after the end of data and tries it again, and RFC 5321 §6.1
 * (https://www.rfc-editor.org/rfc/rfc5321#section-6.1) and RFC 1047
 * (https://www.rfc-editor.org/rfc/rfc1047) name the duplicate this can cause as the known cost.
 * Receivers such as Gmail collapse copies that share a Message-ID.
 */

/** The most copies of one message a send may have put on the wire without a reply, then stop. */
export const maxCopiesAtRisk = 2;

/** How many attempts of one send (on every server it tried) ended with the outcome unknown. */
export interface CopiesAtRisk {
  count: number;
}

/**
 * Whether an attempt's failure left its outcome unknown: the message stream, and so the
 * terminating <CRLF>.<CRLF>, had been written (`bodyEnded`, see retry.ts), and no reply came.
 */
export const isOutcomeUnknown = (error: unknown, bodyEnded: boolean): boolean =>
  bodyEnded && error instanceof Error && typeof (error as SmtpError).responseCode !== 'number';

/** Whether a send whose copies at risk are counted on its error may put one more on the wire. */
export const maySendOnceMore = (error: unknown): boolean =>
  ((error as SmtpError | undefined)?.copiesAtRisk ?? maxCopiesAtRisk) < maxCopiesAtRisk;

/**
 * Marks an error of a send that may have delivered its message (an attempt's outcome was unknown),
 * with how many copies may have arrived, so the error says so and a failover knows whether the
 * next server may take one more copy.
 */
export const markCopiesAtRisk = (error: unknown, risk: CopiesAtRisk): unknown => {
  if (risk.count > 0 && error instanceof Error) {
    Object.assign(error as SmtpError, { outcomeUnknown: true, copiesAtRisk: risk.count });
  }
  return error;
};

/** The sentence a failure's description ends with when the message may have been delivered. */
export const unknownOutcomeNote = ({ copiesAtRisk = 1 }: SmtpError): string =>
  copiesAtRisk >= maxCopiesAtRisk
    ? 'The whole message was sent twice and no reply came either time, so it may have been delivered; it was not sent a third time.'
    : 'The whole message had been sent and no reply came, so it may have been delivered.';

/**
 * The log line for one more copy: the Message-ID, what broke (`cause`, the failed attempt's error)
 * and where the copy goes; never the content or the recipient.
 */
export const onceMoreLine = (messageId: unknown, where: string, cause?: unknown): string => {
  const { code, originalCode } = (cause ?? {}) as SmtpError;
  const codes = [code, originalCode].filter(Boolean).join('/');
  return `The whole message ${String(messageId)} was sent and no reply came${codes ? ` (${codes})` : ''}: sending it once more, with the same Message-ID, ${where}. The recipient may get it twice.`;
};
