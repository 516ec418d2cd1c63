import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import {
  createDkimKey,
  smtpConfigFor,
  startTestSmtpServer,
  type TestSmtpServer,
  verifyDkim,
} from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterEach, describe, expect, it } from 'vitest';
import createConnector, { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';

const servers: TestSmtpServer[] = [];
const start = async (...args: Parameters<typeof startTestSmtpServer>) => {
  const server = await startTestSmtpServer(...args);
  servers.push(server);
  return server;
};

afterEach(async () => {
  await closeSmtpTransports();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const htmlTemplate = {
  usageType: 'SignIn',
  contentType: 'text/html',
  subject: 'Sign in to {{organization.name}}',
  content: '<p>Hi {{user.name}}, your code is <b>{{code}}</b>.</p><a href="{{link}}">Sign in</a>',
};

describe('connection modes and authentication', () => {
  it('delivers over plain SMTP without authentication', async () => {
    const server = await start();
    await send(smtpConfigFor(server));
    const [message] = await server.waitForMessages(1);
    expect(message?.envelope).toEqual({ from: 'noreply@example.com', to: ['user@example.com'] });
    expect(message?.parsed.subject).toBe('SignIn code');
    expect(message?.parsed.text?.trim()).toBe('Your SignIn code is 123456.');
    expect(message?.secure).toBe(false);
    expect(message?.user).toBeUndefined();
  });

  it.each(['PLAIN', 'LOGIN'])('logs in with AUTH %s', async (method) => {
    const server = await start({
      auth: { user: 'alice', pass: 's3cret-pass' },
      serverOptions: { authMethods: [method] },
    });
    await send(smtpConfigFor(server, { auth: { type: 'login', user: 'alice', pass: 's3cret-pass' } }));
    const [message] = await server.waitForMessages(1);
    expect(message?.user).toBe('alice');
  });

  it('logs in with XOAUTH2 and an access token', async () => {
    const server = await start({ auth: { user: 'alice@example.com', accessToken: 'ya29.token-value' } });
    await send(
      smtpConfigFor(server, {
        auth: {
          type: 'OAuth2',
          user: 'alice@example.com',
          accessToken: 'ya29.token-value',
          expires: Date.now() + 3_600_000,
        },
      }),
    );
    const [message] = await server.waitForMessages(1);
    expect(message?.user).toBe('alice@example.com');
  });

  it('upgrades with STARTTLS, trusting the test CA through tls.ca', async () => {
    const server = await start({ starttls: true, auth: { user: 'alice', pass: 'pw-1234' } });
    await send(smtpConfigFor(server, { requireTLS: true, auth: { user: 'alice', pass: 'pw-1234' } }));
    const [message] = await server.waitForMessages(1);
    expect(message?.secure).toBe(true);
    expect(message?.user).toBe('alice');
  });

  it('speaks TLS from the first byte with secure: true', async () => {
    const server = await start({ secure: true });
    await send(smtpConfigFor(server, { secure: true }));
    const [message] = await server.waitForMessages(1);
    expect(message?.secure).toBe(true);
  });
});

describe('the message that arrives', () => {
  it('HTML templates escape payload values and carry a plain-text alternative', async () => {
    const server = await start();
    await send(smtpConfigFor(server, { templates: [htmlTemplate] }), {
      payload: {
        code: '987654',
        link: 'https://auth.example.com/m?t=1&u=2',
        user: { name: 'Ann' },
        organization: { name: '<img src=x onerror=alert(1)>' },
      },
    });
    const [message] = await server.waitForMessages(1);
    const { parsed } = message!;
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.subject).toBe('Sign in to <img src=x onerror=alert(1)>');
    expect(parsed.html).toBe(
      '<p>Hi Ann, your code is <b>987654</b>.</p><a href="https://auth.example.com/m?t=1&amp;u=2">Sign in</a>',
    );
    expect(parsed.text).toContain('your code is 987654');
    expect(parsed.text).toContain('https://auth.example.com/m?t=1&u=2');
  });

  it('formats the sender with fromName, sets Reply-To and custom headers', async () => {
    const server = await start();
    await send(
      smtpConfigFor(server, {
        fromEmail: 'noreply@example.com',
        fromName: 'Acme "Support", Inc.',
        replyTo: 'help@example.com',
        customHeaders: { 'X-Campaign': 'login', 'X-Tags': ['a', 'b'] },
      }),
    );
    const [message] = await server.waitForMessages(1);
    const { parsed } = message!;
    expect(parsed.from?.value).toEqual([{ name: 'Acme "Support", Inc.', address: 'noreply@example.com' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'help@example.com' }]);
    expect(parsed.headers.get('x-campaign')).toBe('login');
    expect(parsed.headers.get('x-tags')).toEqual(['a', 'b']);
  });

  it('reads a display name written inside fromEmail', async () => {
    const server = await start();
    await send(smtpConfigFor(server, { fromEmail: 'Acme <noreply@example.com>' }));
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.from?.value).toEqual([{ name: 'Acme', address: 'noreply@example.com' }]);
    expect(message?.envelope.from).toBe('noreply@example.com');
  });

  it('renders sendFrom and replyTo templates', async () => {
    const server = await start();
    const template = {
      ...htmlTemplate,
      sendFrom: '{{organization.name}} <team@example.com>',
      replyTo: '{{organization.name}} support <help@example.com>',
    };
    await send(smtpConfigFor(server, { templates: [template] }), {
      payload: { code: '1', organization: { name: 'Globex' } },
    });
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.from?.value).toEqual([{ name: 'Globex', address: 'team@example.com' }]);
    expect(message?.parsed.replyTo?.value).toEqual([{ name: 'Globex support', address: 'help@example.com' }]);
  });

  it('keeps payload line breaks out of the headers', async () => {
    const server = await start();
    await send(smtpConfigFor(server, { templates: [htmlTemplate] }), {
      payload: { code: '1', organization: { name: 'Evil\r\nBcc: victim@example.com\r\nX-Injected: 1' } },
    });
    const [message] = await server.waitForMessages(1);
    expect(message?.envelope.to).toEqual(['user@example.com']);
    expect(message?.parsed.headers.has('bcc')).toBe(false);
    expect(message?.parsed.headers.has('x-injected')).toBe(false);
    expect(message?.parsed.subject).toBe('Sign in to Evil Bcc: victim@example.com X-Injected: 1');
  });

  it('signs with DKIM, and the signature verifies', async () => {
    const server = await start();
    const key = createDkimKey();
    await send(
      smtpConfigFor(server, {
        dkim: { domainName: 'example.com', keySelector: 'mail', privateKey: key.privateKey },
      }),
    );
    const [message] = await server.waitForMessages(1);
    const results = await verifyDkim(message!.raw, {
      name: 'mail._domainkey.example.com',
      txtRecord: key.txtRecord,
    });
    expect(results).toEqual([{ domain: 'example.com', selector: 'mail', status: 'pass' }]);
  });
});

