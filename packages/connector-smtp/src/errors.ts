import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import { SocksClientError } from 'socks';
import { configSecrets, redactSecrets } from './secrets.js';
import type { SmtpConfig } from './types.js';

/** The fields nodemailer puts on an SMTP error (`_formatError` in smtp-connection). */
export interface SmtpError extends Error {
  code?: string;
  /** The system or TLS code behind `code`, e.g. `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  /** Set by `sendWithRetry`: the connection failed after the message may have been sent, before a reply. */
  outcomeUnknown?: boolean;
  /** Set on Node's own socket errors (`connect`), which nodemailer passes on raw from a proxy. */
  syscall?: string;
}

type ErrorContext = Pick<
  SmtpConfig,
  'host' | 'port' | 'secure' | 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'
> &
  Partial<Pick<SmtpConfig, 'proxy' | 'auth' | 'ignoreTLS'>>;

interface Classified {
  code: ConnectorErrorCodes;
  errorDescription: string;
}

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

// Replies that mean "slow down": RFC 3463 4.7.x, or the words providers use with 421/450/451.
const throttlingPattern = /\b4\.7\.\d{1,3}\b|rate|limit|too many|throttl|try again later|slow down/i;

/** `550 5.1.1 …` → `550 5.1.1`: the codes, never the server's free text (it may echo input). */
const replyCodes = (error: SmtpError): string => {
  const enhanced = error.response?.match(/^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/)?.[1];
  return [error.responseCode, enhanced].filter(Boolean).join(' ');
};

const where = (context: ErrorContext) => `${context.host}:${context.port}`;

const tlsModeHint = (context: ErrorContext) =>
  context.secure
    ? `secure is true, so TLS is started at once; servers on port 587 or 25 expect a plain start and STARTTLS: use port 465 with secure: true, or secure: false with STARTTLS on 587.`
    : `secure is false, so the client waits for a plain greeting; servers on port 465 expect TLS at once: use secure: true on port 465, or port 587 with secure: false.`;

/** `socks5://proxy.internal:1080`: the proxy URL without credentials, path or query. */
const proxyName = (proxy: string) => {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'in the proxy setting';
  }
};

/**
 * Failures of the proxy leg: nodemailer's HTTP CONNECT client (`EPROXY`, `Invalid response from
 * proxy: 407`), the socks module (`SocksClientError`), or a raw socket error from connecting to
 * the proxy (nodemailer formats errors of the SMTP socket itself, with `command` and its own codes).
 */
const classifyProxy = (error: SmtpError, context: ErrorContext): Classified | undefined => {
  if (!context.proxy) {
    return undefined;
  }
  const proxy = proxyName(context.proxy);
  const status = error.code === 'EPROXY' ? /proxy: (\d{3})/.exec(error.message)?.[1] : undefined;
  if (status === '407') {
    return {
      code: ConnectorErrorCodes.InvalidConfig,
      errorDescription: `The proxy ${proxy} refused the tunnel to ${where(context)} (HTTP 407): it wants credentials. Put them in the proxy URL: http://user:password@host:port.`,
    };
  }
  if (status) {
    return {
      code: ConnectorErrorCodes.General,
      errorDescription: `The proxy ${proxy} refused the tunnel to ${where(context)} (HTTP ${status}). Check that the proxy allows connections to this host and port (many allow CONNECT to port 443 only).`,
    };
  }
  const socksError = error instanceof SocksClientError;
  if (error.code === 'EPROXY' || socksError || (error.syscall !== undefined && error.command === undefined)) {
    const detail = /authentication/i.test(error.message)
      ? 'it did not accept the user name and password in the proxy URL'
      : socksError && /rejected|not allowed/i.test(error.message)
        ? `it refused the connection to ${where(context)}`
        : 'it could not be reached or closed the connection';
    return {
      code: /authentication/i.test(error.message)
        ? ConnectorErrorCodes.InvalidConfig
        : ConnectorErrorCodes.General,
      errorDescription: `Connecting through the proxy ${proxy} failed: ${detail}. Check the proxy setting (scheme, host, port, credentials) and that the proxy is running.`,
    };
  }
  return undefined;
};

