import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError, type Secrets } from '@seedworks/connector-common';
import { providerText } from '../http/provider-text.js';
import type { NaverOAuthError } from '../types.js';

/**
 * `invalid_request` covers both a bad code and bad client credentials (docs/naver-login.md#token-errors), so the
 * description is the only way to tell them apart; `invalid_client` is the RFC 6749 name.
 */
export const isClientCredentialError = ({ error, error_description }: NaverOAuthError) =>
  error === 'invalid_client' || /client[ _]?(id|secret)|client authentication/i.test(error_description ?? '');

/** What an admin checks when Naver rejects the client credentials. */
const credentialsHint =
  'Check that clientId and clientSecret in this connector match Naver Developers > 내 애플리케이션 > 개요 (Client ID, Client Secret), without extra spaces, and that the callback URL is registered for the app.';

/** `InvalidConfig` for rejected client credentials; `said` is what Naver said (or the status). */
export const credentialsRejected = (said: string) =>
  describedConnectorError(
    ConnectorErrorCodes.InvalidConfig,
    `Naver rejected the client credentials (${said}). ${credentialsHint}`,
  );

/** `error: description` as Naver said it, both parts redacted and bounded (the body is Naver's, or a proxy's). */
export const oauthSaid = ({ error, error_description }: NaverOAuthError, secrets: Secrets) =>
  `${providerText(error, secrets)}${error_description ? `: ${providerText(error_description, secrets)}` : ''}`;
