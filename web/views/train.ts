/**
 * View 3 — train a network (at parity with TF Playground): dataset, noise,
 * train/test split, batch size, L2 weight decay, architecture, initialization
 * and optimizer; the prediction over the plane, a diagram of the network with
 * every hidden unit's output and the weights, training and test loss,
 * per-layer gradient norms, the sharpness λ_max against GD's limit 2/η, and
 * the first layer's units as points (identical units stay one point). Users
 * may upload their own 2-D points as CSV (trainData.ts validates them).
 */
import { OPTIMIZERS as OPTIMIZER_ENTRIES } from '../../src/optim/index.js';
import { ACTIVATIONS, DATASETS, INITS, OPTIMIZERS, type TrainInit, type TrainSnapshot } from '../compute/trainSession.js';
import { parsePointsCsv, UPLOAD_LIMITS, type Points } from '../compute/trainData.js';
import { COLORS, legend } from '../canvas.js';
import { controlPanel, figure } from '../controls.js';
import { num, parseHidden, parseHiddenStrict, str } from '../state.js';
import { coalesce, type View, type ViewContext } from '../view.js';
import { choice, num as numField, text, type ViewDefinition } from '../viewSpec.js';
import { drawNetwork, MAX_UNITS } from './networkDiagram.js';
import { drawGrads, drawLosses, drawPrediction, drawSharpness, drawSymmetry, type TrainHistory } from './trainPlots.js';
import guide from '../../docs/explorer/train.md?guide';

const LABELS: Record<string, string> = {
  xor: 'XOR', moons: 'Two moons', circles: 'Circles', spirals: 'Spirals', blobs: 'Blobs (3 classes)', regression: 'Regression (teacher network)', upload: 'Your points (CSV file below)',
  default: 'PyTorch default', xavier: 'Xavier normal', kaiming: 'Kaiming normal', orthogonal: 'Orthogonal', identical: 'Identical units', 'nearly-identical': 'Nearly identical (ε = 10⁻³)',
};

/**
 * Main-thread time for drawing panels in one animation frame while playing.
 * Measured with Chromium's trace (2026-12-07, headless, software raster): a
 * panel's JavaScript is about a third of what it costs the main thread (the
 * canvas is rasterized and committed after the callback), ≈ 0.5 of ≈ 1.5 ms;
 * 3 ms of drawing is then ≈ 9 ms of the 16.7 ms frame at 60 Hz, leaving the
 * rest for the page's own lifecycle.
 */
const FRAME_DRAW_MS = 3;

const FIELDS = {
  data: choice('moons', DATASETS),
  noise: numField(0.1, 0, 0.5),
  split: numField(0, 0, 0.9),
  batch: numField(0, 0, 200, true),
  hidden: text('8,8', (raw) => parseHiddenStrict(raw)?.join(',') ?? null, '1 to 4 layer sizes, each 1–64, separated by commas'),
  act: choice('tanh', ACTIVATIONS),
  init: choice('default', INITS),
  opt: choice('sgd', OPTIMIZERS),
  lr: numField(0.1, 1e-4, 3),
  mom: numField(0.9, 0, 0.99),
  l2: numField(0, 0, 0.1),
  every: numField(20, 0, 100, true),
};

