import { randomInt } from 'node:crypto';
import { generateHostCertificate } from '@seedworks/test-fixtures';
import { type MockNaver, startMockNaver } from '@seedworks/test-fixtures/naver/mock-naver-server';
import { naverConfig } from '@seedworks/test-fixtures/naver/responses';
import { naverHostNames } from './logto.js';

export interface NaverStandIn {
  /** The mock Naver (consent page, token, profile, revoke), serving HTTPS on `address:443`. */
  naver: MockNaver;
  /** The loopback address it listens on: Naver's host names resolve here for Logto and Chromium. */
  address: string;
  /** Its self-signed certificate for nid.naver.com and openapi.naver.com (PEM). */
  certificate: string;
  /** Client id and secret the mock accepts. */
  clientId: string;
  clientSecret: string;
}

/**
 * The fixtures' mock Naver over HTTPS on port 443 of a random `127.x.y.1`: the connectors keep
 * Naver's production URLs (no port), and a random address keeps parallel runs on one machine apart.
 */
export const startNaverStandIn = async (): Promise<NaverStandIn> => {
  const { cert, key } = await generateHostCertificate(naverHostNames);
  for (let attempt = 0; ; attempt += 1) {
    const address = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.1`;
    try {
      const naver = await startMockNaver({ tls: { cert, key }, host: address, port: 443 });
      return {
        naver,
        address,
        certificate: cert,
        clientId: naverConfig.clientId,
        clientSecret: naverConfig.clientSecret,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) {
        throw error;
      }
    }
  }
};
