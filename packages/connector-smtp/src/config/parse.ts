import { parseConfigOrThrow } from '@seedworks/connector-common';
import type { ZodError, ZodIssue } from 'zod';
import { credentialKey } from './secrets.js';
import { type SmtpConfig, smtpConfigGuard } from './types.js';

/**
 * For a value that matched no member of a union (`auth`), the issues of the member it came
 * closest to: the one whose `type` it has, else the one with the fewest complaints. Without this
 * zod only says "Invalid input".
 */
const closestUnionIssues = (issue: ZodIssue): ZodIssue[] => {
  if (issue.code !== 'invalid_union') {
    return [issue];
  }
  const candidates = issue.unionErrors.map((error) => error.issues);
  const isTypeIssue = (item: ZodIssue) => item.path.at(-1) === 'type' || item.code === 'unrecognized_keys';
  const sameType = candidates.filter((issues) => !issues.some(isTypeIssue));
  if (sameType.length === 0) {
    // No member takes this `type`: list the ones that exist rather than one member's enum.
    const typeIssues = candidates.flat().filter((item) => item.path.at(-1) === 'type');
    const expected = typeIssues.flatMap((item) =>
      item.code === 'invalid_literal'
        ? [String(item.expected)]
        : item.code === 'invalid_enum_value'
          ? item.options.map(String)
          : [],
    );
    const first = typeIssues[0];
    if (first && expected.length > 0) {
      return [
        {
          ...first,
          message: `must be one of ${[...new Set(expected)].map((value) => `"${value}"`).join(', ')}`,
        },
      ];
    }
  }
  const pool = sameType.length > 0 ? sameType : candidates;
  const best = pool.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap(closestUnionIssues);
};

/** `port: Expected number, received string; host: Required` */
const describeZodError = (error: ZodError) =>
  error.issues
    .flatMap(closestUnionIssues)
    .map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`)
    .join('; ');

/**
 * Describes a config that fails validation, field by field with what was expected; the Console
 * shows it when a save or a send finds the config invalid.
 *
 * @example
 * // Invalid SMTP connector config: port: Expected number, received string; host: Required.
 */
export const describeConfigError = (error: ZodError) =>
  `Invalid SMTP connector config: ${describeZodError(error)}.`;

/** Enough for the stored config, the console's test config and a few edits in between. */
const cacheSize = 8;

/**
 * Parsed configs by a digest of their JSON text (so credentials are not kept as map keys, as in
 * transport-registry.ts). Logto hands every send a fresh copy of the same stored config; a cache
 * hit (checked serialisation, digest and lookup) costs about 35 µs against 300 µs for the zod
 * parse of a config with eight HTML templates, and 700 µs with a DKIM key. That is little for one
 * send, but it is CPU that concurrent sends queue for: in `pnpm bench` (packages/bench, the
 * throughput case: 100 messages, 20 at a time) the connector sent 167 messages/s with this
 * cache and 137–142 without it. Results are frozen because sends share them. Invalid configs are
 * not cached: their error is rebuilt each time.
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
 * A digest of the config's JSON text, if JSON describes it exactly; else `undefined` (not cached). Logto's
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
    return exact ? credentialKey(key) : undefined;
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
  const parsed = parseConfigOrThrow(smtpConfigGuard, config, describeConfigError);
  if (key === undefined) {
    return parsed;
  }
  if (parsedConfigs.size >= cacheSize) {
    // Map keeps insertion order: drop the oldest.
    parsedConfigs.delete(parsedConfigs.keys().next().value as string);
  }
  parsedConfigs.set(key, deepFreeze(parsed));
  return parsed;
};