describe('recipients', () => {
  it.each([
    ['two addresses', 'a@example.com, b@example.com'],
    ['a group', 'friends: a@example.com, b@example.com;'],
    ['no address', 'just text'],
    ['a line break', 'a@example.com\r\nBcc: b@example.com'],
    ['an empty value', ''],
  ])('refuses %s in `to`', async (_case, to) => {
    const server = await start();
    await expectConnectorError(
      send(smtpConfigFor(server), { to }),
      ConnectorErrorCodes.InvalidRequestParameters,
      /recipient/,
    );
    expect(server.connectionCount).toBe(0);
  });
});

describe('templates', () => {
  it('uses a Logto email template from getI18nEmailTemplate first', async () => {
    const server = await start();
    const connector = await createConnector({
      getConfig: async () => smtpConfigFor(server),
      getI18nEmailTemplate: async (type, locale) => ({
        subject: `DB ${type} ${locale}`,
        content: 'DB body {{code}}',
        contentType: 'text/plain',
      }),
    });
    await connector.sendMessage({
      to: 'user@example.com',
      type: TemplateType.SignIn,
      payload: { code: '42', locale: 'ko' },
    });
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.subject).toBe('DB SignIn ko');
    expect(message?.parsed.text?.trim()).toBe('DB body 42');
  });

  it('ignores a failing getI18nEmailTemplate and falls back to the config', async () => {
    const server = await start();
    const connector = await createConnector({
      getConfig: async () => smtpConfigFor(server),
      getI18nEmailTemplate: async () => {
        throw new Error('database down');
      },
    });
    await connector.sendMessage({
      to: 'user@example.com',
      type: TemplateType.Register,
      payload: { code: '7' },
    });
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.subject).toBe('Register code');
  });

  it.each([
    ['ko-KR', 'ko subject'],
    ['ko', 'ko subject'],
    ['ja', 'default subject'],
    [undefined, 'default subject'],
  ])('picks the template for locale %s', async (locale, subject) => {
    const server = await start();
    const templates = [
      { usageType: 'SignIn', contentType: 'text/plain', subject: 'default subject', content: 'x' },
      { usageType: 'SignIn', contentType: 'text/plain', subject: 'ko subject', content: 'x', locale: 'ko' },
    ];
    await send(smtpConfigFor(server, { templates }), { payload: { code: '1', ...(locale && { locale }) } });
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.subject).toBe(subject);
  });

  it.each(Object.values(TemplateType))('sends %s messages (own template or Generic)', async (type) => {
    const server = await start();
    await send(smtpConfigFor(server), { type });
    const [message] = await server.waitForMessages(1);
    const expected = ['Register', 'SignIn', 'ForgotPassword'].includes(type) ? type : 'Generic';
    expect(message?.parsed.subject).toBe(`${expected} code`);
  });

  it('sends the built-in email when neither the type nor Generic has a template', async () => {
    const server = await start();
    const templates = [{ usageType: 'SignIn', contentType: 'text/plain', subject: 's', content: 'c' }];
    await send(smtpConfigFor(server, { templates }), {
      type: TemplateType.ForgotPassword,
      payload: { code: '123456' },
    });
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.subject).toBe('Reset your password');
    expect(message?.parsed.text).toContain('Verification code: 123456');
  });
});

describe('config sources', () => {
  it('uses the config passed to sendMessage (console "send test") without calling getConfig', async () => {
    const server = await start();
    const connector = await createConnector({
      getConfig: async () => {
        throw new Error('getConfig must not be called');
      },
    });
    await connector.sendMessage(
      { to: 'admin@example.com', type: TemplateType.Generic, payload: { code: '000000' } },
      smtpConfigFor(server),
    );
    const [message] = await server.waitForMessages(1);
    // The test message carries the delivery check's report below the body (src/doctor/test-send.ts).
    expect(message?.parsed.text).toMatch(/^Your Generic code is 000000\.\n\n-- Delivery check/);
  });

  it('names the invalid field in the InvalidConfig error', async () => {
    await expectConnectorError(
      send({ host: 'smtp.example.com', port: 'abc', fromEmail: 'a@example.com', templates: [] }),
      ConnectorErrorCodes.InvalidConfig,
      /port: Expected number, received string/,
    );
  });

  it('createConnector reads no config and opens no connection', async () => {
    const connector = await createConnector({
      getConfig: async () => {
        throw new Error('must not be called');
      },
    });
    expect(connector.metadata.id).toBe('seedworks-smtp');
  });
});
