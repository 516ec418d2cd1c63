import { createPublicKey } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { SmtpConfig } from '../config/types.js';
import type { Server } from '../delivery/server-order.js';
import { blocker, type Finding, ok, warning } from './finding.js';
import { isSpfRecord, maxSpfLookups, ownLookups, parseSpf, referencedDomains, type SpfTerm } from './spf.js';

/** One DNS question's answer: the TXT records (each joined from its strings), or why there are none. */
type TxtAnswer = { records: string[] } | { missing: 'no-domain' | 'no-record' } | { failed: string };

/** Looks up TXT records; resolves with what was found rather than throwing. */
export type TxtLookup = (name: string) => Promise<TxtAnswer>;

/** Says which DNS server is not an IP address (`setServers` takes no host names). */
export class InvalidDnsServerError extends Error {
  constructor(servers: readonly string[]) {
    super(
      `DNS servers must be IP addresses, with an optional port (127.0.0.1:53, [::1]:53); got ${servers.map((server) => `"${server}"`).join(', ')}.`,
    );
  }
}

/**
 * TXT lookups through `servers` (`address` or `address:port`), or the system's resolvers.
 *
 * @throws InvalidDnsServerError when a server is not an IP address.
 */
export const txtLookup = (servers?: string[]): TxtLookup => {
  // Two tries of 2 s each: an admin is waiting, and a healthy resolver answers in milliseconds.
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (servers && servers.length > 0) {
    try {
      resolver.setServers(servers);
    } catch {
      throw new InvalidDnsServerError(servers);
    }
  }
  return async (name) => {
    try {
      return { records: (await resolver.resolveTxt(name)).map((strings) => strings.join('')) };
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOTFOUND') {
        return { missing: 'no-domain' };
      }
      if (code === 'ENODATA') {
        return { missing: 'no-record' };
      }
      return { failed: code };
    }
  };
};

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
 * its own SPF covers the mail, and DMARC passes through its DKIM signature (RFC 7489 §4.2), so
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
const checkSpf = async (
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

/** Tags of a DMARC or DKIM record: `v=DMARC1; p=none` → `{ v: 'DMARC1', p: 'none' }`. */
const tags = (record: string) =>
  Object.fromEntries(
    record
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()];
      }),
  ) as Record<string, string | undefined>;

/** The DMARC records at `_dmarc.<domain>`, or why there are none to read. */
const dmarcRecords = async (
  domain: string,
  lookup: TxtLookup,
): Promise<{ records: string[] } | { failed: string }> => {
  const answer = await lookup(`_dmarc.${domain}`);
  if ('failed' in answer) {
    return { failed: answer.failed };
  }
  const records = 'records' in answer ? answer.records : [];
  return { records: records.filter((record) => /^v=DMARC1\s*(;|$)/i.test(record)) };
};

/**
 * Where a subdomain without its own record finds the one that covers it: each parent, nearest
 * first, down to two labels. This is DMARCbis's DNS tree walk
 * (https://datatracker.ietf.org/doc/draft-ietf-dmarc-dmarcbis/, "DNS Tree Walk"), which finds the
 * organizational domain's record without the Public Suffix List that RFC 7489 §3.2 relies on:
 * `mail.example.co.kr` reaches `_dmarc.example.co.kr`, not `_dmarc.co.kr`.
 */
const parentDomains = (domain: string) => {
  const labels = domain.split('.');
  return labels.slice(1, -1).map((_, index) => labels.slice(index + 1).join('.'));
};

/** The nearest parent's DMARC records, for a domain without its own. */
const inheritedDmarc = async (domain: string, lookup: TxtLookup) => {
  for (const parent of parentDomains(domain)) {
    const answer = await dmarcRecords(parent, lookup);
    if ('records' in answer && answer.records.length > 0) {
      return { parent, records: answer.records };
    }
  }
  return undefined;
};

