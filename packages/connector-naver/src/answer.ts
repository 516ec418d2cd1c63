import { ConnectorErrorCodes } from '@logto/connector-kit';
import type { Response } from 'got';
import { excerpt, naverError, type Secrets } from './errors.js';

/** A response body read once: the parsed JSON, or the fact that it is not JSON. */
export type ParsedBody = { isJson: true; json: unknown } | { isJson: false };

/**
 * Parses a body once. `reviver` as in `JSON.parse`; anything that is not JSON (an HTML error page,
 * truncated JSON) comes back as `{isJson: false}` for the caller to judge.
 */
export const parseBody = (body: string, reviver?: (key: string, value: unknown) => unknown): ParsedBody => {
  try {
    return { isJson: true, json: JSON.parse(body, reviver) };
  } catch {
    return { isJson: false };
  }
};

/** The error for a body that had to be JSON and was not: usually a temporary Naver or proxy problem. */
export const notJsonError = (response: Response<string>, call: string, secrets: Secrets) =>
  naverError(
    ConnectorErrorCodes.InvalidResponse,
    `Naver answered ${call} with HTTP ${response.statusCode} and a body that is not JSON (${excerpt(response.body, secrets)}). This is usually a temporary Naver or proxy problem: try again.`,
  );

/** A 2xx status. */
export const isOk = (response: Response) => response.statusCode >= 200 && response.statusCode < 300;
