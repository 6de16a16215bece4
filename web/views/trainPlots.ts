/**
 * The train view's panels drawn from its history: the prediction over the
 * plane with the training points (filled) and test points (rings), the
 * training and test loss, per-layer gradient norms, the sharpness against
 * the stability limit, and the first layer's units as points of their
 * incoming weights. Each panel shows its axes and a hint before the first step.
 */
import { COLORS, Frame, colorBar, colorTable, diverging, emptyFrame, hexToRgb, legend } from '../canvas.js';
import type { TrainInit, TrainSnapshot } from '../compute/trainSession.js';
import { formatValue, type figure } from '../controls.js';
import { criticalLearningRate } from '../../src/optim/index.js';

type Fig = ReturnType<typeof figure>;
const HINT = 'Press Play or Step to train';

export interface TrainHistory {
  losses: number[];
  evals: { step: number; train: number; test: number }[];
  sharp: { step: number; value: number }[];
  grads: { step: number; norms: number[] }[];
  trails: [number, number][][];
}

/** Blend white towards colour c by a (0: white, 1: c). */
const fade = (c: readonly number[], a: number) => [255 + a * (c[0]! - 255), 255 + a * (c[1]! - 255), 255 + a * (c[2]! - 255)] as const;
/** The prediction's colours, tabulated (a 64² grid is redrawn every frame): P(class 1) shades towards the likelier class. */
const BINARY = colorTable((p) => fade(hexToRgb(p > 0.5 ? COLORS[1]! : COLORS[0]!), 0.6 * Math.abs(2 * p - 1)), 0, 1);
/** Multiclass: the winning class's colour, faded by its probability. */
const MULTICLASS = COLORS.map((c) => colorTable((p) => fade(hexToRgb(c), 0.15 + 0.45 * p), 0, 1));
/** Regression: the output over its largest |value|, on the diverging map. */
const DIVERGING = colorTable(diverging, -1, 1);

export function drawPrediction(fig: Fig, snap: TrainSnapshot, init: TrainInit): void {
  const g = snap.grid;
  const f = new Frame(fig.canvas, { x: g.x, y: g.y, xLabel: 'x₁', yLabel: 'x₂', equal: true });
  const regression = init.points.task === 'regression';
  let scale = 1e-12;
  if (regression) for (const v of g.value) scale = Math.max(scale, Math.abs(v));
  const cls = g.cls;
  // A field over the plane: smooth at any grid size (a play's updates bring 32², the page at rest 64²).
  f.heatmap(g.n, g.n, regression ? (k) => DIVERGING(g.value[k]! / scale) : cls ? (k) => MULTICLASS[cls[k]! % MULTICLASS.length]!(g.value[k]!) : (k) => BINARY(g.value[k]!), undefined, true);
  f.axes();
  const { x, y, test } = init.points;
  let ym = 1e-12;
  if (regression) for (const v of y) ym = Math.max(ym, Math.abs(v));
  const colour = (i: number) => (regression ? `rgb(${diverging(y[i]! / ym).map(Math.round).join(',')})` : COLORS[y[i]!]!);
  f.clip(() => {
    for (let i = 0; i < y.length; i++) {
      if (test[i]) f.dot(x[2 * i]!, x[2 * i + 1]!, '#fff', 3.5, colour(i));
      else f.dot(x[2 * i]!, x[2 * i + 1]!, colour(i), 3, regression ? '#444' : '#fff');
    }
  });
  if (regression) colorBar(fig.legend, diverging, -scale, scale, 'network output f(x)', [-1, 1]);
  else if (g.cls) colorBar(fig.legend, (t) => diverging(t), 0, 1, 'probability of the winning class (shade)', [0, 1]);
  else colorBar(fig.legend, (t) => diverging(2 * t - 1), 0, 1, 'P(class 1)', [0, 1]);
  const acc = (a: number) => (Number.isFinite(a) ? ` · accuracy ${(100 * a).toFixed(1)}%` : '');
  const testPart = Number.isFinite(snap.testLoss) ? ` · test loss ${formatValue(snap.testLoss)}${acc(snap.testAccuracy)}` : '';
  fig.caption.textContent = `step ${snap.step} · training loss ${formatValue(snap.loss)}${acc(snap.accuracy)}${testPart}${snap.stopped ? ` · ${snap.status}` : ''}`;
}

