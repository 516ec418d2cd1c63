import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  senderDomainRecords,
  startTestDnsServer,
  startTestSmtpServer,
  type TestDnsServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFromEmailPanel } from '../src/once.js';
import { readSmtpConfigFile, startPlayground } from '../src/playground.js';

// Distinctive, so a leak anywhere in a response is found by a plain substring search.
const smtpPass = 'Playground-smtp-s3cret-9f1c';
const naverSecret = 'Playground-naver-s3cret-77ab';

let directory: string;
let smtp: TestSmtpServer;
let configFile: string;
let playground: Awaited<ReturnType<typeof startPlayground>>;
let dns: TestDnsServer;

beforeAll(async () => {
  // The send test checks the sender domain's DNS: this resolver stands in for the public one.
  dns = await startTestDnsServer(senderDomainRecords('example.com'));
  process.env.SEEDWORKS_SMTP_DNS_SERVERS = dns.address;
  directory = await mkdtemp(path.join(tmpdir(), 'playground-'));
  // Stands in for the admin's own mail server: it accepts only these credentials.
  smtp = await startTestSmtpServer({ auth: { user: 'mailer', pass: smtpPass } });
  configFile = path.join(directory, 'smtp.json');
  await writeFile(
    configFile,
    JSON.stringify({
      host: smtp.host,
      port: smtp.port,
      auth: { user: 'mailer', pass: smtpPass },
      fromEmail: 'noreply@example.com',
      templates: [{ usageType: 'SignIn', contentType: 'text/plain', subject: 'Code', content: '{{code}}' }],
    }),
  );
  playground = await startPlayground({
    smtpConfigFile: configFile,
    naverClientId: 'real-client-id',
    naverClientSecret: naverSecret,
  });
});

afterAll(async () => {
  await playground?.close();
  await smtp?.close();
  delete process.env.SEEDWORKS_SMTP_DNS_SERVERS;
  await dns?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('real settings', () => {
  it('shows the SMTP config with the password masked, and says what it talks to', async () => {
    const text = await (await fetch(`${playground.url}/api/info`)).text();
    expect(text).not.toContain(smtpPass);
    expect(text).not.toContain(naverSecret);
    const info = JSON.parse(text) as { mode: string; emailConfig: { auth: { pass: string } } };
    expect(info.emailConfig.auth.pass).toBe('••••');
    expect(info.mode).toMatch(/your SMTP server \(from SMTP_CONFIG_FILE\)/);
    expect(info.mode).toMatch(/real Naver \(NAVER_CLIENT_ID\)/);
  });

  it('sends with the file’s password when the page sends the masked config back', async () => {
    const to = 'settings-test-masked-config@example.com';
    const result = await sendFromEmailPanel(playground.url, to);
    expect(result).toEqual({ ok: true });
    // This test's own message, found by its recipient: the server accepted the file's credentials.
    const mine = () => smtp.messages.filter((message) => message.envelope.to.includes(to));
    await expect.poll(() => mine().length).toBe(1);
    expect(mine()[0]?.user).toBe('mailer');
  });

  it('serves on localhost and shows the callback URL to register with Naver', async () => {
    expect(playground.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(playground.naverCallbackUrl).toBe(`${playground.url}/callback/naver`);
    const info = (await (await fetch(`${playground.url}/api/info`)).json()) as { naverCallbackUrl: string };
    expect(info.naverCallbackUrl).toBe(playground.naverCallbackUrl);
  });

  it('starts the sign-in at real Naver with the client id and the callback URL, never the secret', async () => {
    const start = await fetch(`${playground.url}/naver/start`, { redirect: 'manual' });
    const location = new URL(start.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://nid.naver.com/oauth2.0/authorize');
    expect(location.searchParams.get('client_id')).toBe('real-client-id');
    expect(location.searchParams.get('redirect_uri')).toBe(playground.naverCallbackUrl);
    expect(location.href).not.toContain(naverSecret);
  });
});

describe('SMTP_CONFIG_FILE errors', () => {
  it('a missing file names the file and the reason', async () => {
    const error = (await readSmtpConfigFile(path.join(directory, 'nope.json')).catch(
      (caught: unknown) => caught,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/SMTP_CONFIG_FILE .*nope\.json/);
    expect(error.message).toMatch(/ENOENT/);
  });

  it('invalid JSON says what is wrong and never quotes the file', async () => {
    const broken = path.join(directory, 'broken.json');
    await writeFile(broken, `{\n  "auth": { "pass": ${smtpPass} }\n}`);
    const error = (await readSmtpConfigFile(broken).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/SMTP_CONFIG_FILE .*broken\.json is not valid JSON/);
    expect(error.message).toMatch(/Unquoted text \(strings need double quotes\)/);
    expect(error.message).not.toContain(smtpPass.slice(0, 6));
    expect(error.message).not.toContain(`'${smtpPass[0]}'`);
  });

  it('anything but one object is refused', async () => {
    const list = path.join(directory, 'list.json');
    await writeFile(list, '[]');
    await expect(readSmtpConfigFile(list)).rejects.toThrow(/must hold one JSON object/);
  });
});
