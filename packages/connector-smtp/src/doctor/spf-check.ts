import { isIP } from 'node:net';
import type { Server } from '../delivery/server-order.js';
import { blocker, type Finding, ok, warning } from './finding.js';
import { isSpfRecord, maxSpfLookups, ownLookups, parseSpf, referencedDomains, type SpfTerm } from './spf.js';
import type { TxtLookup } from './txt-records.js';

/**
 * The SPF include each provider documents for mail sent through it, by SMTP host. `ownReturnPath`:
 * the provider sends with its own envelope domain unless set up otherwise, so SPF of the
 * fromEmail domain need not list it (DMARC then passes through its DKIM signature).
 */
const providers: Array<{
  name: string;
  host: RegExp;
  include: string;
  docs: string;
  ownReturnPath?: boolean;
}> = [
  {
    name: 'Gmail / Google Workspace',
    host: /(^|\.)(gmail|googlemail)\.com$/i,
    include: '_spf.google.com',
    docs: 'https://support.google.com/a/answer/10685031',
  },
  {
    name: 'Microsoft 365',
    host: /(^|\.)(office365\.com|outlook\.com)$/i,
    include: 'spf.protection.outlook.com',
    docs: 'https://learn.microsoft.com/defender-office-365/email-authentication-spf-configure',
  },
  {
    name: 'Amazon SES',
    host: /^email-smtp\.[\w-]+\.amazonaws\.com$/i,
    include: 'amazonses.com',
    docs: 'https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-spf.html',
    ownReturnPath: true,
  },
  {
    name: 'SendGrid',
    host: /(^|\.)sendgrid\.net$/i,
    include: 'sendgrid.net',
    docs: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/spf-records',
    ownReturnPath: true,
  },
  {
    name: 'Mailgun',
    host: /(^|\.)mailgun\.org$/i,
    include: 'mailgun.org',
    docs: 'https://documentation.mailgun.com/docs/mailgun/user-manual/get-started',
    ownReturnPath: true,
  },
  {
    name: 'Aliyun DirectMail',
    host: /^smtpdm[\w-]*\.aliyun\.com$/i,
    include: 'spf1.dm.aliyun.com',
    docs: 'https://help.aliyun.com/document_detail/36771.html',
  },
];

/** What walking an SPF record and everything it includes found. */
interface SpfWalk {
  lookups: number;
  includes: Set<string>;
  /** The first problem that makes receivers give up on the record (a permerror). */
  error?: string;
}

/** Follows includes and redirects depth-first, counting lookups, until the limit is passed. */
const walkSpf = async (terms: readonly SpfTerm[], lookup: TxtLookup, walk: SpfWalk): Promise<void> => {
  walk.lookups += ownLookups(terms);
  for (const domain of referencedDomains(terms)) {
    if (walk.error || walk.lookups > maxSpfLookups) {
      return;
    }
    walk.includes.add(domain.toLowerCase());
    const answer = await lookup(domain);
    const records = 'records' in answer ? answer.records.filter(isSpfRecord) : [];
    if (records.length !== 1) {
      walk.error =
        'failed' in answer
          ? `the lookup of ${domain}, which it includes, failed (${answer.failed})`
          : `${domain}, which it includes, has ${records.length === 0 ? 'no' : 'more than one'} SPF record`;
      return;
    }
    const parsed = parseSpf(records[0]!);
    if ('error' in parsed) {
      walk.error = `the record of ${domain}, which it includes, is invalid: ${parsed.error}`;
      return;
    }
    await walkSpf(parsed.terms, lookup, walk);
  }
};

/**
 * The providers behind these servers, when every one of them sends with its own envelope domain:
 * its own SPF covers the mail, and DMARC passes through its DKIM signature (RFC 7489 §4.2,
 * https://www.rfc-editor.org/rfc/rfc7489#section-4.2), so
 * the sender domain's SPF is not what decides delivery. A local relay is never such a server:
 * receivers check the address it relays from against the sender domain's SPF.
 */
const ownReturnPathProviders = (servers: readonly Server[]): string[] | undefined => {
  const found = servers.map(({ config }) => providers.find((candidate) => candidate.host.test(config.host)));
  return found.every((provider) => provider?.ownReturnPath)
    ? [...new Set(found.map((provider) => provider!.name))]
    : undefined;
};

/**
 * An SPF record that lists every server: a known provider's include, else the server itself
 * (`ip4:`/`ip6:` for an address, `a:` for a host name: a relay sends from its own address).
 */
