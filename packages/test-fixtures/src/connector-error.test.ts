import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';
import { expectConnectorError, expectHiddenCause } from './connector-error.js';

const described = (code: ConnectorErrorCodes, errorDescription: string) =>
  new ConnectorError(code, { errorDescription });

describe('expectConnectorError', () => {
  const error = described(
    ConnectorErrorCodes.InvalidConfig,
    'Naver rejected the client credentials (invalid_client). Check that clientId and clientSecret match.',
  );

  it('passes on the code and every key phrase', async () => {
    await expect(
      expectConnectorError(
        error,
        ConnectorErrorCodes.InvalidConfig,
        /\(invalid_client\)/,
        /Check that clientId/,
      ),
    ).resolves.toBe(error);
  });

  it('fails on another code, or when any one phrase is missing', async () => {
    await expect(
      expectConnectorError(error, ConnectorErrorCodes.General, /\(invalid_client\)/),
    ).rejects.toThrow();
    await expect(
      expectConnectorError(error, ConnectorErrorCodes.InvalidConfig, /\(invalid_client\)/, /callback URL/),
    ).rejects.toThrow(/callback URL/);
  });

  it('fails on a promise that resolves, and on extra fields in data', async () => {
    await expect(
      expectConnectorError(Promise.resolve(), ConnectorErrorCodes.InvalidConfig, /./),
    ).rejects.toThrow(/expected a ConnectorError/);
    const withExtra = new ConnectorError(ConnectorErrorCodes.InvalidConfig, {
      errorDescription: 'x',
      secret: 'y',
    });
    await expect(expectConnectorError(withExtra, ConnectorErrorCodes.InvalidConfig, /x/)).rejects.toThrow();
  });
});

describe('expectHiddenCause', () => {
  const secret = 'Pa55-word-never-logged';
  const withCause = (cause: unknown, enumerable = false) => {
    const error = described(ConnectorErrorCodes.General, 'The mail server rejected the login.');
    Object.defineProperty(error, 'cause', { value: cause, enumerable, configurable: true });
    return error;
  };

  it('passes on a hidden cause that shows its mentions and no secret, and returns it', () => {
    const cause = new Error('535 5.7.8 Authentication failed');
    expect(expectHiddenCause(withCause(cause), { secrets: [secret], mentions: [/535/, '5.7.8'] })).toBe(
      cause,
    );
  });

  it('fails on a missing or enumerable cause, or a missing mention', () => {
    expect(() => expectHiddenCause(withCause(undefined), { secrets: [] })).toThrow();
    expect(() => expectHiddenCause(withCause(new Error('x'), true), { secrets: [] })).toThrow();
    expect(() => expectHiddenCause(withCause(new Error('x')), { secrets: [], mentions: [/535/] })).toThrow();
  });

  it.each([
    ['as is', secret, secret],
    ['base64-encoded (SMTP AUTH)', secret, Buffer.from(secret).toString('base64')],
    ['URL-encoded', 'p@ss word&more', 'p%40ss%20word%26more'],
    ['form-encoded', 'p@ss word&more', 'p%40ss+word%26more'],
  ])('fails on a secret in the cause, %s', (_, secret, leaked) => {
    const cause = new Error(`AUTH PLAIN ${leaked}`);
    expect(() => expectHiddenCause(withCause(cause), { secrets: [secret] })).toThrow();
  });
});
