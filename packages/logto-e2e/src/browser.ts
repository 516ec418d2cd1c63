import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumArgs, requireChromium } from '@seedworks/test-fixtures/browser/chromium';
import { type BrowserContext, chromium } from 'playwright-core';
import { naverHostNames } from './logto.js';

/**
 * Debian's Chromium with a fresh profile, resolving Naver's host names to the stand-in's address
 * (`--host-resolver-rules`) and accepting its self-signed certificate (`ignoreHTTPSErrors`).
 */
export const launchChromium = async (naverAddress: string) => {
  const executablePath = requireChromium();
  const profile = await mkdtemp(path.join(tmpdir(), 'seedworks-logto-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      args: [
        ...chromiumArgs,
        `--host-resolver-rules=${naverHostNames.map((name) => `MAP ${name} ${naverAddress}`).join(', ')}`,
      ],
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
};
