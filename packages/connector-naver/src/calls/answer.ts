import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError, type Secrets } from '@seedworks/connector-common';
import type { Response } from 'got';
import { excerpt } from '../http/provider-text.js';

/**
 * The error for a body that had to be JSON and was not: usually a temporary Naver or proxy problem.
 * With a 5xx status (an outage's gateway page) it is `General`, whose description Logto shows on
 * the sign-in page, so the user reads "try again"; other codes get a fixed phrase there.
 */
export const notJsonError = (response: Response<string>, call: string, secrets: Secrets) =>
  describedConnectorError(
    response.statusCode >= 500 ? ConnectorErrorCodes.General : ConnectorErrorCodes.InvalidResponse,
    `Naver answered ${call} with HTTP ${response.statusCode} and a body that is not JSON (${excerpt(response.body, secrets, { isJson: false })}). This is usually a temporary Naver or proxy problem: try again.`,
  );

/** Whether Naver answered with a 2xx status. */
export const isOk = (response: Response) => response.statusCode >= 200 && response.statusCode < 300;
