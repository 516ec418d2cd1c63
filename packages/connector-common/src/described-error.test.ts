import { ConnectorError, ConnectorErrorCodes, validateConfig } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConnectorErrorDescription,
  describedConnectorError,
  parseConfigOrThrow,
  withDescribedErrors,
} from './described-error.js';

describe('describedConnectorError', () => {
  it('keeps General data a plain { errorDescription }, which Logto puts into its message', () => {
    const error = describedConnectorError(
      ConnectorErrorCodes.General,
      'The mail server refused the connection.',
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.code).toBe(ConnectorErrorCodes.General);
    expect(error.data).not.toBeInstanceOf(SyntaxError);
    expect(error.data).toEqual({ errorDescription: 'The mail server refused the connection.' });
  });

  it.each([
    ConnectorErrorCodes.InvalidConfig,
    ConnectorErrorCodes.AuthorizationFailed,
    ConnectorErrorCodes.RateLimitExceeded,
  ])(
    'carries the description as a SyntaxError for %s, so Logto fills `details` and keeps the code',
    (code) => {
      const error = describedConnectorError(code, 'Check auth.user and auth.pass.');
      expect(error.code).toBe(code);
      expect(error.data).toBeInstanceOf(SyntaxError);
      expect((error.data as SyntaxError).message).toBe('Check auth.user and auth.pass.');
      // What Logto serialises as the body's `data`.
      expect(JSON.parse(JSON.stringify(error.data))).toEqual({
        errorDescription: 'Check auth.user and auth.pass.',
      });
    },
  );

  it('keeps the original error as a non-enumerable cause', () => {
    const original = new Error('ECONNREFUSED');
    const error = describedConnectorError(ConnectorErrorCodes.InvalidConfig, 'hint', original);
    expect(error.cause).toBe(original);
    expect(Object.keys(error)).not.toContain('cause');
    expect(describedConnectorError(ConnectorErrorCodes.General, 'hint')).not.toHaveProperty('cause');
  });
});

describe('withDescribedErrors', () => {
  const guard = z.object({ host: z.string(), port: z.number().default(587) });
  const described = withDescribedErrors(
    guard,
    (error) => `Invalid config: ${error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
  );

  it('parses as the guard does, defaults included', () => {
    expect(described.safeParse({ host: 'smtp.example.com' })).toEqual({
      success: true,
      data: { host: 'smtp.example.com', port: 587 },
    });
    expect(described.parse({ host: 'h' })).toEqual({ host: 'h', port: 587 });
  });

  it('makes Logto’s validateConfig throw InvalidConfig with a readable SyntaxError naming the fields', () => {
    let thrown: unknown;
    try {
      validateConfig({ port: 'x' }, described);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConnectorError);
    const { code, data } = thrown as ConnectorError;
    expect(code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect(data).toBeInstanceOf(ConnectorErrorDescription);
    expect((data as SyntaxError).message).toBe('Invalid config: host, port');
    expect((data as { cause?: unknown }).cause).toBeInstanceOf(z.ZodError);
  });

  it('leaves the original guard untouched', () => {
    expect(guard.safeParse({}).success).toBe(false);
    expect((guard.safeParse({}) as { error: unknown }).error).toBeInstanceOf(z.ZodError);
  });
});

describe('parseConfigOrThrow', () => {
  const guard = z.object({ host: z.string().trim(), port: z.number().default(587) });
  const describe = (error: z.ZodError) =>
    `Invalid config: ${error.issues.map((issue) => issue.path.join('.')).join(', ')}`;

  it('returns the parsed value, trimmed and with defaults', () => {
    expect(parseConfigOrThrow(guard, { host: ' smtp.example.com ' }, describe)).toEqual({
      host: 'smtp.example.com',
      port: 587,
    });
  });

  it('throws InvalidConfig with the description, zod’s error kept as a hidden cause', () => {
    let thrown: unknown;
    try {
      parseConfigOrThrow(guard, { port: 'x' }, describe);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConnectorError);
    const error = thrown as ConnectorError;
    expect(error.code).toBe(ConnectorErrorCodes.InvalidConfig);
    expect((error.data as SyntaxError).message).toBe('Invalid config: host, port');
    expect(error.cause).toBeInstanceOf(z.ZodError);
    expect(Object.keys(error)).not.toContain('cause');
  });
});
