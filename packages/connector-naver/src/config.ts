import { parseConfigOrThrow } from '@seedworks/connector-common';
import type { ZodError } from 'zod';
import { type NaverConfig, naverConfigGuard } from './types.js';

/**
 * Names each bad field and what to do; never echoes a value (the secret may be among them).
 * Shown in the Console when a save or a sign-in finds the config invalid.
 */
export const describeConfigError = (error: ZodError) => {
  const problems = error.issues
    .map((issue) => (issue.path.length > 0 ? issue.message : `config: ${issue.message}`))
    .join('; ');
  return `The Naver connector config is invalid (${problems}). Copy Client ID and Client Secret from Naver Developers > 내 애플리케이션 > 개요.`;
};

/**
 * Validates the stored config once, at the boundary, and returns the trimmed values. Logto's own
 * `validateConfig` discards zod's output, so the trimming only happens here.
 *
 * The message names each bad field (see {@link describeConfigError}).
 */
export const parseConfig = (config: unknown): NaverConfig =>
  parseConfigOrThrow(naverConfigGuard, config, describeConfigError);
