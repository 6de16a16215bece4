/**
 * The HTML report read as an article in a real browser (chromium via
 * playwright-core): a contents list with one entry per experiment run, every
 * figure numbered and captioned, no metrics table before the first figure of
 * its section, inline and display math typeset without KaTeX errors, figures
 * as wide as the reading column, and `ldyn report --pdf` writing a PDF.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../fixtures/experiments.js';
import { launchChromium } from '../../web/harness.js';
import { ldyn, removeTempDirs, tempDir } from '../cli/helpers.js';

let browser: Browser;
let setupError: unknown = null;
let dir = '';

beforeAll(async () => {
  try {
    browser = await launchChromium();
    dir = tempDir();
    for (const [name, extra] of [['a', []], ['b', ['--set', 'mode=drift']]] as const) {
      const r = await ldyn(['run', 'toy-walk', '--set', 'figure=true', ...extra, '--out', join(dir, 'runs', name)]);
      if (r.code !== 0) throw new Error(r.stderr);
    }
  } catch (e) {
    setupError = e;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

async function openReport(file: string, width = 1366): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`file://${file}`);
  return page;
}

describe('the report as an article', { timeout: 240_000 }, () => {
  it('has contents with one entry per run, numbered captions, figures before metrics, and typeset math', async () => {
    if (setupError) throw setupError;
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'report')]);
    expect(r.code, r.stderr).toBe(0);
    const page = await openReport(join(dir, 'report', 'index.html'));
    const sections = await page.$$eval('section.experiment', (ss) => ss.map((s) => s.id));
    expect(sections).toHaveLength(2);
    // One contents entry per run, linking to its section.
    const tocLinks = await page.$$eval('nav.toc a', (as) => as.map((a) => a.getAttribute('href')));
    expect(tocLinks.filter((h) => sections.includes(h!.slice(1)))).toEqual(sections.map((s) => `#${s}`));
    // The contents stay in view while reading (sticky), at the side of the column.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    expect(await page.$eval('nav.toc', (n) => n.getBoundingClientRect().top)).toBeLessThanOrEqual(1);
    // Every figure has a caption "Figure n." numbered through the report.
    const captions = await page.$$eval('figure', (fs) => fs.map((f) => f.querySelector('figcaption')?.textContent ?? ''));
    expect(captions.length).toBe(2);
    captions.forEach((c, i) => expect(c).toMatch(new RegExp(`^Figure ${i + 1}\\. \\S`)));
    // In each section: question, summary and figures before the math and the (collapsed) metrics.
    for (const id of sections) {
      const order = await page.$eval(`#${id}`, (s) => {
        const all = [...s.querySelectorAll('.question, .summary, figure, .math, details.metrics, table')];
        return all.map((e) => (e.matches('figure') ? 'figure' : e.matches('table') ? 'table' : e.className.split(' ')[0]));
      });
      expect(order.indexOf('question')).toBe(0);
      expect(order.indexOf('summary')).toBeLessThan(order.indexOf('figure'));
      expect(order.indexOf('table')).toBeGreaterThan(order.indexOf('figure'));
      expect(order.indexOf('math')).toBeGreaterThan(order.indexOf('figure'));
      expect(await page.$eval(`#${id} details.metrics`, (d) => (d as HTMLDetailsElement).open)).toBe(false);
    }
    // Inline math: the fixture's `$\sigma = …$` and its plain-text symbol x_t are both typeset.
    expect(await page.$$eval('.summary .katex, p .katex', (ks) => ks.length)).toBeGreaterThanOrEqual(4);
    expect(await page.$$eval('.summary .katex', (ks) => ks.map((k) => k.querySelector('annotation')?.textContent))).toContain('x_{t}');
    expect(await page.$$eval('.katex-error', (ks) => ks.length)).toBe(0);
    // Figures fill the reading column.
    const [figWidth, columnWidth] = await page.$eval('figure svg', (svg) => [svg.getBoundingClientRect().width, svg.closest('article')!.getBoundingClientRect().width]);
    expect(figWidth).toBeGreaterThan(0.95 * columnWidth);
    await page.close();
  });

  it('prints to PDF with `ldyn report --pdf` (a valid PDF file, with the collapsed tables opened)', async () => {
    if (setupError) throw setupError;
    const r = await ldyn(['report', join(dir, 'runs'), '--out', join(dir, 'pdf'), '--pdf']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PDF: .*index\.pdf/);
    const pdf = readFileSync(join(dir, 'pdf', 'index.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-8).toString('latin1')).toMatch(/%%EOF\s*$/);
    // At least one page per experiment (each starts on a new page in print).
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });
});
