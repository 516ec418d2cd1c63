import type { SmtpConfig } from '../config/types.js';
import type { Server } from '../delivery/server-order.js';
import { checkSenderDomain } from './dns-checks.js';
import { type Finding, warning } from './finding.js';
import type { TxtLookup } from './txt-records.js';

/**
 * A name every resolver that sees public DNS finds: IANA's own domain, which has been there since
 * DNS began and will not go away.
 */
const wellKnownPublicName = 'iana.org';

/** The zone a domain sits in: `example.com` → `com`, `mail.example.co.kr` → `example.co.kr`. */
const parentZone = (domain: string) => domain.split('.').slice(1).join('.');

/** Whether a name exists for this resolver: it answered with records, or with none (NODATA). */
const resolves = async (name: string, lookup: TxtLookup) => {
  const answer = await lookup(name);
  return 'records' in answer || ('missing' in answer && answer.missing === 'no-record');
};

/**
 * Whether the resolver cannot see public DNS: the sender domain, its parent zone and a well-known
 * public name all fail to resolve. Many Logto hosts are like this (air-gapped networks,
 * split-horizon resolvers that answer NXDOMAIN for every outside name, containers with a private
 * resolver); there, a missing domain says nothing about what receivers will see. A domain that
 * resolves is judged as usual, without asking anything more.
 */
const isBlind = async (domain: string, lookup: TxtLookup): Promise<boolean> => {
  if (await resolves(domain, lookup)) {
    return false;
  }
  const probes = [parentZone(domain), wellKnownPublicName].filter(Boolean);
  const answers = await Promise.all(probes.map((name) => resolves(name, lookup)));
  return !answers.includes(true);
};

/** Who cannot see public DNS, and how to check the domain anyway, in the words of each caller. */
export interface BlindDnsWording {
  /** `the Logto host`, `this machine`. */
  host: string;
  /** What to do: run the doctor elsewhere, point it at a resolver that works. */
  advice: string;
}

/**
 * The sender domain's SPF, DMARC and DKIM (see `checkSenderDomain`), unless the resolver cannot see
 * public DNS: then one warning says so instead, never a blocker, since what receivers will find is
 * unknown here.
 */
export const checkSenderDomainIfVisible = async (
  config: SmtpConfig,
  fromDomain: string,
  servers: readonly Server[],
  lookup: TxtLookup,
  { host, advice }: BlindDnsWording,
): Promise<Finding[]> => {
  if (await isBlind(fromDomain, lookup)) {
    const parent = parentZone(fromDomain);
    return [
      warning(
        `DNS (${fromDomain})`,
        `${host} cannot see public DNS (${fromDomain}${parent ? `, ${parent}` : ''} and ${wellKnownPublicName} do not resolve), so SPF, DMARC and DKIM were not checked. ${advice}`,
      ),
    ];
  }
  return checkSenderDomain(config, fromDomain, servers, lookup);
};
