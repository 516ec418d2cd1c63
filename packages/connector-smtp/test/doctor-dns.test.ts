import { createDkimKey, startTestDnsServer, type TestDnsServer } from '@seedworks/test-fixtures';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse.js';
import { serversOf } from '../src/delivery/server-order.js';
import { checkSenderDomain } from '../src/doctor/dns-checks.js';
import type { Finding } from '../src/doctor/finding.js';
import { txtLookup } from '../src/doctor/txt-records.js';
import { closeServersAfterEach } from './servers.js';

const track = closeServersAfterEach();
const domain = 'acme.test';
const dkimKey = createDkimKey();

/** A DNS server with these TXT records; anything else is NXDOMAIN. */
const startDns = async (records: Record<string, string[]>): Promise<TestDnsServer> =>
  track(await startTestDnsServer(records));

/** The domain findings for a config sending from `noreply@acme.test` through `host`. */
const checkDomain = async (dns: TestDnsServer, overrides: Record<string, unknown> = {}) => {
  const config = parseConfig({
    host: 'smtp.example.net',
    port: 587,
    fromEmail: `Acme <noreply@${domain}>`,
    ...overrides,
  });
  return checkSenderDomain(config, domain, serversOf(config), txtLookup([dns.address]));
};

const findingFor = (findings: Finding[], subject: RegExp) =>
  findings.find((finding) => subject.test(finding.subject));
const spfOf = (findings: Finding[]) => findingFor(findings, /^SPF \(acme\.test\)$/);
const dmarcOf = (findings: Finding[]) => findingFor(findings, /^DMARC/);
const dkimOf = (findings: Finding[]) => findingFor(findings, /^DKIM/);

const dmarc = { [`_dmarc.${domain}`]: ['v=DMARC1; p=quarantine; rua=mailto:reports@acme.test'] };

