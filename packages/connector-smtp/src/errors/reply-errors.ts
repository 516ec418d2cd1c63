import { ConnectorErrorCodes } from '@logto/connector-kit';
import { classifyProviderReply } from './provider-hints.js';
import { type Classified, type ErrorContext, type SmtpError, where } from './smtp-error.js';
import { classifyTokenError } from './token-errors.js';

// Replies that mean "slow down": RFC 3463 4.7.x, or the words providers use with 421/450/451.
const throttlingPattern = /\b4\.7\.\d{1,3}\b|rate|limit|too many|throttl|try again later|slow down/i;

/** `550 5.1.1 …` → `550 5.1.1`: the codes, never the server's free text (it may echo input). */
const replyCodes = (error: SmtpError): string => {
  const enhanced = error.response?.match(/^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/)?.[1];
  return [error.responseCode, enhanced].filter(Boolean).join(' ');
};

/**
 * Failures the SMTP dialogue reports: missing credentials, token requests, provider rejections
 * (see provider-hints.ts), throttling, refused logins, and replies to each command (EHLO, the
 * session, MAIL FROM, RCPT TO, DATA). `undefined` when the error carries no reply.
 */
export const classifyReply = (error: SmtpError, context: ErrorContext): Classified | undefined => {
  const { responseCode, command = '' } = error;
  const codes = replyCodes(error);

  if (error.code === 'ENOAUTH' || /missing credentials/i.test(error.message)) {
    return {
      code: ConnectorErrorCodes.InvalidConfig,
      errorDescription:
        'The mail server needs a login, but auth is incomplete: set Username and Password (auth.user and auth.pass).',
    };
  }
  if (error.code === 'EOAUTH2' || error.originalCode === 'EOAUTH2') {
    return classifyTokenError(error);
  }
  if (responseCode === undefined) {
    return undefined;
  }
  const known = classifyProviderReply(context, codes);
  if (known) {
    return known;
  }
  // Postfix, Gmail and Exchange answer 530 (5.7.0) to MAIL FROM or AUTH on a plain session: RFC 3207 §4
  // (https://www.rfc-editor.org/rfc/rfc3207#section-4).
  if (responseCode === 530 && /STARTTLS/i.test(error.response ?? '')) {
    return {
      code: ConnectorErrorCodes.InvalidConfig,
      errorDescription: `The mail server at ${where(context)} accepts mail only over TLS (${codes}), and this session was not encrypted. ${context.ignoreTLS ? 'Remove ignoreTLS (it is set) and' : 'Set'} requireTLS: true on port 587, or use port 465 with secure: true.`,
    };
  }
  const temporary = responseCode >= 400 && responseCode < 500;
  if (temporary && throttlingPattern.test(error.response ?? '')) {
    return {
      code: ConnectorErrorCodes.RateLimitExceeded,
      errorDescription: `The mail server is throttling this sender (${codes}): too many connections or messages. Wait a little and try again; if it persists, check the sending limits of the mail account.`,
    };
  }
  if (error.code === 'EAUTH' || command.startsWith('AUTH')) {
    return temporary
      ? {
          code: ConnectorErrorCodes.General,
          errorDescription: `The mail server could not check the login right now (${codes}). Try again in a moment.`,
        }
      : {
          code: ConnectorErrorCodes.InvalidConfig,
          errorDescription: `The mail server at ${where(context)} rejected the login (${codes}). Check Username and Password (auth.user and auth.pass); Gmail, Outlook and others need an app password, not the account password.`,
        };
  }
  if (temporary) {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The mail server refused the message for now (${codes}${command ? `, at ${command}` : ''}). Try again in a moment.`,
    };
  }
  if (/^(EHLO|HELO|LHLO)/.test(command)) {
    return {
      code: ConnectorErrorCodes.InvalidConfig,
      errorDescription: `The mail server rejected the client name sent in EHLO (${codes}). Set name to a plain ASCII host name such as "mail.example.com" (non-ASCII host names are refused).`,
    };
  }
  if (command === 'CONN') {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The mail server at ${where(context)} refused the session (${codes}). It may block this client's IP address or not accept mail here: check host and port, and the server's access rules.`,
    };
  }
  if (command === 'MAIL FROM') {
    return {
      code: ConnectorErrorCodes.InvalidConfig,
      errorDescription: `The mail server refused the sender address (${codes}). Set fromEmail (or a template's sendFrom) to an address this account may send from.`,
    };
  }
  if (command === 'RCPT TO') {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The mail server refused the recipient address (${codes}). Check that the email address is correct.`,
    };
  }
  if (command === 'DATA' || error.code === 'EMESSAGE') {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The mail server rejected the message (${codes}), for example for its size, content or a spam policy. Check the template, and the server's logs for the reason.`,
    };
  }
  return {
    code: ConnectorErrorCodes.General,
    errorDescription: `The mail server answered ${codes}${command ? ` to ${command}` : ''}: the message was not sent.`,
  };
};