const classifyConnection = (error: SmtpError, context: ErrorContext): Classified | undefined => {
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

const invalidConfig = (errorDescription: string): Classified => ({
  code: ConnectorErrorCodes.InvalidConfig,
  errorDescription,
});

const general = (errorDescription: string): Classified => ({
  code: ConnectorErrorCodes.General,
  errorDescription,
});

/** Whether the config signs in with a token (XOAUTH2) rather than a password. */
const usesOAuth2 = (context: ErrorContext) =>
  context.auth !== undefined &&
  ('refreshToken' in context.auth ||
    'tenant' in context.auth ||
    'serviceClient' in context.auth ||
    'accessToken' in context.auth);

/**
 * Rejections Microsoft 365 and Gmail send today, recognised by their enhanced status code, each
 * with its fix. The 4.7.x forms are Gmail's temporary variants of the same checks: without this
 * they would look like throttling.
 */
const classifyProviderReply = (context: ErrorContext, codes: string): Classified | undefined => {
  const enhanced = codes.split(' ')[1];
  switch (enhanced) {
    // https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission
    case '5.7.139': {
      return invalidConfig(
        `Microsoft 365 refused SMTP AUTH for this mailbox (${codes}): SMTP AUTH or basic authentication is turned off for the tenant or the mailbox, or security defaults block it. Microsoft turns basic SMTP AUTH off by default at the end of December 2026: switch auth to {"type":"microsoft365-app",…} (app-only OAuth2, see the connector's README), or have an admin turn on Authenticated SMTP for the mailbox.`,
      );
    }
    case '5.7.3': {
      return invalidConfig(
        usesOAuth2(context)
          ? `Microsoft 365 did not accept the OAuth2 token (${codes}). For app-only tokens, register the app in Exchange Online (New-ServicePrincipal) and give it access to the mailbox (Add-MailboxPermission -User <service principal id> -AccessRights FullAccess), and make sure auth.user is that mailbox.`
          : `Microsoft 365 rejected the login (${codes}): wrong auth.user or auth.pass, or the account needs multi-factor authentication. Check the credentials, or switch to {"type":"microsoft365-app",…} (app-only OAuth2), which keeps working after basic authentication ends.`,
      );
    }
    case '5.7.57': {
      return invalidConfig(
        `Microsoft 365 requires a login before sending (${codes}). Set auth: the mailbox's login, or {"type":"microsoft365-app",…}; port 587 with secure: false.`,
      );
    }
    case '5.7.60': {
      return invalidConfig(
        `The mailbox is not allowed to send as the sender address (${codes}). Set fromEmail (and each template's sendFrom) to the signed-in mailbox (auth.user), or have an admin grant it Send As rights for that address (Add-RecipientPermission).`,
      );
    }
    // https://support.google.com/a/answer/3726730
    case '5.7.26':
    case '4.7.26': {
      return general(
        `Gmail refused the message as unauthenticated (${codes}): the sender's domain fails SPF, DKIM or DMARC. Publish an SPF record that includes this mail server, sign with DKIM (the dkim setting, or the provider's signing), and publish a DMARC record for the fromEmail domain.`,
      );
    }
    case '5.7.25':
    case '4.7.25': {
      return general(
        `Gmail refused the message because the sending IP address has no matching reverse DNS (${codes}). Give the sending IP a PTR record whose name resolves back to that IP, and set name (EHLO) to that host name.`,
      );
    }
    case '5.7.29':
    case '4.7.29': {
      return invalidConfig(
        `Gmail requires TLS for this message (${codes}). Remove ignoreTLS${context.ignoreTLS ? ' (it is set)' : ''} and set requireTLS: true (port 587), or use port 465 with secure: true.`,
      );
    }
    default: {
      return undefined;
    }
  }
};

/**
 * What the token endpoint said, by its RFC 6749 §5.2 (https://www.rfc-editor.org/rfc/rfc6749#section-5.2) error code only (nodemailer's message is
 * `<error>: <description>`; the description is the provider's text and is not quoted).
 */
const oauthErrorHints: Record<string, string> = {
  invalid_grant:
    'auth.refreshToken was refused (invalid_grant): it expired, was revoked, or belongs to another client. Get a new refresh token. For a Google service account: the key is wrong or auth.user is outside the delegated domain.',
  invalid_client:
    'auth.clientId or auth.clientSecret was refused (invalid_client). Copy them again from the provider console.',
  unauthorized_client:
    'The client may not use this grant (unauthorized_client). For a Google service account, turn on domain-wide delegation for its client id with the scope https://mail.google.com/ in the Google Admin console.',
};

const classifyTokenError = (error: SmtpError): Classified => {
  const oauthError = /^([a-z_]+):/.exec(error.message)?.[1];
  const hint = oauthError === undefined ? undefined : oauthErrorHints[oauthError];
  return invalidConfig(
    `No OAuth2 access token could be obtained: ${hint ?? 'check auth.clientId, auth.clientSecret and auth.refreshToken (or auth.serviceClient and auth.privateKey), and auth.accessUrl.'}`,
  );
};

const classifyReply = (error: SmtpError, context: ErrorContext): Classified | undefined => {
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
  error.message = redactSecrets(error.message, secrets);
  if (typeof error.stack === 'string') {
    error.stack = redactSecrets(error.stack, secrets);
  }
  if (typeof error.response === 'string') {
    error.response = redactSecrets(error.response, secrets);
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
  const classified = classifyProxy(smtpError, context) ??
    classifyReply(smtpError, context) ??
    classifyConnection(smtpError, context) ?? {
      code: ConnectorErrorCodes.General,
      errorDescription: `Sending the email through ${where(context)} failed (${smtpError.code ?? smtpError.name}). Enable logger in the connector config to see the SMTP exchange in Logto's logs.`,
    };
  return describedConnectorError(
    classified.code,
    smtpError.outcomeUnknown
      ? `${classified.errorDescription} The whole message had been sent and no reply came, so it may have been delivered; it was not sent again, to avoid a duplicate.`
      : classified.errorDescription,
    error,
  );
};
