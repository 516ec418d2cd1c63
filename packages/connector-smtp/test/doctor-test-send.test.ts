import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import { smtpConfigFor, startTestDnsServer, startTestSmtpServer } from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import { dnsServersVariable } from '../src/doctor/test-send.js';
import createConnector from '../src/index.js';
import { closeServersAfterEach, freePort } from './servers.js';

const track = closeServersAfterEach();
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

describe('the Console’s send test runs the delivery check first', () => {
  it('a sender domain without SPF: the test fails with the fix, and no message is sent', async () => {
    await useDns({ 'bare.test': ['google-site-verification=abc'] });
    const server = track(await startTestSmtpServer());
    await expectConnectorError(
      sendTest(smtpConfigFor(server, { fromEmail: 'noreply@bare.test' })),
      ConnectorErrorCodes.InvalidConfig,
      /no test message was sent/,
      /SPF \(bare\.test\): no SPF record.*Publish one TXT record at bare\.test/,
    );
    expect(server.connectionCount).toBe(0);
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
      ConnectorErrorCodes.InvalidConfig,
      new RegExp(`primary \\(127\\.0\\.0\\.1:${port}\\) connection: The connection to .* was refused`),
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
