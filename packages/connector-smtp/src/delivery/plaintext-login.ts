import { BlockList, isIP } from 'node:net';
import type { SmtpConfig } from '../config/types.js';

/**
 * 127.0.0.0/8 and ::1 (RFC 1122 §3.2.1.3, https://www.rfc-editor.org/rfc/rfc1122#section-3.2.1.3; RFC 4291 §2.5.3,
 * https://www.rfc-editor.org/rfc/rfc4291#section-2.5.3): nobody else is on that path.
 */
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Whether `host` is written as `localhost` or a loopback IP literal. A name that merely resolves
 * to a loopback or private address does not count: DNS can change what it points at.
 */
export const isLoopbackHost = (host: string): boolean => {
  const written = host.trim().toLowerCase().replace(/\.$/, '');
  const family = isIP(written);
  return written === 'localhost' || (family !== 0 && loopback.check(written, family === 6 ? 'ipv6' : 'ipv4'));
};

/** Why a session must, or need not, be encrypted before the login: for the doctor and the send test. */
export type PlaintextLoginRule = 'tls-from-start' | 'no-login' | 'required' | 'allowed-by-admin' | 'loopback';

/**
 * Whether the login may cross the network in clear. With a login and `secure: false`, STARTTLS is
 * required (nodemailer's `requireTLS`, which sends STARTTLS and fails if the server refuses it),
 * unless the admin set `requireTLS: false` or wrote a loopback host. `ignoreTLS` alone does not
 * allow it: nodemailer lets `requireTLS` win over it.
 */
export const plaintextLoginRule = (
  config: Pick<SmtpConfig, 'host' | 'secure' | 'requireTLS'>,
  hasLogin: boolean,
): PlaintextLoginRule => {
  if (config.secure) {
    return 'tls-from-start';
  }
  if (!hasLogin) {
    return 'no-login';
  }
  if (config.requireTLS === false) {
    return 'allowed-by-admin';
  }
  return isLoopbackHost(config.host) ? 'loopback' : 'required';
};
