import { ConnectorErrorCodes } from '@logto/connector-kit';
import { SocksClientError } from 'socks';
import { type Classified, type ErrorContext, type SmtpError, where } from './smtp-error.js';

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
 * `undefined` when there is no proxy or the failure is not the proxy's.
 */
export const classifyProxy = (error: SmtpError, context: ErrorContext): Classified | undefined => {
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
