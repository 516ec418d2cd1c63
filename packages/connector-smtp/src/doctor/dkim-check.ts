import { createPublicKey } from 'node:crypto';
import type { SmtpConfig } from '../config/types.js';
import { blocker, type Finding, ok, warning } from './finding.js';
import { recordTags, type TxtLookup } from './txt-records.js';

/** The public key in DKIM's `p=` form: base64 SubjectPublicKeyInfo for RSA, the raw key for Ed25519 (RFC 8463). */
const dkimPublicKey = (privateKey: string): { type: 'rsa' | 'ed25519'; p: string } => {
  const key = createPublicKey(privateKey);
  const der = key.export({ type: 'spki', format: 'der' });
  return key.asymmetricKeyType === 'ed25519'
    ? { type: 'ed25519', p: der.subarray(-32).toString('base64') }
    : { type: 'rsa', p: der.toString('base64') };
};

/** DKIM when the connector signs: the selector's record exists and holds the config's public key. */
export const checkDkim = async (
  config: SmtpConfig,
  fromDomain: string,
  lookup: TxtLookup,
): Promise<Finding[]> => {
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
  const published = (recordTags(record).p ?? '').replace(/\s+/g, '');
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
