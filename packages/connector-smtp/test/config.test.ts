import { ConnectorErrorCodes } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseConfig } from '../src/config.js';

const baseConfig = {
  host: 'smtp.example.com',
  port: 587,
  auth: { user: 'alice', pass: 'app-password' },
  fromEmail: 'noreply@example.com',
  templates: [{ usageType: 'Generic', contentType: 'text/plain', subject: 'Code', content: '{{code}}' }],
};
/** A fresh copy each time, as Logto's `getConfig` returns one per request. */
const fresh = <T>(value: T): T => structuredClone(value);

const expectInvalidConfig = (config: unknown, description: RegExp) =>
  expectConnectorError(
    Promise.resolve().then(() => parseConfig(config)),
    ConnectorErrorCodes.InvalidConfig,
    description,
  );

describe('parseConfig', () => {
  it('applies the defaults and leaves the caller’s config as it was', () => {
    const config = fresh(baseConfig);
    const parsed = parseConfig(config);
    expect(parsed).toMatchObject({ port: 587, secure: false, socketTimeout: 20_000, tls: {} });
    expect(config).toEqual(baseConfig);
  });

  it('reads null as "not set", and refuses NaN, which JSON would write as null', async () => {
    expect(parseConfig({ ...baseConfig, socketTimeout: null }).socketTimeout).toBe(20_000);
    await expectInvalidConfig(
      { ...baseConfig, socketTimeout: Number.NaN },
      /socketTimeout: Expected number, received nan/,
    );
  });

  it('names each bad field, and keeps zod’s error as a hidden cause for server logs', async () => {
    const error = await expectInvalidConfig(
      { ...baseConfig, port: 'smtp', host: undefined },
      /port: Expected number, received string/,
    );
    expect(error.data.errorDescription).toMatch(/host: Required/);
    expect(error.cause).toBeInstanceOf(ZodError);
    expect(Object.keys(error)).not.toContain('cause');
  });
});
