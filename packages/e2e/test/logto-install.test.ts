import { existsSync } from 'node:fs';
import path from 'node:path';
import { addConnectors } from '@logto/cli/lib/commands/connector/utils.js';
import type { ConnectorFactory } from '@logto/cli/lib/connector/index.js';
import { loadConnectorFactories } from '@logto/cli/lib/connector/index.js';
import { getConnectorPackagesFromDirectory } from '@logto/cli/lib/utils.js';
import type { EmailConnector } from '@logto/connector-kit';
import { smtpConfigFor, startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogtoInstance, linkOfficialConnector, packConnector } from '../src/logto-instance.js';

const ours = ['@seedworks/connector-smtp'] as const;
const official = ['@logto/connector-smtp'] as const;

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
});

afterAll(async () => {
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
  it('extracts each package without a node_modules of its own', () => {
    const directory = path.join(instance.connectorsPath, '@seedworks-connector-smtp');
    expect(existsSync(path.join(directory, 'lib', 'index.js'))).toBe(true);
    expect(existsSync(path.join(directory, 'node_modules'))).toBe(false);
  });

  it('loads ours next to the official connectors with distinct factory ids', () => {
    const ids = factories.map((loaded) => loaded.metadata.id);
    expect(ids).toEqual(expect.arrayContaining(['seedworks-smtp', 'simple-mail-transfer-protocol']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('turns the logo into a data URL and the readme into its text', () => {
    const { metadata } = factory('seedworks-smtp');
    expect(metadata.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(metadata.readme).toContain('# SMTP connector (Seedworks)');
    expect(metadata.target).toBe('smtp');
    expect(metadata.platform).toBeNull();
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