describe('SPF of the fromEmail domain', () => {
  it('no SPF record, sending through a provider with its own envelope domain (SES): a warning, not a blocker', async () => {
    const dns = await startDns({ [domain]: ['google-site-verification=abc'], ...dmarc });
    const spf = spfOf(await checkDomain(dns, { host: 'email-smtp.eu-west-1.amazonaws.com' }));
    expect(spf?.level).toBe('warning');
    expect(spf?.message).toMatch(
      /no SPF record\. Mail through Amazon SES passes SPF.*"v=spf1 include:amazonses\.com ~all"/,
    );
  });

  it('no SPF record, with one server that is not such a provider: a blocker', async () => {
    const dns = await startDns({ [domain]: ['google-site-verification=abc'], ...dmarc });
    const spf = spfOf(
      await checkDomain(dns, {
        host: 'email-smtp.eu-west-1.amazonaws.com',
        fallbackServers: [{ host: 'smtp.example.net', port: 587 }],
      }),
    );
    expect(spf?.level).toBe('blocker');
  });

  it('a valid record within the lookup limit: OK, with its lookup count', async () => {
    const dns = await startDns({
      [domain]: ['v=spf1 ip4:192.0.2.0/24 include:_spf.relay.test -all'],
      '_spf.relay.test': ['v=spf1 a mx ~all'],
      ...dmarc,
    });
    expect(spfOf(await checkDomain(dns))).toEqual({
      level: 'ok',
      subject: 'SPF (acme.test)',
      message: expect.stringMatching(/3 of 10 lookups/),
    });
  });

  it.each<[string, Record<string, string[]>, RegExp]>([
    [
      'no SPF record (other TXT records only)',
      { [domain]: ['google-site-verification=abc'] },
      /no SPF record.*Publish one TXT record at acme\.test: "v=spf1 a:smtp\.example\.net ~all"/,
    ],
    ['two SPF records', { [domain]: ['v=spf1 -all', 'v=spf1 ~all'] }, /2 SPF records.*Merge them/],
    [
      'an unknown mechanism',
      { [domain]: ['v=spf1 include:_spf.relay.test ip:192.0.2.1 -all'] },
      /"ip:192\.0\.2\.1" is not an SPF mechanism/,
    ],
    [
      'a malformed ip4',
      { [domain]: ['v=spf1 ip4:192.0.2.300 -all'] },
      /"ip4:192\.0\.2\.300" is not an IPv4 address/,
    ],
    [
      'an include without an SPF record',
      { [domain]: ['v=spf1 include:gone.test -all'] },
      /gone\.test, which it includes, has no SPF record/,
    ],
  ])('%s: a blocker', async (_name, records, message) => {
    const dns = await startDns(records);
    expect(spfOf(await checkDomain(dns))).toMatchObject({
      level: 'blocker',
      message: expect.stringMatching(message),
    });
  });

  it('more than 10 DNS lookups, nested includes counted (RFC 7208 §4.6.4): a blocker', async () => {
    // 3 includes at the top, each pulling in 3 records with a and mx: 3 + 3 × (1 + 2) = 12.
    const records: Record<string, string[]> = {
      [domain]: ['v=spf1 include:one.test include:two.test include:three.test -all'],
    };
    for (const name of ['one.test', 'two.test', 'three.test']) {
      records[name] = [`v=spf1 include:leaf.${name} a mx ~all`];
      records[`leaf.${name}`] = ['v=spf1 ip4:192.0.2.1 ~all'];
    }
    const dns = await startDns(records);
    expect(spfOf(await checkDomain(dns))).toMatchObject({
      level: 'blocker',
      message: expect.stringMatching(/more than 10 DNS lookups/),
    });
  });

  it('the domain does not exist: a blocker naming fromEmail', async () => {
    const dns = await startDns({});
    expect(spfOf(await checkDomain(dns))).toMatchObject({
      level: 'blocker',
      message: expect.stringMatching(/does not exist in DNS.*Check fromEmail/),
    });
  });

  it('the lookup fails (SERVFAIL): a warning, not a verdict', async () => {
    const dns = await startDns({});
    dns.failing.add(domain);
    expect(spfOf(await checkDomain(dns))).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/lookup failed \(ESERVFAIL\)/),
    });
  });

  it.each([
    ['v=spf1 +all', /"\+all" lets anyone send/],
    ['v=spf1 ip4:192.0.2.1', /does not end with "~all" or "-all"/],
    ['v=spf1 ptr -all', /"ptr" is slow and discouraged/],
  ])('%s: a warning', async (record, message) => {
    const dns = await startDns({ [domain]: [record] });
    expect(spfOf(await checkDomain(dns))).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(message),
    });
  });

  it('no SPF record: the record to publish lists every server, a provider by its include', async () => {
    const dns = await startDns({ [domain]: ['google-site-verification=abc'] });
    const findings = await checkDomain(dns, {
      host: 'smtp.gmail.com',
      fallbackServers: [{ host: '192.0.2.25', port: 587 }],
    });
    expect(spfOf(findings)?.message).toContain('"v=spf1 include:_spf.google.com ip4:192.0.2.25 ~all"');
  });

  it('sending through Gmail without include:_spf.google.com: a warning with the include to add', async () => {
    const dns = await startDns({ [domain]: ['v=spf1 ip4:192.0.2.1 -all'] });
    const findings = await checkDomain(dns, { host: 'smtp.gmail.com', port: 465, secure: true });
    expect(findingFor(findings, /for primary \(smtp\.gmail\.com:465\)/)).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/no include:_spf\.google\.com.*Gmail/),
    });
  });

  it.each([
    ['smtp.gmail.com', '_spf.google.com'],
    ['smtp.office365.com', 'spf.protection.outlook.com'],
    ['smtpdm.aliyun.com', 'spf1.dm.aliyun.com'],
  ])('through %s with its include (%s): no provider warning', async (host, include) => {
    const dns = await startDns({
      [domain]: [`v=spf1 include:${include} -all`],
      [include]: ['v=spf1 ip4:192.0.2.0/24 ~all'],
    });
    const findings = await checkDomain(dns, { host });
    expect(spfOf(findings)?.level).toBe('ok');
    expect(findings.filter((finding) => finding.subject.startsWith('SPF (acme.test) for'))).toEqual([]);
  });

  it('through Amazon SES without include:amazonses.com: OK, SES sends with its own envelope domain', async () => {
    const dns = await startDns({ [domain]: ['v=spf1 -all'] });
    const findings = await checkDomain(dns, { host: 'email-smtp.eu-west-1.amazonaws.com' });
    expect(findingFor(findings, /for primary/)).toMatchObject({
      level: 'ok',
      message: expect.stringMatching(/custom MAIL FROM.*include:amazonses\.com/),
    });
  });

  it('checks the include of each fallback’s provider too', async () => {
    const dns = await startDns({
      [domain]: ['v=spf1 include:_spf.google.com -all'],
      '_spf.google.com': ['v=spf1 ~all'],
    });
    const findings = await checkDomain(dns, {
      host: 'smtp.gmail.com',
      fallbackServers: [{ host: 'smtp.office365.com', port: 587 }],
    });
    expect(findings.filter((finding) => / for /.test(finding.subject))).toEqual([
      {
        level: 'warning',
        subject: 'SPF (acme.test) for fallback 1 (smtp.office365.com:587)',
        message: expect.stringMatching(/include:spf\.protection\.outlook\.com/),
      },
    ]);
  });
});

