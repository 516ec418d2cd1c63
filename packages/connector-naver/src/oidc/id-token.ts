import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import type { errors, JWTPayload } from 'jose';
import {
  idTokenAlgorithms,
  idTokenClockToleranceSeconds,
  idTokenMaxAgeSeconds,
  naverIssuer,
} from '../constant.js';
import { providerText } from '../http/provider-text.js';
import { loadJose } from './jose.js';
import type { NaverKeys } from './jwks.js';

/** What every ID token failure tells the user to do. */
const retry = 'Start the sign-in with Naver again.';

/** `SocialIdTokenInvalid` saying what did not match; the token itself is never quoted. */
export const idTokenInvalid = (mismatch: string) =>
  describedConnectorError(
    ConnectorErrorCodes.SocialIdTokenInvalid,
    `Naver's ID token was refused: ${mismatch}. ${retry}`,
  );

/** A claim's value as it may be shown: short, one line, never a credential. */
const shown = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? `"${providerText(String(value), [])}"` : 'missing';

type Jose = Awaited<ReturnType<typeof loadJose>>;

/** Words for what jose found wrong, by claim. */
const claimMismatch = (error: errors.JWTClaimValidationFailed): string => {
  const { claim, payload } = error;
  switch (claim) {
    case 'iss': {
      return `its issuer (iss) is ${shown(payload.iss)}, not ${naverIssuer}`;
    }
    case 'aud': {
      return "its audience (aud) is not this connector's Client ID: it was issued to another Naver app";
    }
    case 'iat': {
      return `it was issued (iat) in the future or more than ${idTokenMaxAgeSeconds / 60} minutes ago; check the Logto server's clock`;
    }
    case 'nbf': {
      return "it is not valid yet (nbf); check the Logto server's clock";
    }
    case 'sub':
    case 'exp': {
      return `it has no ${claim} claim`;
    }
    default: {
      return `its ${providerText(claim, [])} claim is invalid`;
    }
  }
};

/** jose's verdict → what did not match, in words for the admin and the user. */
const describeJoseError = ({ errors }: Jose, error: unknown): string | undefined => {
  if (error instanceof errors.JWTExpired) {
    return "it has expired (exp); if this keeps happening, check the Logto server's clock";
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return claimMismatch(error);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "its signature does not match Naver's published key";
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return "it is signed with a key Naver does not publish (kid not in Naver's JWKS)";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return `it is not signed with ${idTokenAlgorithms.join(' or ')}`;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return 'it is not a well-formed signed JWT';
  }
  return undefined;
};

/** What the ID token is checked against: the connector's Client ID and the sign-in's nonce. */
export interface IdTokenExpectation {
  clientId: string;
  /** The nonce sent with the authorize request; `undefined` without Logto session support. */
  nonce?: string;
}

/**
 * Verifies Naver's ID token (OpenID Connect Core 1.0 §3.1.3.7): RS256 signature against Naver's
 * keys, `iss` = https://nid.naver.com, `aud` = the Client ID, `exp` and `iat` with
 * {@link idTokenClockToleranceSeconds} of skew, `sub` present; then `nonce`: Naver does not document
 * whether it echoes one, so a token without `nonce` passes, and one with another `nonce` than this
 * sign-in sent (or a nonce when none was sent) is refused.
 *
 * @returns The token's claims.
 * @throws ConnectorError `SocialIdTokenInvalid` naming what did not match; `General` when Naver's
 *   keys cannot be fetched.
 */
export const verifyIdToken = async (
  keys: NaverKeys,
  idToken: string | undefined,
  { clientId, nonce }: IdTokenExpectation,
): Promise<JWTPayload & { sub: string }> => {
  if (!idToken) {
    throw idTokenInvalid('the token answer has no id_token although the sign-in used OpenID Connect');
  }
  const jose = await loadJose();
  let payload: JWTPayload;
  try {
    ({ payload } = await jose.jwtVerify(idToken, keys.getKey, {
      issuer: naverIssuer,
      audience: clientId,
      algorithms: idTokenAlgorithms,
      clockTolerance: idTokenClockToleranceSeconds,
      maxTokenAge: idTokenMaxAgeSeconds,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (error: unknown) {
    if (error instanceof ConnectorError) {
      // The key set could not be fetched (http/client.ts / jwks.ts).
      throw error;
    }
    throw idTokenInvalid(describeJoseError(jose, error) ?? 'it could not be verified');
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw idTokenInvalid('its subject (sub) is not a string');
  }
  if (payload.nonce !== undefined && payload.nonce !== nonce) {
    throw idTokenInvalid(
      'its nonce is not the one this sign-in sent (the code was issued to another sign-in)',
    );
  }
  return payload as JWTPayload & { sub: string };
};

/**
 * Refuses a profile whose `id` is not the ID token's `sub`: the access token and the ID token
 * would then speak of two people. The Logto identity stays the profile `id` in both modes.
 */
export const checkSubject = (claims: { sub: string }, profileId: string) => {
  if (claims.sub !== profileId) {
    throw idTokenInvalid("its subject (sub) is not the Naver profile's id");
  }
};
