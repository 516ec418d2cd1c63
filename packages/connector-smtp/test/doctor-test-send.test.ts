import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import { smtpConfigFor, startTestDnsServer, startTestSmtpServer } from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import { dnsServersVariable } from '../src/doctor/test-send.js';
import createConnector from '../src/index.js';
import { closeServersAfterEach, freePort } from './servers.js';

const track = closeServersAfterEach();
const credentials = { user: 'alice', pass: 'test-send-Pa55word' };
const wrongPassword = { user: 'alice', pass: 'not-the-Pa55word' };
const message = { to: 'admin@example.com', type: TemplateType.Generic, payload: { code: '000000' } };

/** The Console's "send test": the unsaved config as the second argument. */
const sendTest = async (config: unknown) => {
  const connector = await createConnector({
    getConfig: async () => {
      throw new Error('the send test passes its config');
    },
  });
  return connector.sendMessage(message, config);
};

/** Points the check at a resolver with these records for the rest of the test. */
const useDns = async (records: Record<string, string[]>) => {
  const dns = track(await startTestDnsServer(records));
  const previous = process.env[dnsServersVariable];
  process.env[dnsServersVariable] = dns.address;
  track({
    close: async () => {
      if (previous === undefined) {
        delete process.env[dnsServersVariable];
      } else {
        process.env[dnsServersVariable] = previous;
      }
    },
  });
  return dns;
};

