import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError, redactSecrets } from '@seedworks/connector-common';
import { configSecrets, secretMask } from '../config/secrets.js';
import { unknownOutcomeNote } from '../delivery/unknown-outcome.js';
import { classifyConnection, classifyStartTlsRefusal } from './connection-errors.js';
import { classifyProxy } from './proxy-errors.js';
import { classifyReply } from './reply-errors.js';
import { type ErrorContext, type SmtpError, where } from './smtp-error.js';

/**
 * The original error stays on the ConnectorError as `cause`, and Logto may log it whole: a
 * provider that echoes a refresh token or a secret in its error text (nodemailer puts the token
 * endpoint's `error_description` in the message) must not carry it into the logs.
 */
const redactCause = (error: SmtpError, context: ErrorContext) => {
  const secrets = configSecrets({ auth: context.auth, dkim: undefined, proxy: context.proxy });
  if (secrets.length === 0) {
    return;
  }
  error.message = redactSecrets(error.message, secrets, secretMask);
  if (typeof error.stack === 'string') {
    error.stack = redactSecrets(error.stack, secrets, secretMask);
  }
  if (typeof error.response === 'string') {
    error.response = redactSecrets(error.response, secrets, secretMask);
  }
};

/**
 * Turns a nodemailer failure into a `ConnectorError` with the most specific code and a
 * description that says what happened and what to try. The description holds reply codes
 * (`535 5.7.8`) but never the server's text or any config secret: Logto returns `data` to the
 * end user. The original error stays on `cause` (not enumerable) for server-side debugging.
 */
export const toConnectorError = (error: unknown, context: ErrorContext): ConnectorError => {
  if (error instanceof ConnectorError) {
    return error;
  }
  // A token request's own ConnectorError, carried through nodemailer (see oauth2-token.ts).
  const carried = (error as { connectorError?: unknown } | undefined)?.connectorError;
  if (carried instanceof ConnectorError) {
    return carried;
  }
  const smtpError = (error instanceof Error ? error : new Error(String(error))) as SmtpError;
  redactCause(smtpError, context);
  const classified = classifyStartTlsRefusal(smtpError, context) ??
    classifyProxy(smtpError, context) ??
    classifyReply(smtpError, context) ??
    classifyConnection(smtpError, context) ?? {
      code: ConnectorErrorCodes.General,
      errorDescription: `Sending the email through ${where(context)} failed (${smtpError.code ?? smtpError.name}). Enable logger in the connector config to see the SMTP exchange in Logto's logs.`,
    };
  return describedConnectorError(
    classified.code,
    smtpError.outcomeUnknown
      ? `${classified.errorDescription} ${unknownOutcomeNote(smtpError)}`
      : classified.errorDescription,
    error,
  );
};
