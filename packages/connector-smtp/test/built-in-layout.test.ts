import { readFile } from 'node:fs/promises';
import { startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
import { invitationLink } from '@seedworks/test-fixtures/logto/message-payloads';
import { doIUseEmail } from 'doiuse-email';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLayout, generatedModule, generatedPath } from '../build-emails.js';
import { closeSmtpTransports } from '../src/index.js';
import { type ReceivedBuiltIn, receiveAllBuiltIn } from './built-in-emails.js';

let server: TestSmtpServer;
let emails: ReceivedBuiltIn[];
beforeAll(async () => {
  server = await startTestSmtpServer();
  emails = await receiveAllBuiltIn(server);
  await closeSmtpTransports();
}, 60_000);
afterAll(() => server.close());

/**
 * What caniemail (https://www.caniemail.com, through `doiuse-email`) reports as unsupported in
 * these clients and the design does without: each feature with why the email still works there.
 * Anything else it reports fails the test.
 */
const acceptedEnhancements: Record<string, string> = {
  '@media':
    'Dark-mode colours and the wider column on a desktop only. Without them: the light colours (which Gmail and Outlook invert themselves) and a fluid column, fixed at 560 px in Outlook by its mso-only table.',
  'Class selector':
    'Only in the <style> block (dark mode, MJML resets); every style the layout needs is inline.',
  'Type selector': 'Only in the <style> block (MJML resets); every style the layout needs is inline.',
  'ID selector': 'Only MJML’s `#outlook a` reset for old Outlook.com, in the <style> block.',
  'Chaining selectors': 'Only in the <style> block (dark mode); every style the layout needs is inline.',
  'Descendant combinator': 'Only in the <style> block (dark mode); every style the layout needs is inline.',
  'display:none':
    'Hides the preheader and the dark-mode logo; where it is dropped, max-height:0 and overflow:hidden hide them too, and Outlook has mso-hide:all.',
  'border-radius': 'Rounded corners of the card, code box and button; square corners in Outlook for Windows.',
  outline: 'MJML’s `outline:none` reset on images; Outlook draws no outline around them anyway.',
  overflow:
    'Hides the preheader and the dark logo where display:none is dropped; Outlook hides them with mso-hide:all.',
  'overflow-wrap':
    'Breaks a long invitation link anywhere; `word-break:break-all` on the same element does it where overflow-wrap is not supported.',
  'target attribute': 'Opens the invitation link in a new tab; Gmail does that on its own.',
};

/** Outlook for Windows, Gmail, Apple Mail: every app caniemail lists for them. */
const clients = ['outlook.windows', 'gmail.*', 'apple-mail.*'];

describe('built-in emails in mail apps', () => {
  it('the committed layout.generated.ts is what layout.mjml compiles to (run `pnpm build` after editing it)', async () => {
    expect(await readFile(generatedPath, 'utf8')).toBe(generatedModule(await compileLayout()));
  });

  it('caniemail finds nothing unsupported in Outlook for Windows, Gmail or Apple Mail but accepted enhancements', () => {
    expect(emails).toHaveLength(45);
    const unaccepted = new Set<string>();
    const seen = new Set<string>();
    for (const { type, locale, html } of emails) {
      const result = doIUseEmail(html, { emailClients: clients });
      const errors = result.success ? [] : result.errors;
      for (const error of errors) {
        const feature = /^`(.+?)` is not supported by/.exec(error)?.[1] ?? error;
        seen.add(feature);
        if (!Object.hasOwn(acceptedEnhancements, feature)) {
          unaccepted.add(`${type} ${locale}: ${error}`);
        }
      }
    }
    expect([...unaccepted]).toEqual([]);
    // An accepted feature the emails no longer use is taken off the list.
    expect(Object.keys(acceptedEnhancements).filter((feature) => !seen.has(feature))).toEqual([]);
  });

  it('the invitation button is a coloured table cell with the padding Outlook keeps (mso-padding-alt)', () => {
    const invitations = emails.filter(({ type }) => type === 'OrganizationInvitation');
    expect(invitations).toHaveLength(5);
    const href = invitationLink.replaceAll('&', '&amp;');
    for (const { locale, html } of invitations) {
      const cell = new RegExp(
        `<td\\b[^>]*\\bbgcolor="(#[0-9a-f]{6})"[^>]*\\bstyle="([^"]*)"[^>]*>\\s*<a\\b[^>]*\\bhref="${href.replace(/[.?]/g, '\\$&')}"`,
        'i',
      ).exec(html);
      expect(cell, locale).not.toBeNull();
      expect(cell?.[2], locale).toMatch(/mso-padding-alt:\s*\d+px \d+px/);
      expect(cell?.[2], locale).toContain(`background:${cell?.[1]}`);
    }
  });

  it.each([
    ['en', 'Segoe UI'],
    ['ko', 'Malgun Gothic'],
    ['ja', 'Meiryo'],
    ['zh-CN', 'Microsoft YaHei'],
    ['zh-TW', 'Microsoft JhengHei'],
  ])('gives Outlook for Windows the %s Windows font (%s) first', (locale, font) => {
    for (const email of emails.filter((candidate) => candidate.locale === locale)) {
      const mso = /<!--\[if mso\]><style>[^{]*\{font-family:([^;]*) !important;\}<\/style>/.exec(email.html);
      expect(mso?.[1], email.type).toMatch(new RegExp(`^'?${font}'?,`));
    }
  });

  it('has no divider drawn as a background (Outlook paints a div’s background and margin as a grey band)', () => {
    for (const { type, locale, html } of emails) {
      expect(html, `${type} ${locale}`).not.toMatch(/<div[^>]*class="divider"/);
      expect(html, `${type} ${locale}`).toMatch(/<p\s+style="border-top:solid 1px #[0-9a-f]{6};/);
    }
  });
});
