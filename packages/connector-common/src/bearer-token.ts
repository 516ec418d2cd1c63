/**
 * Whether a provider's access token is an RFC 6750 `b64token`
 * (https://www.rfc-editor.org/rfc/rfc6750#section-2.1). The token goes into an `Authorization`
 * header or an XOAUTH2 string next, so anything else (CR/LF, spaces, non-ASCII) is refused where it
 * arrives instead of failing later as a confusing network or login error.
 */
export const isBearerToken = (value: unknown): value is string =>
  typeof value === 'string' && /^[\w\-.~+/]+=*$/.test(value);
