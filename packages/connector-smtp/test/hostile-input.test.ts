import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import {
  type ReceivedMessage,
  smtpConfigFor,
  startTestSmtpServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';

let server: TestSmtpServer;
beforeAll(async () => {
  server = await startTestSmtpServer();
});
afterAll(async () => {
  await closeSmtpTransports();
  await server.close();
});

/** The header block of a raw message, one entry per logical header (folded lines joined). */
const headerLines = (raw: Buffer) =>
  raw
    .toString('utf8')
    .split(/\r\n\r\n/)[0]!
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n');

/** The names of a message's headers, lower-case. */
const headerNames = (message: ReceivedMessage) =>
  headerLines(message.raw).map((line) => line.split(':')[0]!.toLowerCase());

let deliveries = 0;

/**
 * Sends to an address of its own (unless `to` is given) and returns the one message the shared
 * server received for it, so no test reads another test's message.
 */
const deliver = async (config: unknown, options: Parameters<typeof send>[1] = {}) => {
  deliveries += 1;
  const to = options.to ?? `hostile-${deliveries}@example.com`;
  await send(config, { ...options, to });
  const received = server.messages.filter((message) => message.envelope.to.includes(to));
  expect(received).toHaveLength(1);
  return received[0]!;
};

const valid = () => smtpConfigFor(server);

describe('hostile configs: a clear InvalidConfig naming the field, or safe acceptance', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['host of the wrong type', { host: 42 }, /host: Expected string, received number/],
    ['host missing', { host: undefined }, /host: Required/],
    ['host empty', { host: '' }, /host: String must contain at least 1/],
    ['host of 100 000 characters', { host: 'a'.repeat(100_000) }, /host: String must contain at most 253/],
    ['port negative', { port: -1 }, /port: Number must be greater than or equal to 1/],
    ['port 65 536', { port: 65_536 }, /port: Number must be less than or equal to 65535/],
    ['port fractional', { port: 25.5 }, /port: Expected integer, received float/],
    ['port as words', { port: 'twenty-five' }, /port: Expected number, received string/],
    ['port null', { port: null }, /port: Expected number, received null/],
    ['fromEmail missing', { fromEmail: undefined }, /fromEmail: Required/],
    ['fromEmail of the wrong type', { fromEmail: ['a@b.c'] }, /fromEmail: Expected string, received array/],
    ['templates not a list', { templates: 'SignIn' }, /templates: Expected array, received string/],
    [
      'template without subject',
      { templates: [{ usageType: 'SignIn', content: 'x' }] },
      /templates\.0\.subject: Required/,
    ],
    ['tls as a string', { tls: 'yes' }, /tls: Expected object, received string/],
    [
      'auth with a numeric user',
      { auth: { user: 1, pass: 'x' } },
      /auth\.user: Expected string, received number/,
    ],
    [
      'auth of an unknown type',
      { auth: { type: 'cram-md5', user: 'u', pass: 'p' } },
      /auth\.type: must be one of "microsoft365-app", "login",.*"oauth2"/,
    ],
    [
      'timeout of 30 years',
      { socketTimeout: 1e12 },
      /socketTimeout: Number must be less than or equal to 3600000/,
    ],
    [
      'header name with CR/LF',
      { customHeaders: { 'X-A\r\nBcc': 'x' } },
      /customHeaders\.X-A\r\nBcc: header names/,
    ],
    ['header name with a colon', { customHeaders: { 'Bcc:': 'x' } }, /header names are printable ASCII/],
    [
      'header value with CR/LF',
      { customHeaders: { 'X-A': 'ok\r\nBcc: victim@example.com' } },
      /must not contain line breaks/,
    ],
    [
      'DKIM key that is not a key',
      { dkim: { domainName: 'example.com', keySelector: 's', privateKey: 'secret' } },
      /dkim\.privateKey: must be a PEM private key/,
    ],
    ['secure as a string', { secure: 'true' }, /secure: Expected boolean, received string/],
  ])('%s', async (_name, override, field) => {
    const error = await expectConnectorError(
      send({ ...valid(), ...override }),
      ConnectorErrorCodes.InvalidConfig,
      field,
    );
    expect(error.data.errorDescription).toMatch(/^Invalid SMTP connector config: /);
  });

  it('a config that is not an object at all', async () => {
    for (const config of [null, 'smtp://host', 42, []]) {
      await expectConnectorError(send(config), ConnectorErrorCodes.InvalidConfig, /Expected object/);
    }
  });

  it('null in every optional field is "not set"', async () => {
    const nulls = Object.fromEntries(
      [
        'auth',
        'replyTo',
        'fromName',
        'name',
        'localAddress',
        'servername',
        'customHeaders',
        'dkim',
        'tls',
        'secure',
      ]
        .concat(['connectionTimeout', 'greetingTimeout', 'socketTimeout', 'dnsTimeout', 'logger', 'debug'])
        .map((key) => [key, null]),
    );
    await deliver({ ...valid(), ...nulls });
  });

  it('unknown, __proto__ and constructor keys are ignored and pollute nothing', async () => {
    const config = JSON.parse(
      `{"__proto__": {"host": "evil.example", "polluted": true}, "constructor": {"prototype": {"polluted": true}}, "pool": true, "service": "gmail"}`,
    );
    await deliver({ ...valid(), ...config });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a non-ASCII host name is tried and reported as a DNS failure, not a crash', async () => {
    await expectConnectorError(
      send({ ...valid(), host: 'smtp.예시.kr', dnsTimeout: 1000 }),
      ConnectorErrorCodes.General,
      /"smtp\.예시\.kr" could not be resolved/,
    );
  });
});

