/**
 * Shared setup of the explorer's browser tests: chromium (the one launcher),
 * the built explorer served locally, pages that record console errors, and
 * waiting until the page has settled.
 */
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, launchChromium, serveDist, type BenchHook } from '../../web/harness.js';

export interface Explorer {
  browser: Browser;
  server: Server;
  base: string;
}

export async function startExplorer(): Promise<Explorer> {
  const browser = await launchChromium();
  await ensureBuilt();
  const { server, url } = await serveDist();
  return { browser, server, base: url };
}

/** Wait until the view has finished its requests (and the status says so after a load). */
export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__ldynBench !== undefined && window.__ldynBench.busy === 0 && (document.getElementById('status')?.textContent ?? '') !== '', null, { timeout: 90_000 });
}

/** A page at `url` that records console errors and uncaught exceptions. */
export async function open(ex: Explorer, url: string, viewport = { width: 1366, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await ex.browser.newPage({ viewport, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await idle(page);
  return { page, errors };
}

export const bench = (page: Page): Promise<BenchHook> => page.evaluate(() => window.__ldynBench);

/** Press Step n times, waiting for each. */
export async function steps(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await page.click('#step');
    await idle(page);
  }
}
