import { replaceSendMessageHandlebars, TemplateType } from '@logto/connector-kit';
import { describe, expect, it } from 'vitest';
import { ContentType, type SmtpTemplate } from '../src/config/types.js';
import { escapeHtml } from '../src/message/escape-html.js';
import { localeFallbacks } from '../src/message/locale.js';
import { findConfigTemplate, payloadLocale, renderTemplate } from '../src/message/template.js';

const payload = {
  code: '123456',
  link: 'https://example.com/a?b=1&c=2',
  user: { name: 'Ann', primaryEmail: 'ann@example.com', profile: null },
  organization: { name: 'Acme' },
  list: ['x', 'y'],
  count: 3,
};

describe('renderTemplate (plain text) matches the kit', () => {
  it.each([
    'Code: {{code}}',
    'Code: {{ code }}',
    '{{link}}',
    'Hi {{user.name}} <{{user.primaryEmail}}>',
    'Org {{organization.name}}',
    'Missing root {{missing.value}} stays',
    'Missing nested {{user.missing}} becomes empty',
    'Null {{user.profile}} becomes empty',
    'Index {{list.1}} and number {{count}}',
    'Whole object {{user}}',
    'Property of a string {{code.length}}',
  ])('%s', (template) => {
    expect(renderTemplate(template, payload, { html: false })).toBe(
      replaceSendMessageHandlebars(template, payload),
    );
  });

  it('only counts the payload’s own keys: prototype members stay as written', () => {
    expect(renderTemplate('{{constructor}} {{toString}} {{hasOwnProperty}}', payload, { html: false })).toBe(
      '{{constructor}} {{toString}} {{hasOwnProperty}}',
    );
  });

  it('keeps a JSON __proto__ key as a plain value', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "code": "1"}');
    expect(renderTemplate('{{__proto__.polluted}} {{code}}', hostile, { html: false })).toBe('yes 1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('renderTemplate (HTML) escapes payload values', () => {
  it('turns markup in values into text, leaving the template markup alone', () => {
    const rendered = renderTemplate(
      '<p title="{{organization.name}}">{{organization.name}}</p>',
      { organization: { name: `<img src=x onerror="alert('1')">` } },
      { html: true },
    );
    expect(rendered).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;</p>',
    );
  });

  it('escapes & in links so the URL survives HTML parsing', () => {
    expect(renderTemplate('<a href="{{link}}">', payload, { html: true })).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2">',
    );
  });

  it('escapeHtml covers the five significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('template selection', () => {
  const template = (usageType: string, subject: string, locale?: string): SmtpTemplate => ({
    usageType,
    subject,
    content: subject,
    contentType: ContentType.Text,
    ...(locale && { locale }),
  });
  const templates = [
    template('SignIn', 'sign-in'),
    template('SignIn', 'sign-in ko', 'ko'),
    template('SignIn', 'sign-in zh-TW', 'zh-TW'),
    template('Generic', 'generic'),
    template('Generic', 'generic ja', 'ja'),
    template('Register', 'register de only', 'de'),
  ];

  it.each([
    [TemplateType.SignIn, 'ko-KR', 'sign-in ko'],
    [TemplateType.SignIn, 'KO', 'sign-in ko'],
    [TemplateType.SignIn, 'zh-TW', 'sign-in zh-TW'],
    [TemplateType.SignIn, 'zh-CN', 'sign-in'],
    [TemplateType.SignIn, undefined, 'sign-in'],
    [TemplateType.ForgotPassword, 'ja-JP', 'generic ja'],
    [TemplateType.ForgotPassword, 'en', 'generic'],
    [TemplateType.Register, 'en', 'register de only'],
  ])('%s in %s → %s', (type, locale, subject) => {
    expect(findConfigTemplate(templates, type, locale)?.subject).toBe(subject);
  });

  it('skips a Generic template that asks for {{code}} when the message has no code (invitations carry a link)', () => {
    const generic = [template('Generic', 'Your code is {{ code }}')];
    expect(
      findConfigTemplate(generic, TemplateType.OrganizationInvitation, 'en', { link: 'https://x' }),
    ).toBeUndefined();
    expect(findConfigTemplate(generic, TemplateType.SignIn, 'en', { code: '123456' })?.subject).toBe(
      'Your code is {{ code }}',
    );
    const byLink = [template('Generic', 'Join: {{link}}')];
    expect(
      findConfigTemplate(byLink, TemplateType.OrganizationInvitation, 'en', { link: 'https://x' })?.subject,
    ).toBe('Join: {{link}}');
  });

  it('returns undefined when neither the type nor Generic exists', () => {
    expect(findConfigTemplate([template('SignIn', 's')], TemplateType.BindMfa)).toBeUndefined();
  });

  it('builds the locale fallback chain', () => {
    expect(localeFallbacks('zh-Hant-TW')).toEqual(['zh-hant-tw', 'zh-hant', 'zh']);
    expect(localeFallbacks(undefined)).toEqual([]);
  });
});

describe('payloadLocale', () => {
  it.each([
    [{ locale: 'ko-KR' }, 'ko-KR'],
    [{ uiLocales: ' ja en ' }, 'ja'],
    [{ locale: '', uiLocales: 'fr' }, 'fr'],
    [{ locale: 42, uiLocales: ['x'] }, undefined],
    [{}, undefined],
  ])('%j → %s', (payload, expected) => {
    expect(payloadLocale(payload as never)).toBe(expected);
  });
});
