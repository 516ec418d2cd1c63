import { smtpConfigFor, startScriptedSmtpServer, startTestDnsServer } from '@seedworks/test-fixtures';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse.js';
import { configSecrets } from '../src/config/secrets.js';
import { serversOf } from '../src/delivery/server-order.js';
import { checkDelivery } from '../src/doctor/check-delivery.js';
import type { Finding } from '../src/doctor/finding.js';
import { checkServer } from '../src/doctor/smtp-checks.js';
import { secretRecorder } from './recorder.js';
import { closeServersAfterEach, freePort, startLoginServer } from './servers.js';

const track = closeServersAfterEach();
const password = 'doctor-Pa55word-secret';

const startServer = (options: Parameters<typeof startLoginServer>[2] = {}) =>
  startLoginServer(track, password, options);

/** The findings for the config's servers (the primary and each fallback). */
const checkServers = async (input: Record<string, unknown>) => {
  const config = parseConfig(input);
  secretRecorder.addSecrets(configSecrets(config));
  return (await Promise.all(serversOf(config).map((server) => checkServer(server)))).flat();
};

const find = (findings: Finding[], subject: RegExp) =>
  findings.find((finding) => subject.test(finding.subject));

describe('the delivery check of a server sends nothing and reports each step', () => {
  it('a good server: connection, STARTTLS with a trusted certificate, login accepted; no MAIL FROM', async () => {
    const { server, mailFrom } = await startServer();
    const findings = await checkServers(smtpConfigFor(server, { auth: { user: 'alice', pass: password } }));

    expect(findings.map((finding) => finding.level)).toEqual(['ok', 'ok', 'ok']);
    expect(find(findings, /connection$/)?.message).toMatch(/EHLO answered \(.*PIPELINING.*AUTH PLAIN LOGIN/);
    expect(find(findings, /TLS$/)?.message).toMatch(
      /^TLSv1\.[23], certificate for 127\.0\.0\.1, \d+ days to expiry, trusted/,
    );
    expect(find(findings, /login$/)?.message).toBe('accepted for alice.');
    expect(mailFrom.count).toBe(0);
    expect(server.messages).toHaveLength(0);
    // One session for the details, one for the login (verify): each ended with QUIT.
    await server.waitForNoConnections();
    expect(server.connectionCount).toBe(2);
  });

  it('a wrong password: a blocker naming the login and its fix, without the password', async () => {
    const { server, mailFrom } = await startServer();
    const findings = await checkServers(
      smtpConfigFor(server, { auth: { user: 'alice', pass: 'wrong-Pa55word' } }),
    );
    const login = find(findings, /login$/);
    expect(login?.level).toBe('blocker');
    expect(login?.message).toMatch(/rejected the login \(535 5\.7\.8\).*Check Username and Password/);
    expect(JSON.stringify(findings)).not.toContain('wrong-Pa55word');
    expect(mailFrom.count).toBe(0);
  });

  it('nothing listens: a blocker for the connection with its fix, and no further checks', async () => {
    const findings = await checkServers({
      host: '127.0.0.1',
      port: await freePort(),
      fromEmail: 'a@example.com',
    });
    expect(findings).toEqual([
      {
        level: 'blocker',
        subject: expect.stringMatching(/^primary .* connection$/),
        message: expect.stringMatching(/refused.*Check host and port/),
      },
    ]);
  });

  it('a server that never greets: a blocker naming greetingTimeout', async () => {
    const silent = track(await startScriptedSmtpServer(() => undefined, 'hang'));
    const findings = await checkServers(smtpConfigFor(silent, { greetingTimeout: 300 }));
    expect(findings[0]).toMatchObject({
      level: 'blocker',
      message: expect.stringMatching(/no greeting arrived within greetingTimeout \(300 ms\)/),
    });
  });

  it('no STARTTLS offered with a login: a blocker naming secure and requireTLS: false, no login tried', async () => {
    const { server } = await startServer({ starttls: false });
    // `127.1` reaches loopback without being written as loopback (see plaintext-login.test.ts).
    const findings = await checkServers(
      smtpConfigFor({ ...server, host: '127.1' }, { auth: { user: 'alice', pass: password } }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        level: 'blocker',
        message: expect.stringMatching(/does not offer STARTTLS.*secure: true.*requireTLS: false/),
      }),
    ]);
  });

  it.each([
    ['requireTLS: false', '127.1', { requireTLS: false }, /requireTLS: false is set.*in clear/],
    ['a loopback host', '127.0.0.1', {}, /written as loopback \(127\.0\.0\.1\).*nothing leaves this machine/],
  ])(
    'no STARTTLS offered, login allowed in clear by %s: a warning saying which rule applies',
    async (_name, host, overrides, message) => {
      const { server } = await startServer({ starttls: false });
      const findings = await checkServers(
        smtpConfigFor({ ...server, host }, { auth: { user: 'alice', pass: password }, ...overrides }),
      );
      expect(find(findings, /TLS$/)).toMatchObject({
        level: 'warning',
        message: expect.stringMatching(message),
      });
      expect(find(findings, /login$/)?.level).toBe('ok');
    },
  );

  it('an untrusted certificate accepted through rejectUnauthorized: false: a warning with the fix', async () => {
    const { server } = await startServer();
    const findings = await checkServers(
      smtpConfigFor(
        { host: server.host, port: server.port },
        {
          auth: { user: 'alice', pass: password },
          tls: { rejectUnauthorized: false },
        },
      ),
    );
    expect(find(findings, /TLS$/)).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/not trusted .*tls\.rejectUnauthorized: false.*tls\.ca/),
    });
  });

  it('an untrusted certificate: a blocker for the connection, with tls.ca as the fix', async () => {
    const { server } = await startServer();
    const findings = await checkServers(
      smtpConfigFor({ host: server.host, port: server.port }, { auth: { user: 'alice', pass: password } }),
    );
    expect(findings[0]).toMatchObject({
      level: 'blocker',
      message: expect.stringMatching(/not trusted.*tls\.ca/),
    });
  });

  it('a login against a server that asks for none, and the reverse', async () => {
    const open = await startServer({ auth: undefined, starttls: false });
    const withLogin = await checkServers(
      smtpConfigFor(open.server, { auth: { user: 'alice', pass: password } }),
    );
    expect(find(withLogin, /login$/)).toMatchObject({
      level: 'blocker',
      message: expect.stringMatching(/offers no AUTH/),
    });

    const { server } = await startServer();
    const withoutLogin = await checkServers(smtpConfigFor(server));
    expect(find(withoutLogin, /login$/)).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/offers AUTH .* no login is set/),
    });
  });

  it('checks every fallback too, each under its own name', async () => {
    const { server } = await startServer();
    const deadPort = await freePort();
    const dns = track(await startTestDnsServer({ 'example.com': ['v=spf1 -all'] }));
    const report = await checkDelivery(
      parseConfig(
        smtpConfigFor(server, {
          auth: { user: 'alice', pass: password },
          fallbackServers: [{ host: '127.0.0.1', port: deadPort }],
        }),
      ),
      { dnsServers: [dns.address] },
    );
    const fallback = report.findings.filter((finding) => finding.subject.startsWith('fallback 1'));
    expect(fallback).toEqual([
      {
        level: 'blocker',
        subject: `fallback 1 (127.0.0.1:${deadPort}) connection`,
        message: expect.stringMatching(/refused/),
      },
    ]);
    expect(report.blocked).toBe(true);
  });
});
