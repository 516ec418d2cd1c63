import { describe, expect, it } from 'vitest';
import { defaultTimeouts, poolLimits } from '../src/config/defaults.js';
import { defaultMetadata } from '../src/config/metadata.js';
import { smtpConfigGuard } from '../src/config/types.js';

const minimal = { host: 'smtp.example.com', port: 587, fromEmail: 'noreply@example.com' };

/** The `path: message` pairs of a failed parse, as the InvalidConfig error shows them. */
const issues = (config: unknown) => {
  const result = smtpConfigGuard.safeParse(config);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('smtpConfigGuard accepts what the official connector accepts', () => {
  const officialFormDefault = {
    host: 'smtp.example.com',
    port: 25,
    auth: { type: 'login', user: '<username>', pass: '<password>' },
    fromEmail: 'from@example.com',
    templates: defaultMetadata.formItems?.find((item) => item.key === 'templates')?.defaultValue,
    logger: false,
    debug: false,
    disableFileAccess: false,
    disableUrlAccess: false,
    secure: false,
    tls: {},
    customHeaders: {},
  };

  it.each([
    ['the official form defaults', officialFormDefault],
    ['login auth', { ...minimal, auth: { user: 'u', pass: 'p' } }],
    ['LOGIN spelled in capitals', { ...minimal, auth: { type: 'LOGIN', user: 'u', pass: 'p' } }],
    ['no auth ({})', { ...minimal, auth: {} }],
    [
      'OAuth2 with tokens',
      {
        ...minimal,
        auth: {
          type: 'OAuth2',
          user: 'u@example.com',
          clientId: 'id',
          clientSecret: 'secret',
          refreshToken: 'refresh',
          accessToken: 'access',
          expires: 1_700_000_000_000,
          accessUrl: 'https://oauth2.example.com/token',
        },
      },
    ],
    [
      'OAuth2 with a service key (passphrase-protected)',
      {
        ...minimal,
        auth: { user: 'u@example.com', serviceClient: '1234', privateKey: { key: 'PEM', passphrase: 'pw' } },
      },
    ],
    [
      'every connection option',
      {
        ...minimal,
        name: 'logto.example.com',
        localAddress: '0.0.0.0',
        connectionTimeout: 120_000,
        greetingTimeout: 30_000,
        socketTimeout: 600_000,
        dnsTimeout: 30_000,
        secure: true,
        tls: { rejectUnauthorized: false, ca: ['PEM'] },
        servername: 'smtp.example.com',
        ignoreTLS: false,
        requireTLS: true,
        replyTo: 'help@example.com',
        customHeaders: { 'X-One': 'a', 'X-Many': ['b', 'c'] },
      },
    ],
  ])('%s', (_name, config) => {
    expect(issues(config)).toEqual([]);
  });

  it('keeps the OAuth2 fields (the strict login member does not swallow them)', () => {
    const parsed = smtpConfigGuard.parse({
      ...minimal,
      auth: { user: 'u', clientId: 'id', refreshToken: 'r' },
    });
    expect(parsed.auth).toEqual({ user: 'u', clientId: 'id', refreshToken: 'r' });
  });

  it('keeps explicit official-style timeouts as given', () => {
    const parsed = smtpConfigGuard.parse({ ...minimal, socketTimeout: 600_000 });
    expect(parsed.socketTimeout).toBe(600_000);
  });

  it('ignores unknown keys instead of rejecting the config', () => {
    expect(smtpConfigGuard.parse({ ...minimal, pool: true, service: 'gmail' })).not.toHaveProperty('pool');
  });
});

describe('defaults and null', () => {
  it('applies defaults a sign-in can wait for', () => {
    const parsed = smtpConfigGuard.parse(minimal);
    expect(parsed).toMatchObject({ ...defaultTimeouts, secure: false, tls: {}, templates: [] });
    expect(parsed.socketTimeout).toBeLessThanOrEqual(30_000);
  });

  it('treats null in optional fields as not set', () => {
    const parsed = smtpConfigGuard.parse({
      ...minimal,
      auth: null,
      replyTo: null,
      connectionTimeout: null,
      greetingTimeout: null,
      socketTimeout: null,
      dnsTimeout: null,
      secure: null,
      tls: null,
      name: null,
      customHeaders: null,
      templates: null,
      dkim: null,
    });
    expect(parsed).toMatchObject({ ...defaultTimeouts, secure: false, tls: {}, templates: [] });
    expect(parsed.auth).toBeUndefined();
    expect(parsed.replyTo).toBeUndefined();
  });

  it('sizes the pool as before unless the admin sets it', () => {
    const defaults = {
      maxConnections: poolLimits.maxConnections,
      maxMessages: poolLimits.maxMessages,
      idleTimeout: poolLimits.connectionIdleTimeout,
    };
    expect(smtpConfigGuard.parse(minimal)).toMatchObject(defaults);
    expect(
      smtpConfigGuard.parse({ ...minimal, maxConnections: null, maxMessages: null, idleTimeout: null }),
    ).toMatchObject(defaults);
    expect(
      smtpConfigGuard.parse({ ...minimal, maxConnections: 10, maxMessages: 50, idleTimeout: 60_000 }),
    ).toMatchObject({ maxConnections: 10, maxMessages: 50, idleTimeout: 60_000 });
  });

  it('accepts a port pasted as a string', () => {
    expect(smtpConfigGuard.parse({ ...minimal, port: ' 465 ' }).port).toBe(465);
  });
});

describe('rejections name the field and what was expected', () => {
  it.each([
    [{ port: 587, fromEmail: 'a@b.c' }, 'host: Required'],
    [{ ...minimal, host: '  ' }, 'host: String must contain at least 1 character(s)'],
    [{ ...minimal, port: 'abc' }, 'port: Expected number, received string'],
    [{ ...minimal, port: 0 }, 'port: Number must be greater than or equal to 1'],
    [{ ...minimal, port: 70_000 }, 'port: Number must be less than or equal to 65535'],
    [{ ...minimal, socketTimeout: -1 }, 'socketTimeout: Number must be greater than or equal to 0'],
    [{ ...minimal, secure: 'yes' }, 'secure: Expected boolean, received string'],
    [
      { ...minimal, customHeaders: { 'X-A': 'a\r\nBcc: x@y.z' } },
      'customHeaders.X-A: must not contain line breaks (CR/LF)',
    ],
    [{ ...minimal, templates: [{ usageType: 'SignIn', subject: 's' }] }, 'templates.0.content: Required'],
    [
      {
        ...minimal,
        templates: [{ usageType: 'SignIn', subject: 's', content: 'c', contentType: 'text/markdown' }],
      },
      'templates.0.contentType: Invalid enum value',
    ],
    [{ ...minimal, dkim: { domainName: 'example.com' } }, 'dkim.keySelector: Required'],
    [{ ...minimal, maxConnections: 0 }, 'maxConnections: Number must be greater than or equal to 1'],
    [{ ...minimal, maxConnections: 2.5 }, 'maxConnections: Expected integer'],
    [{ ...minimal, maxMessages: '100' }, 'maxMessages: Expected number, received string'],
    [{ ...minimal, idleTimeout: 10 }, 'idleTimeout: Number must be greater than or equal to 1000'],
  ])('%j → %s', (config, expected) => {
    expect(issues(config).join('\n')).toContain(expected);
  });
});
