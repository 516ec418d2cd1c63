import { readFile } from 'node:fs/promises';
import type { EmailConnector, SocialConnector } from '@logto/connector-kit';
import {
  senderDomainRecords,
  startTestDnsServer,
  startTestSmtpServer,
  type TestDnsServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
// Not the `naver` entry: it loads nock, whose interceptor would sit in the playground's HTTP path.
import { type MockNaver, startMockNaver } from '@seedworks/test-fixtures/naver/mock-naver-server';
import { naverConfig as mockNaverConfig } from '@seedworks/test-fixtures/naver/responses';
import { loadBuiltConnectors } from './connectors.js';
import { jsonSyntaxMessage } from './web/mask.js';
import { startPlaygroundServer } from './web/server.js';

export interface PlaygroundSettings {
  /** Path of a JSON file with a real SMTP config; without it, an embedded SMTP server is used. */
  smtpConfigFile?: string;
  /** Real Naver app credentials; without them, a local mock Naver is used. */
  naverClientId?: string;
  naverClientSecret?: string;
  /** Port to serve on. Fixed when talking to real Naver, so the callback URL can be registered. */
  port?: number;
  /** Consent behaviour of the mock Naver ('prompt' shows Agree / Cancel). */
  mockConsent?: 'prompt' | 'agree' | 'cancel';
}

/** Where the send test's delivery check asks DNS (the connector reads it; see its README). */
const dnsServersVariable = 'SEEDWORKS_SMTP_DNS_SERVERS';

/** The embedded server's config: what an admin would paste for a plain relay. */
const embeddedSmtpConfig = (server: TestSmtpServer) => ({
  host: server.host,
  port: server.port,
  fromEmail: 'Acme <noreply@acme.test>',
  templates: [
    {
      usageType: 'SignIn',
      contentType: 'text/html',
      subject: 'Your {{organization.name}} sign-in code',
      content:
        '<p>Hello {{user.name}},</p><p>Your code is <b>{{code}}</b>.</p><p><a href="{{link}}">Or sign in with one click</a></p>',
    },
    {
      usageType: 'SignIn',
      locale: 'ko',
      contentType: 'text/plain',
      subject: '{{organization.name}} 로그인 코드',
      content: '{{user.name}}님, 인증 코드는 {{code}} 입니다.',
    },
    {
      usageType: 'Generic',
      contentType: 'text/plain',
      subject: 'Your code',
      content: 'Your code is {{code}}.',
    },
  ],
});

/**
 * Reads the admin's SMTP config file. Errors name the file and the line, never its contents: the
 * file holds the SMTP password and the message goes to the console.
 */
export const readSmtpConfigFile = async (file: string): Promise<Record<string, unknown>> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read SMTP_CONFIG_FILE ${file}: ${(error as NodeJS.ErrnoException).code}.`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new Error(`SMTP_CONFIG_FILE ${file} is not valid JSON: ${jsonSyntaxMessage(error, text)}.`);
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(`SMTP_CONFIG_FILE ${file} must hold one JSON object: the connector config.`);
  }
  return config as Record<string, unknown>;
};

/** Starts everything the page needs and returns its URL and a `close` that stops it all. */
export const startPlayground = async (settings: PlaygroundSettings = {}) => {
  // Before any server starts: a missing build or a bad config file then leaves nothing to close.
  const built = await loadBuiltConnectors();
  const fileConfig = settings.smtpConfigFile ? await readSmtpConfigFile(settings.smtpConfigFile) : undefined;

  const embeddedSmtp = fileConfig ? undefined : await startTestSmtpServer();
  const emailConfig = fileConfig ?? embeddedSmtpConfig(embeddedSmtp!);
  // The embedded sender domain (acme.test) exists only here: an embedded DNS server publishes its
  // SPF and DMARC for the delivery check, which the send test also runs. A real config asks the
  // system's DNS, or SEEDWORKS_SMTP_DNS_SERVERS when set.
  const embeddedDns: TestDnsServer | undefined = embeddedSmtp
    ? await startTestDnsServer(senderDomainRecords('acme.test'))
    : undefined;
  const dnsServers = embeddedDns
    ? [embeddedDns.address]
    : process.env[dnsServersVariable]?.split(',').map((server) => server.trim());
  const previousDnsServers = process.env[dnsServersVariable];
  if (embeddedDns) {
    process.env[dnsServersVariable] = embeddedDns.address;
  }

  const realNaver = Boolean(settings.naverClientId && settings.naverClientSecret);
  const mockNaver: MockNaver | undefined = realNaver
    ? undefined
    : await startMockNaver({ consent: settings.mockConsent });
  const naverConfig = realNaver
    ? { clientId: settings.naverClientId, clientSecret: settings.naverClientSecret }
    : mockNaverConfig;
  // The endpoint seam for the mock only; real credentials go through the package's default export.
  const createNaver = mockNaver
    ? built.naver.createNaverConnector({ endpoints: mockNaver.endpoints })
    : built.naver.default;

  const server = await startPlaygroundServer({
    port: settings.port,
    // The callback URL an admin registers with Naver: Naver's docs and console use localhost.
    host: realNaver ? 'localhost' : '127.0.0.1',
    realNaver,
    emailConfig,
    embeddedSmtp,
    // Per request, as Logto rebuilds connectors for every request (getLogtoConnectors in https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/connector.ts).
    emailConnector: (storedConfig = emailConfig) =>
      built.smtp.default({ getConfig: async () => storedConfig }) as Promise<EmailConnector>,
    naverConnector: (openIdConnect) =>
      createNaver({ getConfig: async () => ({ ...naverConfig, openIdConnect }) }) as Promise<SocialConnector>,
    checkDelivery: (config) => built.smtp.checkDelivery(built.smtp.parseConfig(config), { dnsServers }),
    mode: [
      embeddedSmtp
        ? `Email: embedded SMTP server at ${embeddedSmtp.host}:${embeddedSmtp.port}`
        : 'Email: your SMTP server (from SMTP_CONFIG_FILE)',
      mockNaver ? `Naver: local mock at ${mockNaver.baseUrl}` : 'Naver: real Naver (NAVER_CLIENT_ID)',
    ].join(' · '),
  });

  return {
    url: server.url,
    naverCallbackUrl: server.naverCallbackUrl,
    embeddedSmtp,
    mockNaver,
    close: async () => {
      await server.close();
      await built.smtp.closeSmtpTransports();
      await embeddedSmtp?.close();
      await embeddedDns?.close();
      if (embeddedDns) {
        if (previousDnsServers === undefined) {
          delete process.env[dnsServersVariable];
        } else {
          process.env[dnsServersVariable] = previousDnsServers;
        }
      }
      await mockNaver?.close();
    },
  };
};
