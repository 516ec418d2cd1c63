import { randomBytes } from 'node:crypto';
import type { ConnectorSession, SocialConnector } from '@logto/connector-kit';
import { describeError, maskToken } from './mask.js';

/** What the panel shows after a sign-in; `openIdConnect` says which of the connector's two flows ran. */
export type NaverResult = { openIdConnect: boolean } & (
  | {
      ok: true;
      userInfo: unknown;
      tokenResponse?: Record<string, unknown>;
    }
  | { ok: false; error: { code: string; description: string } }
);

/** Logto keeps a connector session for the interaction; ten minutes is plenty for one consent. */
const sessionLifetimeMs = 10 * 60 * 1000;

/** `access_token`, `refresh_token`, `id_token`…: each shown as its first characters and length. */
const maskTokens = (tokenResponse: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(tokenResponse).map(([key, value]) => [
      key,
      key.endsWith('_token') && typeof value === 'string' ? maskToken(value) : value,
    ]),
  );

/**
 * The Naver panel's sign-in, run the way Logto runs it: `getAuthorizationUri` with a
 * `setSession` that keeps the session server-side, then on the callback `getSession` (one-shot,
 * as in Logto: read and delete) and `getTokenResponseAndUserInfo`.
 *
 * @param connector The connector as Logto builds it, with `openIdConnect` on or off in its config.
 */
export const createNaverFlow = (
  connector: (openIdConnect: boolean) => Promise<SocialConnector>,
  redirectUri: string,
) => {
  /** Pending sign-ins by `state`: the connector's session, and which flow started it. */
  const sessions = new Map<string, { session: ConnectorSession; openIdConnect: boolean }>();

  return {
    /** Where Naver sends the browser back: what an admin registers as the app's Callback URL. */
    callbackUrl: redirectUri,

    /** Starts a sign-in (OpenID Connect when asked); returns the Naver authorize URL to redirect the browser to. */
    async start(openIdConnect = false): Promise<string> {
      const state = randomBytes(12).toString('base64url');
      const instance = await connector(openIdConnect);
      return instance.getAuthorizationUri(
        {
          state,
          redirectUri,
          connectorId: 'playground',
          connectorFactoryId: instance.metadata.id,
          jti: state,
          headers: {},
        },
        async (session) => {
          sessions.set(state, { session, openIdConnect });
          // A sign-in abandoned on Naver's page would otherwise keep its session forever.
          setTimeout(() => sessions.delete(state), sessionLifetimeMs).unref();
        },
      );
    },

    /** Handles Naver's redirect back; tokens in the result are masked. */
    async callback(query: URLSearchParams): Promise<NaverResult> {
      const state = query.get('state') ?? '';
      const pending = sessions.get(state);
      const openIdConnect = pending?.openIdConnect ?? false;
      const getSession = async () => {
        sessions.delete(state);
        if (!pending) {
          throw new Error('No sign-in is pending for this state: start again from the playground.');
        }
        return pending.session;
      };
      try {
        const instance = await connector(openIdConnect);
        // As Logto's sign-in page does: `state` picks the session and is not passed on.
        const { state: _pickedTheSession, ...callbackQuery } = Object.fromEntries(query);
        const data = { redirectUri, ...callbackQuery };
        if (!instance.getTokenResponseAndUserInfo) {
          return { openIdConnect, ok: true, userInfo: await instance.getUserInfo(data, getSession) };
        }
        const { userInfo, tokenResponse } = await instance.getTokenResponseAndUserInfo(data, getSession);
        return {
          openIdConnect,
          ok: true,
          userInfo,
          tokenResponse: tokenResponse && maskTokens(tokenResponse),
        };
      } catch (error) {
        return { openIdConnect, ok: false, error: describeError(error) };
      }
    },
  };
};

export type NaverFlow = ReturnType<typeof createNaverFlow>;
