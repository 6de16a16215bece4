/**
 * The explorer in a real browser (the npm-shipped Chromium via playwright-core):
 * every view loads without console errors, controls change the plots,
 * training steps in the page reproduce src/nn's own numbers for the same
 * seed, a shared URL reloads the same state, the static server sends the
 * right MIME types, the page works by keyboard and at tablet width, a URL's
 * bad values are clamped and reported, errors stay visible, and a long
 * training replay is cancelled by a newer request.
 * Screenshots go to test-artifacts/web/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MLP, train, twoMoons } from '../../src/nn/index.js';
import { Adam, SGD } from '../../src/optim/index.js';
import { rnnExplore } from '../../web/compute/rnnRun.js';
import { DIST_DIR, REPO_DIR, ensureBuilt, launchChromium, serveDist } from '../../web/harness.js';
import { bench, idle, open as openPage } from './pageHelpers.js';

const SHOTS = join(REPO_DIR, 'test-artifacts', 'web');
const VIEWS = ['landscape', 'stability', 'train', 'flow', 'neuro', 'rnn'] as const;

let browser: Browser;
let server: Server;
let base: string;

/** A page that records console errors and uncaught exceptions (pageHelpers' `open` on this file's browser and server). */
const open = (url: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> =>
  openPage({ browser, server, base }, url, viewport);
/** A digest of a canvas's pixels (PNG data URL), to compare renderings without printing them. */
const canvasPixels = async (page: Page, selector: string) => createHash('sha1').update(await page.$eval(selector, (c) => (c as HTMLCanvasElement).toDataURL())).digest('hex');

// A missing chromium (or a failed build) is reported by every test as a failure, never as a skip.
let setupError: unknown = null;
function requireSetup(): void {
  if (setupError) throw setupError;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  try {
    browser = await launchChromium();
    await ensureBuilt();
    ({ server, url: base } = await serveDist());
  } catch (e) {
    setupError = e;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

// Generous limits: a page load compiles the worker's JIT from cold, and CI machines may be busy.
describe('explorer in chromium', { timeout: 240_000 }, () => {
  it('serves the build with the right MIME types (html, js, css, the worker chunk)', async () => {
    requireSetup();
    const assets = readdirSync(join(DIST_DIR, 'assets'));
    const worker = assets.find((f) => /^worker-.*\.js$/.test(f));
    expect(worker, 'the worker is bundled as its own chunk').toBeDefined();
    const css = assets.find((f) => f.endsWith('.css'))!;
    const expectType = async (path: string, type: string) => {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain(type);
    };
    await expectType('', 'text/html');
    await expectType(`assets/${worker}`, 'text/javascript');
    await expectType(`assets/${css}`, 'text/css');
    expect((await fetch(base + '../package.json')).status).toBe(404);
  });

  it('loads every view without console errors', async () => {
    requireSetup();
    for (const view of VIEWS) {
      const { page, errors } = await open(`${base}?view=${view}`);
      expect(await page.getAttribute(`#tab-${view}`, 'aria-selected')).toBe('true');
      expect(await page.isVisible(`#panel-${view}`)).toBe(true);
      expect(await page.$$eval(`#panel-${view} canvas`, (cs) => cs.length)).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: join(SHOTS, `view-${view}.png`), fullPage: true });
      expect(errors, `console errors in view ${view}`).toEqual([]);
      expect((await bench(page)).errors).toEqual([]);
      await page.close();
    }
  });

  it('redraws the landscape when the surface changes, and the stability plots when β changes by keyboard', async () => {
    requireSetup();
    const { page, errors } = await open(`${base}?view=landscape`);
    const before = await canvasPixels(page, '#panel-landscape canvas');
    await page.selectOption('#panel-landscape select', 'himmelblau');
    await idle(page);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('ls.surface') === 'himmelblau');
    expect(await canvasPixels(page, '#panel-landscape canvas')).not.toBe(before);
    // Himmelblau's suggested start replaces Rosenbrock's.
    expect(await page.inputValue('input[name="ls.x"]')).not.toBe('-1.2');

    await page.click('#tab-stability');
    await idle(page);
    const rho0 = (await bench(page)).values['stability.rho']!;
    // Heavy ball on λ ∈ {1, 10}, η = 0.15, β = 0.5: complex modes, ρ = √β (the modes' determinant is β).
    expect(rho0).toBeCloseTo(Math.SQRT1_2, 10);
    const diagram = await canvasPixels(page, '#panel-stability figure:nth-of-type(2) canvas');
    await page.focus('input[name="st.beta"]');
    for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowRight');
    await idle(page);
    await page.waitForFunction(() => Number(new URLSearchParams(location.search).get('st.beta')) === 0.64);
    await page.waitForFunction((r) => window.__ldynBench.values['stability.rho'] !== r, rho0);
    expect((await bench(page)).values['stability.rho']).toBeCloseTo(0.8, 10); // √0.64
    expect(await canvasPixels(page, '#panel-stability figure:nth-of-type(2) canvas')).not.toBe(diagram);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('steps training in the page to src/nn’s own losses for the same seed, and a shared URL reloads the same run', async () => {
    requireSetup();
    const url = `${base}?view=train&seed=7&tr.data=moons&tr.hidden=8,8&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.lr=0.1&tr.every=0`;
    const { page, errors } = await open(url);
    for (let i = 0; i < 5; i++) {
      await page.click('#step');
      await idle(page);
    }
    const values = (await bench(page)).values;
    expect(values['train.step']).toBe(5);

    // The same run with the library directly: PyTorch-default MLP 2-8-8-1 (tanh), 200 moons, seed 7, SGD η = 0.1, full batch.
    const data = twoMoons({ n: 200, noise: 0.1, seed: 7 });
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 7 });
    const result = train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: 5 });
    // Same float64 operations in the same order (V8 in Node and in chromium, fdlibm-derived Math):
    // agreement to rounding, 1e-12 relative leaves room only for a differently rounded exp/log.
    expect(values['train.lastStepLoss']).toBeCloseTo(result.losses[4]!, 12);
    expect(Math.abs(values['train.loss']! - result.finalLoss) / result.finalLoss).toBeLessThan(1e-12);
    await page.screenshot({ path: join(SHOTS, 'train-5-steps.png'), fullPage: true });

    const shared = page.url();
    expect(new URLSearchParams(new URL(shared).search).get('tr.t')).toBe('5');
    const again = await open(shared);
    const reloaded = (await bench(again.page)).values;
    expect(reloaded['train.step']).toBe(5);
    expect(reloaded['train.loss']).toBe(values['train.loss']);
    expect(await again.page.inputValue('input[name="tr.hidden"]')).toBe('8,8');
    expect(await again.page.getAttribute('#tab-train', 'aria-selected')).toBe('true');
    expect(await again.page.textContent('#seed')).toBe('7');

    // Reset keeps the initialization: back to step 0 and the same first loss.
    await again.page.click('#reset');
    await idle(again.page);
    await again.page.click('#step');
    await idle(again.page);
    expect((await bench(again.page)).values['train.lastStepLoss']).toBeCloseTo(result.losses[0]!, 12);
    expect([...errors, ...again.errors]).toEqual([]);
    await page.close();
    await again.page.close();
  });

  it('plays training continuously in the worker and pauses on a step whose losses are src/nn’s own, in the URL', async () => {
    requireSetup();
    const url = `${base}?view=train&seed=5&tr.data=moons&tr.hidden=8,8&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.lr=0.1&tr.every=0`;
    const { page, errors } = await open(url);
    await page.click('#play');
    // Several redraws from the animation-frame loop, and more steps than redraws' worth of single steps.
    await page.waitForFunction(() => window.__ldynBench.frames >= 3 && (window.__ldynBench.values['train.step'] ?? 0) >= 40, null, { timeout: 90_000 });
    await page.click('#play');
    await idle(page);
    const values = (await bench(page)).values;
    const n = values['train.step']!;
    expect(n).toBeGreaterThanOrEqual(40);
    const data = twoMoons({ n: 200, noise: 0.1, seed: 5 });
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 5 });
    const result = train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: n });
    // Same float64 operations in the same order as in Node (see the stepping test above): agreement to rounding.
    expect(values['train.lastStepLoss']).toBeCloseTo(result.losses[n - 1]!, 12);
    expect(Math.abs(values['train.loss']! - result.finalLoss) / result.finalLoss).toBeLessThan(1e-12);
    // Every step's loss reached the page exactly once (the CSV export's rows are the page's loss history).
    const rows = await page.evaluate(() => window.__ldynBench.values['train.historyLength']);
    expect(rows).toBe(n);
    await page.waitForFunction((t) => new URLSearchParams(location.search).get('tr.t') === String(t), n);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('while playing, every panel is redrawn from newer updates, however few panels a frame has time to draw', async () => {
    requireSetup();
    const url = `${base}?view=train&seed=5&tr.data=moons&tr.hidden=8,8&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.lr=0.1&tr.every=20`;
    const { page, errors } = await open(url);
    // A hash of each of the view's six canvases' pixels.
    const pixels = () =>
      page.$$eval('#panel-train canvas', (cs) =>
        cs.map((c) => {
          const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
          let h = 0;
          for (let i = 0; i < d.length; i++) h = (Math.imul(h, 31) + d[i]!) | 0;
          return h;
        }),
      );
    await page.click('#play');
    await page.waitForFunction(() => window.__ldynBench.frames >= 2 && (window.__ldynBench.values['train.step'] ?? 0) >= 40, null, { timeout: 90_000 });
    const before = await pixels();
    expect(before).toHaveLength(6);
    // A frame draws at least one panel, the stalest first: within six more updates each has been drawn again.
    const shown = (await bench(page)).frames;
    await page.waitForFunction((n) => window.__ldynBench.frames >= n + 8, shown, { timeout: 90_000 });
    const during = await pixels();
    expect((await bench(page)).playing).toBe(true);
    expect(during.map((h, i) => h !== before[i])).toEqual([true, true, true, true, true, true]);
    await page.click('#play');
    await idle(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a control changed while playing supersedes the play: it plays on from step 0 of the new run, which is src/nn’s', async () => {
    requireSetup();
    const url = `${base}?view=train&seed=5&tr.data=moons&tr.hidden=8,8&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.lr=0.1&tr.every=0`;
    const { page, errors } = await open(url);
    await page.click('#play');
    await page.waitForFunction(() => (window.__ldynBench.values['train.step'] ?? 0) >= 20, null, { timeout: 90_000 });
    await page.selectOption('select[name="tr.opt"]', 'adam');
    // The new run starts (the view announces it at step 0), and the page still plays, on it.
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '').endsWith('at step 0.'), null, { timeout: 90_000 });
    await page.waitForFunction(() => window.__ldynBench.playing && (window.__ldynBench.values['train.step'] ?? 0) >= 10, null, { timeout: 90_000 });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('tr.opt') === 'adam'); // written within 150 ms (throttled)
    await page.click('#play');
    await idle(page);
    const values = (await bench(page)).values;
    const n = values['train.step']!;
    expect(values['train.historyLength']).toBe(n);
    const data = twoMoons({ n: 200, noise: 0.1, seed: 5 });
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 5 });
    const result = train(model, data, { loss: 'bceWithLogits', optimizer: new Adam(model.parameters(), { lr: 0.1 }), steps: n });
    // Same float64 operations in the same order as in Node (see the stepping test above): agreement to rounding.
    expect(Math.abs(values['train.loss']! - result.finalLoss) / result.finalLoss).toBeLessThan(1e-12);
    expect([...errors, ...(await bench(page)).errors]).toEqual([]);
    await page.close();
  });

  it('keeps identical hidden units identical under full-batch SGD', async () => {
    requireSetup();
    const { page, errors } = await open(`${base}?view=train&tr.init=identical&tr.every=0`);
    for (let i = 0; i < 3; i++) {
      await page.click('#step');
      await idle(page);
    }
    expect((await bench(page)).values['train.unitSpread']).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'train-identical.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sets the start point by clicking the contour plot, and the URL reproduces it', async () => {
    requireSetup();
    const { page, errors } = await open(`${base}?view=landscape&ls.surface=ravine`);
    const box = (await page.$('#panel-landscape canvas'))!;
    const rect = (await box.boundingBox())!;
    await page.mouse.click(rect.x + rect.width * 0.5, rect.y + rect.height * 0.3);
    await idle(page);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('ls.x') !== '1.5');
    const x = await page.inputValue('input[name="ls.x"]');
    const y = await page.inputValue('input[name="ls.y"]');
    await page.mouse.move(1, 1); // leave the canvas: the curvature overlay under the pointer goes away
    await page.click('#play');
    await page.waitForTimeout(400);
    await page.click('#play');
    await idle(page);
    await page.waitForTimeout(200);
    const shared = page.url();
    const again = await open(shared);
    expect(await again.page.inputValue('input[name="ls.x"]')).toBe(x);
    expect(await again.page.inputValue('input[name="ls.y"]')).toBe(y);
    expect(await canvasPixels(again.page, '#panel-landscape canvas')).toBe(await canvasPixels(page, '#panel-landscape canvas'));
    expect([...errors, ...again.errors]).toEqual([]);
    await page.close();
    await again.page.close();
  });

  it('is keyboard operable and fits a 768 px tablet', async () => {
    requireSetup();
    const { page, errors } = await open(`${base}?view=landscape`, { width: 768, height: 1024 });
    await page.focus('#tab-landscape');
    await page.keyboard.press('ArrowRight');
    await idle(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-stability');
    expect(await page.getAttribute('#tab-stability', 'aria-selected')).toBe('true');
    await page.keyboard.press('Tab');
    // The tab panel's first control follows the selected tab in the tab order.
    expect(await page.evaluate(() => document.activeElement?.closest('[role=tabpanel]')?.id)).toBe('panel-stability');
    await page.focus('#step');
    await page.keyboard.press('Enter');
    await idle(page);
    expect(await page.textContent('#status')).toContain('Step 1');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Every form control has an accessible name.
    const unlabeled = await page.$$eval('input, select', (els) => els.filter((e) => (e as HTMLInputElement).labels?.length === 0 && !e.getAttribute('aria-label')).length);
    expect(unlabeled).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'tablet-stability.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clamps a URL’s out-of-range values and prototype keys, says so, and draws every figure (tr.lr=-1, tr.act=__proto__, st.l2=-1, nr.patterns=1e9)', async () => {
    requireSetup();
    const cases = [
      { url: '?view=train&tr.lr=-1&tr.act=__proto__&tr.every=0', panel: 'train', params: { 'tr.lr': '0.0001', 'tr.act': 'tanh' }, note: 'tr.lr="-1" is outside 0.0001…3; using 0.0001' },
      { url: '?view=stability&st.l2=-1', panel: 'stability', params: { 'st.l2': '0.1' }, note: 'st.l2="-1" is outside 0.1…100; using 0.1' },
      { url: '?view=neuro&nr.patterns=1e9', panel: 'neuro', params: { 'nr.patterns': '25' }, note: 'nr.patterns="1e9" is outside 1…25 (an integer); using 25' },
    ];
    for (const c of cases) {
      const { page, errors } = await open(base + c.url);
      const status = (await page.textContent('#status')) ?? '';
      expect(status, c.url).toContain('ready. Adjusted from the URL:');
      expect(status, c.url).toContain(c.note);
      const query = new URLSearchParams(new URL(page.url()).search);
      for (const [k, v] of Object.entries(c.params)) expect(query.get(k), `${c.url}: ${k}`).toBe(v);
      // Every figure of the view has been drawn: each canvas holds pixels that are not the background.
      const inked = await page.$$eval(`#panel-${c.panel} canvas`, (cs) =>
        cs.map((canvas) => {
          const el = canvas as HTMLCanvasElement;
          const d = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i]! < 200 || d[i + 1]! < 200 || d[i + 2]! < 200) n++;
          return n;
        }),
      );
      expect(inked.every((n) => n > 100), `${c.url}: inked pixels per canvas ${inked.join(', ')}`).toBe(true);
      expect([...errors, ...(await bench(page)).errors], c.url).toEqual([]);
      await page.close();
    }
  });

  it('trains an RNN on the flip-flop in the page and marks its fixed points with the worker’s own counts (rn.steps=200)', async () => {
    requireSetup();
    const { page, errors } = await open(`${base}?view=rnn&seed=3&rn.hidden=8&rn.steps=200`);
    const values = (await bench(page)).values;
    // The page reports what the worker computed; the same call in Node gives the same result (same seed, same code).
    const node = rnnExplore({ task: 'flipflop', hidden: 8, steps: 200, seed: 3 });
    expect(values['rnn.points']).toBe(node.points.length);
    expect(values['rnn.stable']).toBe(node.points.filter((p) => p.kind === 'stable').length);
    // Same float64 operations in the same order; only a differently rounded Math.tanh/exp (1 ulp ≈ 1e-16 relative per
    // evaluation) can differ, and 200 Adam steps amplify such a perturbation by far less than the 1e-9 allowed here.
    expect(Math.abs(values['rnn.testLoss']! - node.testLoss) / node.testLoss).toBeLessThan(1e-9);
    const stable = node.points.filter((p) => p.kind === 'stable').length;
    expect(await page.locator('#panel-rnn .plot-note').first().textContent()).toContain(`${stable} stable`);
    // One precomputed run has no steps: the transport is disabled and says why, and comes back on a view with steps.
    for (const id of ['play', 'step', 'reset']) {
      await expect.poll(() => page.locator(`#${id}`).isDisabled()).toBe(true);
      expect(await page.locator(`#${id}`).getAttribute('title')).toContain('no steps to play');
    }
    await page.click('#tab-train');
    await expect.poll(() => page.locator('#play').isDisabled()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'rnn.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('passes typed values through the same schema: a start x of 1e5 becomes the range’s end, 100, and says so', async () => {
    requireSetup();
    const { page, errors } = await open(`${base}?view=landscape`);
    await page.fill('input[name="ls.x"]', '1e5');
    await page.press('input[name="ls.x"]', 'Enter');
    await idle(page);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('ls.x') === '100');
    expect(await page.inputValue('input[name="ls.x"]')).toBe('100');
    expect(await page.textContent('#status')).toBe('Adjusted: ls.x="1e5" is outside -100…100; using 100.');
    expect([...errors, ...(await bench(page)).errors]).toEqual([]);
    await page.close();
  });

  it('keeps an error visible instead of announcing "ready" over it (a worker that fails every request)', async () => {
    requireSetup();
    const page = await browser.newPage();
    const stub = "self.onmessage = (e) => { const m = e.data; if (!m.cancel) self.postMessage({ id: m.id, ok: false, error: 'stub worker: ' + m.method + ' failed' }); };";
    // The page is cross-origin isolated (COEP require-corp): its worker's script must say require-corp too.
    await page.route(/\/assets\/worker-[^/]*\.js$/, (route) => route.fulfill({ contentType: 'text/javascript', headers: { 'Cross-Origin-Embedder-Policy': 'require-corp' }, body: stub }));
    await page.goto(`${base}?view=stability`);
    await idle(page);
    expect(await page.textContent('#status')).toBe('Error: stub worker: stability failed');
    expect((await bench(page)).errors).toContain('stub worker: stability failed');
    // Reset fails the same way and says so (no "Reset to step 0").
    await page.click('#reset');
    await idle(page);
    expect(await page.textContent('#status')).toBe('Error: stub worker: stability failed');
    await page.close();
  });

  it('shows a long training replay’s progress and cancels it when another tab is chosen or a control changes (the page stays responsive)', async () => {
    requireSetup();
    // 100,000 steps with λ_max every 5 steps (a 20-step Lanczos each): a replay of many minutes. Without cancellation
    // the worker finishes it before anything else, far beyond these waits.
    const long = `${base}?view=train&tr.t=100000&tr.every=5`;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(long);
    await page.waitForFunction(() => window.__ldynBench?.busy > 0);
    // The replay shows its progress (about once a second).
    await page.waitForFunction(() => /^Replaying the run: step \d+ of 100000…$/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.click('#tab-landscape');
    await page.waitForFunction(() => window.__ldynBench.view === 'landscape' && window.__ldynBench.busy === 0 && (document.getElementById('status')?.textContent ?? '').startsWith('Landscape & optimizers: ready'), null, { timeout: 60_000 });

    // A control change supersedes the replay in the view itself: the new run starts at step 0.
    await page.goto(long);
    await page.waitForFunction(() => window.__ldynBench?.busy > 0);
    await page.selectOption('select[name="tr.opt"]', 'adam');
    await page.waitForFunction(() => window.__ldynBench.busy === 0 && window.__ldynBench.values['train.step'] === 0 && new URLSearchParams(location.search).get('tr.opt') === 'adam', null, { timeout: 60_000 });
    expect((await page.textContent('#status')) ?? '').not.toContain('Error');
    expect([...errors, ...(await bench(page)).errors]).toEqual([]);
    await page.close();
  });
});
