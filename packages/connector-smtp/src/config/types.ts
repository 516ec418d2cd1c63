import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { authGuard } from './auth-guards.js';
import { defaultTimeouts, poolLimits } from './defaults.js';
import {
  count,
  headerNameGuard,
  headerValueGuard,
  mailboxTemplateGuard,
  milliseconds,
  optional,
  portGuard,
  unsetAsUndefined,
} from './field-guards.js';

/** nodemailer skips signing silently when the key cannot be read, so a bad key is refused here. */
const isPrivateKey = (value: string) => {
  try {
    createPrivateKey(value);
    return true;
  } catch {
    return false;
  }
};

/** A template's body type; nodemailer sends it as `text` or `html`. */
export enum ContentType {
  Text = 'text/plain',
  Html = 'text/html',
}

/** One message template, as in the official connector's `templates` (plus `locale`, `sendFrom`, `replyTo`). */
export const templateGuard = z.object({
  /** A Logto `TemplateType` (`SignIn`, `Register`, …, `Generic`). */
  usageType: z.string().min(1),
  /** Missing means HTML, as Logto treats its own email templates. */
  contentType: optional(z.nativeEnum(ContentType)),
  subject: z.string(),
  /** Body with `{{code}}`, `{{link}}`, `{{user.name}}`, `{{organization.name}}` … placeholders. */
  content: z.string(),
  /** BCP 47 tag (`ko`, `ko-KR`); absent means "any locale". Not in the official connector. */
  locale: optional(z.string().min(1)),
  /**
   * Overrides `fromEmail` for this template. Placeholders fill the display name only:
   * `{{organization.name}} <noreply@acme.com>`; the address is taken as written.
   */
  sendFrom: optional(mailboxTemplateGuard('sender')),
  /** Overrides `replyTo` for this template. Placeholders fill display names only. */
  replyTo: optional(mailboxTemplateGuard('replyTo')),
});

/** A parsed template. */
export type SmtpTemplate = z.infer<typeof templateGuard>;

/** Proxy schemes nodemailer can tunnel SMTP through (https://nodemailer.com/smtp/proxies/). */
const proxyProtocols = ['http:', 'https:', 'socks:', 'socks4:', 'socks4a:', 'socks5:'] as const;

const proxyUrlGuard = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return (proxyProtocols as readonly string[]).includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be a proxy URL: http://host:port (HTTP CONNECT) or socks5://host:port, optionally with user:password@');

/** Optional DKIM signing, passed to nodemailer's built-in signer. */
const dkimGuard = z.object({
  /** The `d=` domain, e.g. `example.com`. */
  domainName: z.string().min(1),
  /** The `s=` selector: the key is published at `<selector>._domainkey.<domain>`. */
  keySelector: z.string().min(1),
  /** PEM private key (RSA or Ed25519). */
  privateKey: z.string().refine(isPrivateKey, 'must be a PEM private key ("-----BEGIN PRIVATE KEY-----…")'),
});

/** The config's fields: the official connector's, ours, and the Console form's. */
const baseFieldsGuard = z.object({
  /** At most 253 characters, the longest DNS name. */
  host: z.string().trim().min(1).max(253),
  port: portGuard,
  /** Absent, `null` or `{}`: no authentication (Logto's cleanup turns `{}` into absent). */
  auth: optional(authGuard),
  /** Sender address, optionally with a display name: `Acme <noreply@acme.com>`. */
  fromEmail: z.string().trim().min(1),
  /** Sender display name; not in the official connector. Wins over a name in `fromEmail`. */
  fromName: optional(headerValueGuard),
  /** Reply-To address(es), taken as written: `Support <help@example.com>`. */
  replyTo: optional(mailboxTemplateGuard('replyTo')),
  /**
   * Message templates. The official connector requires Register, SignIn, ForgotPassword and
   * Generic; here any set works, because Logto's own email templates (managed in the console)
   * are tried first, and a missing one is reported when it is needed.
   */
  templates: z.preprocess(unsetAsUndefined, z.array(templateGuard).default([])),
  /** Log SMTP operations (nodemailer's logger, to the console). Credentials are masked. */
  logger: optional(z.boolean()),
  /** Log the SMTP transcript too (requires `logger`). Credentials are masked. */
  debug: optional(z.boolean()),
  disableFileAccess: optional(z.boolean()),
  disableUrlAccess: optional(z.boolean()),
  /** Client host name sent in EHLO. Use an ASCII name: servers reject non-ASCII ones. */
  name: optional(z.string()),
  localAddress: optional(z.string()),
  connectionTimeout: milliseconds(defaultTimeouts.connectionTimeout),
  greetingTimeout: milliseconds(defaultTimeouts.greetingTimeout),
  socketTimeout: milliseconds(defaultTimeouts.socketTimeout),
  dnsTimeout: milliseconds(defaultTimeouts.dnsTimeout),
  /** `true`: TLS from the first byte (port 465). `false`: plain, upgraded with STARTTLS when offered (587/25). */
  secure: z.preprocess(unsetAsUndefined, z.boolean().default(false)),
  /** Node.js TLS options, e.g. `{ "ca": "-----BEGIN CERTIFICATE-----…" }` or `{ "rejectUnauthorized": false }`. */
  tls: z.preprocess(unsetAsUndefined, z.record(z.unknown()).default({})),
  servername: optional(z.string()),
  ignoreTLS: optional(z.boolean()),
  requireTLS: optional(z.boolean()),
  customHeaders: optional(z.record(headerNameGuard, z.union([headerValueGuard, z.array(headerValueGuard)]))),
  dkim: optional(dkimGuard),
  /**
   * Most connections open at once to the server, per Logto instance; not in the official
   * connector (it opens one per message). A provider sees instances × this many.
   */
  maxConnections: count(poolLimits.maxConnections, 1, 100),
  /** Messages sent over one connection before it is replaced; not in the official connector. */
  maxMessages: count(poolLimits.maxMessages, 1, 100_000),
  /** A pooled connection unused this long (ms) is closed; not in the official connector. */
  idleTimeout: count(poolLimits.connectionIdleTimeout, 1000, 3_600_000),
  /** The form's login: becomes `auth: { user, pass }`. Not in the official connector. */
  username: optional(z.string()),
  /** The form's password (a masked input, unlike the `auth` JSON). Not in the official connector. */
  password: optional(z.string()),
  /** Only shows the form's advanced fields; no effect on sending. */
  advanced: optional(z.boolean()),
  /** `json`: the whole config is `jsonConfig` (see below). */
  setup: optional(z.enum(['form', 'json'])),
  /**
   * Outbound proxy for the SMTP connection: `http://[user:pass@]host:port` (HTTP CONNECT tunnel)
   * or `socks5://[user:pass@]host:port` (also `socks4://`, `socks4a://`). Not in the official
   * connector. Empty or absent: connect directly.
   */
  proxy: z.preprocess(
    (value) => (value === null || value === '' ? undefined : value),
    proxyUrlGuard.optional(),
  ),
});

