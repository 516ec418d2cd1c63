import type { Logto } from './logto.js';

/** What Logto's Management API answers for a connector. */
export interface ConnectorResponse {
  id: string;
  connectorId: string;
  target: string;
  enableTokenStorage?: boolean;
}

/** Creates a connector instance of the factory `connectorId` (Management API `POST /connectors`). */
export const createConnector = (
  logto: Logto,
  connectorId: string,
  config: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => logto.api<ConnectorResponse>('POST', '/connectors', { connectorId, config, ...extra });

/** Deletes every connector instance of the given factories. */
export const deleteConnectors = async (logto: Logto, factoryIds: readonly string[]) => {
  const connectors = await logto.api<ConnectorResponse[]>('GET', '/connectors');
  for (const connector of connectors.filter(({ connectorId }) => factoryIds.includes(connectorId))) {
    await logto.api('DELETE', `/connectors/${connector.id}`);
  }
};

/**
 * Sign-up with email + verification code (password optional), sign-in with email by code or
 * password, password reset by email code, and the given social targets under the form.
 */
export const configureSignInExperience = (logto: Logto, socialTargets: string[]) =>
  logto.api('PATCH', '/sign-in-exp', {
    signInMode: 'SignInAndRegister',
    signUp: { identifiers: ['email'], password: false, verify: true },
    signIn: {
      methods: [{ identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: false }],
    },
    socialSignInConnectorTargets: socialTargets,
    forgotPasswordMethods: ['EmailVerificationCode'],
  });

export interface OidcApp {
  id: string;
  secret: string;
  redirectUri: string;
}

/** A traditional web app whose redirect URI the browser test intercepts (nothing listens there). */
export const createApp = async (logto: Logto, redirectUri: string): Promise<OidcApp> => {
  const app = await logto.api<{ id: string }>('POST', '/applications', {
    name: 'Seedworks E2E',
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [redirectUri], postLogoutRedirectUris: [] },
  });
  // The `secret` in the create response is Logto's internal one: client authentication takes a
  // secret from the app's secrets list.
  const { value } = await logto.api<{ value: string }>('POST', `/applications/${app.id}/secrets`, {
    name: 'e2e',
  });
  return { id: app.id, secret: value, redirectUri };
};

/** The authorization request that opens Logto's sign-in page for `app`. */
export const authorizationUrl = (
  logto: Logto,
  app: OidcApp,
  options: { scope?: string; firstScreen?: string } = {},
) => {
  const url = new URL(`${logto.endpoint}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: app.id,
    redirect_uri: app.redirectUri,
    response_type: 'code',
    scope: options.scope ?? 'openid profile email',
    state: `e2e-${Date.now()}`,
    prompt: 'login',
    ...(options.firstScreen ? { first_screen: options.firstScreen } : {}),
  }).toString();
  return url.toString();
};

/** Exchanges an authorization code at Logto's token endpoint (client secret, no resource: opaque token). */
export const exchangeCode = async (logto: Logto, app: OidcApp, code: string) => {
  const response = await fetch(`${logto.endpoint}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: app.redirectUri }),
  });
  const body = (await response.json()) as { access_token: string; id_token: string; scope?: string };
  if (!response.ok) {
    throw new Error(`token exchange: ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
};

/** The `sub` claim of an ID token (no signature check needed: it came straight from the token endpoint). */
export const subjectOf = (idToken: string) =>
  (JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }).sub;
