export {
  ConnectorErrorDescription,
  describedConnectorError,
  withDescribedErrors,
} from './described-error.js';
