import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import addressparser from 'nodemailer/lib/addressparser';

/** A mailbox as nodemailer takes it: nodemailer encodes and quotes the name itself. */
export interface Mailbox {
  name: string;
  address: string;
}

/**
 * Collapses control characters (CR, LF, TAB, NUL …) into single spaces. Header values pass
 * through this, so a payload value can never start a new header line.
 */
export const toSingleLine = (value: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

// One `@`, no whitespace or angle brackets, a dot-free or dotted domain: a sanity check, not RFC 5322.
const addressPattern = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/;

/** Whether a parsed address is a single plain `local@domain` address (the sanity check above). */
const isEmailAddress = (value: string): boolean => addressPattern.test(value);

/** Parses a header value into mailboxes with nodemailer's own RFC 5322 address parser. */
const parseMailboxes = (value: string): Mailbox[] =>
  addressparser(toSingleLine(value), { flatten: true }).map(({ name, address }) => ({
    name: toSingleLine(name),
    address: address.trim(),
  }));

/**
 * The recipient: exactly one address. A list (`a@x.com, b@y.com`), a group, or text that is not
 * an address is refused, so a crafted `to` cannot fan a sign-in code out to other inboxes.
 */
export const parseRecipient = (to: unknown): Mailbox => {
  if (typeof to !== 'string' || to.trim() === '') {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The recipient address is empty; pass one email address in `to`.',
    );
  }
  if (/[\r\n]/.test(to)) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The recipient address contains a line break; pass one email address in `to`.',
    );
  }
  const mailboxes = parseMailboxes(to);
  const [mailbox] = mailboxes;
  if (mailboxes.length !== 1 || !mailbox || !isEmailAddress(mailbox.address)) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The recipient must be exactly one email address, such as `user@example.com`.',
    );
  }
  return mailbox;
};

/**
 * The sender, from a config value or a rendered `sendFrom` template: `Name <a@b.c>`, a bare
 * address, or a bare name (then `fallback` supplies the address), as the kit's `parseSendFrom`
 * reads it. `name` wins over any name in the value. Returns `undefined` when no address can be
 * found.
 */
export const parseSender = (value: string, fallback?: Mailbox, name?: string): Mailbox | undefined => {
  const [mailbox] = parseMailboxes(value);
  const parsed =
    mailbox && isEmailAddress(mailbox.address)
      ? mailbox
      : fallback && {
          name: toSingleLine(value).replace(/[<>]/g, '').trim() || fallback.name,
          address: fallback.address,
        };
  return parsed && { name: name === undefined ? parsed.name : toSingleLine(name), address: parsed.address };
};

/** Reply-To: one or more addresses; anything that is not an address is dropped. */
export const parseReplyTo = (value: string): Mailbox[] =>
  parseMailboxes(value).filter((mailbox) => isEmailAddress(mailbox.address));
