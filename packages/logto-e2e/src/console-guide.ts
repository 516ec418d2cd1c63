import path from 'node:path';
import type { Page } from 'playwright-core';

/** What an admin meets in the Console's guide column, the package README beside the setup form. */
export interface GuideMeasure {
  /** The column's visible width and height, in CSS pixels. */
  width: number;
  height: number;
  /** How far the admin scrolls the column before `heading` is at its top, in CSS pixels. */
  headingAt: number;
  /** The screen of the column (1 = as it opens) on which `heading` first shows whole. */
  headingScreen: number;
  /** Words the column breaks across two lines (a break after a hyphen or a slash does not count). */
  brokenWords: string[];
  /**
   * Korean words broken between two syllables. Chromium breaks Hangul anywhere under the Console's
   * `word-break: normal` (as in every Korean page of the Console); a README cannot ask for
   * `keep-all`, so these are reported apart from `brokenWords`.
   */
  hangulBreaks: string[];
  /** Elements that scroll sideways inside the column (a table or a line too wide for it). */
  scrollsSideways: string[];
}

/**
 * The scrollable column that holds the README with a heading that reads `title` (Logto renders the
 * README with its own Markdown component, under a card header of its own: found by the heading's
 * text, not by a class name of one release).
 */
const columnHandle = (page: Page, title: string) =>
  page.evaluateHandle((text) => {
    const start = Array.from(document.querySelectorAll('h1, h2, h3, h4')).find(
      (element) => element.textContent?.trim() === text,
    );
    let column = start?.parentElement ?? null;
    while (
      column &&
      !(/auto|scroll/.test(getComputedStyle(column).overflowY) && column.scrollHeight > column.clientHeight)
    ) {
      column = column.parentElement;
    }
    if (!column) {
      throw new Error(`No scrollable guide column holds a heading "${text}"`);
    }
    return column;
  }, title);

/** Measures the guide column of the README with the heading `title`: where `heading` is, which words break. */
export const measureGuide = async (page: Page, title: string, heading: string): Promise<GuideMeasure> => {
  const column = await columnHandle(page, title);
  return column.evaluate((element, wanted) => {
    const box = element.getBoundingClientRect();
    const target = Array.from(element.querySelectorAll('h1, h2, h3, h4')).find(
      (candidate) => candidate.textContent?.trim() === wanted,
    );
    if (!target) {
      throw new Error(`The guide column has no heading "${wanted}"`);
    }
    const targetBox = target.getBoundingClientRect();
    const headingAt = targetBox.top - box.top + element.scrollTop;
    const brokenWords: string[] = [];
    const hangulBreaks: string[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      // A word, cut after each hyphen or slash: the browser may end a line there.
      for (const match of text.matchAll(/[^\s\-/]+[-/]*/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(
          Array.from(range.getClientRects())
            .filter((rect) => rect.width > 0)
            .map((rect) => Math.round(rect.top)),
        );
        if (lines.size > 1) {
          (/^[\uac00-\ud7a3]+$/.test(match[0]) ? hangulBreaks : brokenWords).push(match[0]);
        }
      }
    }
    const scrollsSideways = Array.from(element.querySelectorAll('*'))
      .filter((inner) => inner.scrollWidth > inner.clientWidth + 1 && inner.clientWidth > 0)
      .map((inner) => `${inner.tagName.toLowerCase()}: ${inner.textContent?.trim().slice(0, 40)}`);
    return {
      width: element.clientWidth,
      height: element.clientHeight,
      headingAt: Math.round(headingAt),
      headingScreen: Math.ceil((headingAt + targetBox.height) / element.clientHeight),
      brokenWords,
      hangulBreaks,
      scrollsSideways,
    };
  }, heading);
};

/**
 * Screenshots of the guide column's first `screens` screens, as the admin scrolls it one column
 * height at a time: `<name>-1.png`, `<name>-2.png`, …
 */
export const screenshotGuide = async (
  page: Page,
  title: string,
  directory: string,
  name: string,
  screens: number,
) => {
  const column = await columnHandle(page, title);
  const element = column.asElement();
  if (!element) {
    throw new Error('The guide column is not an element');
  }
  for (let screen = 0; screen < screens; screen++) {
    await element.evaluate((node, index) => {
      (node as HTMLElement).scrollTop = index * (node as HTMLElement).clientHeight;
    }, screen);
    await element.screenshot({ path: path.join(directory, `${name}-${screen + 1}.png`) });
  }
  await element.evaluate((node) => {
    (node as HTMLElement).scrollTop = 0;
  });
};
