import { ConnectorError, ConnectorErrorCodes, type ConnectorSession } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import {
  naverConfig,
  naverRealEndpoints,
  naverRedirectUri,
  naverState,
} from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import { buildConnector, notImplemented } from './helpers.js';

const payload = {
  state: naverState,
  redirectUri: naverRedirectUri,
  connectorId: 'naver-connector-id',
  connectorFactoryId: 'seedworks-naver',
  jti: 'interaction-jti',
  headers: { userAgent: 'Mozilla/5.0' },
};

describe('getAuthorizationUri', () => {
  it('builds Naver’s authorize URL and stores state and redirectUri in the session', async () => {
    const stored: ConnectorSession[] = [];
    const connector = await buildConnector();
    const uri = await connector.getAuthorizationUri(payload, async (session) => {
      stored.push(session);
    });

    const url = new URL(uri);
    expect(`${url.origin}${url.pathname}`).toBe(naverRealEndpoints.authorize);
    expect([...url.searchParams]).toEqual([
      ['response_type', 'code'],
      ['client_id', naverConfig.clientId],
      ['redirect_uri', naverRedirectUri],
      ['state', naverState],
    ]);
    expect(stored).toEqual([{ state: naverState, redirectUri: naverRedirectUri }]);
  });

  it('percent-encodes redirect_uri and state as in Naver’s example', async () => {
    const connector = await buildConnector();
    const uri = await connector.getAuthorizationUri(
      { ...payload, state: 'a+b/c=d&e', redirectUri: 'https://auth.example.com/callback/x?y=1' },
      async () => undefined,
    );
    expect(uri).toBe(
      `${naverRealEndpoints.authorize}?response_type=code&client_id=${naverConfig.clientId}` +
        '&redirect_uri=https%3A%2F%2Fauth.example.com%2Fcallback%2Fx%3Fy%3D1&state=a%2Bb%2Fc%3Dd%26e',
    );
  });

  it('asks Naver to show the consent screen again when repromptConsent is on', async () => {
    const connector = await buildConnector({}, { ...naverConfig, repromptConsent: true });
    const url = new URL(await connector.getAuthorizationUri(payload, async () => undefined));
    expect(url.searchParams.get('auth_type')).toBe('reprompt');
  });

  it('adds no auth_type by default', async () => {
    const connector = await buildConnector();
    const url = new URL(await connector.getAuthorizationUri(payload, async () => undefined));
    expect(url.searchParams.has('auth_type')).toBe(false);
  });

  it('works for callers whose setSession throws NotImplemented (Management API)', async () => {
    const connector = await buildConnector();
    const uri = await connector.getAuthorizationUri({ ...payload, jti: '' }, notImplemented);
    expect(new URL(uri).searchParams.get('state')).toBe(naverState);
  });

  it('propagates any other session failure', async () => {
    const connector = await buildConnector();
    const failure = new Error('session store down');
    await expect(
      connector.getAuthorizationUri(payload, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  it('refuses an invalid config with InvalidConfig', async () => {
    const connector = await buildConnector({}, { clientId: 'id' });
    await expectConnectorError(
      connector.getAuthorizationUri(payload, async () => undefined),
      ConnectorErrorCodes.InvalidConfig,
      /\(clientSecret is required\)/,
    );
  });

  it('uses the seam’s authorize endpoint', async () => {
    const connector = await buildConnector({
      endpoints: { authorize: 'http://127.0.0.1:9/oauth2.0/authorize' },
    });
    const uri = await connector.getAuthorizationUri(payload, async () => undefined);
    expect(uri.startsWith('http://127.0.0.1:9/oauth2.0/authorize?response_type=code')).toBe(true);
  });

  it('reads the config lazily, so a throwing getConfig fails the call, not the build', async () => {
    const { createNaverConnector } = await import('../src/index.js');
    const connector = await createNaverConnector()({
      getConfig: async () => {
        throw new ConnectorError(ConnectorErrorCodes.NotImplemented);
      },
    });
    await expect(connector.getAuthorizationUri(payload, async () => undefined)).rejects.toMatchObject({
      code: ConnectorErrorCodes.NotImplemented,
    });
  });
});
