import type { TemplateType } from '@logto/connector-kit';
import { type ReceivedMessage, smtpConfigFor, type TestSmtpServer } from '@seedworks/test-fixtures';
import {
  builtInLocales,
  logtoEmailTypes,
  logtoPayload,
} from '@seedworks/test-fixtures/logto/message-payloads';
import { send } from './helpers.js';

/** One built-in email as the test SMTP server received it. */
export interface ReceivedBuiltIn {
  type: (typeof logtoEmailTypes)[number];
  locale: (typeof builtInLocales)[number];
  message: ReceivedMessage;
  html: string;
}

/**
 * Sends all 45 built-in emails (every type Logto sends by email, in every built-in language, with
 * the payload Logto sends) to `server` with a config that has no templates, one after another.
 */
export const receiveAllBuiltIn = async (server: TestSmtpServer): Promise<ReceivedBuiltIn[]> => {
  const config = smtpConfigFor(server, { templates: [] });
  const received: ReceivedBuiltIn[] = [];
  for (const type of logtoEmailTypes) {
    for (const locale of builtInLocales) {
      const before = server.messages.length;
      await send(config, { type: type as TemplateType, payload: logtoPayload(type, locale) });
      const message = (await server.waitForMessages(before + 1))[before];
      if (!message) {
        throw new Error(`${type} in ${locale}: no message arrived`);
      }
      received.push({ type, locale, message, html: String(message.parsed.html) });
    }
  }
  return received;
};
