import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { addConnectors } from '@logto/cli/lib/commands/connector/utils.js';
import type { ConnectorFactory } from '@logto/cli/lib/connector/index.js';
import { loadConnectorFactories } from '@logto/cli/lib/connector/index.js';
import { getConnectorPackagesFromDirectory } from '@logto/cli/lib/utils.js';
import type { EmailConnector, SocialConnector } from '@logto/connector-kit';
import { smtpConfigFor, startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
import {
  naverCallbackData,
  naverConfig,
  naverProfileResponse,
  naverTokenErrors,
  nockNaverProfile,
  nockNaverTokenExchange,
} from '@seedworks/test-fixtures/naver';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogtoInstance, linkOfficialConnector, packConnector } from '../src/logto-instance.js';

const ours = ['@seedworks/connector-smtp', '@seedworks/connector-naver'] as const;
const official = ['@logto/connector-smtp', '@logto/connector-naver'] as const;

let instance: Awaited<ReturnType<typeof createLogtoInstance>>;
// biome-ignore lint/suspicious/noExplicitAny: the router type parameter is irrelevant here
let factories: ConnectorFactory<any>[];
let hostKit: typeof import('@logto/connector-kit');
let smtpServer: TestSmtpServer;

beforeAll(async () => {
  instance = await createLogtoInstance();
  const tarballs = await Promise.all(ours.map((name) => packConnector(name, instance.instancePath)));
  // Logto's own `logto connector add` code: npm pack + extract, no install, no scripts.
  await addConnectors(instance.instancePath, tarballs);
  for (const name of official) {
    await linkOfficialConnector(instance.connectorsPath, name);
  }
  // What Logto core runs at startup: scan the connectors directory, then load each package.
  const packages = await getConnectorPackagesFromDirectory(instance.connectorsPath);
  factories = await loadConnectorFactories(packages, false);
  hostKit = await import(path.join(instance.hostKitPath, 'lib', 'index.js'));
  smtpServer = await startTestSmtpServer();
  // A forgotten interceptor must fail loudly instead of calling Naver.
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  nock.restore();
  await smtpServer?.close();
  await instance?.remove();
});

const factory = (id: string) => {
  const found = factories.find((candidate) => candidate.metadata.id === id);
  if (!found) {
    throw new Error(
      `factory ${id} was not loaded; loaded: ${factories.map((f) => f.metadata.id).join(', ')}`,
    );
  }
  return found;
};

