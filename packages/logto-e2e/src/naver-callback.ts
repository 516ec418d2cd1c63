import type { Page } from 'playwright-core';

/**
 * Runs `agree` (pressing Agree on Naver's consent page) and stops the browser at Logto's callback
 * page (`/callback/<connectorId>?code=…&state=…`) before the sign-in page reads it: the code stays
 * unredeemed, as a code that leaks from a log or a shared screen would. Returns that callback URL.
 */
export const stopAtNaverCallback = async (page: Page, agree: () => Promise<void>): Promise<URL> => {
  const isCallback = (url: URL) => url.pathname.startsWith('/callback/') && url.searchParams.has('code');
  let caught: URL | undefined;
  const caughtIt = new Promise<URL>((resolve) => {
    void page.route(isCallback, async (route) => {
      caught = new URL(route.request().url());
      resolve(caught);
      await route.abort();
    });
  });
  try {
    await agree();
    return await caughtIt;
  } finally {
    await page.unroute(isCallback);
  }
};

/** `callback` with another `code`: what a thief posts to their own sign-in's callback page. */
export const withCode = (callback: URL, code: string) => {
  const url = new URL(callback);
  url.searchParams.set('code', code);
  return url.toString();
};
