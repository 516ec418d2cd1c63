import { ConnectorErrorCodes } from '@logto/connector-kit';
import type { Response } from 'got';
import { excerpt, naverError, type Secrets } from './errors.js';

/** The error for a body that had to be JSON and was not: usually a temporary Naver or proxy problem. */
export const notJsonError = (response: Response<string>, call: string, secrets: Secrets) =>
  naverError(
    ConnectorErrorCodes.InvalidResponse,
    `Naver answered ${call} with HTTP ${response.statusCode} and a body that is not JSON (${excerpt(response.body, secrets, { isJson: false })}). This is usually a temporary Naver or proxy problem: try again.`,
  );

/** A 2xx status. */
export const isOk = (response: Response) => response.statusCode >= 200 && response.statusCode < 300;
