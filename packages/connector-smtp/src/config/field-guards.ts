import { unsetAsUndefined } from '@seedworks/connector-common';
import { z } from 'zod';
import { parseMailboxTemplate, placeholderInAddressMessage } from './mailbox.js';

/*
 * The building blocks of the config's fields (types.ts, auth-guards.ts): how a field says
 * "not set", numbers with bounds and defaults, and header names and values.
 */

/** `null` and `{}` mean "not set" (shared with the Naver connector's switches). */
export { unsetAsUndefined };

/** An optional field that also takes `null` and `{}` for "not set". */
export const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(unsetAsUndefined, schema.optional());

/** A non-negative whole number of milliseconds; `null`/absent falls back to `fallback`. */
export const milliseconds = (fallback: number) =>
  z.preprocess(unsetAsUndefined, z.number().int().nonnegative().max(3_600_000).default(fallback));

/** A whole number from `min` to `max`; `null`/absent falls back to `fallback`. */
export const count = (fallback: number, min: number, max: number) =>
  z.preprocess(unsetAsUndefined, z.number().int().min(min).max(max).default(fallback));

/** The console's Number input sends numbers; pasted JSON sometimes holds `"587"`. Both work. */
export const portGuard = z.preprocess(
  (value) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value),
  z.number().int().min(1).max(65_535),
);

const noLineBreaks = (value: string) => !/[\r\n]/.test(value);
/** A header value (subject, display name, custom header): one line, so no header can be injected. */
export const headerValueGuard = z.string().refine(noLineBreaks, 'must not contain line breaks (CR/LF)');
/** RFC 5322 §2.2 (https://www.rfc-editor.org/rfc/rfc5322#section-2.2): a header name is printable ASCII without spaces or colons. */
export const headerNameGuard = z
  .string()
  .regex(/^[!-9;-~]+$/, 'header names are printable ASCII without spaces or colons, e.g. "X-Source"');

/**
 * A written sender (`sendFrom`) or reply-to: placeholders may fill display names only, so a
 * user's or organization's name can never become an address (see `parseMailboxTemplate`).
 */
export const mailboxTemplateGuard = (kind: 'sender' | 'replyTo') =>
  z.string().refine((value) => parseMailboxTemplate(value, kind) !== undefined, placeholderInAddressMessage);
