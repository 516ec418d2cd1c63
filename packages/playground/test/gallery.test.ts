/// <reference lib="dom" />
// The functions passed to page.evaluate run in the page, where the DOM exists.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromiumArgs, requireChromium } from '@seedworks/test-fixtures/browser/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../src/playground.js';
import type { GalleryEntry } from '../src/web/gallery.js';

const artifacts = path.resolve(import.meta.dirname, '..', '.artifacts', 'gallery');

let playground: Awaited<ReturnType<typeof startPlayground>>;
let browser: Browser;
let entries: GalleryEntry[];

beforeAll(async () => {
  const executablePath = requireChromium();
  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  playground = await startPlayground();
  browser = await chromium.launch({ executablePath, args: [...chromiumArgs] });
  const body = (await (await fetch(`${playground.url}/api/gallery`)).json()) as { entries: GalleryEntry[] };
  entries = body.entries;
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

/** WCAG relative luminance contrast of two CSS `rgb(…)` colours. */
const contrast = (foreground: string, background: string) => {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((value) => {
      const channel = Number(value) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
};

/** What the reader must see, measured in the rendered email. */
const measure = (page: Page) =>
  page.evaluate(() => {
    const box = (element: Element | null) => {
      if (!element) {
        return undefined;
      }
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return {
        left: rect.left,
        right: rect.right,
        width: rect.width,
        height: rect.height,
        text: element.textContent?.trim() ?? '',
        textWidth: (() => {
          const range = document.createRange();
          range.selectNodeContents(element);
          return range.getBoundingClientRect().width;
        })(),
        fontSize: Number.parseFloat(style.fontSize),
        colour: style.color,
        visible: style.visibility !== 'hidden' && style.display !== 'none' && rect.width > 0,
      };
    };
    /** The colour behind an element: its own background or the nearest painted one around it. */
    const backgroundOf = (element: Element | null | undefined) => {
      for (let current = element; current; current = current.parentElement) {
        const colour = getComputedStyle(current).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') {
          return colour;
        }
      }
      return 'rgb(255, 255, 255)';
    };
    const background = (selector: string) => backgroundOf(document.querySelector(selector));
    // The button is the coloured cell around the link (MJML's mj-button), as Outlook draws it too.
    const button = document.querySelector('.button a');
    return {
      viewport: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      code: box(document.querySelector('.code')),
      codeBackground: background('.code-box'),
      button: box(button),
      buttonHref: button?.getAttribute('href'),
      buttonBackground: backgroundOf(button?.closest('td')),
      buttonCell: box(button?.closest('td') ?? null),
      link: box(document.querySelector('a.link')),
      heading: box(document.querySelector('h1')),
      headingBackground: background('h1'),
      pageBackground: background('.card'),
    };
  });

describe('built-in emails in Chromium', () => {
  it('the gallery holds every type in every language, each under Gmail’s 102 KB', () => {
    expect(entries).toHaveLength(45);
    for (const entry of entries) {
      expect(entry.htmlBytes).toBeLessThan(102 * 1024);
      // What a user gets: not the Console's send test, whose message also carries the delivery check.
      expect(entry.text).not.toMatch(/Delivery check/);
      expect(entry.html).not.toMatch(/Delivery check/);
    }
    console.log(`largest built-in HTML part: ${Math.max(...entries.map((entry) => entry.htmlBytes))} bytes`);
  });

  // Naver Mail and Gmail's basic HTML view keep inline styles only: the emails must work with every
  // <style> element removed (no dark mode, no media queries, none of MJML's resets).
  const variants = [
    { colorScheme: 'light', styles: true },
    { colorScheme: 'dark', styles: true },
    { colorScheme: 'light', styles: false },
  ] as const;
  for (const { colorScheme, styles } of variants) {
    const mode = styles ? `${colorScheme} mode` : 'inline styles only';
    for (const width of [375, 700]) {
      it(`renders each at ${width} px in ${mode}: no overflow, the code or the link in view and readable`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
        const page = await context.newPage();
        try {
          for (const entry of entries) {
            const name = `${styles ? colorScheme : 'nostyle'}-${width}-${entry.type}-${entry.locale}`;
            const html = styles ? entry.html : entry.html.replace(/<style\b[\s\S]*?<\/style>/gi, '');
            if (!styles) {
              expect(html, name).not.toMatch(/<style/i);
            }
            await page.setContent(html, { waitUntil: 'load' });
            const seen = await measure(page);
            expect(seen.scrollWidth, `${name}: horizontal overflow`).toBeLessThanOrEqual(seen.viewport);
            expect(contrast(seen.heading?.colour ?? '', seen.headingBackground), name).toBeGreaterThan(7);
            // Dark mode darkens the page around the card too, not only the card.
            const pageLight = contrast('rgb(255, 255, 255)', seen.pageBackground) < 2;
            expect(pageLight, `${name}: page background ${seen.pageBackground}`).toBe(
              colorScheme === 'light',
            );
            await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
            if (entry.type === 'OrganizationInvitation') {
              expect(seen.buttonHref, name).toBe(entry.expected);
              expect(seen.button?.visible, name).toBe(true);
              // Still a button: a coloured block of a finger's height, wider than its words.
              expect(seen.buttonCell?.height ?? 0, name).toBeGreaterThanOrEqual(40);
              expect(seen.buttonCell?.width ?? 0, name).toBeGreaterThanOrEqual(
                (seen.button?.textWidth ?? 0) + 40,
              );
              expect(seen.button?.right ?? Number.POSITIVE_INFINITY, name).toBeLessThanOrEqual(width);
              expect(contrast(seen.button?.colour ?? '', seen.buttonBackground ?? ''), name).toBeGreaterThan(
                4.5,
              );
              expect(seen.link?.text, name).toBe(entry.expected);
              expect(seen.link?.right ?? Number.POSITIVE_INFINITY, name).toBeLessThanOrEqual(width);
            } else {
              expect(seen.code?.text, name).toBe(entry.expected);
              expect(seen.code?.visible, name).toBe(true);
              expect(seen.code?.fontSize, name).toBeGreaterThanOrEqual(28);
              expect(seen.code?.left, name).toBeGreaterThanOrEqual(0);
              expect(seen.code?.right ?? Number.POSITIVE_INFINITY, name).toBeLessThanOrEqual(width);
              expect(contrast(seen.code?.colour ?? '', seen.codeBackground ?? ''), name).toBeGreaterThan(7);
              // Selectable text: a triple click selects the code itself.
              await page.locator('.code').click({ clickCount: 3 });
              expect(await page.evaluate(() => document.getSelection()?.toString().trim()), name).toBe(
                entry.expected,
              );
            }
          }
        } finally {
          await context.close();
        }
      });
    }
  }

  it('shows the gallery page with every email, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
      const page = await context.newPage();
      await page.goto(`${playground.url}/gallery?width=375`);
      await page.getByText('45 emails').waitFor();
      expect(await page.locator('iframe').count()).toBe(45);
      await page.screenshot({ path: path.join(artifacts, `page-${colorScheme}.png`) });
      // Without a logo in the payload, the application's name stands in for it.
      await page.goto(`${playground.url}/gallery?width=700&logo=0`);
      await page.getByText('45 emails').waitFor();
      const first = page.frameLocator('iframe').first();
      await first.getByText('Your sign-in code').waitFor();
      expect(await first.locator('img').count()).toBe(0);
      expect(await first.locator('.text').first().textContent()).toBe('Acme');
      await page.screenshot({ path: path.join(artifacts, `page-${colorScheme}-700-no-logo.png`) });
      // As Naver Mail shows them: every <style> removed.
      await page.goto(`${playground.url}/gallery?width=375&styles=0`);
      await page.getByText('45 emails').waitFor();
      const inlineOnly = page.frameLocator('iframe').first();
      await inlineOnly.getByText('Your sign-in code').waitFor();
      expect(await inlineOnly.locator('style').count()).toBe(0);
      await page.screenshot({ path: path.join(artifacts, `page-${colorScheme}-375-inline-only.png`) });
      await context.close();
    }
  });
});
