export { isBearerToken } from './bearer-token.js';
export { describedConnectorError, parseConfigOrThrow, withDescribedErrors } from './described-error.js';
export { type ParsedBody, parseBody } from './json-body.js';
export { minSecretLength, redactSecrets, type Secrets } from './redact.js';
export { isUnset, unsetAsUndefined } from './unset.js';
