import type { FallbackServer, SmtpConfig } from '../config/types.js';
import type { ConfigRole } from './transport-registry.js';

/*
 * The servers a send may go through, in the order it tries them: the primary, then each of
 * `fallbackServers` as written. failover.ts walks this list; breaker.ts skips a server in it
 * that failed moments ago.
 */

/** The config a send uses (see `ConfigRole`); each server then has a role of its own. */
export type SendRole = 'stored' | 'test';

/** One server a send may go through: the primary (index 0) or a fallback, as a whole config. */
export interface Server {
  index: number;
  /** `primary (smtp.example.com:587)`, `fallback 1 (smtp.backup.com:465)`: how logs and errors name it. */
  label: string;
  config: SmtpConfig;
}

/**
 * A fallback as a whole config: the top level's sender, templates, headers and DKIM; the
 * fallback's own way to reach, trust and log in to its server (nothing of the primary's, so no
 * password goes to a server it was not written for); the client name, the timeouts and the
 * pool sizes the fallback leaves unset come from the top level.
 */
const fallbackConfig = (config: SmtpConfig, server: FallbackServer): SmtpConfig => ({
  ...config,
  host: server.host,
  port: server.port,
  secure: server.secure,
  auth: server.auth,
  tls: server.tls,
  servername: server.servername,
  ignoreTLS: server.ignoreTLS,
  requireTLS: server.requireTLS,
  proxy: server.proxy,
  name: server.name ?? config.name,
  localAddress: server.localAddress ?? config.localAddress,
  connectionTimeout: server.connectionTimeout ?? config.connectionTimeout,
  greetingTimeout: server.greetingTimeout ?? config.greetingTimeout,
  socketTimeout: server.socketTimeout ?? config.socketTimeout,
  dnsTimeout: server.dnsTimeout ?? config.dnsTimeout,
  maxConnections: server.maxConnections ?? config.maxConnections,
  maxMessages: server.maxMessages ?? config.maxMessages,
  idleTimeout: server.idleTimeout ?? config.idleTimeout,
  fallbackServers: [],
});

/** The primary, then each fallback, in the order a send tries them. */
export const serversOf = (config: SmtpConfig): Server[] =>
  [config, ...config.fallbackServers.map((server) => fallbackConfig(config, server))].map(
    (serverConfig, index) => ({
      index,
      label: `${index === 0 ? 'primary' : `fallback ${index}`} (${serverConfig.host}:${serverConfig.port})`,
      config: serverConfig,
    }),
  );

/** The role whose transport serves this server: the config's own for the primary. */
export const roleOf = (role: SendRole, server: Server): ConfigRole =>
  server.index === 0 ? role : `${role}:${server.index}`;
