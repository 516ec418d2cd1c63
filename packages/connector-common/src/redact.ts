/** Values kept out of error messages and logs: passwords, client secrets, codes, tokens (`undefined` entries are skipped). */
export type Secrets = readonly (string | undefined)[];

/** Values shorter than this would mask unrelated text; real passwords, secrets and tokens are longer. */
export const minSecretLength = 4;

/** A cut-off secret at the end of a text is masked from this many characters on. */
const minPrefixLength = 8;

/**
 * The spellings in which a secret may come back in text that a server, a proxy or a library
 * writes: as is, URL-encoded (either hex case, and `+` for a space as in a form body), JSON-escaped
 * (also with `\/`) and base64 (SMTP AUTH sends credentials base64-encoded,
 * https://www.rfc-editor.org/rfc/rfc4954#section-4).
 */
export const secretSpellings = (secret: string): Set<string> => {
  const urlEncoded = encodeURIComponent(secret);
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  return new Set([
    secret,
    urlEncoded,
    urlEncoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    jsonEscaped,
    jsonEscaped.replaceAll('/', '\\/'),
    Buffer.from(secret).toString('base64'),
  ]);
};

/**
 * Replaces every spelling of every secret in `text` with `mask`, including a secret cut off at the
 * end of the text (a truncated body or log line ends with its first characters).
 *
 * @param secrets Passwords, client secrets, codes, tokens; `undefined` entries and values shorter
 * than {@link minSecretLength} are skipped.
 * @param mask What stands in for a secret. Default `[redacted]`.
 */
export const redactSecrets = (text: string, secrets: Secrets, mask = '[redacted]'): string => {
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < minSecretLength) {
      continue;
    }
    for (const spelling of secretSpellings(secret)) {
      result = result.split(spelling).join(mask);
      for (let length = spelling.length - 1; length >= minPrefixLength; length -= 1) {
        if (result.endsWith(spelling.slice(0, length))) {
          result = `${result.slice(0, -length)}${mask}`;
          break;
        }
      }
    }
  }
  return result;
};
