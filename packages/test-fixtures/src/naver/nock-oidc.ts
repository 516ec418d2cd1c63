import nock from 'nock';
import { naverRealEndpoints } from './endpoints.js';
import { answer, type NaverReply } from './nock.js';
import {
  type NaverIdTokenClaims,
  type NaverSigningKey,
  naverJwks,
  type PkceBinding,
  pkceMatches,
  signNaverIdToken,
} from './oidc.js';
import { naverAccessToken, naverConfig, naverProfileResponse, naverRefreshToken } from './responses.js';

/** Scripts `GET /oauth2/jwks` with the public halves of `keys`, or with `reply`. */
export const nockNaverJwks = ({
  keys = [],
  reply,
  endpoint = naverRealEndpoints.jwks,
  times = 1,
}: {
  keys?: readonly NaverSigningKey[];
  reply?: NaverReply;
  endpoint?: string;
  times?: number;
} = {}) => {
  const { origin, pathname } = new URL(endpoint);
  return answer(nock(origin).get(pathname), reply ?? { body: naverJwks(keys) }, times);
};

/** What Naver bound a code to at `/oauth2/authorize`. */
interface IssuedCode extends PkceBinding {
  redirectUri: string;
  nonce?: string;
}

/** A scripted Naver OpenID Connect authority on Naver's real URLs (see {@link nockNaverOidc}). */
export interface ScriptedNaverOidc {
  /**
   * Plays Naver's authorize page for an authorize URL the connector built: records its state,
   * redirect URI, code challenge and nonce, and returns the code Naver would send back.
   */
  authorize(authorizeUrl: string): string;
  /** Every ID token issued so far (secrets: the suite's recorder must not find them anywhere). */
  readonly idTokens: readonly string[];
  /** The token endpoint's interceptor (persisting; `nock.cleanAll()` removes it). */
  readonly scope: nock.Scope;
  /** Signs the next ID tokens with `key`, as after a key rotation. */
  signWith(key: NaverSigningKey): void;
}

let codeCounter = 0;

/**
 * Scripts Naver's OpenID Connect token endpoint (`POST /oauth2/token`) as Naver would run it: each
 * code from {@link ScriptedNaverOidc.authorize} is single use, and redeemed only with its client,
 * redirect URI and PKCE verifier (RFC 7636 §4.6). Not by its `state`: whether Naver checks the
 * token request's `state` is not known, and a code redeemed in another sign-in is what PKCE stops. It answers with the fixtures' tokens and an
 * ID token signed with `signWith` (default `key`) for `subject`, the client id and the code's
 * nonce, with `claims` laid over (a wrong `aud`, `iss`, an old `exp` …). Refusals are HTTP 400
 * `invalid_grant` (RFC 6749 §5.2).
 */
export const nockNaverOidc = ({
  key,
  signWith = key,
  subject = naverProfileResponse.response.id,
  claims = {},
  config = naverConfig,
  endpoint = naverRealEndpoints.oidcToken,
}: {
  key: NaverSigningKey;
  /** Another key to sign with than the one `key` stands for (a forged token). */
  signWith?: NaverSigningKey;
  subject?: string;
  claims?: Partial<NaverIdTokenClaims>;
  config?: { clientId: string; clientSecret: string };
  endpoint?: string;
}): ScriptedNaverOidc => {
  const codes = new Map<string, IssuedCode>();
  let signingKey = signWith;
  const idTokens: string[] = [];
  const { origin, pathname } = new URL(endpoint);

  const refuse = (description: string): nock.ReplyFnResult => [
    400,
    { error: 'invalid_grant', error_description: description },
  ];

  const scope = nock(origin)
    .post(pathname)
    .times(Number.MAX_SAFE_INTEGER)
    .reply((_uri, body, callback) => {
      const form = new URLSearchParams(String(body));
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (form.get('client_id') !== config.clientId || form.get('client_secret') !== config.clientSecret) {
        callback(null, refuse('wrong client id / client secret pair'));
      } else if (
        form.get('grant_type') !== 'authorization_code' ||
        !issued ||
        form.get('redirect_uri') !== issued.redirectUri
      ) {
        callback(null, refuse('no valid data in session'));
      } else if (!pkceMatches(issued, form.get('code_verifier'))) {
        callback(null, refuse('code_verifier does not match the code_challenge'));
      } else {
        signNaverIdToken(signingKey, {
          sub: subject,
          aud: config.clientId,
          nonce: issued.nonce,
          ...claims,
        }).then(
          (idToken) => {
            idTokens.push(idToken);
            callback(null, [
              200,
              {
                access_token: naverAccessToken,
                refresh_token: naverRefreshToken,
                token_type: 'bearer',
                expires_in: '3600',
                id_token: idToken,
              },
            ]);
          },
          (error: Error) => callback(error, [500, '']),
        );
      }
    });

  return {
    authorize(authorizeUrl) {
      const query = new URL(authorizeUrl).searchParams;
      codeCounter += 1;
      const code = `OidcCode${String(codeCounter).padStart(8, '0')}`;
      codes.set(code, {
        redirectUri: query.get('redirect_uri') ?? '',
        nonce: query.get('nonce') ?? undefined,
        codeChallenge: query.get('code_challenge') ?? undefined,
        codeChallengeMethod: query.get('code_challenge_method') ?? undefined,
      });
      return code;
    },
    idTokens,
    scope,
    signWith(next) {
      signingKey = next;
    },
  };
};
