import { readFile } from 'node:fs/promises';
import type { EmailConnector, SocialConnector } from '@logto/connector-kit';
import createRealNaverConnector, { createNaverConnector } from '@seedworks/connector-naver';
// The built packages (lib/index.js), loaded as Logto loads them: default export, called per request.
import createSmtpConnector, { closeSmtpTransports } from '@seedworks/connector-smtp';
import { startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
// Not the `naver` entry: it loads nock, whose interceptor would sit in the playground's HTTP path.
import { type MockNaver, startMockNaver } from '@seedworks/test-fixtures/naver/mock-naver-server';
import { naverConfig as mockNaverConfig } from '@seedworks/test-fixtures/naver/responses';
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

/** Starts everything the page needs and returns its URL and a `close` that stops it all. */
export const startPlayground = async (settings: PlaygroundSettings = {}) => {
  const embeddedSmtp = settings.smtpConfigFile ? undefined : await startTestSmtpServer();
  const emailConfig = settings.smtpConfigFile
    ? (JSON.parse(await readFile(settings.smtpConfigFile, 'utf8')) as Record<string, unknown>)
    : embeddedSmtpConfig(embeddedSmtp!);

  const realNaver = Boolean(settings.naverClientId && settings.naverClientSecret);
  const mockNaver: MockNaver | undefined = realNaver
    ? undefined
    : await startMockNaver({ consent: settings.mockConsent });
  const naverConfig = realNaver
    ? { clientId: settings.naverClientId, clientSecret: settings.naverClientSecret }
    : mockNaverConfig;
  const createNaver = mockNaver
    ? createNaverConnector({ endpoints: mockNaver.endpoints })
    : createRealNaverConnector;

  const server = await startPlaygroundServer({
    port: settings.port,
    emailConfig,
    embeddedSmtp,
    emailConnector: () =>
      createSmtpConnector({
        getConfig: async () => emailConfig,
      }) as Promise<EmailConnector>,
    naverConnector: () => createNaver({ getConfig: async () => naverConfig }) as Promise<SocialConnector>,
    mode: [
      embeddedSmtp
        ? `Email: embedded SMTP server at ${embeddedSmtp.host}:${embeddedSmtp.port}`
        : 'Email: your SMTP server',
      mockNaver ? `Naver: local mock at ${mockNaver.baseUrl}` : 'Naver: real Naver',
    ].join(' · '),
  });

  return {
    url: server.url,
    embeddedSmtp,
    mockNaver,
    close: async () => {
      await server.close();
      await closeSmtpTransports();
      await embeddedSmtp?.close();
      await mockNaver?.close();
    },
  };
};
