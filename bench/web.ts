/**
 * Browser benchmark of the explorer: training a 2-8-8-1 tanh network on
 * 200 two-moons points in the page (the worker trains, the page draws),
 * measured in headless chromium while it plays: optimizer steps per second
 * (the page's window.__ldynBench counter), frames per second as the
 * browser's own requestAnimationFrame callbacks counted in the page (the
 * rate at which the page can present frames while training; its reference
 * is the same count on the same page before Play), and redraws per second
 * (frames that drew a new update from the worker). The reference is the same training with src/nn's `train` called
 * step by step in Node, so the ratio is the cost of running in the
 * browser's worker and of the per-frame snapshots (decision grid, weights).
 * With sharpness every 20 steps the page measures λ_max on its second worker
 * (web/compute/sharpnessClient.ts) while training goes on; the bench fails
 * unless every 20th step up to the pause was measured and reached the page.
 */
import type { Page } from 'playwright-core';
import { MLP, train, twoMoons } from '../src/nn/index.js';
import { SGD } from '../src/optim/index.js';
import { ensureBuilt, launchChromium, serveDist } from '../web/harness.js';
import type { Bench, BenchRow } from './harness.js';

interface Counters {
  /** requestAnimationFrame callbacks (the bench's own counter in the page). */
  raf: number;
  /** Frames that drew an update (the page's counter). */
  redraws: number;
  steps: number;
}

type RafWindow = Window & { __benchRaf?: number };

/**
 * Count the page's animation frames from now on (a requestAnimationFrame loop of the bench's own). A script string:
 * tsx would wrap a function's inner named closures in a helper that does not exist in the page.
 */
const countFrames = (page: Page) => page.evaluate('if (window.__benchRaf === undefined) { window.__benchRaf = 0; const tick = () => { window.__benchRaf++; requestAnimationFrame(tick); }; requestAnimationFrame(tick); }');

const counters = (page: Page) => page.evaluate(() => ({ raf: (window as RafWindow).__benchRaf ?? 0, redraws: window.__ldynBench.frames, steps: window.__ldynBench.steps }) as Counters);

/** Steps per second of the same run in Node: one `train` call per step, as the worker does. */
function nodeStepsPerSecond(seconds: number): number {
  const data = twoMoons({ n: 200, noise: 0.1, seed: 1 });
  const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed: 1 });
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  const run = () => train(model, data, { loss: 'bceWithLogits', optimizer, steps: 1, recordEvery: 0 });
  for (let i = 0; i < 200; i++) run(); // warm-up (JIT)
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    run();
    steps++;
  }
  return steps / ((performance.now() - t0) / 1000);
}

interface ThreadCpu {
  /** CPU time of the training worker per step (µs). */
  workerPerStep: number;
  /** CPU time per second of wall time (ms/s): the page's main thread, and the other Web Workers (helpers) together. */
  main: number;
  helpers: number;
}

/**
 * Thread CPU time while playing, from Chromium's trace over `seconds` (the thread time of every top-level task):
 * unlike steps per second, the training worker's CPU per step does not depend on how much of a core a loaded
 * machine gives it, so it shows what a change costs or saves on that thread even when the rates are noise. The
 * training worker is the busiest Web Worker; the others are the helpers (sharpness, matmul).
 */
async function threadCpu(page: Page, seconds: number): Promise<ThreadCpu> {
  const browser = page.context().browser()!;
  const s0 = (await counters(page)).steps;
  const t0 = Date.now();
  await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
  await page.waitForTimeout(seconds * 1000);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { ph: string; name: string; pid: number; tid: number; tdur?: number; args?: { name?: string } }[] };
  const steps = (await counters(page)).steps - s0;
  const dt = (Date.now() - t0) / 1000;
  const names = new Map<string, string>();
  const cpu = new Map<string, number>();
  for (const e of trace.traceEvents) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph === 'M' && e.name === 'thread_name') names.set(thread, e.args?.name ?? '');
    else if (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask') cpu.set(thread, (cpu.get(thread) ?? 0) + (e.tdur ?? 0));
  }
  const of = (name: string) => [...cpu.entries()].filter(([t]) => names.get(t) === name).map(([, us]) => us).sort((a, b) => b - a);
  const [worker = NaN, ...helpers] = of('DedicatedWorker thread');
  return { workerPerStep: worker / steps, main: (of('CrRendererMain')[0] ?? NaN) / 1000 / dt, helpers: helpers.reduce((a, b) => a + b, 0) / 1000 / dt };
}

/** Play the training view for `seconds` (after a warm-up) and return steps/s and frames/s. */
async function pageRates(page: Page, url: string, seconds: number): Promise<{ steps: number; frames: number; idleFrames: number; redraws: number; redrawMs: number; cpu: ThreadCpu; final: Record<string, number> }> {
  await page.goto(url);
  await page.waitForFunction(() => window.__ldynBench !== undefined && window.__ldynBench.busy === 0 && (document.getElementById('status')?.textContent ?? '').includes('ready'), null, { timeout: 60_000 });
  await countFrames(page);
  // The frame rate the browser gives this page when it draws nothing (the display's rate, or less on a loaded machine).
  await page.waitForTimeout(500);
  const i0 = await counters(page);
  const ti = Date.now();
  await page.waitForTimeout(1500);
  const idleFrames = ((await counters(page)).raf - i0.raf) / ((Date.now() - ti) / 1000);
  await page.click('#play');
  await page.waitForTimeout(1500);
  const a = await counters(page);
  const t0 = Date.now();
  // The main thread's time per redraw, sampled 8 times over the interval.
  const redrawMs: number[] = [];
  for (let i = 0; i < 8; i++) {
    await page.waitForTimeout((seconds * 1000) / 8);
    redrawMs.push(await page.evaluate(() => window.__ldynBench.values['train.redrawMs'] ?? NaN));
  }
  const b = await counters(page);
  const dt = (Date.now() - t0) / 1000;
  // Then, still playing, the threads' CPU time (a window of its own: tracing costs the page some time).
  const cpu = await threadCpu(page, 3);
  await page.click('#play');
  redrawMs.sort((x, y) => x - y);
  // The run at the pause (which waits for measurements still on the sharpness thread): what was computed.
  await page.waitForFunction(() => !window.__ldynBench.playing && window.__ldynBench.busy === 0, null, { timeout: 60_000 });
  const final = await page.evaluate(() => window.__ldynBench.values);
  return { steps: (b.steps - a.steps) / dt, frames: (b.raf - a.raf) / dt, idleFrames, redraws: (b.redraws - a.redraws) / dt, redrawMs: (redrawMs[3]! + redrawMs[4]!) / 2, cpu, final };
}

