/**
 * The train view's TF-Playground features change what is computed, checked
 * in chromium against src/nn run in Node with the same settings and seed:
 * noise, the train/test split (test loss and accuracy), mini-batches, L2
 * weight decay, the regression task, the network diagram's numbers (a unit's
 * output over the plane, a weight), the user's own CSV points, and the
 * sharpness measured on the helper thread while playing. Each
 * reference is also run with the feature switched off, which must differ,
 * so a control that is ignored fails the test.
 *
 * Tolerance: the page and Node run the same float64 operations in the same
 * order (V8 both, fdlibm-derived Math), so they agree to rounding; 1e-12
 * relative leaves room only for a differently rounded exp/log/tanh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../src/autograd/index.js';
import { sharpness } from '../../src/dynamics/index.js';
import { MLP, binaryCrossEntropyWithLogits, resolveLoss, teacherStudent, train, twoMoons, type Dataset } from '../../src/nn/index.js';
import { SGD, moduleObjective } from '../../src/optim/index.js';
import { Rng } from '../../src/tensor/index.js';
import { bench, idle, open, startExplorer, steps, type Explorer } from './pageHelpers.js';

let ex: Explorer;
let setupError: unknown = null;

beforeAll(async () => {
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

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

interface Settings {
  noise: number;
  split: number;
  batch: number;
  l2: number;
  lr: number;
  hidden: number[];
  seed: number;
  steps: number;
}

/** The documented split: the first ⌊split·n⌋ rows of Rng(seed + 1)'s permutation are the test set. */
function split(data: Dataset, share: number, seed: number): { train: { x: Tensor; y: Tensor }; test: { x: Tensor; y: Tensor } | null } {
  const n = data.x.shape[0]!;
  const k = Math.floor(share * n);
  if (k === 0) return { train: data, test: null };
  const order = new Rng(seed + 1).permutation(n);
  const pick = (idx: Int32Array) => ({ x: data.x.indexSelect(0, idx), y: data.y.indexSelect(0, idx) });
  return { test: pick(order.slice(0, k)), train: pick(order.slice(k)) };
}

/** Two moons, an MLP 2-…-1 (tanh), SGD with weight decay, BCE with logits, mini-batches from the seed: src/nn only. */
function moonsReference(s: Settings) {
  const data = twoMoons({ n: 200, noise: s.noise, seed: s.seed });
  const { train: tr, test } = split(data, s.split, s.seed);
  const model = new MLP([2, ...s.hidden, 1], { hidden: 'tanh', seed: s.seed });
  const n = tr.x.shape[0]!;
  const result = train(model, tr, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: s.lr, weightDecay: s.l2 }), steps: s.steps, batchSize: s.batch === 0 ? n : s.batch, seed: s.seed });
  const bce = resolveLoss('bceWithLogits');
  const accuracy = (set: { x: Tensor; y: Tensor }) => {
    const out = model.forward(set.x).data;
    let ok = 0;
    for (let i = 0; i < out.length; i++) if (out[i]! > 0 === set.y.data[i]! > 0.5) ok++;
    return ok / out.length;
  };
  return {
    lastStepLoss: result.losses[s.steps - 1]!,
    loss: bce(model.forward(tr.x), tr.y).item(),
    testLoss: test ? bce(model.forward(test.x), test.y).item() : NaN,
    testAccuracy: test ? accuracy(test) : NaN,
    model,
    points: data.x,
  };
}

const url = (s: Settings, extra = '') =>
  `${ex.base}?view=train&seed=${s.seed}&tr.data=moons&tr.noise=${s.noise}&tr.split=${s.split}&tr.batch=${s.batch}&tr.l2=${s.l2}&tr.lr=${s.lr}&tr.hidden=${s.hidden.join(',')}&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.every=0${extra}`;

