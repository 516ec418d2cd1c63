import { createHash } from 'node:crypto';
import { minSecretLength } from '@seedworks/connector-common';
import type { SmtpConfig } from './types.js';

/** The password in a proxy URL (`socks5://user:password@host`), decoded and as written. */
const proxyPassword = (proxy: string | undefined): string | undefined => {
  if (!proxy) {
    return undefined;
  }
  try {
    const { password } = new URL(proxy);
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
};

/** Every credential in a config, its fallback servers' included: passwords, tokens, client secrets, private keys. */
export const configSecrets = (
  config: Pick<SmtpConfig, 'auth' | 'dkim' | 'proxy'> & Partial<Pick<SmtpConfig, 'fallbackServers'>>,
): string[] => {
  const { auth, dkim } = config;
  const values: unknown[] = [
    dkim?.privateKey,
    proxyPassword(config.proxy),
    ...(config.fallbackServers ?? []).flatMap((server) => configSecrets({ ...server, dkim: undefined })),
  ];
  if (auth) {
    if ('pass' in auth) {
      // AUTH PLAIN's response (RFC 4616 §2, https://www.rfc-editor.org/rfc/rfc4616#section-2):
      // its base64 form is what a server would echo back.
      values.push(auth.pass, auth.user && auth.pass && `\u0000${auth.user}\u0000${auth.pass}`);
    }
    if ('privateKey' in auth) {
      values.push(typeof auth.privateKey === 'string' ? auth.privateKey : auth.privateKey.key);
      values.push(typeof auth.privateKey === 'string' ? undefined : auth.privateKey.passphrase);
    }
    if ('clientSecret' in auth) {
      values.push(auth.clientSecret);
    }
    if ('refreshToken' in auth) {
      values.push(auth.refreshToken, auth.accessToken);
    }
  }
  // Very short values (a 1-character test password) would mask unrelated text; they are still
  // never printed by nodemailer, which hides credentials itself.
  return values.filter(
    (value): value is string => typeof value === 'string' && value.length >= minSecretLength,
  );
};

/** nodemailer's own stand-in for a credential in its logs, used for ours too. */
export const secretMask = '/* secret */';

/**
 * A map key for a text that holds credentials (transport options, OAuth2 client credentials):
 * its SHA-256 digest, so no credential stays in memory as a key.
 */
export const credentialKey = (text: string): string => createHash('sha256').update(text).digest('base64url');
