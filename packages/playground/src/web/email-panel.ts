import type { EmailConnector, TemplateType } from '@logto/connector-kit';
import type { TestSmtpServer } from '@seedworks/test-fixtures';
import { describeError, jsonSyntaxMessage } from './mask.js';

/** What the page posts: the config as the admin typed it (text), and the message to send. */
export interface EmailRequest {
  config: string;
  type: string;
  locale?: string;
  to: string;
  payload: string;
}

/** The message as the SMTP server received it, for the page to show. */
export interface ReceivedView {
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  html?: string;
  headers: Array<[string, string]>;
}

export type EmailResult =
  | { ok: true; received?: ReceivedView }
  | { ok: false; error: { code: string; description: string; field?: string } };

/**
 * Parses a JSON text box; a syntax error names the box and the line and column instead of a stack
 * trace, and never quotes the text (it may hold a password).
 */
const parseJsonBox = (text: string, box: string): { value: unknown } | { error: EmailResult } => {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return {
      error: {
        ok: false,
        error: {
          code: 'invalid_json',
          field: box,
          description: `The ${box} box is not valid JSON: ${jsonSyntaxMessage(error, text)}. Check quotes, commas and braces.`,
        },
      },
    };
  }
};

const view = (message: TestSmtpServer['messages'][number]): ReceivedView => ({
  from: message.parsed.from?.text,
  to: [message.parsed.to].flat()[0]?.text,
  subject: message.parsed.subject,
  text: message.parsed.text,
  html: typeof message.parsed.html === 'string' ? message.parsed.html : undefined,
  headers: message.parsed.headerLines.map(({ line }) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  }),
});

/**
 * "Send" in the email panel: calls `sendMessage` the way Logto's "send test" does (the edited
 * config as the second argument). With the embedded server, the received message comes back.
 */
export const sendEmail = async (
  connector: EmailConnector,
  request: EmailRequest,
  embedded?: TestSmtpServer,
): Promise<EmailResult> => {
  const config = parseJsonBox(request.config, 'config');
  if ('error' in config) {
    return config.error;
  }
  const payload = parseJsonBox(request.payload || '{}', 'payload');
  if ('error' in payload) {
    return payload.error;
  }
  const received = embedded?.messages.length ?? 0;
  try {
    await connector.sendMessage(
      {
        to: request.to,
        type: request.type as TemplateType,
        payload: { ...(payload.value as object), ...(request.locale ? { locale: request.locale } : {}) },
      },
      config.value,
    );
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
  if (!embedded) {
    return { ok: true };
  }
  const [message] = (await embedded.waitForMessages(received + 1)).slice(received);
  return { ok: true, received: message && view(message) };
};

/** A finding of the delivery check, as `@seedworks/connector-smtp` exports it. */
export interface DeliveryFinding {
  level: 'ok' | 'warning' | 'blocker';
  subject: string;
  message: string;
}

/** The SMTP package's `checkDelivery`, on a config not parsed yet. */
export type CheckDelivery = (config: unknown) => Promise<{ findings: DeliveryFinding[]; blocked: boolean }>;

export type CheckResult =
  | { ok: true; findings: DeliveryFinding[]; blocked: boolean }
  | { ok: false; error: { code: string; description: string; field?: string } };

/**
 * "Check delivery" in the email panel: the delivery check `npx @seedworks/connector-smtp doctor`
 * runs, on the edited config. Nothing is sent.
 */
export const checkEmailDelivery = async (check: CheckDelivery, configText: string): Promise<CheckResult> => {
  const config = parseJsonBox(configText, 'config');
  if ('error' in config) {
    return config.error as CheckResult;
  }
  try {
    return { ok: true, ...(await check(config.value)) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
};