describe('train view against src/nn', { timeout: 240_000 }, () => {
  it('noise, the test split, mini-batches and weight decay each change the run exactly as src/nn computes it', async () => {
    if (setupError) throw setupError;
    const s: Settings = { noise: 0.3, split: 0.25, batch: 16, l2: 0.01, lr: 0.2, hidden: [6], seed: 11, steps: 4 };
    const { page, errors } = await open(ex, url(s));
    await steps(page, s.steps);
    const v = (await bench(page)).values;
    const ref = moonsReference(s);
    expect(v['train.step']).toBe(s.steps);
    for (const key of ['lastStepLoss', 'loss', 'testLoss'] as const) expect(close(v[`train.${key}`]!, ref[key]), `${key}: page ${v[`train.${key}`]} vs src/nn ${ref[key]}`).toBe(true);
    expect(v['train.testAccuracy']).toBe(ref.testAccuracy);
    // Each setting matters: src/nn without it computes something else.
    for (const off of [{ noise: 0.1 }, { split: 0 }, { batch: 0 }, { l2: 0 }]) {
      const other = moonsReference({ ...s, ...off });
      expect(close(v['train.loss']!, other.loss), `switching ${Object.keys(off)[0]} off changes the training loss`).toBe(false);
    }
    // The network diagram draws the model's numbers: layer 1's first weight, and unit 1's output h = tanh(W₁x + b₁) at
    // the first grid cell (the centre of the bottom-left cell of a 20 × 20 grid over the points' box with 15 % margins).
    expect(close(v['train.firstWeight']!, ref.model.layers[0]!.weight.data[0]!)).toBe(true);
    const xs = ref.points.data;
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < xs.length; i += 2) [x0, x1, y0, y1] = [Math.min(x0, xs[i]!), Math.max(x1, xs[i]!), Math.min(y0, xs[i + 1]!), Math.max(y1, xs[i + 1]!)];
    const cell = tensor([[x0 - 0.15 * (x1 - x0) + (1.3 * (x1 - x0) * 0.5) / 20, y0 - 0.15 * (y1 - y0) + (1.3 * (y1 - y0) * 0.5) / 20]]);
    const h = ref.model.forwardWithActivations(cell).layers[0]!.postActivation.data[0]!;
    expect(Math.abs(v['train.unitOutput']! - h)).toBeLessThan(1e-12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the regression task trains a 2-…-1 network with MSE on a teacher network’s outputs, as src/nn does', async () => {
    if (setupError) throw setupError;
    const seed = 5;
    const { page, errors } = await open(ex, `${ex.base}?view=train&seed=${seed}&tr.data=regression&tr.noise=0.1&tr.hidden=8&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.lr=0.05&tr.every=0`);
    await steps(page, 3);
    const v = (await bench(page)).values;
    const data = teacherStudent({ n: 200, sizes: [2, 8, 1], noise: 0.1, seed });
    const y = data.y.reshape([200, 1]);
    const model = new MLP([2, 8, 1], { hidden: 'tanh', seed });
    const result = train(model, { x: data.x, y }, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 0.05 }), steps: 3 });
    expect(close(v['train.lastStepLoss']!, result.losses[2]!)).toBe(true);
    expect(close(v['train.loss']!, result.finalLoss)).toBe(true);
    expect(Number.isNaN(v['train.accuracy'])).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([true, false])('while playing (cross-origin isolated: %s), measures the sharpness of every 20th step on the helper thread, and it is src/dynamics’ λ_max at that step', async (isolated) => {
    if (setupError) throw setupError;
    const seed = 5;
    const url = `${ex.base}?view=train&seed=${seed}&tr.data=moons&tr.hidden=8,8&tr.act=tanh&tr.init=default&tr.opt=sgd&tr.lr=0.1&tr.every=20`;
    const page = await ex.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Not isolated: the same files without COOP/COEP (no SharedArrayBuffer; the helper is a plain worker either way).
    if (!isolated) {
      await page.route('**/*', async (route) => {
        const response = await route.fetch();
        const headers = Object.fromEntries(Object.entries(response.headers()).filter(([k]) => !k.startsWith('cross-origin')));
        await route.fulfill({ response, headers });
      });
    }
    await page.goto(url);
    await idle(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated);
    await page.click('#play');
    await page.waitForFunction(() => (window.__ldynBench.values['train.step'] ?? 0) >= 200, null, { timeout: 90_000 });
    await page.click('#play');
    await page.waitForFunction(() => !window.__ldynBench.playing && window.__ldynBench.busy === 0, null, { timeout: 90_000 });
    const v = (await bench(page)).values;
    const n = v['train.step']!;
    // The pause waits for the helper: every 20th step up to the last one is measured, each reported once.
    const last = 20 * Math.floor(n / 20);
    expect([v['train.sharpnessStep'], v['train.sharpnessCount']]).toEqual([last, last / 20 + 1]);
    // Made on the helper thread (the training worker measures inline only while 8 wait for the helper, or without it).
    expect(v['train.sharpnessHelped']).toBeGreaterThan(0);
    const model = new MLP([2, 8, 8, 1], { hidden: 'tanh', seed });
    const data = twoMoons({ n: 200, noise: 0.1, seed });
    train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.1 }), steps: last });
    const ref = sharpness(moduleObjective(model, data, binaryCrossEntropyWithLogits), undefined, { steps: 20, tol: 1e-6, seed: 0 });
    // The same float64 operations as in Node; a differently rounded tanh/exp moves θ and H by ulps, and λ_max by at
    // most ‖δH‖₂ (Weyl), so rounding-level agreement as for the losses above.
    expect(close(v['train.sharpness']!, ref), `λ_max page ${v['train.sharpness']} vs src ${ref}`).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the network diagram for a multiclass output and layers wider than it shows', async () => {
    if (setupError) throw setupError;
    const { page, errors } = await open(ex, `${ex.base}?view=train&tr.data=spirals&tr.hidden=16,3&tr.every=0`);
    await steps(page, 1);
    expect(await page.textContent('#panel-train figure.plot:nth-of-type(2) .plot-note')).toBe('inputs x₁, x₂ → 16 → 3 hidden units → output (the first 12 units of wider layers are drawn)');
    expect(errors).toEqual([]);
    expect((await bench(page)).errors).toEqual([]);
    await page.close();
  });

  it('trains on uploaded CSV points and refuses a malformed file with a one-line reason', async () => {
    if (setupError) throw setupError;
    const seed = 3;
    const { page, errors } = await open(ex, `${ex.base}?view=train&seed=${seed}&tr.hidden=4&tr.opt=sgd&tr.lr=0.3&tr.every=0`);
    await page.setInputFiles('#tr-upload', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n0,0,0\n1,oops,1\n') });
    await page.waitForFunction(() => document.querySelector('.upload-error')?.textContent !== '');
    expect(await page.textContent('.upload-error')).toBe('CSV line 3: expected three numbers "x1,x2,label", got "1,oops,1"');
    const rows: number[][] = [];
    const rng = new Rng(99);
    for (let i = 0; i < 40; i++) {
      const [a, b] = [rng.uniform(-1, 1), rng.uniform(-1, 1)];
      rows.push([a, b, a * b > 0 ? 1 : 0]);
    }
    await page.setInputFiles('#tr-upload', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n' + rows.map((r) => r.join(',')).join('\n')) });
    // The URL records that the data is the upload (its points are not part of the URL).
    await page.waitForFunction(() => new URLSearchParams(location.search).get('tr.data') === 'upload');
    await page.waitForFunction(() => window.__ldynBench.busy === 0 && /40 training/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.textContent('.upload-error')).toBe('');
    await steps(page, 2);
    const v = (await bench(page)).values;
    const model = new MLP([2, 4, 1], { hidden: 'tanh', seed });
    const data = { x: tensor(rows.map((r) => [r[0]!, r[1]!])), y: tensor(rows.map((r) => [r[2]!])) };
    const result = train(model, data, { loss: 'bceWithLogits', optimizer: new SGD(model.parameters(), { lr: 0.3 }), steps: 2 });
    expect(close(v['train.lastStepLoss']!, result.losses[1]!)).toBe(true);
    expect(close(v['train.loss']!, result.finalLoss)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
