import {
  ConnectorError,
  ConnectorErrorCodes,
  type ConnectorSession,
  type GetSession,
  type SocialConnector,
} from '@logto/connector-kit';
import { naverConfig, naverRedirectUri, naverState } from '@seedworks/test-fixtures/naver';
import { createNaverConnector, type NaverApiOptions } from '../src/index.js';
import { secretRecorder } from './recorder.js';

/**
 * Builds a connector through the seam; retries wait 1 ms so no test depends on time. The config's
 * client secret joins the suite's secret recorder.
 */
export const buildConnector = async (
  options: NaverApiOptions = {},
  config: unknown = naverConfig,
): Promise<SocialConnector> => {
  if (typeof config === 'object' && config !== null && 'clientSecret' in config) {
    secretRecorder.addSecrets([config.clientSecret]);
  }
  return createNaverConnector({ retryDelayMs: 0, ...options })({ getConfig: async () => config });
};

/** Logto's stub for callers without session support (Management API, `/me`). */
export const notImplemented = async (): Promise<never> => {
  throw new ConnectorError(ConnectorErrorCodes.NotImplemented);
};

/** A `getSession` that returns `session`, as Logto's does for the interaction that started the sign-in. */
export const sessionOf =
  (session: ConnectorSession): GetSession =>
  async () =>
    session;

/** The session `getAuthorizationUri` stores for the fixtures' sign-in. */
export const fixtureSession = sessionOf({ state: naverState, redirectUri: naverRedirectUri });

/** What Logto passes to `getAuthorizationUri` for the fixtures' sign-in. */
export const authorizationPayload = {
  state: naverState,
  redirectUri: naverRedirectUri,
  connectorId: 'naver-connector-id',
  connectorFactoryId: 'seedworks-naver',
  jti: 'jti',
  headers: {},
};
