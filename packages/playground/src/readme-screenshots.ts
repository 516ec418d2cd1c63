/**
 * The connector README's screenshots of the built-in emails, one per language, taken from the
 * playground's gallery in Debian's Chromium at phone width: `pnpm --filter @seedworks/playground
 * run screenshots` after `pnpm build` (CJK fonts such as Debian's fonts-noto-cjk make them legible).
 */
import path from 'node:path';
import { chromiumArgs, requireChromium } from '@seedworks/test-fixtures/browser/chromium';
import { chromium } from 'playwright-core';
import { startPlayground } from './playground.js';
import type { GalleryEntry } from './web/gallery.js';

const docs = path.resolve(import.meta.dirname, '..', '..', 'connector-smtp', 'docs');

/** A different message in each language, to show the range: codes and the invitation's button. */
const shown: Record<string, string> = {
  en: 'SignIn',
  ko: 'OrganizationInvitation',
  ja: 'MfaVerification',
  'zh-CN': 'Register',
  'zh-TW': 'ForgotPassword',
};

const playground = await startPlayground();
const browser = await chromium.launch({ executablePath: requireChromium(), args: [...chromiumArgs] });
try {
  const response = await fetch(`${playground.url}/api/gallery`);
  const { entries } = (await response.json()) as { entries: GalleryEntry[] };
  const page = await browser.newPage({ viewport: { width: 375, height: 600 } });
  for (const [locale, type] of Object.entries(shown)) {
    const entry = entries.find((candidate) => candidate.locale === locale && candidate.type === type);
    if (!entry) {
      throw new Error(`The gallery has no ${type} email in ${locale}.`);
    }
    await page.setContent(entry.html, { waitUntil: 'load' });
    const file = path.join(docs, `built-in-${locale}.png`);
    await page.locator('[role="article"]').screenshot({ path: file });
    console.log(`${path.relative(process.cwd(), file)}: ${type}`);
  }
} finally {
  await browser.close();
  await playground.close();
}
