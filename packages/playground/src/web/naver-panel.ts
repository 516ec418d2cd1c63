import { randomBytes } from 'node:crypto';
import type { ConnectorSession, SocialConnector } from '@logto/connector-kit';
import { describeError, maskToken } from './mask.js';

export type NaverResult =
  | {
      ok: true;
      userInfo: unknown;
      tokenResponse?: Record<string, unknown>;
    }
  | { ok: false; error: { code: string; description: string } };

/**
 * The Naver panel's sign-in, run the way Logto runs it: `getAuthorizationUri` with a
 * `setSession` that keeps the session server-side, then on the callback `getSession` (one-shot,
 * as in Logto: read and delete) and `getTokenResponseAndUserInfo`.
 */
export const createNaverFlow = (connector: () => Promise<SocialConnector>, redirectUri: string) => {
  const sessions = new Map<string, ConnectorSession>();

  return {
    /** Starts a sign-in; returns the Naver authorize URL to redirect the browser to. */
    async start(): Promise<string> {
      const state = randomBytes(12).toString('base64url');
      const instance = await connector();
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
          sessions.set(state, session);
        },
      );
    },

    /** Handles Naver's redirect back; tokens in the result are masked. */
    async callback(query: URLSearchParams): Promise<NaverResult> {
      const state = query.get('state') ?? '';
      const getSession = async () => {
        const session = sessions.get(state);
        sessions.delete(state);
        if (!session) {
          throw new Error('No sign-in is pending for this state: start again from the playground.');
        }
        return session;
      };
      try {
        const instance = await connector();
        const data = { redirectUri, ...Object.fromEntries(query) };
        if (!instance.getTokenResponseAndUserInfo) {
          return { ok: true, userInfo: await instance.getUserInfo(data, getSession) };
        }
        const { userInfo, tokenResponse } = await instance.getTokenResponseAndUserInfo(data, getSession);
        return {
          ok: true,
          userInfo,
          tokenResponse: tokenResponse && {
            ...tokenResponse,
            ...(tokenResponse.access_token && { access_token: maskToken(tokenResponse.access_token) }),
            ...(tokenResponse.refresh_token && { refresh_token: maskToken(tokenResponse.refresh_token) }),
          },
        };
      } catch (error) {
        return { ok: false, error: describeError(error) };
      }
    },
  };
};

export type NaverFlow = ReturnType<typeof createNaverFlow>;
