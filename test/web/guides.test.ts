/**
 * The explorer as a guided instrument, in chromium: every view opens with
 * its guide (docs/explorer/<view>.md, rendered at build time: text, typeset
 * equation, three "try this" links), each link sets exactly the state it
 * documents, exports give valid PNG, SVG and CSV files, and the layout
 * holds at 1366 px and at 768 px (screenshots in test-artifacts/web/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../web/harness.js';
import { bench, idle, open, startExplorer, steps, type Explorer } from './pageHelpers.js';

const SHOTS = join(REPO_DIR, 'test-artifacts', 'web');
const VIEWS = ['landscape', 'stability', 'train', 'flow', 'neuro'] as const;
let ex: Explorer;
let setupError: unknown = null;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  try {
    ex = await startExplorer();
  } catch (e) {
    setupError = e;
  }
}, 300_000);

afterAll(async () => {
  await ex?.browser.close();
  ex?.server.close();
});

function requireSetup(): void {
  if (setupError) throw setupError;
}

/** The "try this" links of a markdown guide, as written in docs/explorer/<view>.md. */
function documentedLinks(view: string): string[] {
  const md = readFileSync(join(REPO_DIR, 'docs', 'explorer', `${view}.md`), 'utf8');
  return [...md.matchAll(/\]\((\?[^)\s]+)\)/g)].map((m) => m[1]!);
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await dl.path())!);
}

