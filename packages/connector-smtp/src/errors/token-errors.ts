import { type Classified, invalidConfig, type SmtpError } from './smtp-error.js';

/**
 * What the token endpoint said, by its RFC 6749 §5.2 (https://www.rfc-editor.org/rfc/rfc6749#section-5.2) error code only (nodemailer's message is
 * `<error>: <description>`; the description is the provider's text and is not quoted).
 */
const oauthErrorHints: Record<string, string> = {
  invalid_grant:
    'auth.refreshToken was refused (invalid_grant): it expired, was revoked, or belongs to another client. Get a new refresh token. For a Google service account: the key is wrong or auth.user is outside the delegated domain.',
  invalid_client:
    'auth.clientId or auth.clientSecret was refused (invalid_client). Copy them again from the provider console.',
  unauthorized_client:
    'The client may not use this grant (unauthorized_client). For a Google service account, turn on domain-wide delegation for its client id with the scope https://mail.google.com/ in the Google Admin console.',
};

/** A failed OAuth2 token request (`EOAUTH2`), with the fix for the endpoint's error code. */
export const classifyTokenError = (error: SmtpError): Classified => {
  const oauthError = /^([a-z_]+):/.exec(error.message)?.[1];
  const hint = oauthError === undefined ? undefined : oauthErrorHints[oauthError];
  return invalidConfig(
    `No OAuth2 access token could be obtained: ${hint ?? 'check auth.clientId, auth.clientSecret and auth.refreshToken (or auth.serviceClient and auth.privateKey), and auth.accessUrl.'}`,
  );
};
