export { describedConnectorError, withDescribedErrors } from './described-error.js';
export { minSecretLength, redactSecrets } from './redact.js';
