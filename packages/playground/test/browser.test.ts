import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromiumArgs, requireChromium } from '@seedworks/test-fixtures/browser/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../src/playground.js';

const artifacts = path.resolve(import.meta.dirname, '..', '.artifacts');

let playground: Awaited<ReturnType<typeof startPlayground>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const executablePath = requireChromium();
  await mkdir(artifacts, { recursive: true });
  playground = await startPlayground();
  browser = await chromium.launch({
    executablePath,
    // Playwright gives every launch a new, empty profile.
    args: [...chromiumArgs],
  });
  // A phone-sized window: the page must be usable there.
  page = await browser.newPage({ viewport: { width: 412, height: 915 } });
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

const screenshot = (name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe('playground in Chromium', () => {
  it('sends an email from the email panel and shows it rendered', async () => {
    await page.goto(playground.url);
    await expect.poll(() => page.inputValue('#config')).toContain('"host": "127.0.0.1"');
    await page.getByRole('button', { name: 'Send' }).click();
    const result = page.locator('#email-result');
    await result.getByText('Delivered. The SMTP server received:').waitFor();
    const rendered = page.frameLocator('iframe[title="Rendered HTML"]');
    await rendered.getByText('123456').waitFor();
    expect(await rendered.locator('b').textContent()).toBe('123456');
    expect(await result.textContent()).toContain('Subject: Your Acme sign-in code');
    // The sandboxed frame paints only once it has been in view.
    await page.locator('iframe[title="Rendered HTML"]').scrollIntoViewIfNeeded();
    await screenshot('email-sent');
  });

  it('checks delivery from the email panel: one line per finding, nothing sent', async () => {
    await page.goto(playground.url);
    await expect.poll(() => page.inputValue('#config')).toContain('"host": "127.0.0.1"');
    const before = playground.embeddedSmtp?.messages.length;
    await page.getByRole('button', { name: 'Check delivery' }).click();
    const result = page.locator('#email-result');
    await result.getByText('Nothing blocks delivery:').waitFor();
    const findings = await result.locator('li').allTextContents();
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^OK primary \(127\.0\.0\.1:\d+\) connection: greeted/),
        expect.stringMatching(/^WARNING primary .* TLS: not encrypted/),
        expect.stringMatching(/^OK SPF \(acme\.test\)/),
        expect.stringMatching(/^OK DMARC \(_dmarc\.acme\.test\)/),
      ]),
    );
    expect(playground.embeddedSmtp?.messages.length).toBe(before);
    await screenshot('email-check-delivery');

    await page.fill(
      '#config',
      (await page.inputValue('#config')).replace('noreply@acme.test', 'noreply@bare.test'),
    );
    await page.getByRole('button', { name: 'Check delivery' }).click();
    await result.getByText('Each BLOCKER keeps mail from arriving').waitFor();
    expect(await result.textContent()).toMatch(
      /BLOCKER SPF \(bare\.test\): the domain bare\.test does not exist/,
    );
    await screenshot('email-check-delivery-blocked');
  });

  it('shows a clear message for invalid JSON in the config box', async () => {
    await page.goto(playground.url);
    await expect.poll(() => page.inputValue('#config')).toContain('host');
    await page.fill('#config', '{ "host": ');
    await page.getByRole('button', { name: 'Send' }).click();
    const alert = page.locator('#email-result [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Error: invalid_json.*The config box is not valid JSON/);
    await screenshot('email-invalid-json');
  });

  it('shows a ConnectorError with its code and hint next to Send', async () => {
    await page.goto(playground.url);
    await expect.poll(() => page.inputValue('#config')).toContain('host');
    await page.fill('#config', '{ "host": "127.0.0.1", "port": 2525 }');
    await page.getByRole('button', { name: 'Send' }).click();
    const alert = page.locator('#email-result [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /Error: invalid_config.*Invalid SMTP connector config: fromEmail: Required/,
    );
    await screenshot('email-connector-error');
  });

  it('signs in with the mock Naver and shows the profile', async () => {
    await page.goto(playground.url);
    await page.getByRole('link', { name: 'Sign in with Naver' }).click();
    await page.getByRole('button', { name: /Agree/ }).waitFor();
    await screenshot('naver-consent');
    await page.getByRole('button', { name: /Agree/ }).click();
    const result = page.locator('#naver-result');
    await result.getByText('Signed in over OAuth 2.0 (classic flow). SocialUserInfo:').waitFor();
    const shown = await result.textContent();
    expect(shown).toContain('"id": "32742776"');
    expect(shown).toContain('"email": "openapi@naver.com"');
    expect(shown).toMatch(/"access_token": "AAAA…\(\d+ chars\)"/);
    await screenshot('naver-signed-in');
  });

  it('signs in with the mock Naver over OpenID Connect, the other mode of the same connector', async () => {
    await page.goto(playground.url);
    await page.getByRole('link', { name: 'Sign in (OpenID Connect)' }).click();
    await page.getByRole('button', { name: /Agree/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/oauth2/authorize');
    await page.getByRole('button', { name: /Agree/ }).click();
    const result = page.locator('#naver-result');
    await result
      .getByText('Signed in over OpenID Connect (PKCE, ID token verified). SocialUserInfo:')
      .waitFor();
    expect(await result.textContent()).toContain('"id": "32742776"');
    await screenshot('naver-signed-in-oidc');
  });

  it('pressing Cancel on Naver shows the authorization-failed error', async () => {
    await page.goto(playground.url);
    await page.getByRole('link', { name: 'Sign in with Naver' }).click();
    await page.getByRole('button', { name: /Cancel/ }).click();
    const alert = page.locator('#naver-result [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Error: authorization_failed.*Canceled By User/);
    await screenshot('naver-cancelled');
  });
});

describe('playground in Chromium, with real Naver credentials', () => {
  it('shows the callback URL to register, and never the secret', async () => {
    const real = await startPlayground({
      naverClientId: 'real-client-id',
      naverClientSecret: 'real-s3cret-value',
    });
    try {
      await page.goto(real.url);
      const note = page.locator('#naver-callback');
      await note.waitFor();
      expect(await note.textContent()).toContain(`${real.url}/callback/naver`);
      expect(real.url).toMatch(/^http:\/\/localhost:/);
      expect(await page.content()).not.toContain('real-s3cret-value');
      await screenshot('naver-real-callback-url');
    } finally {
      await real.close();
    }
  });
});
