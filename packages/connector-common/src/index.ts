export {
  ConnectorErrorDescription,
  describedConnectorError,
  withDescribedErrors,
} from './described-error.js';
export { minSecretLength, redactSecrets, secretSpellings } from './redact.js';