export function trainView({ host, client }: ViewContext): View {
  const el = document.createElement('section');
  el.className = 'view view-train';
  let init: TrainInit | null = null;
  let snap: TrainSnapshot | null = null;
  let h: TrainHistory = { losses: [], evals: [], sharp: [], grads: [], trails: [] };
  /** Sharpness measurements received in this run (h.sharp is thinned when long). */
  let sharpCount = 0;
  let uploaded: Points | null = null;

  const panel = controlPanel(
    host,
    'Data, network and training',
    [
      { kind: 'select', key: 'tr.data', label: 'Dataset (200 points)', options: DATASETS.map((d) => [d, LABELS[d]!]) },
      { kind: 'range', key: 'tr.noise', label: 'Noise', step: 0.01 },
      { kind: 'range', key: 'tr.split', label: 'Test share (held out)', step: 0.05 },
      { kind: 'range', key: 'tr.batch', label: 'Batch size (0: full batch)', step: 1 },
      { kind: 'text', key: 'tr.hidden', label: 'Hidden layer sizes (e.g. 8,8)', pattern: '\\s*[0-9]{1,2}(\\s*,\\s*[0-9]{1,2}){0,3}\\s*', title: '1 to 4 sizes, each 1–64, separated by commas' },
      { kind: 'select', key: 'tr.act', label: 'Activation', options: ACTIVATIONS.map((a) => [a, a]) },
      { kind: 'select', key: 'tr.init', label: 'Initialization', options: INITS.map((i) => [i, LABELS[i]!]) },
      { kind: 'select', key: 'tr.opt', label: 'Optimizer', options: OPTIMIZERS.map((o) => [o, OPTIMIZER_ENTRIES[o].label]) },
      { kind: 'range', key: 'tr.lr', label: 'Learning rate η', log: true },
      { kind: 'range', key: 'tr.mom', label: 'Momentum β', step: 0.01 },
      { kind: 'range', key: 'tr.l2', label: 'L2 weight decay λ', step: 0.0005 },
      { kind: 'range', key: 'tr.every', label: 'Sharpness every k steps (0: off)', step: 5 },
    ],
    () => {
      host.set('tr.t', 0);
      return restart();
    },
    Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [`tr.${k}`, f])),
  );
  // Your own points: x1,x2,label per line (integer labels 0…k−1: classification; other numbers: regression).
  const upload = document.createElement('div');
  upload.className = 'control';
  upload.innerHTML = `<label for="tr-upload">Your points: CSV x1,x2,label (≤ ${UPLOAD_LIMITS.maxRows} rows)</label><input type="file" id="tr-upload" accept=".csv,text/csv,text/plain"><p class="upload-error" role="alert"></p>`;
  panel.element.append(upload);
  const uploadInput = upload.querySelector('input')!;
  const uploadError = upload.querySelector('p')!;
  uploadInput.addEventListener('change', async () => {
    const file = uploadInput.files?.[0];
    if (!file) return;
    try {
      if (file.size > UPLOAD_LIMITS.maxBytes) throw new Error(`CSV: the file has ${file.size} bytes; at most ${UPLOAD_LIMITS.maxBytes} are accepted`);
      uploaded = parsePointsCsv(await file.text());
      uploadError.textContent = '';
      host.set('tr.data', 'upload');
      host.set('tr.t', 0);
      panel.sync();
      host.announce(`Loaded ${uploaded.y.length} points from ${file.name}.`);
      host.track(restart());
    } catch (e) {
      uploadError.textContent = e instanceof Error ? e.message : String(e);
      host.announce(uploadError.textContent);
    }
  });

  const boundary = figure('Prediction', 'the network’s prediction over the plane with the training points (filled) and test points (rings)', 'tall');
  const network = figure('The network', 'each hidden unit’s output over the plane as a small heatmap, the weights as edges: orange positive, blue negative, thickness proportional to |w|', 'tall');
  const lossFig = figure('Loss', 'batch loss per step (faint), training-set loss and test-set loss against step, log scale');
  const gradFig = figure('Per-layer gradient norms', '‖∂L/∂W‖ of each layer against step, log scale');
  const sharpFig = figure('Sharpness vs the stability limit', 'largest Hessian eigenvalue against step, with the gradient-descent stability limit 2/η');
  const symFig = figure('Hidden units (layer 1)', 'each first-layer hidden unit as the point of its two incoming weights, with its trail; identical units overlap');
  el.append(panel.element, boundary.figure, network.figure, lossFig.figure, gradFig.figure, sharpFig.figure, symFig.figure);
  legend(sharpFig.legend, [
    { label: 'λ_max (Lanczos)', color: COLORS[0]! },
    { label: 'stability limit 2/η (SGD) or 2(1 + β)/η (momentum)', color: COLORS[1]!, dash: true },
  ]);

  const config = () => ({
    data: str(host.state, 'tr.data'),
    hidden: parseHidden(str(host.state, 'tr.hidden')),
    activation: str(host.state, 'tr.act'),
    init: str(host.state, 'tr.init'),
    optimizer: str(host.state, 'tr.opt'),
    lr: num(host.state, 'tr.lr'),
    momentum: num(host.state, 'tr.mom'),
    sharpnessEvery: Math.round(num(host.state, 'tr.every')),
    seed: num(host.state, 'seed'),
    noise: num(host.state, 'tr.noise'),
    split: num(host.state, 'tr.split'),
    batchSize: Math.round(num(host.state, 'tr.batch')),
    weightDecay: num(host.state, 'tr.l2'),
    ...(uploaded ? { points: uploaded } : {}),
  });

  /** Controls that do not apply are disabled, with the reason. */
  function applicable(): void {
    const opt = str(host.state, 'tr.opt');
    panel.disable('tr.mom', opt === 'momentum' ? null : `only SGD + momentum uses β (${LABELS[opt] ?? opt} does not)`);
    const data = str(host.state, 'tr.data');
    panel.disable('tr.noise', data === 'upload' ? 'your points are used as given' : null);
  }

  function absorb(s: TrainSnapshot): void {
    snap = s;
    for (const l of s.newLosses) h.losses.push(l); // a replay's can be too many for a spread's arguments
    h.sharp.push(...s.newSharpness);
    h.grads.push(...s.newLayerGradNorms);
    h.evals.push(...s.newEvalLosses);
    // Thin long histories by half (keeps the shape, bounds drawing cost and Math.min/max spreads).
    if (h.grads.length > 4000) h.grads = h.grads.filter((_, i) => i % 2 === 0);
    if (h.evals.length > 4000) h.evals = h.evals.filter((_, i) => i % 2 === 0);
    if (h.sharp.length > 4000) h.sharp = h.sharp.filter((_, i) => i % 2 === 0);
    const w = s.hiddenWeights[0]!;
    for (let i = 0; i < w.rows; i++) {
      (h.trails[i] ??= []).push([w.w[i * w.cols]!, w.w[i * w.cols + 1]!]);
      if (h.trails[i]!.length > 400) h.trails[i]!.splice(0, h.trails[i]!.length - 400);
    }
    host.set('tr.t', s.step);
    host.report('train.step', s.step);
    host.report('train.loss', s.loss);
    host.report('train.historyLength', h.losses.length);
    // From the history: a play's last update may hold no new step (it ended right after the one before).
    host.report('train.lastStepLoss', h.losses.length > 0 ? h.losses[h.losses.length - 1]! : NaN);
    host.report('train.accuracy', s.accuracy);
    host.report('train.testLoss', s.testLoss);
    host.report('train.testAccuracy', s.testAccuracy);
    // What the network diagram draws: unit 1's output at the grid's first cell, and the first weight of layer 1.
    host.report('train.unitOutput', s.units.layers[0]?.[0]?.[0] ?? NaN);
    host.report('train.firstWeight', s.hiddenWeights[0]!.w[0]!);
    // The sharpness received (tests and the bench check that every k-th step was measured, and where).
    if (s.newSharpness.length > 0) {
      const last = s.newSharpness[s.newSharpness.length - 1]!;
      host.report('train.sharpnessStep', last.step);
      host.report('train.sharpness', last.value);
    }
    host.report('train.sharpnessCount', (sharpCount += s.newSharpness.length));
    host.report('train.sharpnessHelped', s.sharpnessHelped);
  }

  const restart = coalesce(async () => {
    applicable();
    if (str(host.state, 'tr.data') === 'upload' && !uploaded) {
      host.set('tr.data', 'moons');
      panel.sync();
      uploadError.textContent = 'Uploaded points are not part of the URL: choose the CSV file again (showing two moons meanwhile).';
    }
    const steps = Math.max(0, Math.round(num(host.state, 'tr.t')));
    init = await client.call('trainInit', { config: config(), steps });
    h = { losses: [], evals: [], sharp: [], grads: [], trails: [] };
    sharpCount = 0;
    absorb(init.snapshot);
    const out = init.points.task === 'multiclass' ? init.points.classes : 1;
    const nTest = init.points.test.reduce((a, b) => a + b, 0);
    host.announce(`Network 2-${config().hidden.join('-')}-${out} (${init.params} parameters), ${init.points.y.length - nTest} training and ${nTest} test points, at step ${init.snapshot.step}.`);
    draw();
  }, (e) => host.announce(String(e)));

  /**
   * The six panels, each drawn from the latest update. `drawnAt` is the
   * update a panel last showed (updates are counted by `shown`).
   */
  let shown = 0;
  const panels: { draw: () => void; drawnAt: number }[] = [
    () => drawPrediction(boundary, snap!, init!),
    () => {
      const left = drawNetwork(network.canvas, snap!, init!.points.task === 'regression');
      const caption = `inputs x₁, x₂ → ${snap!.units.layers.map((l) => l.length).join(' → ')} hidden units → output${left > 0 ? ` (the first ${MAX_UNITS} units of wider layers are drawn)` : ''}`;
      if (network.caption.textContent !== caption) network.caption.textContent = caption; // unchanged while playing: no relayout
    },
    () => {
      const hasTest = Number.isFinite(snap!.testLoss);
      drawLosses(lossFig, h, hasTest);
      if (lossFig.legend.children.length !== (hasTest ? 3 : 2)) {
        legend(lossFig.legend, [
          { label: 'batch loss (each step)', color: COLORS[0]! + '55' },
          { label: 'training loss', color: COLORS[0]! },
          ...(hasTest ? [{ label: 'test loss', color: COLORS[1]!, dash: true }] : []),
        ]);
      }
    },
    () => drawGrads(gradFig, h, snap!.step),
    () => drawSharpness(sharpFig, h, snap!.step, { name: str(host.state, 'tr.opt'), lr: num(host.state, 'tr.lr'), momentum: num(host.state, 'tr.mom'), every: num(host.state, 'tr.every') }),
    () => host.report('train.unitSpread', drawSymmetry(symFig, h, snap!)),
  ].map((draw) => ({ draw, drawnAt: -1 }));

  /** Draw every panel from the latest update. */
  function draw(): void {
    if (!snap || !init) return;
    for (const p of panels) {
      p.draw();
      p.drawnAt = shown;
    }
  }

  /**
   * While playing: draw the panels behind the latest update, the stalest
   * first (ties in the order above), until `budgetMs` of the frame is spent
   * (at least one panel per frame); the rest follow in the next frames. A
   * machine fast enough draws all six every frame; a slow or loaded one keeps
   * its frame rate and updates each panel every few frames instead.
   */
  function drawWithin(budgetMs: number): void {
    if (!snap || !init) return;
    const t0 = performance.now();
    const behind = panels.filter((p) => p.drawnAt < shown).sort((a, b) => a.drawnAt - b.drawnAt);
    for (const [i, p] of behind.entries()) {
      if (i > 0 && performance.now() - t0 > budgetMs) break;
      p.draw();
      p.drawnAt = shown;
    }
  }

  return {
    id: 'train',
    title: 'Train a network',
    element: el,
    // Unused: this view plays by itself (play, below); the shell calls step(1) for the Step button.
    stepsPerFrame: 10_000,
    refresh: () => restart(),
    // Playing: the worker trains on continuously; each animation frame draws the update that arrived since the last
    // one and asks for the next, so that the frame rate and the steps per frame do not hold each other back.
    async play(running, drew) {
      if (!init) await restart();
      const arrived: TrainSnapshot[] = [];
      const stream = client.stream('trainPlay', {}, (u) => arrived.push(u));
      let asked = false;
      let ended = false;
      const show = () => {
        const t0 = performance.now();
        for (const u of arrived.splice(0)) absorb(u);
        shown++;
        drawWithin(FRAME_DRAW_MS);
        // The page's own time per redraw (absorbing and drawing), for the bench: what the frame budget has to fit.
        host.report('train.redrawMs', performance.now() - t0);
        drew();
      };
      const frame = () => {
        if (ended) return;
        const fresh = arrived.length > 0;
        if (fresh) asked = false;
        if (!running()) return stream.stop();
        // Ask before drawing, so that the worker prepares the next update while this one is drawn.
        if (!asked) {
          stream.ask();
          asked = true;
        }
        if (fresh) show();
        else drawWithin(FRAME_DRAW_MS); // panels still behind the last update
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      try {
        arrived.push(await stream.result);
      } finally {
        ended = true;
      }
      for (const u of arrived.splice(0)) absorb(u);
      shown++;
      draw();
      drew();
      return !snap!.stopped;
    },
    async step(n) {
      if (!init) await restart();
      absorb(await client.call('trainAdvance', { steps: n, budgetMs: n === 1 ? Infinity : 30 }));
      draw();
      return !snap!.stopped;
    },
    draw,
    sync: () => {
      panel.sync();
      applicable();
    },
    series: () => ({
      name: 'train',
      columns: ['step', 'batch_loss', 'train_loss', 'test_loss'],
      rows: (() => {
        const evals = new Map(h.evals.map((e) => [e.step, e]));
        return h.losses.map((l, k) => [k, l, evals.get(k)?.train ?? NaN, evals.get(k)?.test ?? NaN]);
      })(),
    }),
  };
}

export const trainDefinition: ViewDefinition = {
  id: 'train',
  title: 'Train a network',
  prefix: 'tr',
  fields: FIELDS,
  // A URL replays at most 100,000 steps (≈ 40 s at the page's ≈ 2,400 steps/s; a newer request cancels a replay).
  maxSteps: 100_000,
  guide,
  create: trainView,
};
