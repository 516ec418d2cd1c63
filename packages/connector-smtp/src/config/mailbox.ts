import { domainToASCII } from 'node:url';
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

/**
 * A dot-atom local part (RFC 5322 §3.2.3, https://www.rfc-editor.org/rfc/rfc5322#section-3.2.3):
 * atext and dots, no dot first, last or twice in a row, with UTF-8 beyond ASCII as RFC 6531 §3.3
 * (https://www.rfc-editor.org/rfc/rfc6531#section-3.3) allows. No quoted strings, comments or
 * spaces: what a mailbox is, not how a header can dress one up.
 */
const dotAtom =
  /^[\p{L}\p{N}\p{M}!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+(?:\.[\p{L}\p{N}\p{M}!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+)*$/u;

/** An RFC 2047 encoded word (`=?utf-8?B?…?=`), which some parsers decode into another address. */
const encodedWord = /=\?[^?]*\?[bq]\?[^?]*\?=/i;

/** A host name: letters, digits and hyphens in dot-separated labels, after IDNA (punycode) mapping. */
const hostName = /^(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i;

/**
 * Whether `value` is one plain `local@domain` address and nothing else: the form an SMTP envelope
 * (RFC 5321 §4.1.2, https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2) carries. `+` tags,
 * mixed case, apostrophes, subdomains and internationalized addresses (`사용자@예시.한국`) are
 * plain; display names, comments, angle brackets, quoted local parts, encoded words, address
 * literals, groups and lists are not.
 */
export const isPlainAddress = (value: string): boolean => {
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.indexOf('@') !== at || value.length > 254) {
    return false;
  }
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  // `domainToASCII` maps an internationalized domain to punycode, '' when it is not a domain.
  const asciiDomain = domainToASCII(domain);
  return (
    Buffer.byteLength(local) <= 64 &&
    dotAtom.test(local) &&
    !encodedWord.test(local) &&
    asciiDomain !== '' &&
    hostName.test(asciiDomain)
  );
};

/** Parses a header value into mailboxes with nodemailer's own RFC 5322 address parser. */
const parseMailboxes = (value: string): Mailbox[] =>
  addressparser(toSingleLine(value), { flatten: true }).map(({ name, address }) => ({
    name: toSingleLine(name),
    address: address.trim(),
  }));

const notPlain = () =>
  describedConnectorError(
    ConnectorErrorCodes.InvalidRequestParameters,
    'The recipient is not a plain email address: pass exactly one address such as `user@example.com`, without a display name, quotes, angle brackets or a list. Nothing was sent.',
  );

/**
 * The recipient: `to` exactly as Logto recorded it, one plain address. The code goes to the
 * mailbox Logto will believe was proven, and only there: a `to` that an address parser would read
 * as another address (`"ceo@victim.test@"<attacker@evil.test>`: Logto reads the domain
 * `victim.test` with `split('@')[1]`, nodemailer delivers to `evil.test`), a list or a group is
 * refused before anything is sent. nodemailer's parser must agree, so the envelope is this address.
 */
export const parseRecipient = (to: unknown): Mailbox => {
  if (typeof to !== 'string' || to.trim() === '') {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      'The recipient address is empty; pass one email address in `to`.',
    );
  }
  const address = to.trim();
  if (!isPlainAddress(address)) {
    throw notPlain();
  }
  const parsed = parseMailboxes(address);
  if (parsed.length !== 1 || parsed[0]!.name !== '' || parsed[0]!.address !== address) {
    throw notPlain();
  }
  return { name: '', address };
};

/** Whether a value holds a `{{placeholder}}` (the kit's handlebars, spaces allowed inside). */
export const hasPlaceholder = (value: string): boolean => /\{\{[^}]*\}\}/.test(value);

/**
 * A sender or reply-to mailbox as the admin wrote it, before any placeholder is filled: its
 * address, taken literally, and its display name, which may hold placeholders.
 */
export interface MailboxTemplate {
  name: string;
  /** Absent for a sender written as a bare name: the configured sender's address is used. */
  address?: string;
}

/** Why a written sender or reply-to is refused, for the config error and the send-time error. */
export const placeholderInAddressMessage =
  'an address may not hold a {{placeholder}}: placeholders fill only display names, as in "{{organization.name}} <noreply@example.com>"';

/**
 * Splits a written `sendFrom`, `replyTo` or `fromEmail` into mailboxes. The value is parsed as
 * written, before placeholders are filled, so a name filled in later (an inviter called
 * `IT <security@acme.com>,`) stays a name: it cannot become an address or a second mailbox.
 * A value with neither `@` nor `<` is a bare name. `undefined` when an address holds a
 * placeholder (including a bare `{{…}}` reply-to, which can only mean an address): refused.
 */
export const parseMailboxTemplate = (
  value: string,
  kind: 'sender' | 'replyTo',
): MailboxTemplate[] | undefined => {
  const written = toSingleLine(value);
  if (!written.includes('@') && !written.includes('<')) {
    if (kind === 'replyTo') {
      return hasPlaceholder(written) ? undefined : [];
    }
    return written ? [{ name: written }] : [];
  }
  const mailboxes: MailboxTemplate[] = [];
  for (const { name, address } of parseMailboxes(written)) {
    if (hasPlaceholder(address)) {
      return undefined;
    }
    if (isPlainAddress(address)) {
      mailboxes.push({ name, address });
    }
  }
  return mailboxes;
};

/**
 * The sender from a config value (`fromEmail`): `Name <a@b.c>` or a bare address; `name` wins
 * over any name in the value. `undefined` when no plain address can be found.
 */
export const parseSender = (value: string, name?: string): Mailbox | undefined => {
  const mailbox = parseMailboxTemplate(value, 'sender')?.find((candidate) => candidate.address);
  return mailbox?.address === undefined
    ? undefined
    : { name: name === undefined ? mailbox.name : toSingleLine(name), address: mailbox.address };
};
