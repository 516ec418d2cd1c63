import type { Socket } from 'node:net';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import nodemailer, { type Transporter } from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { SocksClient } from 'socks';
import type { SmtpConfig } from '../config/types.js';
import { plaintextLoginRule } from '../delivery/plaintext-login.js';
import type { Server } from '../delivery/server-order.js';
import { buildTransportOptions } from '../delivery/transport-options.js';
import { toConnectorError } from '../errors/connector-error.js';
import { blocker, type Finding, ok, warning } from './finding.js';

/** A certificate that expires sooner than this many days is worth a warning. */
const expiryWarningDays = 14;
const dayMs = 24 * 60 * 60 * 1000;

/**
 * What nodemailer learns about a session and keeps on the connection without a public getter
 * (`_supportedExtensions`, `_supportedAuth`, `_socket` in
 * https://unpkg.com/nodemailer@10.6.0/dist/esm/smtp-connection/index.js). Read only, after
 * `connect` has finished EHLO (and STARTTLS).
 */
interface SessionState {
  secure: boolean;
  _socket?: Socket | TLSSocket;
  _supportedExtensions?: string[];
  _supportedAuth?: string[];
}

/** The message of a `ConnectorError` made from a nodemailer failure: what happened and what to try. */
const describeFailure = (error: unknown, config: SmtpConfig): string => {
  const { data } = toConnectorError(error, config) as { data?: { errorDescription?: unknown } };
  return typeof data?.errorDescription === 'string' ? data.errorDescription : String(error);
};

/**
 * A transporter that sends nothing here: it opens the proxy tunnel for the session check and runs
 * `verify` (connect, EHLO, STARTTLS, AUTH, QUIT) for the login check. SOCKS needs the `socks`
 * module handed in, as in transport-registry.ts.
 */
const checkingTransporter = (config: SmtpConfig): Transporter => {
  const transporter = nodemailer.createTransport({ ...buildTransportOptions(config), pool: false });
  if (config.proxy?.startsWith('socks')) {
    transporter.set('proxy_socks_module', { SocksClient });
  }
  return transporter;
};

/** The tunnelled socket for a proxied server, from nodemailer's proxy handler (`setupProxy`). */
const proxiedSocket = (transporter: Transporter, config: SmtpConfig) =>
  new Promise<Socket | undefined>((resolve, reject) => {
    const { getSocket } = transporter as unknown as {
      getSocket?: (
        options: object,
        callback: (error: Error | null, socketOptions?: { connection?: Socket }) => void,
      ) => void;
    };
    if (!getSocket) {
      resolve(undefined);
      return;
    }
    getSocket({ host: config.host, port: config.port }, (error, socketOptions) =>
      error ? reject(error) : resolve(socketOptions?.connection),
    );
  });

/** Opens a session up to EHLO (after TLS), without logging in. */
const openSession = async (transporter: Transporter, config: SmtpConfig): Promise<SMTPConnection> => {
  const { auth: _auth, pool: _pool, ...options } = buildTransportOptions(config);
  const connection = config.proxy ? await proxiedSocket(transporter, config) : undefined;
  const session = new SMTPConnection({ ...options, ...(connection && { connection }) });
  await new Promise<void>((resolve, reject) => {
    session.once('error', reject);
    session.connect(() => {
      session.removeListener('error', reject);
      resolve();
    });
  });
  return session;
};

/** How long QUIT may take before the session is closed without its reply. */
const quitTimeoutMs = 2000;

/** Ends the session with QUIT and waits until its socket is closed (at most `quitTimeoutMs`). */
const quit = (session: SMTPConnection) =>
  new Promise<void>((resolve) => {
    session.on('error', () => undefined);
    // Nothing is left to learn from the session: a server slow to answer QUIT is not waited for.
    const timer = setTimeout(() => session.close(), quitTimeoutMs);
    session.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    session.quit();
  });

/** Why a session stayed in clear, by the rule the send follows (see plaintext-login.ts). */
const unencryptedBecause = (config: SmtpConfig): string => {
  switch (plaintextLoginRule(config, buildTransportOptions(config).auth !== undefined)) {
    case 'loopback':
      return `the host is written as loopback (${config.host}), so the login is sent without TLS and nothing leaves this machine.`;
    case 'allowed-by-admin':
      return 'requireTLS: false is set, so the login and every code cross the network in clear. Keep it only if the path to the server is trusted; otherwise use port 465 with secure: true, or STARTTLS on 587.';
    default:
      return `${config.ignoreTLS ? 'ignoreTLS is set' : 'the server offers no STARTTLS'}, so every code crosses the network in clear (there is no login to protect). Use port 465 with secure: true, or a server that offers STARTTLS on 587.`;
  }
};

