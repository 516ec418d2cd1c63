import { createHash, randomBytes } from 'node:crypto';

/*
 * node:crypto rather than a library: each value is one line of RFC 7636, and the connector already
 * runs on Node only.
 */

/** What an OpenID Connect sign-in keeps in Logto's connector session and sends with its requests. */
export interface OidcSecrets {
  /** PKCE verifier: 32 random bytes, base64url (43 characters, RFC 7636 §4.1). Sent with the token request. */
  codeVerifier: string;
  /** `BASE64URL(SHA256(codeVerifier))`, sent with the authorize request (RFC 7636 §4.2, `S256`). */
  codeChallenge: string;
  /** Binds the ID token to this sign-in (OpenID Connect Core 1.0 §3.1.2.1, §15.5.2). */
  nonce: string;
}

/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export const codeChallengeOf = (codeVerifier: string) =>
  createHash('sha256').update(codeVerifier).digest('base64url');

/** A new verifier, its challenge and a nonce, for one sign-in. */
export const newOidcSecrets = (): OidcSecrets => {
  const codeVerifier = randomBytes(32).toString('base64url');
  return {
    codeVerifier,
    codeChallenge: codeChallengeOf(codeVerifier),
    nonce: randomBytes(16).toString('base64url'),
  };
};
