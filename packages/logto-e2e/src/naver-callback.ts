import { request } from 'node:https';
import type { NaverStandIn } from './naver-stand-in.js';

/**
 * What Naver answers an authorize URL with once the person has agreed: the callback URL, with the
 * `code` issued to that sign-in (bound to its PKCE challenge) and its `state`. Asked from here, not
 * from the browser, so the code stays unredeemed, as a code that leaks from a log or a shared
 * screen would (a browser's redirect back to Logto cannot be stopped: Playwright does not route
 * redirects).
 */
export const codeFromStandIn = async (standIn: NaverStandIn, authorizeUrl: string): Promise<URL> => {
  const url = new URL(authorizeUrl);
  standIn.naver.setConsent('agree');
  try {
    const location = await new Promise<string>((resolve, reject) => {
      const sent = request(
        {
          host: standIn.address,
          port: 443,
          path: `${url.pathname}${url.search}`,
          // The stand-in's certificate names nid.naver.com; it is trusted as the one CA.
          servername: url.hostname,
          headers: { host: url.hostname },
          ca: standIn.certificate,
          timeout: 10_000,
        },
        (response) => {
          response.resume();
          const { location: next } = response.headers;
          next
            ? resolve(next)
            : reject(new Error(`the stand-in answered ${response.statusCode}, no redirect`));
        },
      );
      sent.on('timeout', () => sent.destroy(new Error('the stand-in did not answer')));
      sent.on('error', reject);
      sent.end();
    });
    return new URL(location);
  } finally {
    standIn.naver.setConsent('prompt');
  }
};

/**
 * Logto's callback page for the sign-in whose authorize URL is `authorizeUrl` (its own `state`,
 * which the page checks against what it stored), carrying `code`: what a thief opens to redeem a
 * stolen code in their own sign-in.
 */
export const callbackWithCode = (authorizeUrl: string, code: string) => {
  const authorize = new URL(authorizeUrl).searchParams;
  const callback = new URL(authorize.get('redirect_uri') ?? '');
  callback.searchParams.set('code', code);
  callback.searchParams.set('state', authorize.get('state') ?? '');
  return callback.toString();
};