const tlsFinding = (subject: string, state: SessionState, config: SmtpConfig): Finding => {
  const socket = state._socket as TLSSocket | undefined;
  if (!state.secure || !socket || typeof socket.getPeerCertificate !== 'function') {
    return warning(subject, `not encrypted: ${unencryptedBecause(config)}`);
  }
  const version = socket.getProtocol() ?? 'TLS';
  const certificate: PeerCertificate = socket.getPeerCertificate();
  const name = (config.tls.servername as string | undefined) ?? config.servername ?? config.host;
  const days = Math.floor((Date.parse(certificate.valid_to) - Date.now()) / dayMs);
  const nameError = checkServerIdentity(name, certificate);
  const problems = [
    socket.authorized
      ? undefined
      : `the certificate is not trusted (${String(socket.authorizationError)}), and tls.rejectUnauthorized: false accepts it anyway: anyone on the path could pose as the server and read the login. Put the server's CA in tls.ca instead`,
    nameError && `the certificate is not for "${name}": set servername to the name it was issued for`,
    days < expiryWarningDays &&
      `the certificate expires in ${days} days (${certificate.valid_to}): the provider must renew it, or sends will fail`,
    /^TLSv1(\.1)?$/.test(version) &&
      `${version} is outdated: providers are turning it off; set tls.minVersion: "TLSv1.2" and ask the provider for TLS 1.2 or later`,
  ].filter((problem): problem is string => typeof problem === 'string');
  const summary = `${version}, certificate for ${name}, ${days} days to expiry`;
  return problems.length > 0
    ? warning(subject, `${summary}; ${problems.join('; ')}.`)
    : ok(subject, `${summary}, trusted.`);
};

/** Whether the config's login is an OAuth2 token (XOAUTH2) rather than a password. */
const usesXOAuth2 = (config: SmtpConfig) =>
  buildTransportOptions(config).auth?.type?.toUpperCase() === 'OAUTH2';

const authFinding = (subject: string, state: SessionState, config: SmtpConfig): Finding | undefined => {
  const mechanisms = state._supportedAuth ?? [];
  const hasLogin = buildTransportOptions(config).auth !== undefined;
  if (!hasLogin) {
    return mechanisms.length > 0
      ? warning(
          subject,
          `the server offers AUTH (${mechanisms.join(', ')}) but no login is set: it will most likely refuse to relay. Set Username and Password (or auth).`,
        )
      : ok(subject, 'no login set, and the server asks for none.');
  }
  if (mechanisms.length === 0) {
    return blocker(
      subject,
      `the server offers no AUTH${state.secure ? '' : ' on this unencrypted session (many offer it only after STARTTLS)'}, so the login cannot be used. Check port and secure, and remove ignoreTLS if set.`,
    );
  }
  if (usesXOAuth2(config) && !mechanisms.includes('XOAUTH2')) {
    return blocker(
      subject,
      `the login is an OAuth2 token, but the server offers only ${mechanisms.join(', ')}. Use a password login, or the provider's OAuth2 host.`,
    );
  }
  return undefined;
};

/**
 * Checks one server without sending anything: connection, greeting, EHLO extensions,
 * STARTTLS/TLS (version, trust, name, expiry), AUTH mechanisms, and the login itself, each
 * session ended with QUIT. The first failure stops the server's checks: the rest would fail too.
 */
export const checkServer = async ({ label, config }: Server): Promise<Finding[]> => {
  const transporter = checkingTransporter(config);
  try {
    let session: SMTPConnection;
    try {
      session = await openSession(transporter, config);
    } catch (error: unknown) {
      return [blocker(`${label} connection`, describeFailure(error, config))];
    }
    const state = session as unknown as SessionState;
    const extensions = [
      ...(state._supportedExtensions ?? []),
      ...((state._supportedAuth ?? []).length > 0 ? [`AUTH ${state._supportedAuth?.join(' ')}`] : []),
    ];
    const findings = [
      ok(
        `${label} connection`,
        `greeted, EHLO answered${extensions.length > 0 ? ` (${extensions.join(', ')})` : ' (no extensions)'}.`,
      ),
      tlsFinding(`${label} TLS`, state, config),
    ];
    const auth = authFinding(`${label} login`, state, config);
    await quit(session);
    if (auth) {
      return [...findings, auth];
    }
    try {
      await transporter.verify();
      const user = (buildTransportOptions(config).auth as { user?: string } | undefined)?.user;
      return [...findings, ok(`${label} login`, `accepted${user ? ` for ${user}` : ''}.`)];
    } catch (error: unknown) {
      return [...findings, blocker(`${label} login`, describeFailure(error, config))];
    }
  } finally {
    transporter.close();
  }
};
