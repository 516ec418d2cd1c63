import {
  ConnectorType,
  type CreateConnector,
  type EmailConnector,
  type GetConnectorConfig,
  type GetI18nEmailTemplate,
  type SendMessageData,
  type SendMessageFunction,
  type SendMessagePayload,
} from '@logto/connector-kit';
import { withDescribedErrors } from '@seedworks/connector-common';
import { parseRecipient } from './config/mailbox.js';
import { defaultMetadata } from './config/metadata.js';
import { describeConfigError, parseConfig } from './config/parse.js';
import { type SmtpConfig, smtpConfigGuard } from './config/types.js';
import { sendWithFailover } from './delivery/failover.js';
import { sendWithRetry } from './delivery/retry.js';
import { buildTransportOptions } from './delivery/transport-options.js';
import { acquireTransport, type ConfigRole } from './delivery/transport-registry.js';
import { checkBeforeTestSend, withDeliveryReport } from './doctor/test-send.js';
import { toConnectorError } from './errors/connector-error.js';
import { forEndUser } from './errors/end-user-error.js';
import { buildMailOptions } from './message/mail-options.js';
import { resolveTemplate } from './message/template.js';

/** One send, with the stored config (a sign-in) or the Console's unsaved one (its send test). */
const send = async (
  role: ConfigRole,
  config: SmtpConfig,
  data: SendMessageData,
  payload: SendMessagePayload,
  getI18nEmailTemplate?: GetI18nEmailTemplate,
) => {
  const recipient = parseRecipient(data.to);
  // Never missing: without Logto's or the config's template, the built-in one is used.
  const template = await resolveTemplate(data.type, payload, config.templates, getI18nEmailTemplate);
  const built = buildMailOptions(config, template, payload, recipient);
  // The send test goes to the primary alone (its check covered the fallbacks): a fallback that
  // took the test message would hide a primary that refuses mail.
  if (config.fallbackServers.length > 0 && role === 'stored') {
    return sendWithFailover(role, config, built);
  }

  const lease = acquireTransport(role, buildTransportOptions(config));
  try {
    // The Console's send test: the primary's own answer first, then what the send alone cannot
    // see (the fallbacks, the sender domain's DNS), whose report the test message carries.
    const mail =
      role === 'test'
        ? withDeliveryReport(built, await checkBeforeTestSend(config, () => lease.pool.verify()))
        : built;
    return await sendWithRetry(lease, mail);
  } catch (error: unknown) {
    throw toConnectorError(error, config);
  } finally {
    lease.release();
  }
};

const sendMessage =
  (getConfig: GetConnectorConfig, getI18nEmailTemplate?: GetI18nEmailTemplate): SendMessageFunction =>
  async (data, inputConfig) => {
    // Logto always sends an object; anything else renders as "no values" instead of crashing.
    const payload: SendMessagePayload =
      typeof data.payload === 'object' && data.payload !== null ? data.payload : {};
    // The console's "send test" passes the unsaved config, which wins; `getConfig` would throw there.
    if (inputConfig !== undefined) {
      return send('test', parseConfig(inputConfig), data, payload, getI18nEmailTemplate);
    }
    // A sign-in's caller may be anyone: its errors name no host and quote no server.
    try {
      return await send(
        'stored',
        parseConfig(await getConfig(defaultMetadata.id)),
        data,
        payload,
        getI18nEmailTemplate,
      );
    } catch (error: unknown) {
      throw forEndUser(error);
    }
  };

/**
 * Logto's entry point. It is called again for every request and when Logto probes the package
 * (with a `getConfig` that throws), so it reads nothing and opens nothing: connections are
 * pooled at module level and opened on the first send.
 */
const createSmtpConnector: CreateConnector<EmailConnector> = async ({ getConfig, getI18nEmailTemplate }) => ({
  metadata: defaultMetadata,
  type: ConnectorType.Email,
  // Logto validates saves with this; the Console then shows which field is wrong.
  configGuard: withDescribedErrors(smtpConfigGuard, describeConfigError),
  sendMessage: sendMessage(getConfig, getI18nEmailTemplate),
});

export default createSmtpConnector;
export { connectorId, defaultMetadata } from './config/metadata.js';
export { parseConfig } from './config/parse.js';
export {
  ContentType,
  type SmtpConfig,
  type SmtpConfigInput,
  type SmtpTemplate,
  smtpConfigGuard,
  templateGuard,
} from './config/types.js';
export { closeSmtpTransports, transportStats } from './delivery/transport-registry.js';
export { checkDelivery, type DeliveryCheckOptions } from './doctor/check-delivery.js';
export type { DeliveryReport, Finding } from './doctor/finding.js';
export { renderTemplate } from './message/template.js';
