export { describedConnectorError, withDescribedErrors } from './described-error.js';