/** A fallback's own fields: how to reach and trust the server, and how to log in. */
const ownServerFields = {
  host: true,
  port: true,
  secure: true,
  auth: true,
  tls: true,
  servername: true,
  ignoreTLS: true,
  requireTLS: true,
  proxy: true,
} as const;

/** Fields a fallback may set, else takes from the top level. */
const inheritedServerFields = {
  name: true,
  localAddress: true,
  connectionTimeout: true,
  greetingTimeout: true,
  socketTimeout: true,
  dnsTimeout: true,
  maxConnections: true,
  maxMessages: true,
  idleTimeout: true,
} as const;

/**
 * One further server in `fallbackServers`. Its own: how to reach and trust it and how to log in
 * (host … proxy); a password is never sent to a server it was not written for. Taken from the top
 * level when unset: the client's name and address, the timeouts and the pool sizes.
 * Sender, templates, headers and DKIM are the top level's alone, so they are refused here.
 */
export const fallbackServerGuard = baseFieldsGuard
  .pick({ ...ownServerFields, ...inheritedServerFields })
  .partial(inheritedServerFields)
  .strict();

/** A parsed fallback server. */
export type FallbackServer = z.infer<typeof fallbackServerGuard>;

const fieldsGuard = baseFieldsGuard.extend({
  /**
   * Further servers, tried in order when the one before cannot take a message (see failover.ts).
   * Not in the official connector.
   */
  fallbackServers: z.preprocess(unsetAsUndefined, z.array(fallbackServerGuard).max(5).default([])),
});

/** Either `username`/`password` or `auth`: two logins would leave one silently unused. */
const oneLogin = (config: z.infer<typeof fieldsGuard>, context: z.RefinementCtx) => {
  if ((config.username !== undefined || config.password !== undefined) && config.auth !== undefined) {
    context.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['auth'],
      message:
        'set either Username and Password, or Auth (JSON), not both; empty Auth to {} to use the form’s login',
    });
  }
};

/**
 * With `setup: "json"` the config is the object in `jsonConfig`, as pasted from an official
 * connector (its JSON editor holds the whole config); the form's own fields are then ignored.
 */
const selectJsonConfig = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { setup?: unknown }).setup === 'json'
    ? (value as { jsonConfig?: unknown }).jsonConfig
    : value;

/**
 * The connector's configuration. Every config the official `@logto/connector-smtp` accepts is
 * accepted with the same meaning; additions are marked "not in the official connector".
 * Parse with `smtpConfigGuard.parse` to get defaults applied; the result has the login in `auth`
 * and none of the form's own fields (`username`, `password`, `advanced`, `setup`).
 */
export const smtpConfigGuard = z.preprocess(
  selectJsonConfig,
  fieldsGuard
    .superRefine(oneLogin)
    .transform(({ username, password, advanced: _advanced, setup: _setup, ...config }) =>
      username === undefined && password === undefined
        ? config
        : { ...config, auth: { user: username, pass: password } },
    ),
);

/** The parsed configuration, with defaults applied. */
export type SmtpConfig = z.infer<typeof smtpConfigGuard>;
/** What an admin may write (before defaults), in form mode. */
export type SmtpConfigInput = z.input<typeof fieldsGuard>;