describe('explorer guides, exports and layout', { timeout: 300_000 }, () => {
  it('shows each view’s guide, and every “try this” link sets the state it documents', async () => {
    requireSetup();
    for (const view of VIEWS) {
      const { page, errors } = await open(ex, `${ex.base}?view=${view}`);
      const guide = `#panel-${view} details.guide`;
      expect(await page.$eval(guide, (d) => (d as HTMLDetailsElement).open), view).toBe(true);
      expect((await page.textContent(`${guide} .guide-body`))!.length, view).toBeGreaterThan(300);
      expect(await page.$$eval(`${guide} .katex-display`, (k) => k.length), `${view}: the equation`).toBeGreaterThanOrEqual(1);
      expect(await page.$$eval(`${guide} .katex-error`, (k) => k.length)).toBe(0);
      const links = documentedLinks(view);
      expect(links, `${view}: three things to try`).toHaveLength(3);
      expect(await page.$$eval(`${guide} a[href^="?"]`, (as) => as.map((a) => a.getAttribute('href')))).toEqual(links);
      for (const [i, href] of links.entries()) {
        await page.click(`${guide} li:nth-of-type(${i + 1}) a[href^="?"]`);
        await idle(page);
        const url = new URLSearchParams(new URL(page.url()).search);
        for (const [key, value] of new URLSearchParams(href)) expect(url.get(key), `${view} link ${i + 1}: ${key}`).toBe(value);
        // The controls show the state too.
        for (const [key, value] of new URLSearchParams(href)) {
          const control = await page.$(`#panel-${view} [name="${key}"]`);
          if (control && (await control.getAttribute('type')) !== 'range') expect(await control.inputValue(), key).toBe(value);
        }
      }
      // The guide collapses.
      await page.click(`${guide} > summary`);
      expect(await page.$eval(guide, (d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(errors, view).toEqual([]);
      expect((await bench(page)).errors).toEqual([]);
      await page.close();
    }
  });

  it('exports the current figure as PNG and SVG and the run’s series as CSV', async () => {
    requireSetup();
    const { page, errors } = await open(ex, `${ex.base}?view=train&tr.every=0`);
    await steps(page, 3);
    const fig = '#panel-train figure.plot:nth-of-type(1)';
    const png = await download(page, () => page.click(`${fig} .exports button:has-text("PNG")`));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(100); // IHDR width
    // SVG: the figure's own drawing as vectors (axes, ticks, points, text), the heatmap as the one embedded image,
    // and the title, legend and colour bar as SVG too.
    const parts = async (selector: string) => {
      const text = (await download(page, () => page.click(`${selector} .exports button:has-text("SVG")`))).toString('utf8');
      return page.evaluate((t) => {
        const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
        const root = doc.documentElement;
        const count = (name: string) => root.getElementsByTagNameNS('http://www.w3.org/2000/svg', name).length;
        return {
          ok: doc.querySelector('parsererror') === null && root.namespaceURI === 'http://www.w3.org/2000/svg' && root.localName === 'svg',
          paths: count('path') + count('rect') + count('line'),
          images: count('image'),
          gradients: count('linearGradient'),
          circles: count('circle'),
          texts: [...root.getElementsByTagNameNS('http://www.w3.org/2000/svg', 'text')].map((e) => e.textContent),
        };
      }, text);
    };
    const prediction = await parts(fig);
    expect(prediction.ok).toBe(true);
    expect(prediction.images).toBe(1);
    expect(prediction.paths).toBeGreaterThan(200); // 200 data points, the frame and the ticks
    expect(prediction.texts).toEqual(expect.arrayContaining(['Prediction', 'x₁', 'x₂', 'P(class 1)']));
    expect(prediction.gradients).toBe(1);
    const loss = await parts('#panel-train figure.plot:nth-of-type(3)');
    expect(loss.ok).toBe(true);
    expect(loss.images).toBe(0);
    expect(loss.texts).toEqual(expect.arrayContaining(['Loss', 'step', 'loss', 'training loss']));
    const csv = (await download(page, () => page.click('#export-csv'))).toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('step,batch_loss,train_loss,test_loss');
    expect(csv).toHaveLength(1 + 3);
    const last = csv[3]!.split(',');
    expect(Number(last[0])).toBe(2);
    expect(Number(last[1])).toBe((await bench(page)).values['train.lastStepLoss']);
    for (const view of ['landscape', 'stability', 'flow', 'neuro']) {
      await page.click(`#tab-${view}`);
      await idle(page);
      const rows = (await download(page, () => page.click('#export-csv'))).toString('utf8').trim().split('\n');
      expect(rows.length, view).toBeGreaterThan(10);
      const width = rows[0]!.split(',').length;
      expect(rows.every((r) => r.split(',').length === width), view).toBe(true);
      // Every view's figures export as vector SVG (each figure's own drawing code, recorded).
      const title = (await page.textContent(`#panel-${view} figure.plot:nth-of-type(1) figcaption`))!;
      const first = await parts(`#panel-${view} figure.plot:nth-of-type(1)`);
      expect(first.ok, view).toBe(true);
      expect(first.paths, view).toBeGreaterThan(10);
      expect(first.texts, view).toContain(title);
    }
    // A figure of points keys them with dots, on the page and in its SVG: the trained RNN's four kinds of fixed point.
    await page.click('#tab-rnn');
    await idle(page);
    const rnnFigure = '#panel-rnn figure.plot:nth-of-type(1)';
    expect(await page.locator(`${rnnFigure} .legend .swatch.dot`).count()).toBe(4);
    const states = await parts(rnnFigure);
    expect(states.ok).toBe(true);
    expect(states.circles).toBe(4); // the legend's dots; the points themselves are drawn as paths
    expect(states.texts).toEqual(expect.arrayContaining(['stable fixed point', 'saddle fixed point']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lays out every view at 1366 px and 768 px: no horizontal overflow, controls inside their panel, disabled controls say why', async () => {
    requireSetup();
    for (const width of [1366, 768]) {
      for (const view of VIEWS) {
        const { page, errors } = await open(ex, `${ex.base}?view=${view}`, { width, height: 1000 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${view} at ${width}`).toBeLessThanOrEqual(0);
        // Every select fits in its control column (the optimizer dropdown was cut off).
        const cut = await page.$$eval(`#panel-${view} select`, (ss) => ss.filter((s) => s.getBoundingClientRect().right > s.closest('fieldset')!.getBoundingClientRect().right + 0.5).map((s) => (s as HTMLSelectElement).name));
        expect(cut, `${view} at ${width}`).toEqual([]);
        // No panel drops into the narrow control column (the train view's sixth panel did at 768 px).
        const under = await page.$$eval(`#panel-${view} figure.plot`, (fs) => {
          const controls = fs[0]!.closest('.view')!.querySelector('fieldset.controls')!.getBoundingClientRect();
          return fs.filter((f) => f.getBoundingClientRect().left < controls.right - 1).map((f) => f.querySelector('figcaption')?.textContent);
        });
        expect(under, `${view} at ${width}: panels under the controls`).toEqual([]);
        // Before the first step, every panel has been drawn (axes at least).
        const blank = await page.$$eval(`#panel-${view} canvas`, (cs) => cs.filter((c) => !(c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data.some((v, i) => i % 4 === 3 && v > 0)).length);
        expect(blank, `${view} at ${width}: blank panels`).toBe(0);
        await page.screenshot({ path: join(SHOTS, `layout-${view}-${width}.png`), fullPage: true });
        expect(errors).toEqual([]);
        await page.close();
      }
    }
    const { page } = await open(ex, `${ex.base}?view=train&tr.opt=sgd`);
    expect(await page.isDisabled('input[name="tr.mom"]')).toBe(true);
    expect(await page.textContent('#panel-train .control.disabled .disabled-reason')).toMatch(/only SGD \+ momentum uses β/);
    await page.selectOption('select[name="tr.opt"]', 'momentum');
    await idle(page);
    expect(await page.isDisabled('input[name="tr.mom"]')).toBe(false);
    await page.close();
  });
});
