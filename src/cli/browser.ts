/**
 * The one way this project launches a headless browser (playwright-core):
 * the browser tests, the browser benchmark and `ldyn report --pdf` all call
 * `launchChromium`, so they use the same executable and flags.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Launch headless chromium; a clear error (not a skip) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is needed at ${CHROMIUM}, which is missing. Install it with: apt-get update && apt-get install -y chromium`);
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed (npm install -D playwright-core)');
  }
  return playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
