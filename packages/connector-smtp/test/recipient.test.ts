import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import { type ScriptedSmtpServer, smtpConfigFor, startScriptedSmtpServer } from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';
import { fileSmtpServer } from './servers.js';

/*
 * Logto accepts any `^\S+@\S+\.\S+$` as an email and reads its domain with `split('@')[1]`
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/user.ts, JIT
 * organizations; the sign-up allowlist too). The code must reach that exact address or nobody.
 */

const testServer = fileSmtpServer();

const config = () => smtpConfigFor(testServer());

describe('a recipient that is not one plain address is refused and nothing is sent', () => {
  it.each([
    ['quoted local part with @, then an address in brackets', '"ceo@victim.test@"<attacker@evil.test>'],
    ['quoted local part holding an @', '"ceo@victim.test"@evil.test'],
    ['display name', 'CEO <attacker@evil.test>'],
    ['angle brackets only', '<attacker@evil.test>'],
    ['comment carrying the address Logto reads', 'attacker@evil.test(ceo@victim.test)'],
    ['comment before the address', '(ceo@victim.test)attacker@evil.test'],
    ['encoded word as the local part', '=?utf-8?Q?ceo=40victim.test?=@evil.test'],
    ['group', 'staff:ceo@victim.test,attacker@evil.test;'],
    ['list', 'ceo@victim.test,attacker@evil.test'],
    ['list with a semicolon', 'ceo@victim.test;attacker@evil.test'],
    ['two @', 'ceo@victim.test@evil.test'],
    ['address literal', 'user@[127.0.0.1]'],
    ['line break and a header', 'user@victim.test\r\nBcc: attacker@evil.test'],
    ['space inside', 'ceo@victim.test attacker@evil.test'],
    ['domain without a dot', 'user@localhost'],
    ['leading dot', '.user@victim.test'],
    ['empty', '   '],
  ])('%s', async (_name, to) => {
    await expectConnectorError(
      send(config(), { to, type: TemplateType.SignIn }),
      ConnectorErrorCodes.InvalidRequestParameters,
      to.trim() === '' ? /empty/ : /not a plain email address.*Nothing was sent/,
    );
    expect(testServer().messages).toHaveLength(0);
  });
});

/**
 * nodemailer lower-cases the domain, which names the same host (RFC 5321 §2.4,
 * https://www.rfc-editor.org/rfc/rfc5321#section-2.4); the local part is kept exactly.
 */
const withLowerCaseDomain = (address: string) => {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
};

describe('ordinary addresses are delivered to exactly that address', () => {
  let scripted: ScriptedSmtpServer;
  const rcptLines: string[] = [];
  beforeAll(async () => {
    // A raw-socket server: the RCPT TO line as it crossed the wire (smtp-server normalizes case
    // and punycode in what it reports).
    scripted = await startScriptedSmtpServer(({ verb, line }) => {
      if (verb === 'EHLO') {
        return '250-scripted.test\r\n250-PIPELINING\r\n250 SMTPUTF8';
      }
      if (verb === 'RCPT') {
        rcptLines.push(Buffer.from(line, 'latin1').toString('utf8'));
      }
      return undefined;
    });
  });
  beforeEach(() => {
    rcptLines.length = 0;
  });
  afterAll(async () => {
    await closeSmtpTransports();
    await scripted.close();
  });

  it.each([
    ['a + tag, mixed case and a subdomain', 'First.Last+sign-in@Mail.Example.COM'],
    ['an apostrophe', "o'brien@example.ie"],
    ['surrounding spaces (trimmed, as Logto trims)', '  user@example.com  ', 'user@example.com'],
    ['a punycode domain', 'user@xn--vv4b11d.xn--3e0b707e'],
    ['an internationalized address (RFC 6531)', '사용자@예시.한국'],
  ])('%s', async (_name, to, expected = to) => {
    await send(smtpConfigFor(scripted), { to });
    expect(rcptLines).toEqual([`RCPT TO:<${withLowerCaseDomain(expected)}>`]);
  });

  it('the To header names the same address, with no display name', async () => {
    await send(config(), { to: "O'Brien+x@Example.IE" });
    const [message] = await testServer().waitForMessages(1);
    expect(message!.parsed.to).toMatchObject({ value: [{ address: "O'Brien+x@example.ie", name: '' }] });
  });
});
