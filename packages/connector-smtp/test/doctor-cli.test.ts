import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateType } from '@logto/connector-kit';
import {
  createDkimKey,
  startTestDnsServer,
  type TestDnsServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/doctor/cli.js';
import { dnsServersVariable } from '../src/doctor/test-send.js';
import createConnector from '../src/index.js';
import { secretRecorder } from './recorder.js';
import { closeServersAfterEach, freePort, startLoginServer } from './servers.js';

const track = closeServersAfterEach();
const password = 'cli-Pa55word-secret';
const dkimKey = createDkimKey();
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'smtp-doctor-'));
  secretRecorder.addSecrets([password, dkimKey.privateKey]);
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/** A well-set-up domain: SPF, DMARC and the DKIM key the config signs with. */
const goodDomain = {
  'acme.test': ['v=spf1 ip4:127.0.0.1 -all'],
  '_dmarc.acme.test': ['v=DMARC1; p=reject'],
  'mail._domainkey.acme.test': [dkimKey.txtRecord],
};

const startServer = (options: Parameters<typeof startLoginServer>[2] = {}) =>
  startLoginServer(track, password, options);

/** Runs `doctor --config <file> --dns <server>` and collects what it prints. */
const doctor = async (config: unknown, dns: TestDnsServer, ...extra: string[]) => {
  const file = join(directory, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(config));
  let output = '';
  const status = await runCli(['doctor', '--config', file, '--dns', dns.address, ...extra], (text) => {
    output += text;
  });
  return { status, output };
};

const configFor = (server: TestSmtpServer, overrides: Record<string, unknown> = {}) => ({
  host: server.host,
  port: server.port,
  username: 'alice',
  password,
  tls: { ca: server.cert },
  fromEmail: 'Acme <noreply@acme.test>',
  dkim: { domainName: 'acme.test', keySelector: 'mail', privateKey: dkimKey.privateKey },
  ...overrides,
});

const expectNoSecret = (output: string) => {
  expect(output).not.toContain(password);
  expect(output).not.toContain('MIIE'); // the start of any PEM RSA key body
};

describe('npx @seedworks/connector-smtp doctor', () => {
  it('a good setup: every line OK, exit 0, and the server was sent no MAIL FROM', async () => {
    const { server, mailFrom } = await startServer();
    const dns = track(await startTestDnsServer(goodDomain));
    const { status, output } = await doctor(configFor(server), dns);

    expect(output).not.toMatch(/^(WARNING|BLOCKER)/m);
    expect(output).toMatch(/^OK +primary \(127\.0\.0\.1:\d+\) login: accepted for alice\.$/m);
    expect(output).toMatch(/^OK +SPF \(acme\.test\)/m);
    expect(output).toMatch(/^OK +DMARC \(_dmarc\.acme\.test\): policy reject/m);
    expect(output).toMatch(/^OK +DKIM \(mail\._domainkey\.acme\.test\): the published RSA key matches/m);
    expect(output).toMatch(/Nothing blocks delivery\.\n$/);
    expect(status).toBe(0);
    expect(mailFrom.count).toBe(0);
    expect(server.messages).toHaveLength(0);
    expectNoSecret(output);
  });

  it('a bare domain: exit 1, naming SPF (a blocker) and DMARC', async () => {
    const { server, mailFrom } = await startServer();
    const dns = track(await startTestDnsServer({ 'acme.test': ['google-site-verification=abc'] }));
    const { status, output } = await doctor(configFor(server, { dkim: undefined }), dns);
    expect(status).toBe(1);
    expect(output).toMatch(/^BLOCKER SPF \(acme\.test\): no SPF record/m);
    expect(output).toMatch(/^WARNING DMARC \(_dmarc\.acme\.test\): no DMARC record/m);
    expect(output).toMatch(/Each BLOCKER keeps mail from arriving.*run the check again/);
    expect(mailFrom.count).toBe(0);
  });

  it('a wrong password: exit 1, naming the login, and the password printed nowhere', async () => {
    const { server, mailFrom } = await startServer();
    const dns = track(await startTestDnsServer(goodDomain));
    const wrong = 'wrong-Pa55word-secret';
    secretRecorder.addSecrets([wrong]);
    const { status, output } = await doctor(configFor(server, { password: wrong }), dns);
    expect(status).toBe(1);
    expect(output).toMatch(
      /^BLOCKER primary \(127\.0\.0\.1:\d+\) login: .*rejected the login \(535 5\.7\.8\)/m,
    );
    expect(output).not.toContain(wrong);
    expectNoSecret(output);
    expect(mailFrom.count).toBe(0);
  });

  it('--json: the same findings for scripts, with blocked', async () => {
    const { server } = await startServer();
    const dns = track(await startTestDnsServer(goodDomain));
    const { status, output } = await doctor(configFor(server), dns, '--json');
    const report = JSON.parse(output) as {
      blocked: boolean;
      findings: Array<{ level: string; subject: string }>;
    };
    expect(status).toBe(0);
    expect(report.blocked).toBe(false);
    expect(report.findings.map((finding) => finding.subject)).toContain('SPF (acme.test)');
    expectNoSecret(output);
  });

  it('a DNS server given by name: exit 2, saying it must be an IP address', async () => {
    const { server } = await startServer();
    const dns = track(await startTestDnsServer(goodDomain));
    const { status, output } = await doctor(configFor(server), dns, '--dns', 'dns.example');
    expect(status).toBe(2);
    expect(output).toMatch(/--dns: DNS servers must be IP addresses.*"dns\.example"/);
  });

  it('a config that is not JSON: exit 2, without echoing the text (it may hold a password)', async () => {
    const file = join(directory, 'broken.json');
    await writeFile(file, `{"host": "smtp.acme.test", "password": "${password}", }`);
    let output = '';
    const status = await runCli(['doctor', '--config', file], (text) => {
      output += text;
    });
    expect(status).toBe(2);
    expect(output).toMatch(/not valid JSON/);
    expectNoSecret(output);
  });

  it('an invalid config: exit 2, naming the field', async () => {
    const dns = track(await startTestDnsServer({}));
    const { status, output } = await doctor(
      { host: 'smtp.acme.test', port: 'x', fromEmail: 'a@acme.test' },
      dns,
    );
    expect(status).toBe(2);
    expect(output).toMatch(/port: Expected number/);
  });

  it('without doctor or --config: the usage, exit 2', async () => {
    let output = '';
    expect(await runCli(['--config', 'x.json'], (text) => (output += text))).toBe(2);
    expect(output).toMatch(/^Usage: npx @seedworks\/connector-smtp doctor --config <file>/);
  });
});

