/**
 * View 3 — train a network: the live decision function over the data, the
 * loss, per-layer gradient norms ‖∂L/∂W_ℓ‖, the sharpness λ_max against
 * GD's limit 2/η, and a symmetry view: the first hidden layer's units as
 * points (w₁, w₂) of their incoming weights, with trails. Identical units
 * sit on one point; with "nearly identical" initialization they split.
 */
import { COLORS, Frame, hexToRgb, legend } from '../canvas.js';
import { criticalLearningRate, OPTIMIZERS as OPTIMIZERS_BY_NAME } from '../../src/optim/index.js';
import { ACTIVATIONS, DATASETS, INITS, OPTIMIZERS, type TrainSnapshot } from '../compute/trainSession.js';
import { controlPanel, figure, formatValue } from '../controls.js';
import type { TrainInit } from '../protocol.js';
import { num, parseHidden, str } from '../state.js';
import { coalesce, type View, type ViewContext } from '../view.js';

const LABELS: Record<string, string> = {
  xor: 'XOR (noisy)', moons: 'Two moons', circles: 'Circles', spirals: 'Spirals', blobs: 'Blobs (3 classes)',
  default: 'PyTorch default', xavier: 'Xavier normal', kaiming: 'Kaiming normal', orthogonal: 'Orthogonal', identical: 'Identical units', 'nearly-identical': 'Nearly identical (ε = 10⁻³)',
};

