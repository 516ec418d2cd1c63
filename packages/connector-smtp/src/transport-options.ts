import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { z } from 'zod';
import { poolLimits } from './constant.js';
import { createRedactingLogger } from './logger.js';
import { oncePerObject } from './once-per-object.js';
import { configSecrets } from './secrets.js';
import { loginAuthGuard, type SmtpAuth, type SmtpConfig } from './types.js';

type PoolOptions = SMTPPool.Options;

/** The login member of the auth union (strict, so an OAuth2 object never matches it). */
const isLoginAuth = (auth: SmtpAuth): auth is z.infer<typeof loginAuthGuard> =>
  loginAuthGuard.safeParse(auth).success;

const toNodemailerAuth = (auth: SmtpAuth | undefined): PoolOptions['auth'] => {
  if (!auth) {
    return undefined;
  }
  if ('serviceClient' in auth) {
    return {
      type: 'OAuth2',
      user: auth.user,
      serviceClient: auth.serviceClient,
      // A `{ key, passphrase }` object is what Node's crypto.sign takes for an encrypted key.
      privateKey: auth.privateKey as string,
    };
  }
  if (isLoginAuth(auth)) {
    // `{}` or `{ type: 'login' }` without a user: no authentication, as in the official connector.
    return auth.user ? { type: 'login', user: auth.user, pass: auth.pass } : undefined;
  }
  return {
    type: 'OAuth2',
    user: auth.user,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    refreshToken: auth.refreshToken,
    accessToken: auth.accessToken,
    expires: auth.expires,
    accessUrl: auth.accessUrl,
  };
};

/**
 * nodemailer pool options, built field by field from the parsed config: the config object is
 * never handed through whole (the official connector does, so any key reaches nodemailer).
 */
export const buildTransportOptions = (config: SmtpConfig): PoolOptions => {
  const tls = { ...config.tls, ...(config.servername && { servername: config.servername }) };
  return {
    pool: true,
    maxConnections: poolLimits.maxConnections,
    maxMessages: poolLimits.maxMessages,
    idleTimeout: poolLimits.connectionIdleTimeout,
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: toNodemailerAuth(config.auth),
    name: config.name,
    localAddress: config.localAddress,
    connectionTimeout: config.connectionTimeout,
    greetingTimeout: config.greetingTimeout,
    socketTimeout: config.socketTimeout,
    dnsTimeout: config.dnsTimeout,
    tls,
    servername: config.servername,
    ignoreTLS: config.ignoreTLS,
    requireTLS: config.requireTLS,
    disableFileAccess: config.disableFileAccess,
    disableUrlAccess: config.disableUrlAccess,
    dkim: config.dkim,
    proxy: config.proxy,
    logger: config.logger || config.debug ? createRedactingLogger(configSecrets(config)) : false,
    debug: config.debug ?? false,
  };
};

/**
 * `buildTransportOptions`, once per config object. A repeated config is the same frozen object
 * (see config.ts), so a warm send skips rebuilding the options (about 18 µs) and, in the
 * registry, hashing them (about 25 µs).
 */
export const transportOptionsFor = oncePerObject(buildTransportOptions);
