import { replaceSendMessageHandlebars } from '@logto/connector-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecipient } from '../src/config/mailbox.js';
import { ContentType, smtpConfigGuard } from '../src/config/types.js';
import { escapeHtml } from '../src/message/escape-html.js';
import { buildMailOptions } from '../src/message/mail-options.js';
import { renderTemplate } from '../src/message/template.js';

const runs = { numRuns: 300 };

/** Any text, including markup, quotes, CR/LF, NUL and astral characters. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x>',
    "' onmouseover='x",
    '\r\nBcc: a@b.c',
    '&amp;',
  ),
);

/** Placeholder names the kit's pattern accepts, minus Object.prototype members (see renderTemplate). */
const prototypeNames = new Set(Object.getOwnPropertyNames(Object.prototype));
const key = fc.stringMatching(/^[A-Za-z_][\w]{0,7}$/).filter((name) => !prototypeNames.has(name));

/**
 * A payload: nested objects, arrays, numbers, booleans, null and strings. Objects have a prototype,
 * as they do in Logto's payloads (parsed JSON); the kit's renderer throws on a null-prototype object
 * (`String(value)`), which our deep copy never hands it.
 */
const payloadValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;
const payload = fc.dictionary(key, payloadValue, { maxKeys: 5, noNullPrototype: true });

/** Any payload a caller could build, null-prototype objects included. */
const anyPayload = fc.dictionary(key, fc.oneof(payloadValue, fc.dictionary(key, payloadValue)), {
  maxKeys: 5,
});

/** A template made of text and placeholders (dotted paths, optional spaces inside the braces). */
const template = fc
  .array(
    fc.oneof(
      fc.string().map((text) => text.replaceAll('{', '')),
      fc
        .tuple(fc.array(key, { minLength: 1, maxLength: 3 }), fc.constantFrom('', ' ', '  '))
        .map(([path, space]) => `{{${space}${path.join('.')}${space}}}`),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('template rendering properties', () => {
  it('plain text renders exactly as the kit’s replaceSendMessageHandlebars', () => {
    fc.assert(
      fc.property(template, payload, (text, values) => {
        expect(renderTemplate(text, values, { html: false })).toBe(
          replaceSendMessageHandlebars(text, values),
        );
      }),
      runs,
    );
  });

  it('never throws, even on null-prototype objects the kit alone cannot print', () => {
    fc.assert(
      fc.property(template, anyPayload, fc.boolean(), (text, values, html) => {
        expect(typeof renderTemplate(text, values, { html })).toBe('string');
      }),
      runs,
    );
  });

  it('in HTML, a payload value never becomes markup', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const rendered = renderTemplate('<p title="{{v}}">{{v}}</p>', { v: value }, { html: true });
        const inserted = rendered.slice('<p title="'.length, rendered.indexOf('"', '<p title="'.length));
        expect(inserted).not.toMatch(/[<>"']/);
        expect(rendered).toBe(`<p title="${escapeHtml(value)}">${escapeHtml(value)}</p>`);
      }),
      runs,
    );
  });

  it('HTML rendering equals the kit’s rendering of the HTML-escaped payload', () => {
    fc.assert(
      fc.property(template, payload, (text, values) => {
        const escaped = JSON.parse(
          JSON.stringify(values, (_key, value: unknown) =>
            typeof value === 'string' ? escapeHtml(value) : value,
          ),
        );
        expect(renderTemplate(text, values, { html: true })).toBe(
          replaceSendMessageHandlebars(text, escaped),
        );
      }),
      runs,
    );
  });
});

describe('header properties', () => {
  const config = smtpConfigGuard.parse({
    host: 'smtp.example.com',
    port: 587,
    fromEmail: 'noreply@example.com',
  });
  const to = parseRecipient('user@example.com');

  it('no payload value puts CR or LF into the subject, sender or reply-to', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (name, company) => {
        const mail = buildMailOptions(
          config,
          {
            subject: 'Hi {{user.name}} from {{org}}',
            content: 'x',
            contentType: ContentType.Text,
            sendFrom: '{{org}} <team@example.com>',
            replyTo: '{{user.name}} <help@example.com>',
          },
          { user: { name }, org: company },
          to,
        );
        const headers = JSON.stringify([mail.subject, mail.from, mail.replyTo ?? null]);
        expect(headers).not.toMatch(/\\r|\\n/);
        expect(mail.to).toEqual(to);
        // Names stay names: the addresses are the template's, whatever the payload holds.
        expect(mail.from).toMatchObject({ address: 'team@example.com' });
        expect(mail.replyTo).toEqual([expect.objectContaining({ address: 'help@example.com' })]);
      }),
      runs,
    );
  });
});
