import { serversOf } from '../failover.js';
import { parseSender } from '../mailbox.js';
import type { SmtpConfig } from '../types.js';
import { checkSenderDomain, txtLookup } from './dns-checks.js';
import { blocker, type DeliveryReport } from './finding.js';
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
 * server (the primary and each fallback) and the sender's domain (SPF, DMARC, DKIM), side by
 * side. Resolves with every finding; it does not throw for what it finds.
 */
export const checkDelivery = async (
  config: SmtpConfig,
  { dnsServers }: DeliveryCheckOptions = {},
): Promise<DeliveryReport> => {
  const servers = serversOf(config);
  const fromDomain = parseSender(config.fromEmail)?.address.split('@').pop()?.toLowerCase();
  const [perServer, domain] = await Promise.all([
    Promise.all(servers.map((server) => checkServer(server))),
    fromDomain
      ? checkSenderDomain(config, fromDomain, servers, txtLookup(dnsServers))
      : [blocker('fromEmail', 'not an email address: set it to one such as "Acme <noreply@acme.com>".')],
  ]);
  const findings = [...perServer.flat(), ...domain];
  return { findings, blocked: findings.some((finding) => finding.level === 'blocker') };
};
