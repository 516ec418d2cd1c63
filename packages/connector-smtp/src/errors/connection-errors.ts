import { ConnectorErrorCodes } from '@logto/connector-kit';
import { type Classified, type ErrorContext, type SmtpError, where } from './smtp-error.js';

const untrustedCertificateCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL']);

const tlsModeHint = (context: ErrorContext) =>
  context.secure
    ? `secure is true, so TLS is started at once; servers on port 587 or 25 expect a plain start and STARTTLS: use port 465 with secure: true, or secure: false with STARTTLS on 587.`
    : `secure is false, so the client waits for a plain greeting; servers on port 465 expect TLS at once: use secure: true on port 465, or port 587 with secure: false.`;

/**
 * STARTTLS refused or not offered, when the session had to be encrypted (a login on `secure:
 * false`, see plaintext-login.ts, or `requireTLS: true`): nothing of the login was sent.
 * Checked before the reply classifiers, since the refusal carries a reply code.
 */
export const classifyStartTlsRefusal = (error: SmtpError, context: ErrorContext): Classified | undefined =>
  error.code === 'ETLS' && error.command === 'STARTTLS' && typeof error.responseCode === 'number'
    ? {
        code: ConnectorErrorCodes.InvalidConfig,
        errorDescription: `The mail server at ${where(context)} does not offer STARTTLS (${error.responseCode}), so the login would cross the network in clear; it was not sent. Use port 465 with secure: true if the server offers it. Only if the path to the server is trusted (the same host or a private network you control), set requireTLS: false to log in without encryption.`,
      }
    : undefined;

/**
 * Failures before or beneath the SMTP dialogue: DNS, refused or reset connections, untrusted
 * certificates, a TLS mode that does not match the port, and the three timeouts. `undefined` when
 * the error is none of these.
 */
export const classifyConnection = (error: SmtpError, context: ErrorContext): Classified | undefined => {
  const systemCode = error.originalCode ?? '';
  const message = error.message ?? '';

  if (error.code === 'EDNS' || dnsCodes.has(systemCode)) {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The mail server host name "${context.host}" could not be resolved (DNS). Check host for typos; if it is right, check the DNS settings of the machine running Logto.`,
    };
  }
  if (systemCode === 'ECONNREFUSED') {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The connection to ${where(context)} was refused: no mail server listens there. Check host and port (usually 465 with secure: true, or 587 with secure: false).`,
    };
  }
  if (untrustedCertificateCodes.has(systemCode) || /certificate|self[- ]signed/i.test(message)) {
    return {
      code: ConnectorErrorCodes.InvalidCertificate,
      errorDescription: `The TLS certificate of ${where(context)} is not trusted (${systemCode || 'verification failed'}). If the server uses a private CA, put its PEM certificate in tls.ca; if the name differs, set servername; tls.rejectUnauthorized: false turns the check off (not recommended).`,
    };
  }
  if (
    /wrong version number|packet length too long|unknown protocol|ssl3_get_record|tlsv1 alert|handshake/i.test(
      `${systemCode} ${message}`,
    ) ||
    error.code === 'ETLS'
  ) {
    return {
      code: ConnectorErrorCodes.InvalidConfig,
      errorDescription: `TLS could not be established with ${where(context)}: ${tlsModeHint(context)}`,
    };
  }
  if (error.code === 'ETIMEDOUT') {
    const { deadlineMs } = error as SmtpError & { deadlineMs?: number };
    if (error.timeoutType === 'ATTEMPT_DEADLINE') {
      return {
        code: ConnectorErrorCodes.General,
        errorDescription: `The mail server at ${where(context)} did not finish the send within ${deadlineMs} ms (connectionTimeout + greetingTimeout + socketTimeout), though it kept answering bit by bit, so the connection was closed. The server is overloaded or something on the path slows it down; add a fallback server (fallbackServers) to keep codes flowing meanwhile.`,
      };
    }
    if (error.timeoutType === 'QUEUE_DEADLINE') {
      return {
        code: ConnectorErrorCodes.General,
        errorDescription: `No connection to ${where(context)} came free within ${deadlineMs} ms: every connection the pool may open (maxConnections) was busy, or the server accepted no more. Try again; if it keeps happening, raise maxConnections if the server allows it, or add a fallback server.`,
      };
    }
    if (/greeting/i.test(message)) {
      return {
        code: ConnectorErrorCodes.General,
        errorDescription: `Connected to ${where(context)}, but no greeting arrived within greetingTimeout (${context.greetingTimeout} ms). ${context.secure ? 'The server may expect a plain start: check port and secure.' : tlsModeHint(context)}`,
      };
    }
    if (/connection timeout/i.test(message)) {
      return {
        code: ConnectorErrorCodes.General,
        errorDescription: `Connecting to ${where(context)} timed out after connectionTimeout (${context.connectionTimeout} ms). Check host and port, and that a firewall allows outgoing connections to that port.`,
      };
    }
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The mail server at ${where(context)} stopped answering${error.command ? ` to ${error.command}` : ''} for socketTimeout (${context.socketTimeout} ms). Try again; if it keeps happening, the server is overloaded or a firewall drops the connection.`,
    };
  }
  if (
    systemCode === 'ECONNRESET' ||
    systemCode === 'EPIPE' ||
    // the second form is nodemailer's pool giving up after re-queueing a message it never started
    /closed unexpectedly|after connection was closed/i.test(message)
  ) {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The mail server at ${where(context)} closed the connection unexpectedly${error.command ? ` (during ${error.command})` : ''}. Try again; if it keeps happening, check port and secure, and whether the server limits connections.`,
    };
  }
  return undefined;
};
