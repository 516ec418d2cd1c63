import { type Finding, ok, warning } from './finding.js';
import { recordTags, type TxtLookup } from './txt-records.js';

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

/**
 * DMARC of the sender's domain (RFC 7489 §6.3, https://www.rfc-editor.org/rfc/rfc7489#section-6.3): present at
 * `_dmarc.<domain>` or its organizational domain, valid, and its policy.
 */
export const checkDmarc = async (domain: string, lookup: TxtLookup): Promise<Finding> => {
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
  const tags = recordTags(records[0]!);
  // A subdomain gets the organizational domain's sp= when it has one (RFC 7489 §6.3,
  // https://www.rfc-editor.org/rfc/rfc7489#section-6.3).
  const policy = ((inherited && tags.sp) || tags.p)?.toLowerCase();
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
