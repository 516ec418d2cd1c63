import type SMTPPool from 'nodemailer/lib/smtp-pool';
import XOAuth2, { type XOAuth2Options } from 'nodemailer/lib/xoauth2';
import type { z } from 'zod';
import { loginAuthGuard, microsoftAppAuthType, type SmtpAuth } from '../config/auth-guards.js';
import { configSecrets } from '../config/secrets.js';
import type { SmtpConfig } from '../config/types.js';
import { createRedactingLogger } from './logger.js';
import { fetchMicrosoftAppToken, microsoftTokenEndpoint } from './oauth2/microsoft-token.js';
import { type AccessToken, carryConnectorError, sharedAccessToken } from './oauth2/oauth2-token.js';
import { plaintextLoginRule } from './plaintext-login.js';

type PoolOptions = SMTPPool.Options;

/** The login member of the auth union (strict, so an OAuth2 object never matches it). */
const isLoginAuth = (auth: SmtpAuth): auth is z.infer<typeof loginAuthGuard> =>
  loginAuthGuard.safeParse(auth).success;

type OAuth2Options = XOAuth2Options & { type: 'OAuth2' };

/**
 * nodemailer's own token fetcher (refresh-token grant, or a JWT signed with a service account
 * key posted to `accessUrl`), run once per expiry for all pooled connections.
 */
const nodemailerTokenFetcher = (options: OAuth2Options, requestTimeout: number) => {
  const fetcher = new XOAuth2({ ...options, requestTimeout } as XOAuth2Options);
  return () =>
    new Promise<AccessToken>((resolve, reject) => {
      fetcher.getToken(true, (error, accessToken) => {
        if (error || !accessToken) {
          reject(error ?? new Error('No access token'));
          return;
        }
        resolve({ accessToken, expiresAt: Number(fetcher.expires) || 0 });
      });
    });
};

/**
 * A token that can be renewed comes from a shared cache (one request per expiry for the whole
 * pool); the credentials stay in the options so that two configs never share a pool by mistake
 * (the pool key hashes the options, and functions do not hash).
 */
const withSharedToken = (
  options: OAuth2Options,
  fetchToken: () => Promise<AccessToken>,
  initial?: AccessToken,
): OAuth2Options => {
  const token = sharedAccessToken(options, carryConnectorError(fetchToken), initial);
  return { ...options, provisionCallback: token.provisionCallback };
};

const toNodemailerAuth = (auth: SmtpAuth | undefined, config: SmtpConfig): PoolOptions['auth'] => {
  if (!auth) {
    return undefined;
  }
  const requestTimeout = config.connectionTimeout;
  if ('tenant' in auth && auth.type === microsoftAppAuthType) {
    const credentials = {
      tenant: auth.tenant,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      tokenEndpoint: auth.tokenEndpoint ?? microsoftTokenEndpoint(auth.tenant),
    };
    return withSharedToken(
      {
        type: 'OAuth2',
        user: auth.user,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        accessUrl: credentials.tokenEndpoint,
      },
      () => fetchMicrosoftAppToken(credentials, requestTimeout),
    );
  }
  if ('serviceClient' in auth) {
    const options: OAuth2Options = {
      type: 'OAuth2',
      user: auth.user,
      serviceClient: auth.serviceClient,
      // A `{ key, passphrase }` object is what Node's crypto.sign takes for an encrypted key.
      privateKey: auth.privateKey as string,
      ...(auth.accessUrl && { accessUrl: auth.accessUrl }),
    };
    return withSharedToken(options, nodemailerTokenFetcher(options, requestTimeout));
  }
  if (isLoginAuth(auth)) {
    // `{}` or `{ type: 'login' }` without a user: no authentication, as in the official connector.
    return auth.user ? { type: 'login', user: auth.user, pass: auth.pass } : undefined;
  }
  const options: OAuth2Options = {
    type: 'OAuth2',
    user: auth.user,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    refreshToken: auth.refreshToken,
    accessToken: auth.accessToken,
    expires: auth.expires,
    accessUrl: auth.accessUrl,
  };
  if (!auth.refreshToken) {
    // A fixed access token: nothing to renew, nodemailer uses it as it is.
    return options;
  }
  const initial = auth.accessToken
    ? { accessToken: auth.accessToken, expiresAt: auth.expires ?? 0 }
    : undefined;
  return withSharedToken(options, nodemailerTokenFetcher(options, requestTimeout), initial);
};

/**
 * nodemailer pool options, built field by field from the parsed config: the config object is
 * never handed through whole (the official connector does, so any key reaches nodemailer).
 */
export const buildTransportOptions = (config: SmtpConfig): PoolOptions => {
  const tls = { ...config.tls, ...(config.servername && { servername: config.servername }) };
  const auth = toNodemailerAuth(config.auth, config);
  return {
    pool: true,
    maxConnections: config.maxConnections,
    maxMessages: config.maxMessages,
    idleTimeout: config.idleTimeout,
    // The pool's own re-queueing (up to 5 times, with its own back-off) would hide attempts from
    // the retry policy in retry.ts, which covers the same failures within the send's time budget.
    maxRequeues: 0,
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth,
    name: config.name,
    localAddress: config.localAddress,
    connectionTimeout: config.connectionTimeout,
    greetingTimeout: config.greetingTimeout,
    socketTimeout: config.socketTimeout,
    dnsTimeout: config.dnsTimeout,
    tls,
    servername: config.servername,
    ignoreTLS: config.ignoreTLS,
    // No password or token in clear: see plaintext-login.ts.
    requireTLS: config.requireTLS ?? plaintextLoginRule(config, auth !== undefined) === 'required',
    disableFileAccess: config.disableFileAccess,
    disableUrlAccess: config.disableUrlAccess,
    dkim: config.dkim,
    proxy: config.proxy,
    logger: config.logger || config.debug ? createRedactingLogger(configSecrets(config)) : false,
    debug: config.debug ?? false,
  };
};
