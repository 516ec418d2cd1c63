import { ConnectorErrorCodes } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  naverAccessToken,
  naverConfig,
  naverRefreshToken,
  naverRevokeErrors,
  nockNaverRevoke,
} from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import { createNaverApi, revokeNaverToken } from '../src/index.js';

const api = createNaverApi({ retryDelayMs: 0 });

describe('revokeNaverToken', () => {
  it('posts client credentials and the token to /oauth2.0/revoke; 200 with an empty body is success', async () => {
    const scope = nockNaverRevoke();
    await expect(revokeNaverToken(naverConfig, naverAccessToken)).resolves.toBeUndefined();
    scope.done();
  });

  it('passes the refresh_token hint', async () => {
    const scope = nockNaverRevoke({ token: naverRefreshToken, tokenTypeHint: 'refresh_token' });
    await revokeNaverToken(naverConfig, naverRefreshToken, { tokenTypeHint: 'refresh_token', api });
    scope.done();
  });

  it('ignores a body on success: only the status counts', async () => {
    nockNaverRevoke({ reply: { status: 200, body: 'OK' } });
    await expect(revokeNaverToken(naverConfig, naverAccessToken, { api })).resolves.toBeUndefined();
  });

  it('maps 401 unauthorized_client to InvalidConfig', async () => {
    nockNaverRevoke({ reply: naverRevokeErrors.unauthorizedClient });
    await expectConnectorError(
      revokeNaverToken(naverConfig, naverAccessToken, { api }),
      ConnectorErrorCodes.InvalidConfig,
      /rejected the client credentials \(unauthorized_client: Client authentication failed\.\)/,
      /Check that clientId/,
    );
  });

  it('maps 400 invalid_request to InvalidRequestParameters', async () => {
    nockNaverRevoke({ reply: naverRevokeErrors.invalidRequest });
    await expectConnectorError(
      revokeNaverToken(naverConfig, naverAccessToken, { api }),
      ConnectorErrorCodes.InvalidRequestParameters,
      /refused the revocation request \(invalid_request: Missing parameters\.\)/,
    );
  });

  it('retries 503 temporarily_unavailable, then succeeds', async () => {
    const failing = nockNaverRevoke({ reply: naverRevokeErrors.temporarilyUnavailable });
    const succeeding = nockNaverRevoke();
    await revokeNaverToken(naverConfig, naverAccessToken, { api });
    failing.done();
    succeeding.done();
  });

  it('gives up after the retry limit with General', async () => {
    const scope = nockNaverRevoke({ reply: naverRevokeErrors.temporarilyUnavailable, times: 3 });
    await expectConnectorError(
      revokeNaverToken(naverConfig, naverAccessToken, { api }),
      ConnectorErrorCodes.General,
      /could not revoke the token \(temporarily_unavailable: Service temporarily unavailable\.\)\. Try again later\./,
    );
    scope.done();
  });

  it('maps a non-JSON failure body to InvalidResponse', async () => {
    nockNaverRevoke({ reply: { status: 404, body: '<html>Not Found</html>' } });
    await expectConnectorError(
      revokeNaverToken(naverConfig, naverAccessToken, { api }),
      ConnectorErrorCodes.InvalidResponse,
      /token revocation with HTTP 404/,
      /not JSON \("<html>Not Found<\/html>"\)/,
    );
  });

  it('validates the config', async () => {
    await expectConnectorError(
      revokeNaverToken({ clientId: naverConfig.clientId, clientSecret: ' ' }, naverAccessToken, { api }),
      ConnectorErrorCodes.InvalidConfig,
      /\(clientSecret must not be empty\)/,
    );
  });
});
