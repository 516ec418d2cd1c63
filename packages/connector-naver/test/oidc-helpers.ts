import type { ConnectorSession, SocialConnector } from '@logto/connector-kit';
import { naverConfig, naverRedirectUri, type ScriptedNaverOidc } from '@seedworks/test-fixtures/naver';
import { createNaverConnector } from '../src/index.js';
import { authorizationPayload, sessionOf } from './helpers.js';
import { secretRecorder } from './recorder.js';

/** The fixtures' config with the switch on. */
export const oidcConfig = Object.freeze({ ...naverConfig, openIdConnect: true });

/**
 * One connector builder, called once per request as Logto does (getLogtoConnectors), so every
 * sign-in through it shares its client and key cache.
 */
export const oidcConnectorBuilder = (config: unknown = oidcConfig) => {
  const create = createNaverConnector({ retryDelayMs: 0 });
  return async (): Promise<SocialConnector> => create({ getConfig: async () => config });
};

/** A sign-in as far as Naver's redirect back: the authorize URL, the session it stored, Naver's code. */
export interface StartedSignIn {
  url: URL;
  session: ConnectorSession;
  code: string;
}

/** `getAuthorizationUri` with a session store, then Naver's authorize page (scripted). */
export const startSignIn = async (
  connector: SocialConnector,
  naver: ScriptedNaverOidc,
  state = authorizationPayload.state,
): Promise<StartedSignIn> => {
  let session: ConnectorSession = {};
  const uri = await connector.getAuthorizationUri({ ...authorizationPayload, state }, async (stored) => {
    session = stored;
  });
  secretRecorder.addSecrets([session.codeVerifier, session.nonce]);
  return { url: new URL(uri), session, code: naver.authorize(uri) };
};

/** The callback as Logto's sign-in page posts it: no `state` (stripped), the session's own getSession. */
export const finishSignIn = async (connector: SocialConnector, code: string, session: ConnectorSession) => {
  secretRecorder.addSecrets([code]);
  const result = await connector.getTokenResponseAndUserInfo?.(
    { redirectUri: naverRedirectUri, code },
    sessionOf(session),
  );
  if (!result) {
    throw new Error('getTokenResponseAndUserInfo is missing');
  }
  return result;
};