export const benches: Bench[] = [
  {
    name: 'web-train',
    description: 'explorer: train 2-8-8-1 on 200 points in headless chromium — steps/s and frames/s while playing',
    async run(): Promise<BenchRow[]> {
      await ensureBuilt();
      const browser = await launchChromium();
      const { server, url } = await serveDist();
      try {
        const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
        const base = `${url}?view=train&seed=1&tr.data=moons&tr.hidden=8,8&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.lr=0.1`;
        // The reference measured before, between and after the page's runs (averaged), so that a machine whose load
        // drifts during the bench shifts both sides alike.
        const before = nodeStepsPerSecond(2);
        const plain = await pageRates(page, `${base}&tr.every=0`, 4);
        const between = nodeStepsPerSecond(2);
        const withSharpness = await pageRates(page, `${base}&tr.every=20`, 4);
        const node = (before + between + nodeStepsPerSecond(2)) / 3;
        // Honesty of the sharpness case: every 20th step of the run, up to the pause, was measured and reached the page.
        const f = withSharpness.final;
        const expected = Math.floor(f['train.step']! / 20) + 1;
        if (f['train.sharpnessCount'] !== expected || f['train.sharpnessStep'] !== 20 * (expected - 1)) {
          throw new Error(`web-train: ${f['train.sharpnessCount']} sharpness values up to step ${f['train.sharpnessStep']} reached the page, expected ${expected} (every 20th of ${f['train.step']} steps)`);
        }
        return [
          { bench: 'web-train', case: 'node train() per step (reference)', value: node, unit: 'steps/s', ratio: 1 },
          { bench: 'web-train', case: 'page steps', value: plain.steps, unit: 'steps/s', ratio: plain.steps / node, note: 'target ≥ 0.9' },
          { bench: 'web-train', case: 'page frames', value: plain.frames, unit: 'frames/s', ratio: plain.frames / plain.idleFrames, note: 'requestAnimationFrame callbacks while training (target ≥ 55); ratio to the same page idle' },
          { bench: 'web-train', case: 'page frames, idle (reference)', value: plain.idleFrames, unit: 'frames/s', note: 'the same page before Play: the rate the browser gives it' },
          { bench: 'web-train', case: 'page redraws', value: plain.redraws, unit: 'frames/s', ratio: plain.redraws / plain.frames, note: 'frames that drew a new worker update (≤ one per frame); ratio to frames' },
          { bench: 'web-train', case: 'page time per redraw (median)', value: plain.redrawMs, unit: 'ms', note: 'main thread: absorbing the update and drawing the panels it has time for (3 ms budget)' },
          { bench: 'web-train', case: 'page steps, sharpness every 20', value: withSharpness.steps, unit: 'steps/s', ratio: withSharpness.steps / node, note: 'Lanczos λ_max (≤ 20 Hessian-vector products) every 20 steps, on the sharpness thread (target ≥ 0.7)' },
          {
            bench: 'web-train',
            case: 'sharpness values, every 20th step',
            value: expected,
            unit: 'values',
            ratio: f['train.sharpnessHelped']! / expected,
            note: `all of steps 0, 20, …, ${20 * (expected - 1)} (${f['train.step']} steps); ratio: the share measured on the sharpness thread`,
          },
          { bench: 'web-train', case: 'worker CPU per step (reference)', value: plain.cpu.workerPerStep, unit: 'µs', ratio: 1, note: `training worker's thread time (Chromium trace); main thread ${plain.cpu.main.toFixed(0)} ms/s, helpers ${plain.cpu.helpers.toFixed(0)} ms/s` },
          {
            bench: 'web-train',
            case: 'worker CPU per step, sharpness every 20',
            value: withSharpness.cpu.workerPerStep,
            unit: 'µs',
            ratio: withSharpness.cpu.workerPerStep / plain.cpu.workerPerStep,
            note: `what sharpness costs the training thread, independent of load (1: nothing); main thread ${withSharpness.cpu.main.toFixed(0)} ms/s, helpers ${withSharpness.cpu.helpers.toFixed(0)} ms/s`,
          },
          { bench: 'web-train', case: 'page frames, sharpness every 20', value: withSharpness.frames, unit: 'frames/s', ratio: withSharpness.frames / withSharpness.idleFrames },
          { bench: 'web-train', case: 'page redraws, sharpness every 20', value: withSharpness.redraws, unit: 'frames/s', ratio: withSharpness.redraws / withSharpness.frames },
        ];
      } finally {
        await browser.close();
        server.close();
      }
    },
  },
];
