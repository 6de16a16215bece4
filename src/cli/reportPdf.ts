/**
 * `ldyn report --pdf`: the HTML report printed to PDF by Chromium (its
 * print-to-PDF through playwright-core, with the report's print stylesheet:
 * A4, no contents column, each experiment on a new page, figures kept whole),
 * so a report can be attached to a paper or thesis. The collapsed tables are
 * opened first, so the PDF holds the metrics too. The page loads nothing from
 * the network (the report is self-contained), so it is printed from memory.
 *
 * The browser is the one the tests use, launched by web/harness.ts's
 * `launchChromium` (the npm-shipped Chromium of the development checkout);
 * it is looked up at run time because web/ is not part of the built package.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { writeFileAtomic } from './fsAtomic.js';
import { Failure } from './io.js';

async function launchChromium(): Promise<Browser> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  let harness: { launchChromium: () => Promise<Browser> };
  try {
    harness = (await import(new URL(`../../web/harness${ext}`, import.meta.url).href)) as typeof harness;
  } catch {
    throw new Failure('report --pdf needs the browser of a development checkout (web/harness.ts, after npm ci); run it there with npm run ldyn -- report <dir> --pdf.');
  }
  return harness.launchChromium();
}

export async function writeReportPdf(htmlPath: string, pdfPath: string): Promise<void> {
  const html = readFileSync(htmlPath, 'utf8');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Nothing leaves the machine: the report has no external references, and any request is refused.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, outline: true, tagged: true });
    writeFileAtomic(pdfPath, pdf);
  } finally {
    await browser.close();
  }
}
