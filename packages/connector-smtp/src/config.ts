import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import type { ZodError } from 'zod';
import { type SmtpConfig, smtpConfigGuard } from './types.js';

/** `Invalid SMTP connector config: port: Expected number, received string; host: Required.` */
export const describeConfigError = (error: ZodError) =>
  `Invalid SMTP connector config: ${error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`).join('; ')}.`;

/** Enough for the stored config, the console's test config and a few edits in between. */
const cacheSize = 8;

/**
 * Parsed configs by their JSON text. Logto hands every send a fresh copy of the same stored
 * config; a cache hit (checked serialisation and lookup) costs about 33 µs against about 175 µs
 * for the zod parse of a config with eight HTML templates (measured on this project's 2-core CI
 * machine), so a repeated config skips the parse. Results are frozen because sends share them.
 * Invalid configs are not cached: their error is rebuilt each time.
 */
const parsedConfigs = new Map<string, SmtpConfig>();

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) {
      deepFreeze(item);
    }
  }
  return value;
};

/**
 * The config's JSON text, if JSON describes it exactly; else `undefined` (not cached). Logto's
 * configs come from JSON, but a caller may pass `NaN` (JSON writes `null`, which means "not set"),
 * `undefined`, a function, a Buffer or a Date (`toJSON`), a BigInt or a cycle (which throw).
 */
const cacheKey = (config: unknown): string | undefined => {
  let exact = true;
  try {
    const key = JSON.stringify(config, function (this: unknown, name, value: unknown) {
      const original = (this as Record<string, unknown>)[name];
      if (
        (typeof original === 'number' && !Number.isFinite(original)) ||
        (typeof original === 'object' &&
          original !== null &&
          typeof (original as { toJSON?: unknown }).toJSON === 'function') ||
        ['undefined', 'function', 'symbol'].includes(typeof original)
      ) {
        exact = false;
      }
      return value;
    });
    return exact ? key : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Validates and applies defaults; the error names each bad field and what was expected. A config
 * seen before (same JSON text) returns the same frozen result without a new parse.
 */
export const parseConfig = (config: unknown): SmtpConfig => {
  const key = cacheKey(config);
  const cached = key === undefined ? undefined : parsedConfigs.get(key);
  if (cached) {
    return cached;
  }
  const result = smtpConfigGuard.safeParse(config);
  if (!result.success) {
    throw describedConnectorError(ConnectorErrorCodes.InvalidConfig, describeConfigError(result.error));
  }
  if (key === undefined) {
    return result.data;
  }
  if (parsedConfigs.size >= cacheSize) {
    // Map keeps insertion order: drop the oldest.
    parsedConfigs.delete(parsedConfigs.keys().next().value as string);
  }
  const parsed = deepFreeze(result.data);
  parsedConfigs.set(key, parsed);
  return parsed;
};
