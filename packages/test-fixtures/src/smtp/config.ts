import type { TestSmtpServer } from './test-smtp-server.js';

/** Templates for the four usage types the official connector requires, plain text. */
export const officialRequiredTemplates = Object.freeze(
  ['Register', 'SignIn', 'ForgotPassword', 'Generic'].map((usageType) =>
    Object.freeze({
      usageType,
      contentType: 'text/plain' as const,
      subject: `${usageType} code`,
      content: `Your ${usageType} code is {{code}}.`,
    }),
  ),
);

/**
 * A config in the official connector's shape that points at a test server: what an admin would
 * paste, with the server's certificate trusted when it uses TLS.
 */
export const smtpConfigFor = (
  server: Pick<TestSmtpServer, 'host' | 'port' | 'cert'>,
  overrides: Record<string, unknown> = {},
) => ({
  host: server.host,
  port: server.port,
  auth: {},
  fromEmail: 'noreply@example.com',
  templates: officialRequiredTemplates,
  ...(server.cert && { tls: { ca: server.cert } }),
  ...overrides,
});
