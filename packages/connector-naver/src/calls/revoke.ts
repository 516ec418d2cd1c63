import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError, parseBody, type Secrets } from '@seedworks/connector-common';
import type { Response } from 'got';
import type { NaverClient } from '../http/client.js';
import { type NaverConfig, naverOAuthErrorGuard } from '../types.js';
import { notJsonError } from './answer.js';
import { credentialsRejected, isClientCredentialError, oauthSaid } from './oauth-error.js';

const revokeCall = 'the token revocation';

/**
 * Reads a revoke answer; the body is parsed once. Revoke answers 200 with an empty body, also for
 * unknown tokens (docs/naver-login.md#revoke): the status decides, except that a 200 carrying an
 * OAuth `{error}` body is not taken for a success (the token endpoint reports its errors that way,
 * docs/naver-login.md#token-errors, and a user who unlinks must not be told the token is gone when
 * Naver said otherwise). Any other status needs a JSON body.
 *
 * @param secrets The call's own secrets (client secret, token).
 * @see https://developers.naver.com/docs/login/api/api.md §3.3
 */
const processRevokeResponse = (response: Response<string>, secrets: Secrets): void => {
  const ok = response.statusCode === 200;
  const body = parseBody(response.body);
  if (!ok && !body.isJson) {
    throw notJsonError(response, revokeCall, secrets);
  }
  const error = naverOAuthErrorGuard.safeParse(body.isJson ? body.json : undefined);
  if (ok && !error.success) {
    return;
  }
  const said = error.success ? oauthSaid(error.data, secrets) : `HTTP ${response.statusCode}`;
  if (response.statusCode === 401 || (error.success && isClientCredentialError(error.data))) {
    throw credentialsRejected(said);
  }
  if (response.statusCode === 400 || (ok && error.data?.error === 'invalid_request')) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      `Naver refused the revocation request (${said}).`,
    );
  }
  throw describedConnectorError(
    ConnectorErrorCodes.General,
    `Naver could not revoke the token (${said}). Try again later.`,
  );
};

/**
 * `POST /oauth2.0/revoke`; revoking one token also revokes its pair. Retried: revoking an already
 * revoked token answers 200, and 503 is documented as retryable.
 *
 * @see https://developers.naver.com/docs/login/api/api.md §3.3
 */
export const revokeToken = async (
  client: NaverClient,
  config: NaverConfig,
  token: string,
  tokenTypeHint: 'access_token' | 'refresh_token' = 'access_token',
): Promise<void> => {
  const response = await client.send({
    call: revokeCall,
    method: 'POST',
    url: client.endpoints.revoke,
    form: {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      token,
      token_type_hint: tokenTypeHint,
    },
    retry: true,
  });
  processRevokeResponse(response, [config.clientSecret, token]);
};
