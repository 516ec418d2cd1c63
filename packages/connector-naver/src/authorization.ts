import { ConnectorErrorCodes, type GetSession, type SetSession } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import { isNotImplemented } from './http/errors.js';
import { providerText } from './http/provider-text.js';
import type { OidcSecrets } from './oidc/pkce.js';
import { callbackDataGuard, type NaverConfig, naverSessionGuard } from './types.js';

/**
 * Naver's authorize URL (https://developers.naver.com/docs/login/api/api.md §3.1). `URLSearchParams` percent-encodes `redirect_uri` and `state`
 * as the documented example does (`http%3A%2F%2F…`).
 *
 * @example
 * buildAuthorizationUri('https://nid.naver.com/oauth2.0/authorize', config, {
 *   state: 'hLiDdL2uhPtsftcU', redirectUri: 'https://auth.example.com/callback/abc',
 * });
 * // https://nid.naver.com/oauth2.0/authorize?response_type=code&client_id=…&redirect_uri=https%3A%2F%2F…&state=hLiDdL2uhPtsftcU
 *
 * With `oidc` (OpenID Connect, §3.5.4 of the dev guide; `endpoint` is then `/oauth2/authorize`),
 * `scope`, the PKCE `code_challenge` (S256) and `nonce` follow.
 */
export const buildAuthorizationUri = (
  endpoint: string,
  config: Pick<NaverConfig, 'clientId' | 'repromptConsent'>,
  { state, redirectUri }: { state: string; redirectUri: string },
  oidc?: Partial<Pick<OidcSecrets, 'codeChallenge' | 'nonce'>>,
): string => {
  const url = new URL(endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  if (oidc) {
    // `openid` is required (https://developers.naver.com/docs/login/devguide/devguide.md §3.5.4);
    // `profile` is the other scope Naver's discovery document lists. The profile items themselves
    // are chosen in Naver Developers, as in the classic flow.
    url.searchParams.set('scope', 'openid profile');
    // Both are left out when there is no session to keep the verifier and the nonce in.
    if (oidc.codeChallenge) {
      url.searchParams.set('code_challenge', oidc.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    if (oidc.nonce) {
      url.searchParams.set('nonce', oidc.nonce);
    }
  }
  if (config.repromptConsent) {
    // Shows the consent screen again for items the user declined (https://developers.naver.com/docs/login/devguide/devguide.md §4.1.5).
    url.searchParams.set('auth_type', 'reprompt');
  }
  return url.toString();
};

/**
 * Keeps `state` and `redirectUri` for the callback check (and, with OpenID Connect, the PKCE
 * verifier and the nonce); `false` when the caller has no session support. Management API and `/me` callers pass a
 * `setSession` that throws `NotImplemented` (e.g. https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/routes-me/social.ts); sign-in still works there.
 */
export const storeSession = async (
  setSession: SetSession,
  session: { state: string; redirectUri: string; codeVerifier?: string; nonce?: string },
): Promise<boolean> => {
  try {
    await setSession(session);
    return true;
  } catch (error: unknown) {
    if (!isNotImplemented(error)) {
      throw error;
    }
    return false;
  }
};

/**
 * Reads what `getAuthorizationUri` stored. `undefined` when the caller has no session support
 * (`NotImplemented`); any other failure, such as Logto's "session not found", propagates.
 */
export const loadSession = async (getSession: GetSession) => {
  try {
    const session = naverSessionGuard.safeParse(await getSession());
    return session.success ? session.data : undefined;
  } catch (error: unknown) {
    if (isNotImplemented(error)) {
      return undefined;
    }
    throw error;
  }
};

/** A checked callback: the code to exchange, with the `state` and `redirectUri` it came with. */
interface Callback {
  code: string;
  redirectUri: string;
  state?: string;
}

/**
 * Validates Logto's `connectorData` (`{redirectUri, ...callbackQuery}`, docs/naver-login.md#callback). A Naver
 * error callback (`error=access_denied&error_description=Canceled+By+User`) is handled before
 * looking for `code` (docs/naver-login.md#callback).
 */
export const readCallback = (data: unknown): Callback => {
  const parsed = callbackDataGuard.safeParse(data);
  if (!parsed.success) {
    // The guard's messages name the field and never quote its value.
    const problems = [
      ...new Set(
        parsed.error.issues.map((issue) =>
          issue.path.length === 0 ? '(data) must be an object' : issue.message,
        ),
      ),
    ].join('; ');
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidRequestParameters,
      `The Naver callback data is malformed (${problems}). Start the sign-in with Naver again.`,
      parsed.error,
    );
  }
  const { code, state, redirectUri, error, error_description } = parsed.data;

  if (error) {
    // Both come from the query string, i.e. from whoever crafted the link: quoted short, on one line.
    const said = `${providerText(error, [])}${error_description ? `: ${providerText(error_description, [])}` : ''}`;
    throw describedConnectorError(
      ConnectorErrorCodes.AuthorizationFailed,
      error === 'access_denied'
        ? `The Naver sign-in was canceled or consent was declined (${said}). Try again and press Agree (동의하기) on the Naver screen.`
        : `Naver returned an error instead of an authorization code (${said}). Start the sign-in with Naver again.`,
    );
  }

  const missing = [code ? undefined : 'code', redirectUri ? undefined : 'redirectUri'].filter(Boolean);
  if (!code || !redirectUri) {
    throw describedConnectorError(
      ConnectorErrorCodes.InsufficientRequestParameters,
      `The Naver callback data has no ${missing.join(' and ')}. Open the sign-in through Logto's callback URL (https://<logto-domain>/callback/<connector-id>) and try again.`,
    );
  }
  return { code, redirectUri, state };
};

/**
 * Refuses a callback whose `redirectUri` differs from the one the authorize URL was built with.
 * Any query parameter named `redirectUri` overrides Logto's own (`{redirectUri, ...data}` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/experience/src/pages/SocialSignInWebCallback/use-social-sign-in-listener.ts), so without
 * this check an attacker's URL would be sent to Naver with the code; OAuth requires the token
 * request's `redirect_uri` to be the authorize request's (RFC 6749 §4.1.3, https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3). Without a stored one
 * (no session support) there is nothing to compare.
 */
export const checkRedirectUri = (callback: Callback, session?: { redirectUri?: string }) => {
  if (session?.redirectUri === undefined || session.redirectUri === callback.redirectUri) {
    return;
  }
  throw describedConnectorError(
    ConnectorErrorCodes.AuthorizationFailed,
    'The Naver callback names another redirectUri than the one this sign-in started with (a tampered or mixed-up callback link). Start the sign-in with Naver again.',
  );
};

/**
 * Refuses a callback whose `state` differs from the one issued with the authorize URL (CSRF,
 * RFC 6749 §10.12, https://www.rfc-editor.org/rfc/rfc6749#section-10.12).
 *
 * Logto's sign-in page checks `state` itself and strips it before posting the callback
 * (`const { state, ...rest } = parseQueryParameters(searchParameters)` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/experience/src/pages/SocialSignInWebCallback/use-social-sign-in-listener.ts),
 * so a callback without `state` is the normal case and passes. A `state` that is present must be
 * the stored one. Without a stored state (no session support) there is nothing to compare.
 */
export const checkState = (callback: Callback, session?: { state?: string }) => {
  if (callback.state === undefined || session?.state === undefined || session.state === callback.state) {
    return;
  }
  throw describedConnectorError(
    ConnectorErrorCodes.AuthorizationFailed,
    'The Naver callback state does not match the one this sign-in started with (an expired, reused or forged link). Start the sign-in with Naver again.',
  );
};