describe('DMARC of the fromEmail domain (RFC 7489)', () => {
  it.each<[string, string[] | undefined, Finding['level'], RegExp]>([
    ['missing', undefined, 'warning', /no DMARC record.*_dmarc\.acme\.test: "v=DMARC1; p=none/],
    ['p=none', ['v=DMARC1; p=none'], 'ok', /policy none: receivers report/],
    ['p=reject', ['v=DMARC1; p=reject; adkim=s'], 'ok', /policy reject: .* refused/],
    ['without a valid policy', ['v=DMARC1; rua=mailto:r@acme.test'], 'warning', /no valid policy/],
    ['published twice', ['v=DMARC1; p=none', 'v=DMARC1; p=reject'], 'warning', /2 DMARC records/],
  ])('%s', async (_name, records, level, message) => {
    const dns = await startDns({
      [domain]: ['v=spf1 -all'],
      ...(records && { [`_dmarc.${domain}`]: records }),
    });
    expect(dmarcOf(await checkDomain(dns))).toMatchObject({ level, message: expect.stringMatching(message) });
  });

  /** The DMARC finding for a config sending from `noreply@<sender>`, with these TXT records. */
  const dmarcFor = async (sender: string, records: Record<string, string[]>) => {
    const dns = await startDns(records);
    const config = parseConfig({ host: 'smtp.example.net', port: 587, fromEmail: `noreply@${sender}` });
    return dmarcOf(await checkSenderDomain(config, sender, serversOf(config), txtLookup([dns.address])));
  };

  it('a subdomain without its own record is covered by the organizational domain’s, with its sp=', async () => {
    const finding = await dmarcFor('mail.acme.test', {
      'mail.acme.test': ['v=spf1 -all'],
      [`_dmarc.${domain}`]: ['v=DMARC1; p=none; sp=reject'],
    });
    expect(finding).toEqual({
      level: 'ok',
      subject: 'DMARC (_dmarc.mail.acme.test)',
      message: expect.stringMatching(/^from _dmarc\.acme\.test, policy reject/),
    });
  });
  it('a subdomain under a two-label suffix (co.kr style) finds its organization’s record, not the suffix’s', async () => {
    const finding = await dmarcFor('mail.acme.co.test', {
      'mail.acme.co.test': ['v=spf1 -all'],
      '_dmarc.acme.co.test': ['v=DMARC1; p=quarantine'],
    });
    expect(finding).toMatchObject({
      level: 'ok',
      message: expect.stringMatching(/^from _dmarc\.acme\.co\.test, policy quarantine/),
    });
  });
});

describe('DKIM, when the connector signs', () => {
  const dkim = { domainName: domain, keySelector: 'mail', privateKey: dkimKey.privateKey };
  const selector = `mail._domainkey.${domain}`;

  it('the published key matches the private key: OK (a 2048-bit key, split into 255-byte strings)', async () => {
    const dns = await startDns({ [selector]: [dkimKey.txtRecord] });
    expect(dkimOf(await checkDomain(dns, { dkim }))).toMatchObject({
      level: 'ok',
      message: expect.stringMatching(/RSA key matches/),
    });
  });

  it.each<[string, string[] | undefined, RegExp]>([
    [
      'no record at the selector',
      undefined,
      /no DKIM key published.*Publish TXT at mail\._domainkey\.acme\.test/,
    ],
    ['another key', [createDkimKey().txtRecord], /does not match dkim\.privateKey/],
    ['a revoked key (p=)', ['v=DKIM1; k=rsa; p='], /revoked/],
  ])('%s: a blocker', async (_name, records, message) => {
    const dns = await startDns(records ? { [selector]: records } : {});
    expect(dkimOf(await checkDomain(dns, { dkim }))).toMatchObject({
      level: 'blocker',
      message: expect.stringMatching(message),
    });
  });

  it('signing for another domain than fromEmail’s: a warning about DMARC alignment', async () => {
    const dns = await startDns({ 'mail._domainkey.other.test': [dkimKey.txtRecord] });
    const findings = await checkDomain(dns, { dkim: { ...dkim, domainName: 'other.test' } });
    expect(
      findings.filter((finding) => finding.subject.startsWith('DKIM')).map((finding) => finding.level),
    ).toEqual(['warning', 'ok']);
    expect(dkimOf(findings)?.message).toMatch(/aligned with the From domain/);
  });

  it('no dkim in the config: not checked, said so', async () => {
    const dns = await startDns({});
    expect(dkimOf(await checkDomain(dns))).toMatchObject({
      level: 'ok',
      message: expect.stringMatching(/^not checked/),
    });
  });
});