/** The smallest and largest positive finite value seen by `add` (a log axis's range), without building arrays. */
function positiveRange(): { add: (v: number) => void; lo: number; hi: number } {
  const r = {
    lo: Infinity,
    hi: -Infinity,
    add(v: number) {
      if (v > 0 && v < Infinity) {
        if (v < r.lo) r.lo = v;
        if (v > r.hi) r.hi = v;
      }
    },
  };
  return r;
}

export function drawLosses(fig: Fig, h: TrainHistory, hasTest: boolean): void {
  // Long runs: draw every k-th step (a few thousand points are as many as the canvas has pixels); the range is that
  // of what is drawn.
  const stride = Math.max(1, Math.floor(h.losses.length / 4000));
  const ks: number[] = [];
  const range = positiveRange();
  for (let k = 0; k < h.losses.length; k += stride) {
    ks.push(k);
    range.add(h.losses[k]!);
  }
  for (const e of h.evals) {
    range.add(e.train);
    range.add(e.test);
  }
  if (h.losses.length === 0 || !(range.hi > 0)) {
    emptyFrame(fig.canvas, { x: [0, 100], y: [0.01, 1], yLog: true, xLabel: 'step', yLabel: 'loss' }, HINT);
    return;
  }
  const [lo, hi] = [range.lo, range.hi];
  const f = new Frame(fig.canvas, { x: [0, Math.max(10, h.losses.length)], y: [lo / 1.5, hi * 1.5], yLog: true, xLabel: 'step', yLabel: 'loss' });
  f.axes();
  f.clip(() => {
    f.line(ks, ks.map((k) => h.losses[k]!), COLORS[0]! + '55', 1);
    f.line(h.evals.map((e) => e.step), h.evals.map((e) => e.train), COLORS[0]!, 2);
    if (hasTest) f.line(h.evals.map((e) => e.step), h.evals.map((e) => e.test), COLORS[1]!, 2, [5, 3]);
  });
}

export function drawGrads(fig: Fig, h: TrainHistory, step: number): void {
  const range = positiveRange();
  for (const g of h.grads) for (const v of g.norms) range.add(v);
  if (!(range.hi > 0)) {
    emptyFrame(fig.canvas, { x: [0, 100], y: [1e-3, 1], yLog: true, xLabel: 'step', yLabel: '‖∂L/∂W_ℓ‖' }, HINT);
    return;
  }
  const f = new Frame(fig.canvas, { x: [0, Math.max(10, step)], y: [range.lo / 1.5, range.hi * 1.5], yLog: true, xLabel: 'step', yLabel: '‖∂L/∂W_ℓ‖' });
  f.axes();
  const layers = h.grads[h.grads.length - 1]!.norms.length;
  f.clip(() => {
    for (let l = 0; l < layers; l++) {
      f.line(h.grads.map((g) => g.step), h.grads.map((g) => g.norms[l]!), COLORS[l % COLORS.length]!, 1.5);
      const last = h.grads[h.grads.length - 1]!;
      f.dot(last.step, last.norms[l]!, COLORS[l % COLORS.length]!, 3, '');
    }
  });
  // Rebuild the legend only when the depth changes (not every frame).
  if (fig.legend.children.length !== layers) {
    legend(fig.legend, Array.from({ length: layers }, (_, l) => ({ label: l === layers - 1 ? `layer ${l + 1} (output)` : `layer ${l + 1}`, color: COLORS[l % COLORS.length]! })));
  }
}