const spfExample = (servers: readonly Server[]) => {
  const terms = servers.map(({ config: { host } }) => {
    const provider = providers.find((candidate) => candidate.host.test(host));
    if (provider) {
      return `include:${provider.include}`;
    }
    const version = isIP(host);
    return version === 0 ? `a:${host}` : `ip${version}:${host}`;
  });
  return `v=spf1 ${[...new Set(terms)].join(' ')} ~all`;
};

/** SPF of the sender's domain: present, one record, valid, within 10 lookups, listing the provider. */
export const checkSpf = async (
  domain: string,
  servers: readonly Server[],
  lookup: TxtLookup,
): Promise<Finding[]> => {
  const subject = `SPF (${domain})`;
  const answer = await lookup(domain);
  if ('failed' in answer) {
    return [
      warning(
        subject,
        `the TXT lookup failed (${answer.failed}); check the domain's DNS servers, then run the check again.`,
      ),
    ];
  }
  if ('missing' in answer && answer.missing === 'no-domain') {
    return [
      blocker(
        subject,
        `the domain ${domain} does not exist in DNS: no receiver will accept mail from it. Check fromEmail.`,
      ),
    ];
  }
  const records = 'records' in answer ? answer.records.filter(isSpfRecord) : [];
  if (records.length === 0) {
    const advice = `Publish one TXT record at ${domain}: "${spfExample(servers)}".`;
    const sparing = ownReturnPathProviders(servers);
    return [
      sparing
        ? warning(
            subject,
            `no SPF record. Mail through ${sparing.join(' and ')} passes SPF with the provider's own envelope domain, so it is not refused for this; publish one anyway, for a custom MAIL FROM domain and any mail ${domain} sends itself. ${advice}`,
          )
        : blocker(
            subject,
            `no SPF record: Gmail, Outlook and Yahoo refuse or spam-folder mail from ${domain}. ${advice}`,
          ),
    ];
  }
  if (records.length > 1) {
    return [
      blocker(
        subject,
        `${records.length} SPF records: receivers treat that as an error (RFC 7208 §4.5). Merge them into one.`,
      ),
    ];
  }
  const parsed = parseSpf(records[0]!);
  if ('error' in parsed) {
    return [
      blocker(subject, `the record is invalid: ${parsed.error}. Receivers then ignore it (RFC 7208 §4.6).`),
    ];
  }
  const walk: SpfWalk = { lookups: 0, includes: new Set() };
  await walkSpf(parsed.terms, lookup, walk);
  if (walk.error) {
    return [
      blocker(subject, `${walk.error}: receivers then ignore the whole record. Fix or remove that include.`),
    ];
  }
  if (walk.lookups > maxSpfLookups) {
    return [
      blocker(
        subject,
        `more than ${maxSpfLookups} DNS lookups (include, a, mx, ptr, exists, redirect, nested ones counted): receivers stop and treat it as an error (RFC 7208 §4.6.4). Remove includes you no longer send through, or replace a, mx and ptr with ip4/ip6.`,
      ),
    ];
  }

  const findings: Finding[] = [];
  const all = parsed.terms.find((term) => term.kind === 'mechanism' && term.name === 'all');
  const redirect = parsed.terms.some((term) => term.kind === 'modifier' && term.name === 'redirect');
  const notes = [
    all?.qualifier === '+' && '"+all" lets anyone send as this domain: end with "~all" or "-all"',
    !all && !redirect && 'it does not end with "~all" or "-all", so it says nothing about other senders',
    parsed.terms.some((term) => term.name === 'ptr') &&
      '"ptr" is slow and discouraged (RFC 7208 §5.5): use ip4/ip6',
  ].filter((note): note is string => typeof note === 'string');
  const summary = `"${records[0]}", ${walk.lookups} of ${maxSpfLookups} lookups`;
  findings.push(
    notes.length > 0 ? warning(subject, `${summary}; ${notes.join('; ')}.`) : ok(subject, `${summary}.`),
  );

  for (const server of servers) {
    const provider = providers.find((candidate) => candidate.host.test(server.config.host));
    if (!provider || walk.includes.has(provider.include)) {
      continue;
    }
    findings.push(
      provider.ownReturnPath
        ? ok(
            `${subject} for ${server.label}`,
            `no include:${provider.include}: fine while ${provider.name} sends with its own envelope domain, with DMARC passing through its DKIM signature; with a custom MAIL FROM / return-path domain, add include:${provider.include} there (${provider.docs}).`,
          )
        : warning(
            `${subject} for ${server.label}`,
            `no include:${provider.include}, so mail sent through ${provider.name} fails SPF: add "include:${provider.include}" before the "all" (${provider.docs}).`,
          ),
    );
  }
  return findings;
};
