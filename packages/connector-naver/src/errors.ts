import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import { CancelError, RequestError, TimeoutError } from 'got';
import { type ParsedBody, parseBody } from './json-body.js';

/** Values kept out of error messages: client secret, code, tokens (`undefined` entries are skipped). */
export type Secrets = readonly (string | undefined)[];

/**
 * Every failure leaves the connector as a `ConnectorError` carrying `errorDescription` (see
 * `describedConnectorError` for how Logto shows it). `data` reaches end users, so it holds our own
 * sentence plus at most a short, redacted excerpt of what Naver said. No `cause` is kept: got's
 * errors hold the request, whose form carries the client secret and the code.
 */
export const naverError = (code: ConnectorErrorCodes, errorDescription: string) =>
  describedConnectorError(code, errorDescription);

/** Whether `error` is connector-kit's `NotImplemented`, also across copies of the kit. */
export const isNotImplemented = (error: unknown): boolean =>
  (error instanceof ConnectorError && error.code === ConnectorErrorCodes.NotImplemented) ||
  (error instanceof Error && (error as { code?: unknown }).code === ConnectorErrorCodes.NotImplemented);

/** Values shorter than this would mask unrelated text; real secrets and tokens are far longer. */
const minSecretLength = 4;

/** A cut-off secret at the end of a body is masked from this many characters on. */
const minPrefixLength = 8;

/**
 * The spellings of a secret a server may echo: as is, URL-encoded (either hex case) and
 * JSON-escaped.
 */
const spellings = (secret: string) => {
  const encoded = encodeURIComponent(secret);
  return new Set([
    secret,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    JSON.stringify(secret).slice(1, -1),
  ]);
};

/**
 * Replaces every secret (client secret, tokens, code), raw, URL-encoded or JSON-escaped, with
 * `[redacted]`. Applied to any provider text before it enters an error message.
 */
export const redact = (text: string, secrets: Secrets): string => {
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < minSecretLength) {
      continue;
    }
    for (const form of spellings(secret)) {
      result = result.split(form).join('[redacted]');
      // A body cut off in the middle of a secret ends with its first characters.
      for (let length = form.length - 1; length >= minPrefixLength; length -= 1) {
        if (result.endsWith(form.slice(0, length))) {
          result = `${result.slice(0, -length)}[redacted]`;
          break;
        }
      }
    }
  }
  return result;
};

/** Keys whose values are credentials wherever they appear (OAuth fields, our form fields). */
const credentialKeys = 'access_token|refresh_token|id_token|token|client_secret|code';
const credentialJsonValue = new RegExp(`("(?:${credentialKeys})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)`, 'gi');
const credentialFormValue = new RegExp(`\\b(${credentialKeys})=[^&\\s"'<]*`, 'gi');

/**
 * Masks credential-named values the caller could not list: tokens inside a cut-off (truncated)
 * token answer, or a form echoed by a proxy. `"access_token":"AAAAQosjWDJi…` →
 * `"access_token":"[redacted]`. Values shorter than a secret could be are left readable.
 */
const maskCredentialFields = (text: string) =>
  text
    .replace(credentialJsonValue, (match, key: string, value: string) =>
      value.length < minPrefixLength ? match : `${key}[redacted]`,
    )
    .replace(credentialFormValue, (match: string, key: string) =>
      match.length - key.length - 1 < minPrefixLength ? match : `${key}=[redacted]`,
    );

const excerptLength = 80;

/**
 * A short, single-line, redacted quote of a provider body: enough to recognise an HTML error page
 * or a proxy message, never a dump. A JSON body is re-serialised first, so escaped spellings of a
 * secret (`\/`, `\u0041`) cannot slip past the redaction.
 *
 * @param parsed The body as the caller already parsed it, so it is not parsed again.
 * @example excerpt('<html>\n <title>502 Bad Gateway</title>…', []) // '"<html> <title>502 Bad Gateway</title>…"'
 */
export const excerpt = (body: string, secrets: Secrets, parsed: ParsedBody = parseBody(body)): string => {
  const text = parsed.isJson ? (JSON.stringify(parsed.json) ?? body) : body;
  const line = maskCredentialFields(redact(text.trim(), secrets)).replace(/\s+/g, ' ').trim();
  if (line === '') {
    return 'an empty body';
  }
  return `"${line.length > excerptLength ? `${line.slice(0, excerptLength)}…` : line}"`;
};

/** Naver's own short text (`error_description`, `message`), redacted and bounded. */
export const providerText = (text: string | undefined, secrets: Secrets) => {
  const line = redact(text ?? '', secrets)
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > excerptLength ? `${line.slice(0, excerptLength)}…` : line;
};

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

/**
 * Maps a transport failure (no usable HTTP answer) to a `ConnectorError`. got's own messages are
 * not reused: they quote the URL and may grow to include request details.
 *
 * @param call What was attempted, e.g. `the token exchange`.
 * @param timeoutMs The per-attempt limit, quoted when the call timed out.
 */
export const fromTransportError = (error: unknown, call: string, timeoutMs: number): ConnectorError => {
  if (error instanceof ConnectorError) {
    return error;
  }
  if (error instanceof CancelError) {
    // Raised by the size limit in client.ts.
    return naverError(
      ConnectorErrorCodes.InvalidResponse,
      `Naver's answer to ${call} was larger than expected and was dropped; this is not a normal Naver response. Check for a proxy between Logto and Naver.`,
    );
  }
  if (error instanceof TimeoutError) {
    return naverError(
      ConnectorErrorCodes.General,
      `Naver did not answer ${call} within ${timeoutMs} ms. Try signing in again; if it keeps happening, check outbound HTTPS from the Logto server to nid.naver.com and openapi.naver.com.`,
    );
  }
  if (error instanceof RequestError) {
    const proxyStatus = proxyRefusal(error);
    if (proxyStatus !== undefined) {
      return naverError(
        ConnectorErrorCodes.General,
        `The proxy refused to open a tunnel to Naver for ${call} (${proxyStatus}). Check the proxy URL and its credentials in HTTPS_PROXY, and that the proxy allows HTTPS (CONNECT on port 443) to nid.naver.com and openapi.naver.com.`,
      );
    }
    const reason = networkCodes[error.code] ?? `a network error occurred (${error.code})`;
    return naverError(
      ConnectorErrorCodes.General,
      `Could not reach Naver for ${call}: ${reason}. Try again; if it keeps happening, check outbound HTTPS (DNS, firewall, proxy) from the Logto server to nid.naver.com and openapi.naver.com.`,
    );
  }
  return naverError(
    ConnectorErrorCodes.General,
    `An unexpected error occurred during ${call}. Try signing in again.`,
  );
};