/**
 * GD is stable along the top Hessian direction for λ_max < 2/η, heavy ball for λ_max < 2(1 + β)/η, Nesterov for
 * λ_max < 2(1 + β)/((1 + 2β)η) (src/optim/theory.ts; the formula c(β)/x is the same in η and in λ).
 */
export function drawSharpness(fig: Fig, h: TrainHistory, step: number, opt: { name: string; lr: number; momentum: number; every: number }): void {
  const kind = opt.name === 'momentum' || opt.name === 'nesterov' ? opt.name : 'gd';
  const limit = criticalLearningRate(kind, opt.lr, kind === 'gd' ? 0 : opt.momentum);
  const vals = h.sharp.map((s) => s.value).filter(Number.isFinite);
  const end = Math.max(10, step);
  const frame = { x: [0, end] as [number, number], y: [Math.min(0, ...vals), Math.max(limit, ...vals) * 1.15] as [number, number], xLabel: 'step', yLabel: 'λ_max' };
  const f = vals.length === 0 ? emptyFrame(fig.canvas, frame, opt.every === 0 ? 'Sharpness tracking is off' : HINT) : new Frame(fig.canvas, frame);
  if (vals.length > 0) f.axes();
  f.clip(() => {
    f.line([0, end], [limit, limit], COLORS[1]!, 1.5, [5, 3]);
    f.line(h.sharp.map((s) => s.step), h.sharp.map((s) => s.value), COLORS[0]!, 1.5);
    for (const s of h.sharp) f.dot(s.step, s.value, COLORS[0]!, 2.5, '');
  });
  const last = h.sharp[h.sharp.length - 1];
  const name = kind === 'gd' ? '2/η' : kind === 'momentum' ? '2(1 + β)/η' : '2(1 + β)/((1 + 2β)η)';
  const adaptive = kind === 'gd' && opt.name !== 'sgd' ? ' (GD’s limit; an adaptive method’s stability is set by the preconditioned sharpness instead)' : '';
  fig.caption.textContent = opt.every === 0 ? 'Sharpness tracking is off.' : last ? `λ_max = ${formatValue(last.value)} at step ${last.step}; ${name} = ${formatValue(limit)}${adaptive}` : '';
}

/** The first hidden layer's units as points (w₁, w₂) with trails; returns the largest distance between two units' incoming weights. */
export function drawSymmetry(fig: Fig, h: TrainHistory, snap: TrainSnapshot): number {
  const w = snap.hiddenWeights[0]!;
  // Zoom to the units and their trails, so that a small splitting is visible; identical units stay one point.
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [a, b] of h.trails.flat()) [x0, x1, y0, y1] = [Math.min(x0, a), Math.max(x1, a), Math.min(y0, b), Math.max(y1, b)];
  const half = Math.max(0.6 * Math.max(x1 - x0, y1 - y0), 0.02);
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const f = new Frame(fig.canvas, { x: [cx - half, cx + half], y: [cy - half, cy + half], xLabel: 'weight from x₁', yLabel: 'weight from x₂', equal: true });
  f.axes();
  f.clip(() => {
    h.trails.forEach((tr, i) => f.line(tr.map((p) => p[0]), tr.map((p) => p[1]), COLORS[i % COLORS.length]! + '88', 1));
    for (let i = 0; i < w.rows; i++) f.dot(w.w[i * w.cols]!, w.w[i * w.cols + 1]!, COLORS[i % COLORS.length]!, 4);
  });
  let spread = 0;
  for (let i = 0; i < w.rows; i++) {
    for (let j = 0; j < i; j++) {
      let d = (w.b[i]! - w.b[j]!) ** 2;
      for (let c = 0; c < w.cols; c++) d += (w.w[i * w.cols + c]! - w.w[j * w.cols + c]!) ** 2;
      spread = Math.max(spread, Math.sqrt(d));
    }
  }
  fig.caption.textContent = `${w.rows} units; largest distance between two units’ incoming weights: ${spread === 0 ? '0 (all identical)' : formatValue(spread)}`;
  return spread;
}
