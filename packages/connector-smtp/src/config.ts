import { parseConfigOrThrow } from '@seedworks/connector-common';
import type { ZodError, ZodIssue } from 'zod';
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

/** Validates and applies defaults; the error names each bad field and what was expected. */
export const parseConfig = (config: unknown): SmtpConfig =>
  parseConfigOrThrow(smtpConfigGuard, config, describeConfigError);