const htmlTemplate = (fields: Record<string, string>) => ({
  usageType: 'Generic',
  contentType: 'text/html',
  subject: 'Hello {{user.name}}',
  content: '<p>{{user.name}} {{code}}</p>',
  ...fields,
});

/** The control characters of the NUL row (NUL, BEL, ESC): none may reach a header. */
const controlCharacters = ['\u0000', '\u0007', '\u001b'];

/** The characters of `controlCharacters` found in `text`, escaped so a failure shows them. */
const controlCharactersIn = (text: string | undefined) =>
  controlCharacters
    .filter((character) => text?.includes(character))
    .map((character) => JSON.stringify(character));

describe('hostile messages: nothing injected into the message the server received', () => {
  it.each<[string, Record<string, string>, Record<string, unknown>, ((message: ReceivedMessage) => void)?]>([
    ['CR/LF in the subject', {}, { user: { name: 'Ann\r\nBcc: victim@example.com' } }],
    ['LF alone in the subject', {}, { user: { name: 'Ann\nX-Injected: 1' } }],
    [
      'CR/LF in sendFrom',
      { sendFrom: '{{user.name}} <team@example.com>' },
      { user: { name: 'x\r\nBcc: victim@example.com' } },
    ],
    [
      'CR/LF in replyTo',
      { replyTo: '{{user.name}} <help@example.com>' },
      { user: { name: 'help@example.com\r\nBcc: victim@example.com' } },
    ],
    [
      'NUL and other control characters',
      {},
      { user: { name: 'A\u0000B\u0007C\u001bD' } },
      (message) => {
        expect(message.parsed.subject).toMatch(/^Hello A.*B.*C.*D$/);
        expect(controlCharactersIn(message.parsed.subject)).toEqual([]);
        expect(controlCharactersIn(headerLines(message.raw).join('\n'))).toEqual([]);
      },
    ],
    ['a header-looking unicode line separator', {}, { user: { name: 'Ann\u2028Bcc: victim@example.com' } }],
  ])('%s', async (_name, templateFields, payload, check) => {
    const message = await deliver(
      { ...valid(), templates: [htmlTemplate(templateFields)] },
      { type: TemplateType.Generic, payload },
    );
    expect(message.envelope.to).toHaveLength(1);
    const names = headerNames(message);
    expect(names).not.toContain('bcc');
    expect(names).not.toContain('x-injected');
    expect(message.parsed.bcc).toBeUndefined();
    check?.(message);
  });

  it.each([
    ['two addresses', 'a@example.com, b@example.com'],
    ['two addresses with angle brackets', 'a@example.com>, <b@example.com'],
    ['a semicolon list', 'a@example.com; b@example.com'],
    ['a newline-separated list', 'a@example.com\nb@example.com'],
    ['a group', 'all: a@example.com, b@example.com;'],
    ['a display name hiding a second address', '"x@example.com" <a@example.com>, b@example.com'],
  ])('several recipients smuggled into `to` as %s are refused', async (_name, to) => {
    const before = server.connectionCount + server.messages.length;
    await expectConnectorError(
      send(valid(), { to }),
      ConnectorErrorCodes.InvalidRequestParameters,
      /not a plain email address/,
    );
    expect(server.connectionCount + server.messages.length).toBe(before);
  });

  it.each(['user@bücher.example', '用户@例子.广告', 'üser@example.com'])(
    'delivers to the unicode address %s',
    async (to) => {
      const message = await deliver(valid(), { to });
      expect(message.envelope.to).toEqual([to]);
    },
  );

  it('a 1 MB payload value arrives whole in the body; the subject is cut to valid header lines', async () => {
    const long = 'x'.repeat(1_000_000);
    const message = await deliver(
      { ...valid(), templates: [htmlTemplate({ subject: 'S {{code}}', content: '<p>{{code}}</p>' })] },
      {
        type: TemplateType.Generic,
        payload: { code: long },
      },
    );
    expect(message.parsed.html).toBe(`<p>${long}</p>`);
    // Cut, not dropped: the start of the value, as much as a header line holds, and an ellipsis.
    expect(message.parsed.subject).toMatch(/^S x{500,}…$/);
    for (const line of message.raw.toString('utf8').split('\r\n\r\n')[0]!.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(998); // RFC 5322 §2.1.1, https://www.rfc-editor.org/rfc/rfc5322#section-2.1.1
    }
  });

  it('HTML and script in payload values arrive as text', async () => {
    const message = await deliver(
      { ...valid(), templates: [htmlTemplate({})] },
      {
        type: TemplateType.Generic,
        payload: { code: '<script>alert(1)</script>', user: { name: '<img src=x onerror=alert(1)>' } },
      },
    );
    const html = String(message.parsed.html);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('placeholders that reference missing, nested or non-string values render like the kit', async () => {
    const template = {
      usageType: 'Generic',
      contentType: 'text/plain',
      subject: 's',
      content: '[{{missing}}] [{{user.missing}}] [{{count}}] [{{flag}}] [{{list}}] [{{user}}] [{{nothing}}]',
    };
    const message = await deliver(
      { ...valid(), templates: [template] },
      {
        type: TemplateType.Generic,
        payload: { user: { name: 'Ann' }, count: 3, flag: false, list: ['a', 'b'], nothing: null },
      },
    );
    expect(message.parsed.text?.trim()).toBe('[{{missing}}] [] [3] [false] [a,b] [[object Object]] []');
  });

  it('__proto__ in the payload is a plain value, not a prototype', async () => {
    const payload = JSON.parse('{"code": "1", "__proto__": {"code": "polluted", "isAdmin": true}}');
    const template = {
      usageType: 'Generic',
      contentType: 'text/plain',
      subject: 's',
      content: '{{code}} {{__proto__.isAdmin}} {{isAdmin}}',
    };
    const message = await deliver(
      { ...valid(), templates: [template] },
      { type: TemplateType.Generic, payload },
    );
    expect(message.parsed.text?.trim()).toBe('1 true {{isAdmin}}');
  });

  it('a payload that is not an object leaves the placeholders as written', async () => {
    for (const payload of ['not an object', 42, null]) {
      const message = await deliver(valid(), { payload: payload as never });
      expect(message.parsed.text?.trim()).toBe('Your SignIn code is {{code}}.');
    }
  });
});
