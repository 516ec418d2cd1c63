import { type ParsedBody, parseBody, redactSecrets, type Secrets } from '@seedworks/connector-common';

/** Credential-named values shorter than this are left readable ("code":"1"). */
const minValueLength = 8;

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
      value.length < minValueLength ? match : `${key}[redacted]`,
    )
    .replace(credentialFormValue, (match: string, key: string) =>
      match.length - key.length - 1 < minValueLength ? match : `${key}=[redacted]`,
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
  const line = maskCredentialFields(redactSecrets(text.trim(), secrets)).replace(/\s+/g, ' ').trim();
  if (line === '') {
    return 'an empty body';
  }
  return `"${line.length > excerptLength ? `${line.slice(0, excerptLength)}…` : line}"`;
};

/** Naver's own short text (`error_description`, `message`), redacted and bounded. */
export const providerText = (text: string | undefined, secrets: Secrets) => {
  const line = redactSecrets(text ?? '', secrets)
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > excerptLength ? `${line.slice(0, excerptLength)}…` : line;
};
