import { TemplateType } from '@logto/connector-kit';
import { smtpConfigFor, startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
import {
  builtInLocales,
  invitationLink,
  logtoEmailTypes,
  logtoPayload,
  payloadCode,
} from '@seedworks/test-fixtures/logto/message-payloads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import createConnector, { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';

let server: TestSmtpServer;
beforeAll(async () => {
  server = await startTestSmtpServer();
});
afterEach(() => closeSmtpTransports());
afterAll(() => server.close());

/** No templates anywhere: a new admin's config, and no Logto email templates. */
const noTemplates = () => smtpConfigFor(server, { templates: [] });

const sendAndReceive = async (type: string, payload: Record<string, unknown>, config = noTemplates()) => {
  const before = server.messages.length;
  await send(config, { type: type as TemplateType, payload });
  const [message] = (await server.waitForMessages(before + 1)).slice(before);
  if (!message) {
    throw new Error('no message arrived');
  }
  return message;
};

/** Characters only the locale's script has, so an English subject fails for the others. */
const scriptOf: Record<string, RegExp> = {
  en: /^[\p{Script=Latin}\p{P}\p{Zs}\d’-]+$/u,
  ko: /\p{Script=Hangul}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  'zh-CN': /\p{Script=Han}/u,
  'zh-TW': /\p{Script=Han}/u,
};

/** Gmail clips a message whose HTML is over 102 KB (https://support.google.com/mail/thread/2331573). */
const gmailClipBytes = 102 * 1024;

describe('built-in emails, with no templates anywhere', () => {
  const cases = logtoEmailTypes.flatMap((type) => builtInLocales.map((locale) => [type, locale] as const));

  it.each(cases)('%s in %s arrives as HTML and text, with what the reader needs', async (type, locale) => {
    const message = await sendAndReceive(type, logtoPayload(type, locale));
    const { subject = '', html, text = '' } = message.parsed;
    expect(typeof html).toBe('string');
    const htmlText = html as string;
    const needed = type === 'OrganizationInvitation' ? invitationLink : payloadCode;
    expect(text).toContain(needed);
    if (type === 'OrganizationInvitation') {
      expect(htmlText).toContain(`href="${invitationLink.replaceAll('&', '&amp;')}"`);
    } else {
      // The code is text in the HTML, never an image.
      expect(htmlText).toMatch(new RegExp(`>${payloadCode}</div>`));
    }
    for (const part of [subject, htmlText, text]) {
      expect(part).not.toMatch(/\{\{|\}\}/);
      // Nothing of the layout's own markers (layout.mjml) is left either.
      expect(part).not.toMatch(/\[\[\w+\]\]|<!--(if|end):/);
    }
    expect(subject).toMatch(scriptOf[locale]!);
    expect(htmlText).toContain(`<html lang="${locale}" dir="ltr"`);
    expect(htmlText).toContain('<meta name="color-scheme" content="light dark">');
    expect(Buffer.byteLength(htmlText)).toBeLessThan(gmailClipBytes);
    expect(message.raw.length).toBeLessThan(gmailClipBytes);
    // Automatic mail: no vacation reply or ticket to it (RFC 3834 §5), none from Exchange either.
    expect(message.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message.parsed.headers.get('x-auto-response-suppress')).toBe('All');
    // Quoted-printable text parts: spam filters score base64 ones (rspamd's MIME_BASE64_TEXT).
    const raw = message.raw.toString('latin1');
    expect(raw).toMatch(
      /Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable/,
    );
    expect(raw).not.toMatch(/Content-Transfer-Encoding: base64/i);
  });

  it.each([
    ['ko-KR', 'ko', /로그인/],
    ['zh-HK', 'zh-TW', /登入/],
    ['zh-Hans-SG', 'zh-CN', /登录/],
    ['ja-JP', 'ja', /ログイン/],
    ['fr', 'en', /sign-in code/],
  ])('picks the language for locale %s (%s)', async (locale, lang, subject) => {
    const message = await sendAndReceive('SignIn', { code: payloadCode, locale });
    expect(message.parsed.html).toContain(`<html lang="${lang}"`);
    expect(message.parsed.subject).toMatch(subject);
  });

  it('uses the first ui_locales tag when Logto resolved no locale, English with neither', async () => {
    const korean = await sendAndReceive('Register', { code: payloadCode, uiLocales: 'ko-KR en' });
    expect(korean.parsed.subject).toBe('회원가입 인증 코드 안내');
    const english = await sendAndReceive('Register', { code: payloadCode });
    expect(english.parsed.subject).toBe('Confirm your email address');
  });

  it('names the application in the subject and text, and the organization and inviter in invitations', async () => {
    const code = await sendAndReceive('SignIn', logtoPayload('SignIn', 'ko'));
    expect(code.parsed.subject).toBe('[Acme] 로그인 인증 코드 안내');
    expect(code.parsed.text).toContain('Acme에 로그인하려면');
    const invitation = await sendAndReceive(
      'OrganizationInvitation',
      logtoPayload('OrganizationInvitation', 'ko'),
    );
    expect(invitation.parsed.subject).toBe('Lee Jiwoo님이 회원님을 Seedworks Korea에 초대했습니다');
    const english = await sendAndReceive(
      'OrganizationInvitation',
      logtoPayload('OrganizationInvitation', 'en'),
    );
    expect(english.parsed.subject).toBe('Lee Jiwoo invited you to join Seedworks Korea');
  });

  it('shows a logo from the payload’s branding, and no image without one', async () => {
    const logoUrl = 'https://cdn.acme.example.com/logo.png';
    const withLogo = await sendAndReceive('SignIn', logtoPayload('SignIn', 'en', { logoUrl }));
    expect(withLogo.parsed.html).toContain(`src="${logoUrl}"`);
    expect(withLogo.parsed.html).toContain('alt="Acme"');
    const invitation = await sendAndReceive(
      'OrganizationInvitation',
      logtoPayload('OrganizationInvitation', 'en', { logoUrl }),
    );
    expect(invitation.parsed.html).toContain(`src="${logoUrl}"`);
    const without = await sendAndReceive('SignIn', logtoPayload('SignIn', 'en'));
    expect(without.parsed.html).not.toContain('<img');
  });

  it('reads well with nothing but the code (POST /api/verification-codes) or nothing but the link', async () => {
    const code = await sendAndReceive('Generic', { code: payloadCode });
    expect(code.parsed.subject).toBe('Your verification code');
    expect(code.parsed.text).toContain(`Verification code: ${payloadCode}`);
    const link = await sendAndReceive('OrganizationInvitation', { link: invitationLink });
    expect(link.parsed.subject).toBe('You’re invited to join an organization');
    expect(link.parsed.text).toContain(invitationLink);
    for (const message of [code, link]) {
      expect(`${message.parsed.subject}${message.parsed.html}${message.parsed.text}`).not.toMatch(/\{\{/);
    }
  });

  it('escapes payload values in the HTML and keeps them as written in the text', async () => {
    const name = '<img src=x onerror=alert(1)> & "Co"';
    const message = await sendAndReceive('SignIn', {
      code: payloadCode,
      application: { id: 'a', name },
    });
    expect(message.parsed.html).not.toContain('<img src=x');
    expect(message.parsed.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    expect(message.parsed.text).toContain(name);
  });

  it('makes a button only of an http(s) link and an image only of an http(s) logo', async () => {
    const message = await sendAndReceive('OrganizationInvitation', {
      link: 'javascript:alert(1)',
      organization: { id: 'o', name: 'Org', branding: { logoUrl: 'javascript:alert(2)' } },
    });
    expect(message.parsed.html).not.toContain('javascript:');
    expect(message.parsed.html).not.toContain('<img');
  });
});

describe('built-in wording', () => {
  const invitationCode = {
    en: 'Invitation code',
    ko: '초대 코드',
    ja: '招待コード',
    'zh-CN': '邀请码',
    'zh-TW': '邀請碼',
  } as const;
  const buttonWords = /button|버튼|ボタン|按钮|按鈕/i;

  it.each(builtInLocales)(
    'an invitation with a code and no link in %s points at no button and calls the code an invitation code',
    async (locale) => {
      const { link: _, ...payload } = logtoPayload('OrganizationInvitation', locale);
      const message = await sendAndReceive('OrganizationInvitation', { ...payload, code: payloadCode });
      const { html = '', text = '' } = message.parsed;
      expect(text).not.toMatch(buttonWords);
      const shown = String(html)
        .replace(/<style[\s\S]*?<\/style>|<[^>]*>/g, '')
        .replace(/\s+/g, ' ');
      expect(shown).not.toMatch(buttonWords);
      expect(String(html)).not.toMatch(/<a\s/);
      expect(text).toContain(invitationCode[locale]);
      expect(String(html)).toContain(`>${invitationCode[locale]}</div>`);
      expect(String(html)).toMatch(new RegExp(`>${payloadCode}</div>`));
    },
  );

  it.each(builtInLocales)('an invitation with a link in %s points at its button', async (locale) => {
    const message = await sendAndReceive(
      'OrganizationInvitation',
      logtoPayload('OrganizationInvitation', locale),
    );
    expect(message.parsed.text).toMatch(buttonWords);
  });

  it.each([
    ['en', /password/],
    ['ko', /비밀번호/],
    ['ja', /パスワード/],
    ['zh-CN', /密码/],
    ['zh-TW', /密碼/],
  ] as const)(
    'the 2-step verification email in %s tells whoever did not sign in to change the password',
    async (locale, password) => {
      const message = await sendAndReceive('MfaVerification', logtoPayload('MfaVerification', locale));
      expect(message.parsed.text).toMatch(password);
      // A sign-in code one did not ask for needs no such warning.
      const signIn = await sendAndReceive('SignIn', logtoPayload('SignIn', locale));
      expect(signIn.parsed.text).not.toMatch(password);
    },
  );

  it.each([
    ['ja', '確認コード：'],
    ['zh-CN', '验证码：'],
    ['zh-TW', '驗證碼：'],
    ['ko', '인증 코드: '],
  ])('writes the label in the %s plain text with the colon of its script', async (locale, label) => {
    const message = await sendAndReceive('SignIn', logtoPayload('SignIn', locale));
    expect(message.parsed.text).toContain(`${label}${payloadCode}`);
  });

  it.each([
    ['zh-CN', '登录Acme，'],
    ['zh-TW', '登入Acme，'],
  ])('puts no spaces around a name in %s', async (locale, phrase) => {
    const message = await sendAndReceive('SignIn', logtoPayload('SignIn', locale));
    expect(message.parsed.text).toContain(phrase);
    const invitation = await sendAndReceive(
      'OrganizationInvitation',
      logtoPayload('OrganizationInvitation', locale),
    );
    expect(invitation.parsed.subject).toMatch(/^Lee Jiwoo邀[请請]您加入Seedworks Korea$/);
  });
});

describe('which template wins', () => {
  it('Logto’s email template, then the config’s, then the built-in one', async () => {
    const payload = { code: payloadCode, locale: 'ko' };
    const connector = await createConnector({
      getConfig: async () => noTemplates(),
      getI18nEmailTemplate: async () => ({
        subject: 'From Logto',
        content: '<p>{{code}}</p>',
        contentType: 'text/html',
      }),
    });
    const before = server.messages.length;
    await connector.sendMessage({ to: 'user@example.com', type: TemplateType.SignIn, payload });
    expect((await server.waitForMessages(before + 1))[before]?.parsed.subject).toBe('From Logto');

    const own = { usageType: 'SignIn', contentType: 'text/plain', subject: 'Own', content: '{{code}}' };
    const configured = await sendAndReceive('SignIn', payload, smtpConfigFor(server, { templates: [own] }));
    expect(configured.parsed.subject).toBe('Own');

    // A config with templates for other types only: the built-in one for this type.
    const builtIn = await sendAndReceive(
      'MfaVerification',
      payload,
      smtpConfigFor(server, { templates: [own] }),
    );
    expect(builtIn.parsed.subject).toBe('2단계 인증 코드 안내');
  });

  it('keeps a config’s Generic template as the fallback for types it has no template for', async () => {
    const generic = {
      usageType: 'Generic',
      contentType: 'text/plain',
      subject: 'Generic',
      content: '{{code}}',
    };
    const message = await sendAndReceive(
      'BindMfa',
      { code: payloadCode },
      smtpConfigFor(server, { templates: [generic] }),
    );
    expect(message.parsed.subject).toBe('Generic');
  });

  it('sends the built-in invitation, with its link, where the config’s Generic template asks for a code', async () => {
    // The official connector's templates: an invitation carries a link and no code.
    const generic = {
      usageType: 'Generic',
      contentType: 'text/plain',
      subject: 'Code',
      content: 'Code: {{code}}',
    };
    const message = await sendAndReceive(
      'OrganizationInvitation',
      logtoPayload('OrganizationInvitation', 'en'),
      smtpConfigFor(server, { templates: [generic] }),
    );
    expect(message.parsed.subject).not.toBe('Code');
    expect(message.parsed.text).toContain(invitationLink);
    expect(message.parsed.text).not.toContain('{{code}}');
  });
});
