import { ConnectorErrorCodes } from '@logto/connector-kit';
import { expectConnectorError, expectHiddenCause } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseConfig } from '../src/config/parse.js';

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

  it('parses a repeated config once: fresh copies with the same content get the same frozen result', () => {
    const first = parseConfig(fresh({ ...baseConfig, host: 'cache-1.example.com' }));
    const second = parseConfig(fresh({ ...baseConfig, host: 'cache-1.example.com' }));
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.templates[0])).toBe(true);
    expect(() => {
      (first as { port: number }).port = 25;
    }).toThrow(TypeError);
  });

  it('parses a changed config anew', () => {
    const first = parseConfig(fresh({ ...baseConfig, host: 'cache-2.example.com' }));
    const changed = parseConfig(fresh({ ...baseConfig, host: 'cache-2.example.com', port: 2525 }));
    expect(changed).not.toBe(first);
    expect(changed.port).toBe(2525);
  });

  it('reads null as "not set", and never serves NaN from the entry for null, which JSON writes the same way', async () => {
    const withNull = { ...baseConfig, host: 'cache-3.example.com', socketTimeout: null };
    expect(parseConfig(withNull).socketTimeout).toBe(20_000);
    await expectInvalidConfig(
      { ...withNull, socketTimeout: Number.NaN },
      /socketTimeout: Expected number, received nan/,
    );
  });

  it('names each bad field, and keeps zod’s error as a hidden cause for server logs', async () => {
    const error = await expectInvalidConfig(
      { ...baseConfig, port: 'smtp', host: undefined },
      /port: Expected number, received string/,
    );
    expect(error.data.errorDescription).toMatch(/host: Required/);
    const cause = expectHiddenCause(error, { secrets: [baseConfig.auth.pass], mentions: ['port'] });
    expect(cause).toBeInstanceOf(ZodError);
  });
  it('parses values JSON cannot describe exactly, every time, without caching them', () => {
    const withBuffer = { ...baseConfig, host: 'cache-4.example.com', tls: { ca: Buffer.from('ca') } };
    const first = parseConfig(withBuffer);
    expect(parseConfig(withBuffer)).not.toBe(first);
    // The caller's objects are left as they were (only cached results are frozen).
    expect(Object.isFrozen(withBuffer.tls)).toBe(false);
    const withUndefined = { ...baseConfig, host: 'cache-5.example.com', replyTo: undefined };
    expect(parseConfig(withUndefined)).not.toBe(parseConfig(withUndefined));
  });

  it('rebuilds the error of an invalid config each time', async () => {
    await expectInvalidConfig({ ...baseConfig, port: 'smtp' }, /port: Expected number, received string/);
    await expectInvalidConfig({ ...baseConfig, port: 'smtp' }, /port: Expected number, received string/);
  });

  it('keeps the 8 most recent configs', () => {
    const config = (index: number) => fresh({ ...baseConfig, host: `evict-${index}.example.com` });
    const oldest = parseConfig(config(0));
    for (let index = 1; index <= 8; index += 1) {
      parseConfig(config(index));
    }
    expect(parseConfig(config(8))).toBe(parseConfig(config(8)));
    expect(parseConfig(config(0))).not.toBe(oldest);
  });
});
