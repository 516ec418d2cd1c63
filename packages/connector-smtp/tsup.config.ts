export { connectorBuildConfig as default } from '../../tsup.connector.js';
