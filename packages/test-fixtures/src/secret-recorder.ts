import { format } from 'node:util';
// Not the package's index: that imports @logto/connector-kit, which the suites' setup files mock
// with a factory that imports this file.
import { secretSpellings } from '@seedworks/connector-common/redact';

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Secrets shorter than this would match unrelated text and are not registered. */
const minimumSecretLength = 6;

/** Any run of this many characters of a secret counts as a leak (a truncated quote still leaks). */
const windowLength = 16;

const windowsOf = (secret: string) => {
  const windows = new Set<string>();
  for (let start = 0; start + windowLength <= secret.length; start += 1) {
    windows.add(secret.slice(start, start + windowLength));
  }
  return windows;
};

/**
 * Records every console line, every `process.stdout`/`process.stderr` write and every error a
 * test run produces, and reports any that contains a registered secret (password, token, private
 * key, client secret, authorization code) in any common encoding, or any 16-character run of one.
 *
 * Both connector suites install one in their setup file, so the whole suite is checked.
 *
 * @example
 * const recorder = createSecretRecorder();
 * recorder.addSecrets([config.clientSecret, accessToken]);
 * recorder.install();
 * // … run flows, passing each caught error to recorder.recordError …
 * recorder.restore();
 * expect(recorder.leaks()).toEqual([]);
 */
export const createSecretRecorder = () => {
  const texts: string[] = [];
  const secrets = new Set<string>();
  const restores: Array<() => void> = [];
  let errors = 0;

  const record = (text: string) => {
    texts.push(text);
  };

  return {
    /** Registers secrets; `undefined`, non-strings and values shorter than 6 characters are skipped. */
    addSecrets(values: Iterable<unknown>) {
      for (const value of values) {
        if (typeof value === 'string' && value.length >= minimumSecretLength) {
          secrets.add(value);
        }
      }
    },
    /** Records an error as Logto would show or log it: message, stack, `data`, the whole object. */
    recordError(error: unknown) {
      errors += 1;
      if (error instanceof Error) {
        record(error.message);
        record(String(error.stack));
        record(String(error));
        record(JSON.stringify((error as { data?: unknown }).data ?? null));
        record(JSON.stringify(error));
        record(format('%o', error));
      } else {
        record(format(error));
      }
    },
    /**
     * Records an error as a server log keeps it once it left the connector: inspected with its
     * hidden properties, so its `cause` chain too (a `ConnectorError`'s `cause` is set after
     * construction, when {@link recordError} has already run).
     */
    recordLoggedError(error: unknown) {
      record(format('%o', error));
    },
    /** Copies console output and raw stdout/stderr writes into the record; output still goes out. */
    install() {
      for (const method of consoleMethods) {
        const original = console[method];
        console[method] = (...args: unknown[]) => {
          record(format(...args));
          original.apply(console, args);
        };
        restores.push(() => {
          console[method] = original;
        });
      }
      for (const stream of [process.stdout, process.stderr]) {
        const original = stream.write;
        stream.write = ((chunk: unknown, ...rest: unknown[]) => {
          record(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
          return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
        }) as typeof stream.write;
        restores.push(() => {
          stream.write = original;
        });
      }
    },
    restore() {
      for (const restore of restores.splice(0).reverse()) {
        restore();
      }
    },
    /** Every recorded text that holds a secret; the report masks it and shows only its first characters. */
    leaks(): string[] {
      const found: string[] = [];
      for (const secret of secrets) {
        const needles = [...secretSpellings(secret), ...windowsOf(secret)];
        for (const text of texts) {
          const needle = needles.find((candidate) => text.includes(candidate));
          if (needle !== undefined) {
            const masked = text.replaceAll(needle, '«secret»').slice(0, 300);
            found.push(`${secret.slice(0, 2)}… (as ${JSON.stringify(needle.slice(0, 4))}…) in: ${masked}`);
          }
        }
      }
      return found;
    },
    get counts() {
      return { texts: texts.length, errors, secrets: secrets.size };
    },
  };
};

/** What {@link createSecretRecorder} returns: the type the suites' recorders and `kitRecordingErrors` take. */
export type SecretRecorder = ReturnType<typeof createSecretRecorder>;

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * For a `vi.mock('@logto/connector-kit', …)` factory in a suite's setup file: the kit, with a
 * `ConnectorError` that records every instance as it is created, so each error a connector raises
 * is checked, whether or not the test that provoked it inspects it. The subclass keeps `instanceof`
 * working both ways and adds nothing to the error.
 */
export const kitRecordingErrors = <Kit extends { ConnectorError: ErrorClass }>(
  kit: Kit,
  recorder: SecretRecorder,
): Kit => {
  class ConnectorError extends kit.ConnectorError {
    constructor(...args: never[]) {
      super(...args);
      recorder.recordError(this);
    }
  }
  return { ...kit, ConnectorError };
};
