import { smtpConfigFor, startTestSmtpServer } from '@seedworks/test-fixtures';
import { afterAll, expect, test } from 'vitest';
import createConnector, { closeSmtpTransports } from '../src/index.js';

afterAll(closeSmtpTransports);

test('smoke', async () => {
  const server = await startTestSmtpServer();
  const connector = await createConnector({ getConfig: async () => smtpConfigFor(server) });
  await connector.sendMessage({
    to: 'user@example.com',
    type: 'SignIn' as never,
    payload: { code: '123456' },
  });
  const [message] = await server.waitForMessages(1);
  expect(message?.parsed.text).toContain('123456');
  console.log(message?.raw.toString());
  await server.close();
});
