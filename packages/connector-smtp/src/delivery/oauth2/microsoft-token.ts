import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError, isBearerToken, parseBody } from '@seedworks/connector-common';
import type { AccessToken } from './oauth2-token.js';

/**
 * Exchange Online's resource with `.default`: the application permissions granted to the app
 * (SMTP.SendAsApp). Client-credentials flow for SMTP AUTH:
 * https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
 */
const exchangeOnlineScope = 'https://outlook.office365.com/.default';

/** Microsoft Entra's v2.0 token endpoint for a tenant (directory id or a verified domain). */
export const microsoftTokenEndpoint = (tenant: string) =>
  `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;

/** The app registration a token is requested for. */
interface MicrosoftAppCredentials {
  tenant: string;
  clientId: string;
  clientSecret: string;
  /** The token endpoint; {@link microsoftTokenEndpoint} unless a test points it at a stand-in. */
  tokenEndpoint: string;
}

const portalPath = 'Microsoft Entra admin center > App registrations > (your app)';

/**
 * What to fix for the AADSTS codes a client-credentials request can get, by code
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
const aadstsHints: Record<number, (credentials: MicrosoftAppCredentials) => string> = {
  7000215: () =>
    `auth.clientSecret is wrong (AADSTS7000215). Copy the secret's Value, not its Secret ID, from ${portalPath} > Certificates & secrets.`,
  7000222: () =>
    `auth.clientSecret has expired (AADSTS7000222). Create a new client secret in ${portalPath} > Certificates & secrets and paste its Value.`,
  700016: ({ clientId, tenant }) =>
    `No application with auth.clientId "${clientId}" exists in tenant "${tenant}" (AADSTS700016). Copy the Application (client) ID and the Directory (tenant) ID from the app's Overview page.`,
  90002: ({ tenant }) =>
    `Tenant "${tenant}" was not found (AADSTS90002). Set auth.tenant to the Directory (tenant) ID from the app's Overview page, or to the tenant's domain (contoso.onmicrosoft.com).`,
  900023: ({ tenant }) =>
    `"${tenant}" is not a tenant id or domain (AADSTS900023). Set auth.tenant to the Directory (tenant) ID (a GUID) or the tenant's domain.`,
  7000112: ({ clientId }) =>
    `The application "${clientId}" is disabled in the tenant (AADSTS7000112). Enable it under Enterprise applications > (your app) > Properties.`,
  500011: () =>
    'Exchange Online is not available in this tenant (AADSTS500011): the tenant needs an Exchange Online subscription, and the app the Office 365 Exchange Online permission SMTP.SendAsApp with admin consent.',
  70011: () =>
    'Microsoft refused the scope https://outlook.office365.com/.default (AADSTS70011). Grant the app the Office 365 Exchange Online application permission SMTP.SendAsApp, with admin consent.',
};

/** The first AADSTS code of an error body (`error_codes`, or `AADSTS123:` in the description). */
const aadstsCode = (body: Record<string, unknown>): number | undefined => {
  const codes = body.error_codes;
  if (Array.isArray(codes) && typeof codes[0] === 'number') {
    return codes[0];
  }
  const match = /AADSTS(\d+)/.exec(typeof body.error_description === 'string' ? body.error_description : '');
  return match ? Number(match[1]) : undefined;
};

/**
 * Requests an app-only access token (client-credentials grant) for Exchange Online. Failures are
 * `ConnectorError`s that say what to fix; they quote the AADSTS code, the tenant and the client id,
 * never the secret nor Microsoft's own text (which may echo request values).
 *
 * @param timeoutMs Limit for the whole request.
 */
export const fetchMicrosoftAppToken = async (
  credentials: MicrosoftAppCredentials,
  timeoutMs: number,
): Promise<AccessToken> => {
  let response: Response;
  try {
    response = await fetch(credentials.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        scope: exchangeOnlineScope,
      }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error: unknown) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw describedConnectorError(
      ConnectorErrorCodes.General,
      timedOut
        ? `Microsoft's token endpoint did not answer within ${timeoutMs} ms. Try again; if it keeps happening, check outbound HTTPS from Logto to login.microsoftonline.com.`
        : "Could not reach Microsoft's token endpoint (login.microsoftonline.com). Check DNS, the firewall and any proxy between Logto and login.microsoftonline.com.",
      // fetch's own error: the reason (DNS, TLS, refused) without the request body.
      error,
    );
  }

  // Not JSON (an HTML error page, a proxy's answer): judged by the status below.
  const parsed = parseBody(await response.text());
  const body: Record<string, unknown> =
    parsed.isJson && typeof parsed.json === 'object' && parsed.json !== null
      ? (parsed.json as Record<string, unknown>)
      : {};

  if (response.ok && isBearerToken(body.access_token)) {
    const expiresIn = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : 0,
    };
  }

  const code = aadstsCode(body);
  const hint = code === undefined ? undefined : aadstsHints[code];
  if (hint) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidConfig,
      `Microsoft refused the app-only token request: ${hint(credentials)}`,
    );
  }
  if (response.status >= 500) {
    throw describedConnectorError(
      ConnectorErrorCodes.General,
      `Microsoft's token endpoint answered HTTP ${response.status}. Try again in a moment.`,
    );
  }
  if (typeof body.error === 'string') {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidConfig,
      `Microsoft refused the app-only token request (${body.error}${code ? `, AADSTS${code}` : ''}). Check auth.tenant, auth.clientId and auth.clientSecret against ${portalPath}, and that the app has SMTP.SendAsApp with admin consent.`,
    );
  }
  throw describedConnectorError(
    ConnectorErrorCodes.General,
    `Microsoft's token endpoint answered HTTP ${response.status} without an access token. If a proxy sits between Logto and login.microsoftonline.com, check it; otherwise try again.`,
  );
};