/** The Console's send test of `config`, its delivery check asking `dns`: what it said, or `sent`. */
const sendTestVerdict = async (config: unknown, dns: TestDnsServer) => {
  process.env[dnsServersVariable] = dns.address;
  const connector = await createConnector({
    getConfig: async () => {
      throw new Error('the send test passes its config');
    },
  });
  return connector
    .sendMessage({ to: 'admin@acme.test', type: TemplateType.Generic, payload: { code: '000000' } }, config)
    .then(
      () => 'sent',
      (error: unknown) => String((error as { data?: { errorDescription?: string } }).data?.errorDescription),
    );
};

describe('the doctor and the Console’s send test give the same verdict for the same setup', () => {
  let previousDns: string | undefined;
  beforeAll(() => {
    previousDns = process.env[dnsServersVariable];
  });
  afterEach(() => {
    if (previousDns === undefined) {
      delete process.env[dnsServersVariable];
    } else {
      process.env[dnsServersVariable] = previousDns;
    }
  });
  const wrong = 'wrong-Pa55word-parity';
  beforeAll(() => secretRecorder.addSecrets([wrong]));

  it('a good setup on a resolver that answers NXDOMAIN for every name: one DNS warning, exit 0; the test message goes out', async () => {
    const { server } = await startServer();
    const dns = track(await startTestDnsServer({}));
    const { status, output } = await doctor(configFor(server), dns);
    expect(output).toMatch(/^OK +primary \(127\.0\.0\.1:\d+\) login: accepted for alice\.$/m);
    expect(output).toMatch(
      /^WARNING DNS \(acme\.test\): this machine cannot see public DNS .*so SPF, DMARC and DKIM were not checked\. Run the doctor where DNS works, or give it a resolver that sees public DNS \(--dns\)\.$/m,
    );
    expect(output).not.toMatch(/^\w+ +(SPF|DMARC|DKIM) /m);
    expect(status).toBe(0);
    expect(await sendTestVerdict(configFor(server), dns)).toBe('sent');
    const [message] = await server.waitForMessages(1);
    expect(message?.parsed.text).toMatch(
      /^WARNING DNS \(acme\.test\): the Logto host cannot see public DNS/m,
    );
  });

  it('a wrong password on that resolver: exit 1 naming the login and no DNS blocker; the send test names the login', async () => {
    const { server } = await startServer();
    const dns = track(await startTestDnsServer({}));
    const { status, output } = await doctor(configFor(server, { password: wrong }), dns);
    expect(status).toBe(1);
    expect(output).toMatch(/^BLOCKER primary \(127\.0\.0\.1:\d+\) login: .*rejected the login \(535/m);
    expect(output.match(/^BLOCKER/gm)).toHaveLength(1);
    const verdict = await sendTestVerdict(configFor(server, { password: wrong }), dns);
    expect(verdict).toMatch(/rejected the login \(535/);
    expect(verdict).not.toMatch(/SPF|DNS/);
  });

  it('a closed port on that resolver: exit 1 naming the refused connection; the send test names it too', async () => {
    const dns = track(await startTestDnsServer({}));
    const port = await freePort();
    const config = { ...configFor({ host: '127.0.0.1', port } as TestSmtpServer), tls: undefined };
    const { status, output } = await doctor(config, dns);
    expect(status).toBe(1);
    expect(output).toMatch(
      /^BLOCKER primary \(127\.0\.0\.1:\d+\) connection: The connection to .* was refused/m,
    );
    expect(output.match(/^BLOCKER/gm)).toHaveLength(1);
    const verdict = await sendTestVerdict(config, dns);
    expect(verdict).toMatch(/The connection to .* was refused/);
    expect(verdict).not.toMatch(/SPF|DNS/);
  });

  it('where DNS works, a domain without SPF: exit 1 naming SPF after the login; the send test fails naming SPF', async () => {
    const { server } = await startServer();
    const dns = track(await startTestDnsServer({ 'acme.test': ['google-site-verification=abc'] }));
    const config = configFor(server, { dkim: undefined });
    const { status, output } = await doctor(config, dns);
    expect(status).toBe(1);
    expect(output.indexOf('login: accepted')).toBeGreaterThan(-1);
    expect(output.indexOf('login: accepted')).toBeLessThan(output.indexOf('BLOCKER SPF (acme.test)'));
    expect(await sendTestVerdict(config, dns)).toMatch(/SPF \(acme\.test\): no SPF record/);
    expect(server.logins).toEqual(['alice', 'alice']);
  });
});