/** DMARC of the sender's domain (RFC 7489 §6.3): present at `_dmarc.<domain>` or its organizational domain, valid, and its policy. */
const checkDmarc = async (domain: string, lookup: TxtLookup): Promise<Finding> => {
  const subject = `DMARC (_dmarc.${domain})`;
  const suggestion = `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}`;
  const own = await dmarcRecords(domain, lookup);
  if ('failed' in own) {
    return warning(subject, `the TXT lookup failed (${own.failed}); check the domain's DNS servers.`);
  }
  const fromParent = own.records.length === 0 ? await inheritedDmarc(domain, lookup) : undefined;
  const inherited = fromParent !== undefined;
  const records = fromParent?.records ?? own.records;
  const source = inherited ? `the record of ${fromParent.parent}, which covers its subdomains` : 'the record';
  if (records.length === 0) {
    return warning(
      subject,
      `no DMARC record: Gmail and Yahoo require one from bulk senders, and receivers trust mail from ${domain} less without it. Publish TXT at _dmarc.${domain}: "${suggestion}", read the reports, then move to p=quarantine.`,
    );
  }
  if (records.length > 1) {
    return warning(
      subject,
      `${records.length} DMARC records: receivers then apply none (RFC 7489 §6.6.3). Keep one.`,
    );
  }
  const recordTags = tags(records[0]!);
  // A subdomain gets the organizational domain's sp= when it has one (RFC 7489 §6.3).
  const policy = ((inherited && recordTags.sp) || recordTags.p)?.toLowerCase();
  if (policy !== 'none' && policy !== 'quarantine' && policy !== 'reject') {
    return warning(
      subject,
      `${source} has no valid policy (p=none, quarantine or reject), so receivers ignore it (RFC 7489 §6.3). Publish "${suggestion}".`,
    );
  }
  const prefix = inherited ? `from _dmarc.${fromParent.parent}, ` : '';
  return ok(
    subject,
    policy === 'none'
      ? `${prefix}policy none: receivers report failures but act on none; move to p=quarantine once the reports show only your own mail.`
      : `${prefix}policy ${policy}: mail that fails both SPF and DKIM for ${domain} is ${policy === 'reject' ? 'refused' : 'sent to spam'}, so both must be right.`,
  );
};

/** The public key in DKIM's `p=` form: base64 SubjectPublicKeyInfo for RSA, the raw key for Ed25519 (RFC 8463). */
const dkimPublicKey = (privateKey: string): { type: 'rsa' | 'ed25519'; p: string } => {
  const key = createPublicKey(privateKey);
  const der = key.export({ type: 'spki', format: 'der' });
  return key.asymmetricKeyType === 'ed25519'
    ? { type: 'ed25519', p: der.subarray(-32).toString('base64') }
    : { type: 'rsa', p: der.toString('base64') };
};

/** DKIM when the connector signs: the selector's record exists and holds the config's public key. */
const checkDkim = async (config: SmtpConfig, fromDomain: string, lookup: TxtLookup): Promise<Finding[]> => {
  const { dkim } = config;
  if (!dkim) {
    return [
      ok('DKIM', 'not checked: dkim is not set, so signing is up to the mail provider (turn it on there).'),
    ];
  }
  const name = `${dkim.keySelector}._domainkey.${dkim.domainName}`;
  const subject = `DKIM (${name})`;
  const findings: Finding[] = [];
  const domain = dkim.domainName.toLowerCase();
  if (fromDomain !== domain && !fromDomain.endsWith(`.${domain}`) && !domain.endsWith(`.${fromDomain}`)) {
    findings.push(
      warning(
        subject,
        `signs for ${dkim.domainName}, but fromEmail is at ${fromDomain}: DMARC counts only a signature aligned with the From domain. Set dkim.domainName to ${fromDomain}.`,
      ),
    );
  }
  const expected = dkimPublicKey(dkim.privateKey);
  const publish = `publish TXT at ${name}: "v=DKIM1; k=${expected.type}; p=${expected.p.slice(0, 12)}…" (the public key of dkim.privateKey)`;
  const answer = await lookup(name);
  if ('failed' in answer) {
    return [
      ...findings,
      warning(subject, `the TXT lookup failed (${answer.failed}); check the domain's DNS servers.`),
    ];
  }
  const record = 'records' in answer ? answer.records.find((text) => /(^|;)\s*p=/i.test(text)) : undefined;
  if (!record) {
    return [
      ...findings,
      blocker(subject, `no DKIM key published: every signature fails. ${publish.replace(/^p/, 'P')}.`),
    ];
  }
  const published = (tags(record).p ?? '').replace(/\s+/g, '');
  if (published === '') {
    return [
      ...findings,
      blocker(
        subject,
        `the key is revoked (empty p=): every signature fails. ${publish.replace(/^p/, 'P')}.`,
      ),
    ];
  }
  if (published !== expected.p) {
    return [
      ...findings,
      blocker(
        subject,
        `the published key does not match dkim.privateKey: every signature fails. Put the matching private key in dkim, or ${publish}.`,
      ),
    ];
  }
  return [
    ...findings,
    ok(subject, `the published ${expected.type.toUpperCase()} key matches dkim.privateKey.`),
  ];
};

/** The sender domain's SPF, DMARC and DKIM, as receivers will look them up. */
export const checkSenderDomain = async (
  config: SmtpConfig,
  fromDomain: string,
  servers: readonly Server[],
  lookup: TxtLookup,
): Promise<Finding[]> => {
  const [spf, dmarc, dkim] = await Promise.all([
    checkSpf(fromDomain, servers, lookup),
    checkDmarc(fromDomain, lookup),
    checkDkim(config, fromDomain, lookup),
  ]);
  return [...spf, dmarc, ...dkim];
};
