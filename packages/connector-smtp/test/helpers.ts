import { TemplateType } from '@logto/connector-kit';
import createConnector, { smtpConfigGuard } from '../src/index.js';
import { configSecrets } from '../src/secrets.js';
import { secretRecorder } from './recorder.js';

/** Sends one message the way Logto does: a fresh `createConnector` per request. */
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
    throw error;
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