export function trainView({ host, client }: ViewContext): View {
  const el = document.createElement('section');
  el.className = 'view view-train';
  let init: TrainInit | null = null;
  let snap: TrainSnapshot | null = null;
  let losses: number[] = [];
  let sharp: { step: number; value: number }[] = [];
  let gradHistory: { step: number; norms: number[] }[] = [];
  let trails: [number, number][][] = [];

  const panel = controlPanel(
    host,
    'Network and training',
    [
      { kind: 'select', key: 'tr.data', label: 'Dataset (200 points)', options: DATASETS.map((d) => [d, LABELS[d]!]) },
      { kind: 'text', key: 'tr.hidden', label: 'Hidden layer sizes (e.g. 8,8)', pattern: '\\s*[0-9]{1,2}(\\s*,\\s*[0-9]{1,2}){0,3}\\s*', title: '1 to 4 sizes, each 1–64, separated by commas' },
      { kind: 'select', key: 'tr.act', label: 'Activation', options: ACTIVATIONS.map((a) => [a, a]) },
      { kind: 'select', key: 'tr.init', label: 'Initialization', options: INITS.map((i) => [i, LABELS[i]!]) },
      { kind: 'select', key: 'tr.opt', label: 'Optimizer', options: OPTIMIZERS.map((o) => [o, OPTIMIZERS_BY_NAME[o].label]) },
      { kind: 'range', key: 'tr.lr', label: 'Learning rate η', min: 1e-4, max: 3, log: true },
      { kind: 'range', key: 'tr.mom', label: 'Momentum β (SGD + momentum / Nesterov)', min: 0, max: 0.99, step: 0.01 },
      { kind: 'range', key: 'tr.every', label: 'Sharpness every k steps (0: off)', min: 0, max: 100, step: 5 },
    ],
    () => {
      host.set('tr.t', 0);
      return restart();
    },
  );
  const boundary = figure('Decision function', 'the network’s predicted class probability over the plane with the training points', 'tall');
  const lossFig = figure('Training loss', 'full-batch loss against step, log scale');
  const gradFig = figure('Per-layer gradient norms', '‖∂L/∂W‖ of each layer against step, log scale');
  const sharpFig = figure('Sharpness vs the stability limit', 'largest Hessian eigenvalue against step, with the gradient-descent stability limit 2/η');
  const symFig = figure('Hidden units (layer 1)', 'each first-layer hidden unit as the point of its two incoming weights, with its trail; identical units overlap', 'tall');
  el.append(panel.element, boundary.figure, symFig.figure, lossFig.figure, gradFig.figure, sharpFig.figure);
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
  });

  function absorb(s: TrainSnapshot): void {
    snap = s;
    losses.push(...s.newLosses);
    sharp.push(...s.newSharpness);
    gradHistory.push(...s.newLayerGradNorms);
    // Thin long histories by half (keeps the shape, bounds drawing cost and Math.min/max spreads).
    if (gradHistory.length > 4000) gradHistory = gradHistory.filter((_, i) => i % 2 === 0);
    if (sharp.length > 4000) sharp = sharp.filter((_, i) => i % 2 === 0);
    const w = s.hiddenWeights[0]!;
    for (let i = 0; i < w.rows; i++) {
      (trails[i] ??= []).push([w.w[i * w.cols]!, w.w[i * w.cols + 1]!]);
      if (trails[i]!.length > 400) trails[i]!.splice(0, trails[i]!.length - 400);
    }
    host.set('tr.t', s.step);
    host.report('train.step', s.step);
    host.report('train.loss', s.loss);
    host.report('train.lastStepLoss', s.newLosses.length > 0 ? s.newLosses[s.newLosses.length - 1]! : NaN);
    host.report('train.accuracy', s.accuracy);
  }

  const restart = coalesce(async () => {
    const steps = Math.max(0, Math.round(num(host.state, 'tr.t')));
    init = await client.call('trainInit', { config: config(), steps });
    losses = [];
    sharp = [];
    gradHistory = [];
    trails = [];
    absorb(init.snapshot);
    host.announce(`Network 2-${config().hidden.join('-')}-${init.points.classes === 2 && str(host.state, 'tr.data') !== 'spirals' ? 1 : init.points.classes} (${init.params} parameters) at step ${init.snapshot.step}.`);
    draw();
  }, (e) => host.announce(String(e)));

  function drawBoundary(): void {
    if (!snap || !init) return;
    const g = snap.grid;
    const f = new Frame(boundary.canvas, { x: g.x, y: g.y, xLabel: 'x₁', yLabel: 'x₂', equal: true });
    const c0 = hexToRgb(COLORS[0]!);
    const c1 = hexToRgb(COLORS[1]!);
    f.heatmap(g.n, g.n, (k) => {
      if (g.cls) {
        // Multiclass: the winning class's colour, faded by its probability.
        const c = hexToRgb(COLORS[g.cls[k]!]!);
        const a = 0.15 + 0.45 * g.value[k]!;
        return [255 + a * (c[0] - 255), 255 + a * (c[1] - 255), 255 + a * (c[2] - 255)];
      }
      const p = g.value[k]!;
      const a = 0.6 * Math.abs(2 * p - 1);
      const c = p > 0.5 ? c1 : c0;
      return [255 + a * (c[0] - 255), 255 + a * (c[1] - 255), 255 + a * (c[2] - 255)];
    });
    f.axes();
    const { x, y } = init.points;
    f.clip(() => {
      for (let i = 0; i < y.length; i++) f.dot(x[2 * i]!, x[2 * i + 1]!, COLORS[y[i]!]!, 3, '#fff');
    });
    boundary.caption.textContent = `step ${snap.step} · loss ${formatValue(snap.loss)} · accuracy ${(100 * snap.accuracy).toFixed(1)}%${snap.stopped ? ` · ${snap.status}` : ''}`;
  }

  function drawLoss(): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of losses) if (Number.isFinite(v) && v > 0) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    if (!Number.isFinite(lo)) return;
    // Long runs: draw every k-th step (a few thousand points are as many as the canvas has pixels).
    const stride = Math.max(1, Math.floor(losses.length / 4000));
    const ks: number[] = [];
    for (let k = 0; k < losses.length; k += stride) ks.push(k);
    const f = new Frame(lossFig.canvas, { x: [0, Math.max(10, losses.length)], y: [lo / 1.5, hi * 1.5], yLog: true, xLabel: 'step', yLabel: 'loss' });
    f.axes();
    f.clip(() => f.line(ks, ks.map((k) => losses[k]!), COLORS[0]!, 1.5));
  }

  function drawGrads(): void {
    if (gradHistory.length === 0) return;
    const all = gradHistory.flatMap((h) => h.norms).filter((v) => Number.isFinite(v) && v > 0);
    if (all.length === 0) return;
    const f = new Frame(gradFig.canvas, { x: [0, Math.max(10, snap?.step ?? 10)], y: [Math.min(...all) / 1.5, Math.max(...all) * 1.5], yLog: true, xLabel: 'step', yLabel: '‖∂L/∂W_ℓ‖' });
    f.axes();
    const layers = gradHistory[gradHistory.length - 1]!.norms.length;
    f.clip(() => {
      for (let l = 0; l < layers; l++) {
        f.line(gradHistory.map((h) => h.step), gradHistory.map((h) => h.norms[l]!), COLORS[l % COLORS.length]!, 1.5);
        const last = gradHistory[gradHistory.length - 1]!;
        f.dot(last.step, last.norms[l]!, COLORS[l % COLORS.length]!, 3, '');
      }
    });
    // Rebuild the legend only when the depth changes (not every frame).
    if (gradFig.legend.children.length !== layers) {
      legend(gradFig.legend, Array.from({ length: layers }, (_, l) => ({ label: l === layers - 1 ? `layer ${l + 1} (output)` : `layer ${l + 1}`, color: COLORS[l % COLORS.length]! })));
    }
  }

  function drawSharpness(): void {
    // GD is stable along the top Hessian direction for λ_max < 2/η, heavy ball for λ_max < 2(1 + β)/η, Nesterov for
    // λ_max < 2(1 + β)/((1 + 2β)η) (src/optim/theory.ts; the formula c(β)/x is the same in η and λ). Adaptive methods: GD's line for reference.
    const opt = str(host.state, 'tr.opt');
    const kind = opt === 'momentum' || opt === 'nesterov' ? opt : 'gd';
    const limit = criticalLearningRate(kind, num(host.state, 'tr.lr'), kind === 'gd' ? 0 : num(host.state, 'tr.mom'));
    const vals = sharp.map((s) => s.value).filter(Number.isFinite);
    const hi = Math.max(limit, ...vals) * 1.15;
    const lo = Math.min(0, ...vals);
    const end = Math.max(10, snap?.step ?? 10);
    const f = new Frame(sharpFig.canvas, { x: [0, end], y: [lo, hi], xLabel: 'step', yLabel: 'λ_max' });
    f.axes();
    f.clip(() => {
      f.line([0, end], [limit, limit], COLORS[1]!, 1.5, [5, 3]);
      f.line(sharp.map((s) => s.step), sharp.map((s) => s.value), COLORS[0]!, 1.5);
      for (const s of sharp) f.dot(s.step, s.value, COLORS[0]!, 2.5, '');
    });
    const last = sharp[sharp.length - 1];
    const name = kind === 'gd' ? '2/η' : kind === 'momentum' ? '2(1 + β)/η' : '2(1 + β)/((1 + 2β)η)';
    const adaptive = kind === 'gd' && opt !== 'sgd' ? ' (GD’s limit; an adaptive method’s stability is set by the preconditioned sharpness instead)' : '';
    sharpFig.caption.textContent = num(host.state, 'tr.every') === 0 ? 'Sharpness tracking is off.' : last ? `λ_max = ${formatValue(last.value)} at step ${last.step}; ${name} = ${formatValue(limit)}${adaptive}` : '';
  }

  function drawSymmetry(): void {
    if (!snap) return;
    const w = snap.hiddenWeights[0]!;
    // Zoom to the units and their trails, so that a small splitting is visible; identical units stay one point.
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const [a, b] of trails.flat()) [x0, x1, y0, y1] = [Math.min(x0, a), Math.max(x1, a), Math.min(y0, b), Math.max(y1, b)];
    const half = Math.max(0.6 * Math.max(x1 - x0, y1 - y0), 0.02);
    const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
    const f = new Frame(symFig.canvas, { x: [cx - half, cx + half], y: [cy - half, cy + half], xLabel: 'weight from x₁', yLabel: 'weight from x₂', equal: true });
    f.axes();
    f.clip(() => {
      trails.forEach((tr, i) => f.line(tr.map((p) => p[0]), tr.map((p) => p[1]), COLORS[i % COLORS.length]! + '88', 1));
      for (let i = 0; i < w.rows; i++) f.dot(w.w[i * w.cols]!, w.w[i * w.cols + 1]!, COLORS[i % COLORS.length]!, 4);
    });
    // Spread of the units: the largest distance between two units' incoming weight vectors (with bias).
    let spread = 0;
    for (let i = 0; i < w.rows; i++) {
      for (let j = 0; j < i; j++) {
        let d = (w.b[i]! - w.b[j]!) ** 2;
        for (let c = 0; c < w.cols; c++) d += (w.w[i * w.cols + c]! - w.w[j * w.cols + c]!) ** 2;
        spread = Math.max(spread, Math.sqrt(d));
      }
    }
    host.report('train.unitSpread', spread);
    symFig.caption.textContent = `${w.rows} units; largest distance between two units’ incoming weights: ${spread === 0 ? '0 (all identical)' : formatValue(spread)}`;
  }

  function draw(): void {
    drawBoundary();
    drawLoss();
    drawGrads();
    drawSharpness();
    drawSymmetry();
  }

  return {
    id: 'train',
    title: 'Train a network',
    element: el,
    // While playing: as many steps as fit in ~30 ms of worker time per frame.
    stepsPerFrame: 10_000,
    refresh: () => restart(),
    async step(n) {
      if (!init) await restart();
      absorb(await client.call('trainAdvance', { steps: n, budgetMs: n === 1 ? Infinity : 30 }));
      draw();
      return !snap!.stopped;
    },
    draw,
    sync: panel.sync,
  };
}
