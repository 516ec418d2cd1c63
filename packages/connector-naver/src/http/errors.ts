import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError, redactSecrets, type Secrets } from '@seedworks/connector-common';
import { CancelError, RequestError, TimeoutError } from 'got';

/*
 * Every failure leaves the connector as a `describedConnectorError` (connector-common), whose
 * description reaches the person who can act on it. It reaches end users too, so it holds our own
 * sentence plus at most a short, redacted excerpt of what Naver said (provider-text.ts); what a
 * server log needs beyond that is the error's hidden `cause`.
 */

/** Whether `error` is connector-kit's `NotImplemented`, also across copies of the kit. */
export const isNotImplemented = (error: unknown): boolean =>
  (error instanceof ConnectorError && error.code === ConnectorErrorCodes.NotImplemented) ||
  (error instanceof Error && (error as { code?: unknown }).code === ConnectorErrorCodes.NotImplemented);

const networkCodes: Record<string, string> = {
  ENOTFOUND: 'the host name could not be resolved (DNS)',
  EAI_AGAIN: 'the DNS lookup timed out',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
};

/**
 * The status of a refused CONNECT, from hpagent (`Bad response: 407`) or Node's own proxy support
 * (`ERR_PROXY_TUNNEL`, `Failed to establish tunnel … HTTP/1.1 407 …`); `undefined` otherwise. The
 * proxy URL in Node's message is not quoted: it may hold credentials.
 */
const proxyRefusal = (error: RequestError): string | undefined => {
  const message = error.message ?? '';
  const status =
    /^Bad response: (\d{3})/.exec(message)?.[1] ??
    /Failed to establish tunnel.*HTTP\/1\.[01] (\d{3})/.exec(message)?.[1];
  if (status) {
    return `HTTP ${status}`;
  }
  return error.code === 'ERR_PROXY_TUNNEL' ? 'no tunnel' : undefined;
};

/** The user-info part of a URL (`http://user:password@proxy`), as Node quotes a proxy URL. */
const urlCredentials = /\b([a-z][\w+.-]*:\/\/)[^\s/@]+@/gi;

/**
 * What a server log may keep of a transport failure: got's class name, its `code`, its message and
 * stack with every secret of the call and any URL credentials masked. Not got's error itself: it
 * holds the request options, whose form carries the client secret and the code, and whose headers
 * carry the access token. Exported as a test seam.
 */
export const redactedCause = (error: Error, secrets: Secrets): Error => {
  const clean = (text: string) => redactSecrets(text, secrets).replace(urlCredentials, '$1[redacted]@');
  const cause = new Error(clean(error.message));
  cause.name = error.name;
  cause.stack = clean(error.stack ?? `${error.name}: ${error.message}`);
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') {
    Object.defineProperty(cause, 'code', { value: code, enumerable: true });
  }
  return cause;
};

/**
 * Maps a transport failure (no usable HTTP answer) to a `ConnectorError` whose `cause` is
 * {@link redactedCause}. got's own messages are not shown to users: they quote the URL and may grow
 * to include request details.
 *
 * @param attempt What was attempted (`call`, e.g. `the token exchange`), the per-attempt limit
 * quoted when it timed out (`timeoutMs`), and the call's secrets (form values, bearer token),
 * masked in the cause.
 */
export const fromTransportError = (
  error: unknown,
  { call, timeoutMs, secrets }: { call: string; timeoutMs: number; secrets: Secrets },
): ConnectorError => {
  if (error instanceof ConnectorError) {
    return error;
  }
  const cause = error instanceof Error ? redactedCause(error, secrets) : undefined;
  if (error instanceof CancelError) {
    // Raised by the size limit in client.ts.
    return describedConnectorError(
      ConnectorErrorCodes.InvalidResponse,
      `Naver's answer to ${call} was larger than expected and was dropped; this is not a normal Naver response. Check for a proxy between Logto and Naver.`,
      cause,
    );
  }
  if (error instanceof TimeoutError) {
    return describedConnectorError(
      ConnectorErrorCodes.General,
      `Naver did not answer ${call} within ${timeoutMs} ms. Try signing in again; if it keeps happening, check outbound HTTPS from the Logto server to nid.naver.com and openapi.naver.com.`,
      cause,
    );
  }
  if (error instanceof RequestError) {
    const proxyStatus = proxyRefusal(error);
    if (proxyStatus !== undefined) {
      return describedConnectorError(
        ConnectorErrorCodes.General,
        `The proxy refused to open a tunnel to Naver for ${call} (${proxyStatus}). Check the proxy URL and its credentials in HTTPS_PROXY, and that the proxy allows HTTPS (CONNECT on port 443) to nid.naver.com and openapi.naver.com.`,
        cause,
      );
    }
    const reason = networkCodes[error.code] ?? `a network error occurred (${error.code})`;
    return describedConnectorError(
      ConnectorErrorCodes.General,
      `Could not reach Naver for ${call}: ${reason}. Try again; if it keeps happening, check outbound HTTPS (DNS, firewall, proxy) from the Logto server to nid.naver.com and openapi.naver.com.`,
      cause,
    );
  }
  return describedConnectorError(
    ConnectorErrorCodes.General,
    `An unexpected error occurred during ${call}. Try signing in again.`,
    cause,
  );
};