describe('the Console’s send test runs the delivery check before its message', () => {
  it('a sender domain without SPF: the test fails with the fix, after the login passed, and no message is sent', async () => {
    await useDns({ 'bare.test': ['google-site-verification=abc'] });
    const server = track(await startTestSmtpServer({ auth: credentials }));
    await expectConnectorError(
      sendTest(smtpConfigFor(server, { auth: credentials, fromEmail: 'noreply@bare.test' })),
      ConnectorErrorCodes.InvalidConfig,
      /no test message was sent/,
      /SPF \(bare\.test\): no SPF record.*Publish one TXT record at bare\.test/,
    );
    expect(server.logins).toEqual(['alice']);
    expect(server.messages).toHaveLength(0);
  });

  it('a fallback that cannot be reached: the test fails naming it, though the primary would deliver', async () => {
    const server = track(await startTestSmtpServer());
    const port = await freePort();
    await expectConnectorError(
      sendTest(smtpConfigFor(server, { fallbackServers: [{ host: '127.0.0.1', port }] })),
      ConnectorErrorCodes.InvalidConfig,
      new RegExp(`fallback 1 \\(127\\.0\\.0\\.1:${port}\\) connection: The connection to .* was refused`),
    );
    expect(server.messages).toHaveLength(0);
  });

  it('a primary that is down, with a fallback that would deliver: the test fails naming the primary', async () => {
    const fallback = track(await startTestSmtpServer());
    const port = await freePort();
    await expectConnectorError(
      sendTest(
        smtpConfigFor(
          { host: '127.0.0.1', port },
          { fallbackServers: [{ host: fallback.host, port: fallback.port }] },
        ),
      ),
      ConnectorErrorCodes.General,
      new RegExp(`The connection to 127\\.0\\.0\\.1:${port} was refused`),
    );
    expect(fallback.messages).toHaveLength(0);
  });

  it('a primary that refuses the sender, with a fallback that would deliver: the test fails, nothing fails over', async () => {
    const primary = track(
      await startTestSmtpServer({
        onMailFrom: () => {
          throw Object.assign(new Error('5.7.1 Sender address not owned by user'), { responseCode: 553 });
        },
      }),
    );
    const fallback = track(await startTestSmtpServer());
    await expectConnectorError(
      sendTest(smtpConfigFor(primary, { fallbackServers: [{ host: fallback.host, port: fallback.port }] })),
      ConnectorErrorCodes.InvalidConfig,
      /refused the sender address \(553/,
      /Set fromEmail/,
    );
    expect(primary.messages).toHaveLength(0);
    expect(fallback.messages).toHaveLength(0);
  });

  it('SEEDWORKS_SMTP_DNS_SERVERS naming a host: the test fails saying it needs an IP address', async () => {
    const server = track(await startTestSmtpServer());
    const dns = await useDns({});
    process.env[dnsServersVariable] = `${dns.address},dns.example`;
    await expectConnectorError(
      sendTest(smtpConfigFor(server)),
      ConnectorErrorCodes.InvalidConfig,
      /SEEDWORKS_SMTP_DNS_SERVERS in Logto's environment: DNS servers must be IP addresses/,
    );
    expect(server.messages).toHaveLength(0);
  });

  it('nothing blocks: the test message arrives carrying the report, warnings included', async () => {
    const server = track(await startTestSmtpServer());
    await sendTest(smtpConfigFor(server));
    const [received] = await server.waitForMessages(1);
    expect(received?.parsed.text).toMatch(/^Your Generic code is 000000\./);
    expect(received?.parsed.text).toMatch(/^OK +SPF \(example\.com\): "v=spf1 ip4:127\.0\.0\.0\/8 -all"/m);
    expect(received?.parsed.text).toMatch(/^OK +DMARC \(_dmarc\.example\.com\): policy none/m);
  });

  it.each([
    [
      'a login on a loopback host',
      '127.0.0.1',
      {},
      /^OK +primary .* login: sent without TLS: the host is written as loopback/m,
    ],
    [
      'requireTLS: false',
      '127.1',
      { requireTLS: false },
      /^WARNING +primary .* login: requireTLS: false is set/m,
    ],
  ])('the report says which rule lets %s go without TLS', async (_name, host, overrides, line) => {
    const server = track(await startTestSmtpServer({ auth: credentials }));
    // `127.1` reaches loopback without being written as loopback (see plaintext-login.test.ts).
    await sendTest(smtpConfigFor({ ...server, host }, { auth: credentials, ...overrides }));
    const [received] = await server.waitForMessages(1);
    expect(received?.parsed.text).toMatch(line);
  });

  it('an HTML template gets the report in its HTML part too, escaped', async () => {
    const server = track(await startTestSmtpServer());
    await sendTest(
      smtpConfigFor(server, {
        templates: [
          { usageType: 'Generic', contentType: 'text/html', subject: 'Code', content: '<p>{{code}}</p>' },
        ],
      }),
    );
    const [received] = await server.waitForMessages(1);
    expect(received?.parsed.html).toMatch(/<pre[^>]*>OK +SPF \(example\.com\): &quot;v=spf1/);
  });

  it('a built-in email gets the report inside its document body', async () => {
    const server = track(await startTestSmtpServer());
    await sendTest(smtpConfigFor(server, { templates: [] }));
    const [received] = await server.waitForMessages(1);
    const html = String(received?.parsed.html);
    expect(html).toMatch(/<pre[^>]*>OK +SPF \(example\.com\)/);
    expect(html.indexOf('Delivery check')).toBeLessThan(html.lastIndexOf('</body>'));
  });

  it('a sign-in’s send (the stored config) runs no check and carries no report', async () => {
    await useDns({});
    const server = track(await startTestSmtpServer());
    const connector = await createConnector({ getConfig: async () => smtpConfigFor(server) });
    await connector.sendMessage(message);
    const [received] = await server.waitForMessages(1);
    expect(received?.parsed.text?.trim()).toBe('Your Generic code is 000000.');
  });
});

/** What a send test failed with (its code checked), for asserting what it does not say too. */
const failureOf = async (sent: Promise<unknown>, code: ConnectorErrorCodes) =>
  String((await expectConnectorError(sent, code, /./)).data.errorDescription);

describe('the Console’s send test on a host whose resolver answers NXDOMAIN for every name', () => {
  it('a good setup: the test message arrives, carrying one DNS warning instead of SPF, DMARC and DKIM', async () => {
    const dns = await useDns({});
    const server = track(await startTestSmtpServer({ auth: credentials }));
    await sendTest(smtpConfigFor(server, { auth: credentials }));
    const [received] = await server.waitForMessages(1);
    const text = received?.parsed.text ?? '';
    expect(text).toMatch(
      /^WARNING DNS \(example\.com\): the Logto host cannot see public DNS \(example\.com, com and iana\.org do not resolve\), so SPF, DMARC and DKIM were not checked\. .*SEEDWORKS_SMTP_DNS_SERVERS/m,
    );
    expect(text).not.toMatch(/SPF \(|DMARC \(|BLOCKER/);
    // It told a blind resolver from a missing domain by asking for more than the domain.
    expect(dns.queries).toEqual(expect.arrayContaining(['TXT example.com', 'TXT com', 'TXT iana.org']));
  });

  it('a wrong password is named as such, with no word of SPF', async () => {
    await useDns({});
    const server = track(await startTestSmtpServer({ auth: credentials }));
    const description = await failureOf(
      sendTest(smtpConfigFor(server, { auth: wrongPassword })),
      ConnectorErrorCodes.InvalidConfig,
    );
    expect(description).toMatch(/rejected the login \(535.*Check Username and Password/);
    expect(description).not.toMatch(/SPF|DMARC|DKIM|DNS/);
    expect(server.messages).toHaveLength(0);
  });

  it('a closed port is named as such, with no word of SPF', async () => {
    await useDns({});
    const port = await freePort();
    const description = await failureOf(
      sendTest(smtpConfigFor({ host: '127.0.0.1', port })),
      ConnectorErrorCodes.General,
    );
    expect(description).toMatch(
      new RegExp(`The connection to 127\\.0\\.0\\.1:${port} was refused.*Check host and port`),
    );
    expect(description).not.toMatch(/SPF|DMARC|DKIM|DNS/);
  });

  it('a certificate the host does not trust is named as such, with no word of SPF', async () => {
    await useDns({});
    const server = track(await startTestSmtpServer({ starttls: true, auth: credentials }));
    const description = await failureOf(
      sendTest(smtpConfigFor({ host: server.host, port: server.port }, { auth: credentials })),
      ConnectorErrorCodes.InvalidCertificate,
    );
    expect(description).toMatch(/TLS certificate of .* is not trusted.*tls\.ca/);
    expect(description).not.toMatch(/SPF|DMARC|DKIM|DNS/);
    expect(server.logins).toHaveLength(0);
  });
});

describe('the Console’s send test where DNS works: the server answers first, then the domain', () => {
  it('a wrong password and a domain without SPF: the login is named, not SPF', async () => {
    await useDns({ 'bare.test': ['google-site-verification=abc'] });
    const server = track(await startTestSmtpServer({ auth: credentials }));
    const description = await failureOf(
      sendTest(smtpConfigFor(server, { auth: wrongPassword, fromEmail: 'noreply@bare.test' })),
      ConnectorErrorCodes.InvalidConfig,
    );
    expect(description).toMatch(/rejected the login \(535/);
    expect(description).not.toMatch(/SPF/);
  });

  it('a sender domain that does not exist, where other names resolve: still a blocker naming it', async () => {
    // iana.org resolves (with no TXT record here), so the resolver sees public DNS.
    await useDns({ 'iana.org': [] });
    const server = track(await startTestSmtpServer({ auth: credentials }));
    await expectConnectorError(
      sendTest(smtpConfigFor(server, { auth: credentials, fromEmail: 'noreply@nowhere.test' })),
      ConnectorErrorCodes.InvalidConfig,
      /SPF \(nowhere\.test\): the domain nowhere\.test does not exist in DNS/,
    );
    expect(server.logins).toEqual(['alice']);
    expect(server.messages).toHaveLength(0);
  });
});
