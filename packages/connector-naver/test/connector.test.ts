import { readFileSync } from 'node:fs';
import {
  ConnectorError,
  ConnectorErrorCodes,
  ConnectorPlatform,
  ConnectorType,
  connectorMetadataGuard,
} from '@logto/connector-kit';
import { expectConnectorError, expectHiddenCause } from '@seedworks/test-fixtures/connector-error';
import { naverConfig, naverRealEndpoints } from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseConfig } from '../src/config.js';
import { packageVersion, userAgent } from '../src/constant.js';
import createConnector, { defaultMetadata, naverConfigGuard, naverEndpoints } from '../src/index.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('createConnector (default export)', () => {
  it('builds without reading the config, as Logto probes it with a getConfig that throws', async () => {
    let calls = 0;
    const connector = await createConnector({
      getConfig: () => {
        calls += 1;
        throw new ConnectorError(ConnectorErrorCodes.NotImplemented);
      },
    });
    expect(calls).toBe(0);
    expect(connector.type).toBe(ConnectorType.Social);
    // The same schema, with errors the Console can show (see @seedworks/connector-common).
    expect(connector.configGuard.parse(naverConfig)).toEqual(naverConfigGuard.parse(naverConfig));
    expect(connector.configGuard.safeParse({}).success).toBe(false);
    expect(typeof connector.getAuthorizationUri).toBe('function');
    expect(typeof connector.getUserInfo).toBe('function');
    expect(typeof connector.getTokenResponseAndUserInfo).toBe('function');
    expect(typeof connector.getAccessTokenByRefreshToken).toBe('function');
  });

  it('has its own factory id, the official target and Universal platform', async () => {
    const { metadata } = await createConnector({ getConfig: async () => naverConfig });
    expect(metadata.id).toBe('seedworks-naver');
    expect(metadata.target).toBe('naver');
    expect(metadata.platform).toBe(ConnectorPlatform.Universal);
    expect(metadata.isTokenStorageSupported).toBe(true);
    expect(metadata).toHaveProperty('logoDark', null);
    expect(metadata.logo).toBe('./logo.svg');
    expect(metadata.readme).toBe('./README.md');
    expect(Object.keys(metadata.name).sort()).toEqual(['en', 'ja', 'ko', 'zh-CN']);
    expect(Object.keys(metadata.description).sort()).toEqual(['en', 'ja', 'ko', 'zh-CN']);
  });

  it('passes the kit metadata guard Logto applies to API responses', () => {
    expect(connectorMetadataGuard.safeParse(defaultMetadata).success).toBe(true);
  });

  it('has a form item for every config field', () => {
    expect(defaultMetadata.formItems?.map(({ key }) => key)).toEqual(Object.keys(naverConfigGuard.shape));
    const secret = defaultMetadata.formItems?.find(({ key }) => key === 'clientSecret');
    expect(secret).toMatchObject({ isConfidential: true, required: true });
  });

  it('talks to Naver’s real endpoints in production', () => {
    expect(naverEndpoints).toEqual(naverRealEndpoints);
  });

  it('names the package and its version in the User-Agent', () => {
    expect(packageVersion).toBe(packageJson.version);
    expect(userAgent).toContain(`seedworks-connector-naver/${packageJson.version}`);
  });

  it('declares the kit as a dependency with a range Logto v1.38+ satisfies', () => {
    expect(packageJson.dependencies['@logto/connector-kit']).toBe('^5.0.0');
  });
});

describe('naverConfigGuard', () => {
  it('accepts the official connector’s config as is', () => {
    expect(naverConfigGuard.parse({ clientId: 'id', clientSecret: 'secret' })).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
    });
  });

  it('does not reject unknown keys', () => {
    expect(naverConfigGuard.safeParse({ ...naverConfig, scope: 'profile', legacy: true }).success).toBe(true);
  });

  it('trims pasted values', () => {
    expect(naverConfigGuard.parse({ clientId: ' id\n', clientSecret: '\tsecret ' })).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
    });
  });

  it('accepts the reprompt switch', () => {
    expect(naverConfigGuard.parse({ ...naverConfig, repromptConsent: true }).repromptConsent).toBe(true);
  });

  it.each([
    [{ clientSecret: 's' }, 'clientId is required'],
    [{ clientId: '  ', clientSecret: 's' }, 'clientId must not be empty'],
    [{ clientId: 'id', clientSecret: '' }, 'clientSecret must not be empty'],
    [{ clientId: 'id', clientSecret: 42 }, 'clientSecret must be a string'],
  ])('rejects %j', (config, message) => {
    const result = naverConfigGuard.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});

describe('parseConfig', () => {
  it('turns a bad config into InvalidConfig naming the field, without echoing values', async () => {
    const error = await expectConnectorError(
      Promise.resolve().then(() =>
        parseConfig({ clientId: '', clientSecret: naverConfig.clientSecret, x: 1 }),
      ),
      ConnectorErrorCodes.InvalidConfig,
      /config is invalid \(clientId must not be empty\)\. Copy Client ID and Client Secret from Naver Developers/,
    );
    expect(JSON.stringify(error.data)).not.toContain(naverConfig.clientSecret);
    // zod's issues stay for server logs, hidden from the API answer.
    const cause = expectHiddenCause(error, { secrets: [naverConfig.clientSecret], mentions: ['clientId'] });
    expect(cause).toBeInstanceOf(ZodError);
  });

  it('reports a config that is not an object', async () => {
    await expectConnectorError(
      Promise.resolve().then(() => parseConfig(undefined)),
      ConnectorErrorCodes.InvalidConfig,
      /^The Naver connector config is invalid \(config: Required\)/,
    );
  });
});
