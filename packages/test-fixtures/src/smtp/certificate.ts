import { generate } from 'selfsigned';

/** A PEM key pair for `localhost` / `127.0.0.1`, generated once per process. */
export interface TestCertificate {
  /** PEM certificate; pass it as `tls.ca` to trust the test server. */
  cert: string;
  /** PEM private key of the server. */
  key: string;
}

let pending: Promise<TestCertificate> | undefined;

/**
 * A self-signed certificate valid for `localhost` and `127.0.0.1`. Generated on first use
 * (RSA key generation takes ~100 ms) and shared by every server in the process.
 */
export const getTestCertificate = (): Promise<TestCertificate> => {
  pending ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return pending;
};

/**
 * A throwaway self-signed certificate (CA flag set, so it can be trusted as its own root, e.g.
 * through `NODE_EXTRA_CA_CERTS`) for the given DNS names: lets a local server stand in for a real
 * HTTPS host such as `nid.naver.com`. A fresh key each call (~100 ms).
 */
export const generateHostCertificate = async (dnsNames: readonly string[]): Promise<TestCertificate> => {
  const pems = await generate([{ name: 'commonName', value: dnsNames[0] ?? 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) },
    ],
  });
  return { cert: pems.cert, key: pems.private };
};
