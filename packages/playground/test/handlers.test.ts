import { TemplateType } from '@logto/connector-kit';
import createSmtpConnector, {
  checkDelivery,
  closeSmtpTransports,
  parseConfig,
} from '@seedworks/connector-smtp';
import {
  senderDomainRecords,
  startTestDnsServer,
  startTestSmtpServer,
  type TestDnsServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEmailDelivery, sendEmail } from '../src/web/email-panel.js';
import { jsonSyntaxMessage, maskSecrets, maskToken } from '../src/web/mask.js';
import { unmask } from '../src/web/server.js';

let smtp: TestSmtpServer;
// The send test checks the sender domain's DNS first: a local resolver knows example.com.
let dns: TestDnsServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  dns = await startTestDnsServer(senderDomainRecords('example.com'));
  process.env.SEEDWORKS_SMTP_DNS_SERVERS = dns.address;
});
afterAll(async () => {
  delete process.env.SEEDWORKS_SMTP_DNS_SERVERS;
  await closeSmtpTransports();
  await smtp.close();
  await dns.close();
});

const connector = () => createSmtpConnector({ getConfig: async () => ({}) });
const request = (overrides: Partial<Parameters<typeof sendEmail>[1]> = {}) => ({
  config: JSON.stringify({
    host: smtp.host,
    port: smtp.port,
    fromEmail: 'noreply@example.com',
    templates: [
      { usageType: 'SignIn', contentType: 'text/html', subject: 'Code {{code}}', content: '<b>{{code}}</b>' },
    ],
  }),
  type: TemplateType.SignIn,
  to: 'user@example.com',
  payload: '{"code": "777"}',
  ...overrides,
});

describe('email panel handler', () => {
  it('sends with the edited config and returns the message the server received', async () => {
    const result = await sendEmail(await connector(), request(), smtp);
    expect(result).toMatchObject({
      ok: true,
      // Like Logto's send test, it carries the delivery check's report below the body.
      received: {
        subject: 'Code 777',
        html: expect.stringMatching(/^<b>777<\/b><hr>.*Delivery check/s),
        to: 'user@example.com',
      },
    });
    expect(result.ok && result.received?.headers).toEqual(expect.arrayContaining([['Subject', 'Code 777']]));
  });

  it('invalid JSON in the config box is a clear message naming the box, not a stack trace', async () => {
    const result = await sendEmail(await connector(), request({ config: '{ "host": "x", }' }), smtp);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_json',
        field: 'config',
        description: expect.stringMatching(/config box is not valid JSON/),
      },
    });
    expect(result.ok ? '' : result.error.description).toMatch(/Check quotes, commas and braces/);
    expect(JSON.stringify(result)).not.toMatch(/ at .+\.ts:\d+/);
  });

  it('invalid JSON in the config box never quotes what was typed (it may be a password)', async () => {
    const result = await sendEmail(
      await connector(),
      request({ config: '{\n  "host": "h",\n  "auth": { "user": "u", "pass": "hunter2" } x\n}' }),
      smtp,
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        description: expect.stringContaining("Expected ',' or '}' after property value at line 3, column"),
      },
    });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('invalid JSON in the payload box names the payload box', async () => {
    const result = await sendEmail(await connector(), request({ payload: '{code: 1}' }), smtp);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_json', field: 'payload' } });
  });

  it('a ConnectorError comes back with its code and hint', async () => {
    const result = await sendEmail(
      await connector(),
      request({ config: '{"host": "127.0.0.1", "port": "x"}' }),
      smtp,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_config',
        description: expect.stringMatching(/^Invalid SMTP connector config: port: /),
      },
    });
  });
});

describe('check delivery handler', () => {
  const check = (config: unknown) => checkDelivery(parseConfig(config), { dnsServers: [dns.address] });

  it('returns every finding of the edited config, and sends nothing', async () => {
    const before = smtp.messages.length;
    const result = await checkEmailDelivery(check, request().config);
    expect(result).toMatchObject({ ok: true, blocked: false });
    expect(result.ok && result.findings.map((finding) => finding.subject)).toEqual(
      expect.arrayContaining([`primary (${smtp.host}:${smtp.port}) connection`, 'SPF (example.com)']),
    );
    expect(smtp.messages).toHaveLength(before);
  });

  it('a sender domain without records: blocked, naming SPF', async () => {
    const config = JSON.stringify({
      host: smtp.host,
      port: smtp.port,
      fromEmail: 'noreply@bare.example.com',
    });
    const result = await checkEmailDelivery(check, config);
    expect(result).toMatchObject({ ok: true, blocked: true });
    expect(result.ok && result.findings.find((finding) => finding.level === 'blocker')?.subject).toBe(
      'SPF (bare.example.com)',
    );
  });

  it('an invalid config: the config error with the field, as Send shows it', async () => {
    const result = await checkEmailDelivery(check, JSON.stringify({ host: smtp.host, port: 'x' }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_config', description: expect.stringMatching(/port/) },
    });
  });
});

describe('secrets on the page', () => {
  it('masks credentials in the config shown on the page', () => {
    expect(
      maskSecrets({
        host: 'h',
        auth: { user: 'u', pass: 'p4ss' },
        dkim: { privateKey: 'PEM' },
        clientSecret: 's',
        proxy: 'http://relay:proxy-pass@proxy.internal:3128',
        name: 'http://no-password.example',
      }),
    ).toEqual({
      host: 'h',
      auth: { user: 'u', pass: '••••' },
      dkim: { privateKey: '••••' },
      clientSecret: '••••',
      proxy: '••••',
      name: 'http://no-password.example',
    });
  });

  it('puts the real secret back where the edited config still holds the mask', () => {
    const original = { auth: { user: 'u', pass: 'real-pass' }, port: 25 };
    expect(unmask({ auth: { user: 'other', pass: '••••' }, port: 587 }, original)).toEqual({
      auth: { user: 'other', pass: 'real-pass' },
      port: 587,
    });
    expect(unmask({ auth: { pass: 'typed-new' } }, original)).toEqual({ auth: { pass: 'typed-new' } });
  });

  it('JSON syntax errors keep the reason and position, never the text', () => {
    const message = (text: string) => {
      try {
        JSON.parse(text);
      } catch (error) {
        return jsonSyntaxMessage(error, text);
      }
    };
    expect(message('{"pass": s3cret-value}')).toBe('Unquoted text (strings need double quotes)');
    expect(message('{"pass": "s3cret"')).toBe(
      "Expected ',' or '}' after property value at line 1, column 18",
    );
    expect(message('{"a": 1}\n  s3cret')).toBe(
      'Unexpected non-whitespace character after JSON at line 2, column 3',
    );
    expect(message('{"a": 1,}')).toMatch(/^[^"]*$/);
    expect(message('')).toBe('Unexpected end of JSON input');
  });

  it('shows tokens by their first characters and length only', () => {
    expect(maskToken('AAAAQosjWDJieBiQZc3to9YQp6HDLvrmyKC')).toBe('AAAA…(35 chars)');
  });
});
