import { TemplateType } from '@logto/connector-kit';
import { smtpConfigFor, startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';

let server: TestSmtpServer;
beforeAll(async () => {
  server = await startTestSmtpServer();
});
afterEach(() => closeSmtpTransports());
afterAll(() => server.close());

const receive = async (config: Record<string, unknown>) => {
  const before = server.messages.length;
  await send(smtpConfigFor(server, config), { type: TemplateType.SignIn, payload: { code: '123456' } });
  const message = (await server.waitForMessages(before + 1))[before];
  if (!message) {
    throw new Error('no message arrived');
  }
  return message;
};

/** A config template in Korean, so its text is not ASCII. */
const koreanTemplate = {
  usageType: 'SignIn',
  contentType: 'text/plain',
  subject: '로그인 코드',
  content: '인증 코드: {{code}}',
};

describe('automatic mail', () => {
  it('marks a config template’s message as automatic (RFC 3834) and for Exchange, with quoted-printable text', async () => {
    const message = await receive({ templates: [koreanTemplate] });
    expect(message.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message.parsed.headers.get('x-auto-response-suppress')).toBe('All');
    const raw = message.raw.toString('latin1');
    expect(raw).toMatch(/Content-Transfer-Encoding: quoted-printable/);
    expect(raw).not.toMatch(/Content-Transfer-Encoding: base64/i);
    expect(message.parsed.text).toContain('인증 코드: 123456');
  });

  it('lets the config’s customHeaders replace the automatic-mail headers', async () => {
    const message = await receive({
      templates: [koreanTemplate],
      customHeaders: { 'Auto-Submitted': 'auto-notified', 'X-Campaign': 'login' },
    });
    expect(message.raw.toString('latin1').match(/^Auto-Submitted:/gim)).toHaveLength(1);
    expect(message.parsed.headers.get('auto-submitted')).toBe('auto-notified');
    expect(message.parsed.headers.get('x-auto-response-suppress')).toBe('All');
    expect(message.parsed.headers.get('x-campaign')).toBe('login');
  });
});
