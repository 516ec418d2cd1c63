import { type Classified, type ErrorContext, general, invalidConfig } from './smtp-error.js';

/** Whether the config signs in with a token (XOAUTH2) rather than a password. */
const usesOAuth2 = (context: ErrorContext) =>
  context.auth !== undefined &&
  ('refreshToken' in context.auth ||
    'tenant' in context.auth ||
    'serviceClient' in context.auth ||
    'accessToken' in context.auth);

/**
 * Rejections Microsoft 365 and Gmail send today, recognised by their enhanced status code, each
 * with its fix. The 4.7.x forms are Gmail's temporary variants of the same checks: without this
 * they would look like throttling. `undefined` for any other code.
 *
 * @param codes The reply's codes, as `replyCodes` gives them (`550 5.7.139`).
 */
export const classifyProviderReply = (context: ErrorContext, codes: string): Classified | undefined => {
  const enhanced = codes.split(' ')[1];
  switch (enhanced) {
    // https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission
    case '5.7.139': {
      return invalidConfig(
        `Microsoft 365 refused SMTP AUTH for this mailbox (${codes}): SMTP AUTH or basic authentication is turned off for the tenant or the mailbox, or security defaults block it. Microsoft turns basic SMTP AUTH off by default at the end of December 2026: switch auth to {"type":"microsoft365-app",…} (app-only OAuth2, see the connector's README), or have an admin turn on Authenticated SMTP for the mailbox.`,
      );
    }
    case '5.7.3': {
      return invalidConfig(
        usesOAuth2(context)
          ? `Microsoft 365 did not accept the OAuth2 token (${codes}). For app-only tokens, register the app in Exchange Online (New-ServicePrincipal) and give it access to the mailbox (Add-MailboxPermission -User <service principal id> -AccessRights FullAccess), and make sure auth.user is that mailbox.`
          : `Microsoft 365 rejected the login (${codes}): wrong auth.user or auth.pass, or the account needs multi-factor authentication. Check the credentials, or switch to {"type":"microsoft365-app",…} (app-only OAuth2), which keeps working after basic authentication ends.`,
      );
    }
    case '5.7.57': {
      return invalidConfig(
        `Microsoft 365 requires a login before sending (${codes}). Set auth: the mailbox's login, or {"type":"microsoft365-app",…}; port 587 with secure: false.`,
      );
    }
    case '5.7.60': {
      return invalidConfig(
        `The mailbox is not allowed to send as the sender address (${codes}). Set fromEmail (and each template's sendFrom) to the signed-in mailbox (auth.user), or have an admin grant it Send As rights for that address (Add-RecipientPermission).`,
      );
    }
    // https://support.google.com/a/answer/3726730
    case '5.7.26':
    case '4.7.26': {
      return general(
        `Gmail refused the message as unauthenticated (${codes}): the sender's domain fails SPF, DKIM or DMARC. Publish an SPF record that includes this mail server, sign with DKIM (the dkim setting, or the provider's signing), and publish a DMARC record for the fromEmail domain.`,
      );
    }
    case '5.7.25':
    case '4.7.25': {
      return general(
        `Gmail refused the message because the sending IP address has no matching reverse DNS (${codes}). Give the sending IP a PTR record whose name resolves back to that IP, and set name (EHLO) to that host name.`,
      );
    }
    case '5.7.29':
    case '4.7.29': {
      return invalidConfig(
        `Gmail requires TLS for this message (${codes}). Remove ignoreTLS${context.ignoreTLS ? ' (it is set)' : ''} and set requireTLS: true (port 587), or use port 465 with secure: true.`,
      );
    }
    default: {
      return undefined;
    }
  }
};
