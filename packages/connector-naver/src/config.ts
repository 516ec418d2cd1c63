import { ConnectorErrorCodes } from '@logto/connector-kit';
import { naverError } from './errors.js';
import { type NaverConfig, naverConfigGuard } from './types.js';

/**
 * Validates the stored config once, at the boundary, and returns the trimmed values. Logto's own
 * `validateConfig` discards zod's output, so the trimming only happens here.
 *
 * The message names each bad field and never echoes a value (the secret may be among them).
 */
export const parseConfig = (config: unknown): NaverConfig => {
  const result = naverConfigGuard.safeParse(config);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => (issue.path.length > 0 ? issue.message : `config: ${issue.message}`))
      .join('; ');
    throw naverError(
      ConnectorErrorCodes.InvalidConfig,
      `The Naver connector config is invalid (${problems}). Copy Client ID and Client Secret from Naver Developers > 내 애플리케이션 > 개요.`,
    );
  }
  return result.data;
};
