import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';

/** An RSA key pair for DKIM tests: the private key for the signer, the DNS TXT record for the verifier. */
export const createDkimKey = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    txtRecord: `v=DKIM1; k=rsa; p=${publicKeyBase64}`,
  };
};

/**
 * Verifies the DKIM signatures of a raw message with `mailauth` (from the nodemailer project),
 * answering its DNS lookup for `<selector>._domainkey.<domain>` with `txtRecord`.
 *
 * @returns one `{ domain, selector, status }` per signature (`status` is `pass` when valid)
 */
export const verifyDkim = async (raw: Buffer, dns: { name: string; txtRecord: string }) => {
  const result = await dkimVerify(raw, {
    resolver: async (name: string, type: string) => {
      if (type === 'TXT' && name === dns.name) {
        return [[dns.txtRecord]];
      }
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    },
  });
  return result.results.map((entry) => ({
    domain: entry.signingDomain,
    selector: entry.selector,
    status: entry.status.result,
  }));
};
