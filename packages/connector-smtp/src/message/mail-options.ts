import { randomUUID } from 'node:crypto';
import type { SendMessagePayload } from '@logto/connector-kit';
import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import { convert } from 'html-to-text';
import type { SendMailOptions } from 'nodemailer';
import {
  type Mailbox,
  type MailboxTemplate,
  parseMailboxTemplate,
  parseSender,
  placeholderInAddressMessage,
  toSingleLine,
} from '../config/mailbox.js';
import { ContentType, type SmtpConfig } from '../config/types.js';
import type { ResolvedTemplate } from './template.js';
import { renderTemplate } from './template.js';

/**
 * The plain-text part of an HTML message: readable in text-only clients and a better spam score
 * than HTML alone. Links keep their URL, because a magic link is the point of many messages.
 */
const htmlToPlainText = (html: string): string =>
  convert(html, {
    wordwrap: 100,
    selectors: [{ selector: 'img', format: 'skip' }],
  });

/**
 * Header values are capped: RFC 5322 §2.1.1 (https://www.rfc-editor.org/rfc/rfc5322#section-2.1.1) limits a line to 998 characters, and a single long
 * word (a 1 MB payload value) cannot be folded. The body keeps the full value.
 */
const maxHeaderValueLength = 900;

const capHeader = (value: string) =>
  value.length > maxHeaderValueLength ? `${value.slice(0, maxHeaderValueLength - 1)}…` : value;

/** The configured sender (`fromName` wins over a name written inside `fromEmail`). */
const configSender = (config: Pick<SmtpConfig, 'fromEmail' | 'fromName'>): Mailbox => {
  const sender = parseSender(config.fromEmail, config.fromName);
  if (!sender) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidConfig,
      `fromEmail must be an email address such as "noreply@example.com" or "Acme <noreply@example.com>".`,
    );
  }
  return sender;
};

/**
 * A template's written `sendFrom` or `replyTo`, parsed before its placeholders are filled (Logto's
 * own email templates are not checked at save, so this refuses them here).
 */
const writtenMailboxes = (value: string, kind: 'sender' | 'replyTo'): MailboxTemplate[] => {
  const mailboxes = parseMailboxTemplate(value, kind);
  if (!mailboxes) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidConfig,
      `The email template's ${kind === 'sender' ? 'sendFrom' : 'replyTo'} is refused: ${placeholderInAddressMessage}.`,
    );
  }
  return mailboxes;
};

/**
 * Builds the message: every header value on a single line, the recipient already checked, and
 * for HTML templates the payload escaped plus a generated plain-text alternative.
 */
export const buildMailOptions = (
  config: SmtpConfig,
  template: ResolvedTemplate,
  payload: SendMessagePayload,
  to: Mailbox,
): SendMailOptions => {
  const isHtml = template.contentType !== ContentType.Text;
  const renderHeader = (value: string) =>
    capHeader(toSingleLine(renderTemplate(value, payload, { html: false })));
  const defaultSender = configSender(config);
  // Placeholders fill names only; each address is as the admin wrote it.
  const [sendFrom] = template.sendFrom ? writtenMailboxes(template.sendFrom, 'sender') : [];
  const from: Mailbox = sendFrom
    ? {
        name: renderHeader(sendFrom.name) || defaultSender.name,
        address: sendFrom.address ?? defaultSender.address,
      }
    : defaultSender;
  // The template's Reply-To wins (its names may hold placeholders); the config's is used as written.
  const writtenReplyTo = template.replyTo || config.replyTo;
  const replyTo = (writtenReplyTo ? writtenMailboxes(writtenReplyTo, 'replyTo') : []).flatMap(
    ({ name, address }) => (address ? [{ name: template.replyTo ? renderHeader(name) : name, address }] : []),
  );
  const body = renderTemplate(template.content, payload, { html: isHtml });

  return {
    // Set once here, so a retried send keeps its Message-ID and receivers can drop a duplicate.
    messageId: `<${randomUUID()}@${from.address.split('@').pop()}>`,
    from,
    to,
    ...(replyTo.length > 0 && { replyTo }),
    subject: renderHeader(template.subject),
    ...(isHtml
      ? {
          html: body,
          text:
            template.text === undefined
              ? htmlToPlainText(body)
              : renderTemplate(template.text, payload, { html: false }),
        }
      : { text: body }),
    // Automatic mail (RFC 3834 §5, https://www.rfc-editor.org/rfc/rfc3834#section-5): no vacation
    // reply or ticket to a sign-in code; Exchange's own header for the same. The config's headers win.
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      ...config.customHeaders,
    },
    // Not base64, which spam filters score on text parts (rspamd's MIME_BASE64_TEXT).
    textEncoding: 'quoted-printable',
  };
};
