import { Resolver } from 'node:dns/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestDnsServer, type TestDnsServer } from './test-dns-server.js';

let server: TestDnsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const resolverFor = (dns: TestDnsServer) => {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.address]);
  return resolver;
};

describe('startTestDnsServer', () => {
  it('answers TXT questions from its table, NXDOMAIN for other names, SERVFAIL for failing ones', async () => {
    server = await startTestDnsServer({ 'Example.test': ['v=spf1 -all', 'other'] });
    const resolver = resolverFor(server);
    expect(await resolver.resolveTxt('example.test')).toEqual([['v=spf1 -all'], ['other']]);
    await expect(resolver.resolveTxt('missing.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    server.failing.add('broken.test');
    await expect(resolver.resolveTxt('broken.test')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    expect(server.queries).toEqual(['TXT example.test', 'TXT missing.test', 'TXT broken.test']);
  });

  it('splits a long record into 255-byte strings, served over TCP when UDP truncates it', async () => {
    const key = `v=DKIM1; k=rsa; p=${'A'.repeat(600)}`;
    server = await startTestDnsServer({ 'mail._domainkey.example.test': [key] });
    const [strings] = await resolverFor(server).resolveTxt('mail._domainkey.example.test');
    expect(strings?.map((part) => part.length)).toEqual([255, 255, key.length - 510]);
    expect(strings?.join('')).toBe(key);
  });
});
