/** Keys whose values are credentials: never echoed to the page or the console. */
const secretKey = /pass|secret|token|privatekey|private_key/i;

/** A URL with a password in it (`socks5://user:password@host`), e.g. the SMTP `proxy` setting. */
const hasUrlPassword = (value: unknown) =>
  typeof value === 'string' && /^[a-z][\w+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(value);

/** `AAAAQosj…(60 chars)`: enough to recognise a token, not enough to use it. */
export const maskToken = (value: string) => `${value.slice(0, 4)}…(${value.length} chars)`;

/** A deep copy with every credential-looking value replaced by `••••`. */
export const maskSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map(maskSecrets);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        (secretKey.test(key) && item !== undefined && item !== null && item !== '') || hasUrlPassword(item)
          ? '••••'
          : maskSecrets(item),
      ]),
    );
  }
  return value;
};

/** A ConnectorError (or anything thrown) as the page shows it: code and hint, no stack. */
export const describeError = (error: unknown) => {
  const { code, data, message } = error as {
    code?: string;
    data?: { errorDescription?: string };
    message?: string;
  };
  return {
    code: code ?? 'unexpected_error',
    description: data?.errorDescription ?? message ?? String(error),
  };
};

/**
 * A JSON syntax error without the text around it: V8 quotes up to ~10 characters of the input
 * (`Unexpected token 'h', ..."{"pass": hunter2"... is not valid JSON`), which may be a password.
 * A position becomes a line and column, which is what a text box user can find.
 */
export const jsonSyntaxMessage = (error: unknown, text: string) => {
  let message = (error as Error).message;
  const quote = message.search(/,\s*(\.\.\.)?"/);
  if (quote >= 0) {
    message = message.slice(0, quote);
  }
  // The unexpected character of an unquoted value is its first character: a password's, maybe.
  message = message.replace(
    /^Unexpected token '[\p{L}\p{N}]'/u,
    'Unquoted text (strings need double quotes)',
  );
  const position = /^(.*?) (?:in JSON )?at position (\d+)/s.exec(message);
  if (!position) {
    return message;
  }
  const before = text.slice(0, Number(position[2]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${position[1]} at line ${line}, column ${column}`;
};
