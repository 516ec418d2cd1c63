import { parseSender } from '../config/mailbox.js';
import type { SmtpConfig } from '../config/types.js';
import { serversOf } from '../delivery/server-order.js';
import { blocker, type DeliveryReport } from './finding.js';
import { checkSenderDomainIfVisible } from './public-dns.js';
import { checkServer } from './smtp-checks.js';
import { txtLookup } from './txt-records.js';

/** Where the delivery check looks things up. */
export interface DeliveryCheckOptions {
  /**
   * DNS servers for the domain checks, `host` or `host:port` (Node's `Resolver.setServers`
   * form); default the system's. For split-horizon DNS, and for tests.
   */
  dnsServers?: string[];
}

/** What the report says when this machine's resolver cannot see public DNS. */
const blindDns = {
  host: 'this machine',
  advice: 'Run the doctor where DNS works, or give it a resolver that sees public DNS (--dns).',
};

/**
 * Checks, without sending anything, whether mail from this config can be delivered: every
 * server (the primary and each fallback) and the sender's domain (SPF, DMARC, DKIM), side by
 * side, each server's own answer first. Resolves with every finding; it does not throw for what
 * it finds. A resolver that cannot see public DNS gets one warning instead of the domain's checks.
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
      ? checkSenderDomainIfVisible(config, fromDomain, servers, txtLookup(dnsServers), blindDns)
      : [blocker('fromEmail', 'not an email address: set it to one such as "Acme <noreply@acme.com>".')],
  ]);
  const findings = [...perServer.flat(), ...domain];
  return { findings, blocked: findings.some((finding) => finding.level === 'blocker') };
};
