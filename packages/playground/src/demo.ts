/**
 * The main job until the browser playground exists: start an embedded SMTP server, load the
 * *built* connector the way Logto loads it (`lib/index.js`, default export), send one sign-in
 * code through it and print the message the server received.
 */
import { startTestSmtpServer } from '@seedworks/test-fixtures';

const connectorModule = await import('@seedworks/connector-smtp');
const createConnector = connectorModule.default;

const server = await startTestSmtpServer({ auth: { user: 'demo', pass: 'demo-password' } });
const config = {
  host: server.host,
  port: server.port,
  auth: { type: 'login', user: 'demo', pass: 'demo-password' },
  fromEmail: 'Acme <noreply@acme.test>',
  templates: [
    {
      usageType: 'SignIn',
      contentType: 'text/html',
      subject: 'Your {{organization.name}} sign-in code',
      content:
        '<p>Hello {{user.name}},</p><p>Your code is <b>{{code}}</b>. <a href="{{link}}">Or sign in with one click</a>.</p>',
    },
  ],
};

try {
  const connector = await createConnector({ getConfig: async () => config });
  console.log(`Connector: ${connector.metadata.id} (${connector.metadata.name.en})`);
  console.log(`Embedded SMTP server: ${server.host}:${server.port}\n`);
  await connector.sendMessage({
    to: 'ann@example.com',
    type: 'SignIn' as never,
    payload: {
      code: '428913',
      link: 'https://auth.acme.test/magic?token=abc',
      user: { name: 'Ann <script>' },
      organization: { name: 'Acme' },
    },
  });
  const [message] = await server.waitForMessages(1);
  if (!message) {
    throw new Error('No message arrived');
  }
  console.log('Message received by the SMTP server:');
  console.log(`  envelope: ${message.envelope.from} -> ${message.envelope.to.join(', ')}`);
  console.log(`  from:     ${message.parsed.from?.text}`);
  console.log(
    `  to:       ${[message.parsed.to]
      .flat()
      .map((to) => to?.text)
      .join(', ')}`,
  );
  console.log(`  subject:  ${message.parsed.subject}`);
  console.log(
    `  type:     ${message.parsed.headers.get('content-type') && (message.parsed.headers.get('content-type') as { value: string }).value}`,
  );
  console.log('  --- text part ---');
  console.log(message.parsed.text?.trim().replace(/^/gm, '  '));
  console.log('  --- html part ---');
  console.log(String(message.parsed.html).trim().replace(/^/gm, '  '));
} finally {
  await connectorModule.closeSmtpTransports();
  await server.close();
}
