import { ConnectorErrorCodes } from '@logto/connector-kit';
import type { SmtpConfig } from '../config/types.js';

/**
 * The fields nodemailer puts on an SMTP error (`_formatError` in
 * https://unpkg.com/nodemailer@10.6.0/dist/esm/smtp-connection/index.js).
 */
export interface SmtpError extends Error {
  code?: string;
  /** The system or TLS code behind `code`, e.g. `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  /** Which timeout an `ETIMEDOUT` was: `CONNECT_TIMEOUT`, `GREETING_TIMEOUT` or `SOCKET_TIMEOUT`. */
  timeoutType?: string;
  /** Set by `sendWithRetry`: the connection failed after the message may have been sent, before a reply. */
  outcomeUnknown?: boolean;
  /** With `outcomeUnknown`: how many attempts of the send wrote the whole message and got no reply. */
  copiesAtRisk?: number;
  /** Set on Node's own socket errors (`connect`), which nodemailer passes on raw from a proxy. */
  syscall?: string;
}

/** The config fields an error description may name (host, port, timeouts, TLS mode, auth, proxy). */
export type ErrorContext = Pick<
  SmtpConfig,
  'host' | 'port' | 'secure' | 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'
> &
  Partial<Pick<SmtpConfig, 'proxy' | 'auth' | 'ignoreTLS'>>;

/** A classifier's verdict: the `ConnectorError` code and the description shown to the admin. */
export interface Classified {
  code: ConnectorErrorCodes;
  errorDescription: string;
}

/** `smtp.example.com:587`, as descriptions name the server. */
export const where = (context: ErrorContext) => `${context.host}:${context.port}`;

/** A verdict with code `InvalidConfig`: the admin has to change the config. */
export const invalidConfig = (errorDescription: string): Classified => ({
  code: ConnectorErrorCodes.InvalidConfig,
  errorDescription,
});

/** A verdict with code `General`: not the config's fault, or not only. */
export const general = (errorDescription: string): Classified => ({
  code: ConnectorErrorCodes.General,
  errorDescription,
});
