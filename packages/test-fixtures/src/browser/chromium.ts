import { existsSync } from 'node:fs';

/** Debian's Chromium: Playwright cannot download its own browsers here. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Launch flags for tests run as root on a closed network: no sandbox, and none of Chromium's
 * background connections (refused here, many at a time, and slow to give up on).
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails with what to install when Chromium is missing. */
export const requireChromium = (): string => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.`,
    );
  }
  return chromiumPath;
};
