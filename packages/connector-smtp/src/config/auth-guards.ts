import { z } from 'zod';
import { optional } from './field-guards.js';

/*
 * The config's `auth` variants: a login, Google service-account OAuth2, OAuth2 with tokens, and
 * Microsoft 365 app-only OAuth2. The first three are the official connector's, with its meaning.
 */

const oauth2Types = z.enum(['oauth2', 'OAuth2', 'OAUTH2']);

/**
 * `.strict()` as in the official guard: with every field optional this member would otherwise
 * swallow OAuth2 payloads in the union below and strip `privateKey` / `clientId`.
 * An empty object (or no `auth` at all) means no authentication.
 */
export const loginAuthGuard = z
  .object({
    user: optional(z.string()),
    pass: optional(z.string()),
    type: optional(z.enum(['login', 'Login', 'LOGIN'])),
  })
  .strict();

/** OAuth2 with a Google service account key (2LO). */
const oauth2ServiceKeyAuthGuard = z.object({
  type: optional(oauth2Types),
  user: z.string(),
  privateKey: z.union([z.string(), z.object({ key: z.string(), passphrase: z.string() })]),
  serviceClient: z.string(),
  /** Where the signed JWT is posted; nodemailer's default is Google's token endpoint. Not in the official connector. */
  accessUrl: optional(z.string().url()),
});

/** OAuth2 (XOAUTH2) with an access token and/or a refresh token and client credentials (3LO). */
const oauth2TokenAuthGuard = z.object({
  type: optional(oauth2Types),
  user: z.string(),
  clientId: optional(z.string()),
  clientSecret: optional(z.string()),
  refreshToken: optional(z.string()),
  accessToken: optional(z.string()),
  /** Access token expiry, epoch milliseconds. */
  expires: optional(z.number()),
  accessUrl: optional(z.string().url()),
});

/** `auth.type` of the Microsoft 365 app-only variant. */
export const microsoftAppAuthType = 'microsoft365-app';

/**
 * Microsoft 365 app-only OAuth2 (client-credentials grant, SMTP.SendAsApp), the login that keeps
 * working after Exchange Online turns off basic SMTP AUTH. Not in the official connector.
 */
const microsoftAppAuthGuard = z
  .object({
    type: z.literal(microsoftAppAuthType),
    /** Directory (tenant) ID, or a verified domain of the tenant (`contoso.onmicrosoft.com`). */
    tenant: z.string().trim().min(1).max(256),
    /** Application (client) ID of the app registration. */
    clientId: z.string().trim().min(1).max(256),
    /** The client secret's Value. */
    clientSecret: z.string().min(1),
    /** The mailbox to sign in as and send from (`noreply@contoso.com`). */
    user: z.string().trim().min(1),
    /**
     * The token endpoint, for tests against a stand-in. Default
     * `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`; leave unset.
     */
    tokenEndpoint: optional(z.string().url()),
  })
  .strict();

/** The config's `auth`: one of the variants above, tried in this order. */
export const authGuard = z.union([
  microsoftAppAuthGuard,
  loginAuthGuard,
  oauth2ServiceKeyAuthGuard,
  oauth2TokenAuthGuard,
]);
/** A parsed `auth` value. */
export type SmtpAuth = z.infer<typeof authGuard>;