describe('installed with `logto connector add` and loaded by Logto’s loader', () => {
  it.each(ours)('packs %s with lib, logo, README and LICENSE only', async (name) => {
    const directory = path.join(instance.connectorsPath, name.replace('/', '-'));
    const files = await readdir(directory, { recursive: true });
    // The SMTP package also ships its delivery check's command (`bin`: lib/bin.js) and the full
    // reference its README links to (docs/reference.md).
    const command =
      name === '@seedworks/connector-smtp'
        ? ['docs', 'docs/reference.md', 'lib/bin.d.ts', 'lib/bin.js', 'lib/bin.js.map']
        : [];
    // The Naver package also ships its README in Korean, its full reference in both languages, and
    // jose in chunks of their own (loaded on the first OpenID Connect sign-in), named by content hash.
    const naver = name === '@seedworks/connector-naver';
    const chunks = files.filter((file) => /^lib\/(chunk|webapi)-[A-Z0-9]+\.js(\.map)?$/.test(file));
    expect(chunks.length).toBe(naver ? 4 : 0);
    expect(files.sort()).toEqual(
      [
        'LICENSE',
        'README.md',
        ...(naver ? ['README.ko.md', 'docs', 'docs/reference.ko.md', 'docs/reference.md', ...chunks] : []),
        'lib',
        'lib/index.d.ts',
        'lib/index.js',
        'lib/index.js.map',
        ...command,
        'logo.svg',
        'package.json',
      ].sort(),
    );
  });

  it.each(ours)('extracts %s without a node_modules of its own', (name) => {
    const directory = path.join(instance.connectorsPath, name.replace('/', '-'));
    expect(existsSync(path.join(directory, 'lib', 'index.js'))).toBe(true);
    expect(existsSync(path.join(directory, 'node_modules'))).toBe(false);
  });

  it('loads ours next to the official connectors with distinct factory ids', () => {
    const ids = factories.map((loaded) => loaded.metadata.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'seedworks-smtp',
        'seedworks-naver',
        'simple-mail-transfer-protocol',
        'naver-universal',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['seedworks-smtp', 'smtp', null],
    ['seedworks-naver', 'naver', 'Universal'],
  ])('%s: logo becomes a data URL, readme its text, target %s', (id, target, platform) => {
    const { metadata } = factory(id);
    expect(metadata.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(metadata.readme).toMatch(/^# /);
    expect(metadata.readme.length).toBeGreaterThan(500);
    expect(metadata.target).toBe(target);
    expect(metadata.platform).toBe(platform);
  });

  it('signs in through the loaded Naver connector against Naver’s real endpoints (nock)', async () => {
    const naver = factory('seedworks-naver');
    const connector = (await naver.createConnector({
      getConfig: async () => naverConfig,
    })) as SocialConnector;
    const token = nockNaverTokenExchange();
    const profile = nockNaverProfile();
    const userInfo = await connector.getUserInfo(naverCallbackData, async () => ({
      state: naverCallbackData.state,
      redirectUri: naverCallbackData.redirectUri,
    }));
    token.done();
    profile.done();
    expect(userInfo.id).toBe(naverProfileResponse.response.id);
    // The default config hands Logto neither of Naver's addresses; rawData keeps them.
    expect(userInfo).not.toHaveProperty('email');
    expect(userInfo).not.toHaveProperty('phone');
    expect(userInfo.rawData).toEqual(naverProfileResponse);
  });

  it('raises Naver token errors as the host kit’s ConnectorError', async () => {
    const naver = factory('seedworks-naver');
    const connector = (await naver.createConnector({
      getConfig: async () => naverConfig,
    })) as SocialConnector;
    nockNaverTokenExchange({ reply: { body: naverTokenErrors.invalidCode } });
    const error = await connector
      .getUserInfo(naverCallbackData, async () => ({ state: naverCallbackData.state }))
      .catch((error: unknown) => error);
    expect(error).toBeInstanceOf(hostKit.ConnectorError);
    expect((error as InstanceType<typeof hostKit.ConnectorError>).code).toBe(
      hostKit.ConnectorErrorCodes.SocialAuthCodeInvalid,
    );
  });

  it('sends through the loaded SMTP connector', async () => {
    const smtp = factory('seedworks-smtp');
    const connector = (await smtp.createConnector({
      getConfig: async () => smtpConfigFor(smtpServer),
    })) as EmailConnector;
    await connector.sendMessage({
      to: 'user@example.com',
      type: hostKit.TemplateType.SignIn,
      payload: { code: '314159' },
    });
    const [message] = await smtpServer.waitForMessages(1);
    expect(message?.parsed.text?.trim()).toBe('Your SignIn code is 314159.');
  });

  it('raises errors as the host kit’s ConnectorError', async () => {
    const smtp = factory('seedworks-smtp');
    const connector = (await smtp.createConnector({
      getConfig: async () => smtpConfigFor(smtpServer, { port: 'not-a-port' }),
    })) as EmailConnector;
    const error = await connector
      .sendMessage({ to: 'user@example.com', type: hostKit.TemplateType.SignIn, payload: {} })
      .catch((error: unknown) => error);
    expect(error).toBeInstanceOf(hostKit.ConnectorError);
    expect((error as InstanceType<typeof hostKit.ConnectorError>).code).toBe(
      hostKit.ConnectorErrorCodes.InvalidConfig,
    );
  });

  it('accepts the official Naver config shape with the loaded config guard', () => {
    const { configGuard } = factory('seedworks-naver');
    expect(
      configGuard.safeParse({ clientId: 'jyvqXeaVOVmV', clientSecret: '527300A0_COq1_XV33cf' }).success,
    ).toBe(true);
  });

  it('accepts the sample configs from the README with the loaded config guard', async () => {
    const { configGuard } = factory('seedworks-smtp');
    const samples = [
      {
        host: 'smtp.gmail.com',
        port: 465,
        secure: true,
        auth: { user: 'you@gmail.com', pass: 'app' },
        fromEmail: 'you@gmail.com',
      },
      {
        host: 'smtp.sendgrid.net',
        port: 587,
        auth: { user: 'apikey', pass: 'key' },
        fromEmail: 'noreply@example.com',
      },
      { host: 'mail.internal', port: 25, fromEmail: 'noreply@example.com', name: 'logto.example.com' },
    ];
    for (const sample of samples) {
      expect(configGuard.safeParse(sample).success).toBe(true);
    }
  });
});
