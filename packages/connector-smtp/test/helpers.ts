import { ConnectorError, TemplateType } from '@logto/connector-kit';
import { configSecrets } from '../src/config/secrets.js';
import createConnector, { smtpConfigGuard } from '../src/index.js';
import { secretRecorder } from './recorder.js';

/**
 * The error as the admin reads it in Logto's log: a send with the stored config answers its
 * caller (maybe an anonymous visitor) with a plain error that keeps the detailed one as its
 * hidden `cause` (src/errors/end-user-error.ts; test/end-user-errors.test.ts checks what callers get).
 */
export const adminView = (error: unknown): unknown => {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof ConnectorError ? cause : error;
};

/**
 * Sends one message the way Logto does: a fresh `createConnector` per request. A failure is
 * the admin's view of it (see {@link adminView}).
 */
export const send = async (
  config: unknown,
  {
    to = 'user@example.com',
    type = TemplateType.SignIn,
    payload = { code: '123456' } as Record<string, unknown>,
  } = {},
) => {
  const parsed = smtpConfigGuard.safeParse(config);
  if (parsed.success) {
    secretRecorder.addSecrets(configSecrets(parsed.data));
  }
  const connector = await createConnector({ getConfig: async () => config });
  return connector.sendMessage({ to, type, payload }).catch((error: unknown) => {
    secretRecorder.recordError(error);
    throw adminView(error);
  });
};

/** `total` sends, `concurrency` at a time, as Logto does under load. */
export const sendMany = async (config: unknown, total: number, concurrency: number) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        await send(config, { to: `user${index}@example.com` });
      }
    }),
  );
};
