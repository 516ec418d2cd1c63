import { format } from 'node:util';

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Records everything a test file prints and every error it sees, and checks at the end that no
 * registered secret (password, token, private key, client secret) appears in any of it, also
 * base64-encoded, as SMTP AUTH would send it.
 */
export const createSecretRecorder = () => {
  const texts: string[] = [];
  const secrets = new Set<string>();
  const restores: Array<() => void> = [];

  return {
    /** Secrets shorter than 6 characters are ignored: they would match unrelated text. */
    addSecrets(values: Iterable<string>) {
      for (const value of values) {
        if (value.length >= 6) {
          secrets.add(value);
        }
      }
    },
    /** Records an error's message and its data, as Logto would return them. */
    recordError(error: unknown) {
      if (error instanceof Error) {
        texts.push(
          error.message,
          JSON.stringify((error as { data?: unknown }).data ?? null),
          String(error.stack),
        );
      } else {
        texts.push(format(error));
      }
    },
    /** Starts copying console output into the record (output still reaches the console). */
    install() {
      for (const method of consoleMethods) {
        const original = console[method];
        console[method] = (...args: unknown[]) => {
          texts.push(format(...args));
          original.apply(console, args);
        };
        restores.push(() => {
          console[method] = original;
        });
      }
    },
    restore() {
      for (const restore of restores.splice(0)) {
        restore();
      }
    },
    /** The recorded texts that contain a secret, with the secret masked in the report. */
    leaks(): string[] {
      const found: string[] = [];
      for (const secret of secrets) {
        const forms = [secret, Buffer.from(secret).toString('base64')];
        for (const text of texts) {
          if (forms.some((form) => text.includes(form))) {
            found.push(`${secret.slice(0, 2)}… found in: ${text.slice(0, 200)}`);
          }
        }
      }
      return found;
    },
    get counts() {
      return { texts: texts.length, secrets: secrets.size };
    },
  };
};

export type SecretRecorder = ReturnType<typeof createSecretRecorder>;
