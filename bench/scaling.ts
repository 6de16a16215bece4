/**
 * scaling: the cost of scale, measured, so that the cost of a config can be
 * predicted before running it.
 *
 * - MLP training step (compiled loss + gradients + SGD update, batch 32)
 *   against width w (two hidden layers of w units, 16 … 1024): each layer is a
 *   B×w by w×w product forward and two of them backward, so t ∝ w² once the
 *   products dominate the per-op overhead.
 * - The same step against depth L (1 … 16 hidden layers of 64 units): t ∝ L.
 * - A 2-D loss landscape (planeSlice on a 2-32-32-1 tanh MLP, 200 points)
 *   against the number of grid points g²: t ∝ g².
 *
 * Each sweep is fitted by least squares on log t = log c + p·log x (a power
 * law t ≈ c·xᵖ); the fitted exponent p is reported beside the theoretical
 * one. Small sizes are dominated by a fixed cost per op, which a power law
 * does not describe, so the width fit uses the sizes where the arithmetic
 * dominates (w ≥ 128), and the full-range exponent is reported too. The rows
 * are plain data (bench/results/latest.json); `ScalingModel` is the shape a
 * cost estimate can read them in.
 */
import { compileLossAndGrad, mseLoss, randn } from '../src/autograd/index.js';
import { mlpLoss, filterNormalizedDirection, planeSlice } from '../src/landscape/index.js';
import { MLP } from '../src/nn/index.js';
import { SGD, flattenParams } from '../src/optim/index.js';
import { timePerCall, type Bench, type BenchRow } from './harness.js';

/** A power law t ≈ coefficient · x^exponent (seconds), fitted over [from, to]. */
export interface PowerLaw {
  exponent: number;
  coefficient: number;
  from: number;
  to: number;
}

/** The fitted cost model: seconds per MLP step vs width and vs depth, seconds per landscape grid vs grid points. */
export interface ScalingModel {
  width: PowerLaw & { theory: 2 };
  depth: PowerLaw & { theory: 1 };
  gridPoints: PowerLaw & { theory: 1 };
}

/** Least squares on (log x, log t): the slope is the exponent, exp(intercept) the coefficient. */
export function fitPowerLaw(xs: readonly number[], ts: readonly number[]): PowerLaw {
  const n = xs.length;
  if (n < 2 || ts.length !== n) throw new Error(`fitPowerLaw: needs at least 2 paired points, got ${n} and ${ts.length}`);
  const lx = xs.map(Math.log);
  const lt = ts.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const mt = lt.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxt = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i]! - mx) ** 2;
    sxt += (lx[i]! - mx) * (lt[i]! - mt);
  }
  const exponent = sxt / sxx;
  return { exponent, coefficient: Math.exp(mt - exponent * mx), from: Math.min(...xs), to: Math.max(...xs) };
}

const BATCH = 32;
const TIMING = { minSeconds: 0.3, rounds: 3, warmupSeconds: 0.3 };

/** Seconds per compiled training step of an MLP with the given layer sizes. */
function stepSeconds(sizes: number[], seed: number): number {
  const model = new MLP(sizes, { hidden: 'tanh', seed });
  const params = model.parameters();
  const opt = new SGD(params, { lr: 1e-3 });
  const x = randn([BATCH, sizes[0]!], { seed });
  const y = randn([BATCH, sizes[sizes.length - 1]!], { seed: seed + 1 });
  const lossAndGrad = compileLossAndGrad((a, b) => mseLoss(model.forward(a), b), params);
  return timePerCall(() => {
    const out = lossAndGrad(x, y);
    for (let i = 0; i < params.length; i++) params[i]!.grad = out[i + 1]!;
    opt.step();
  }, TIMING);
}

function gridSeconds(side: number): number {
  const sizes = [2, 32, 32, 1];
  const X = randn([200, 2], { seed: 1 });
  const Y = X.select(1, 0).mul(2).sin().reshape([200, 1]);
  const net = new MLP(sizes, { hidden: 'tanh', seed: 0 });
  const theta0 = flattenParams(net.parameters());
  const model = mlpLoss({ sizes, activation: 'tanh', inputs: X, targets: Y });
  const shapes = net.parameters().map((p) => p.shape);
  const d1 = filterNormalizedDirection(theta0, shapes, { seed: 1 });
  const d2 = filterNormalizedDirection(theta0, shapes, { seed: 2 });
  return timePerCall(() => void planeSlice(model.lossFn, theta0, d1, d2, { nx: side, batchLossFn: model.batchLossFn, batchSize: 64 }), TIMING);
}

function fitRows(name: string, law: PowerLaw, theory: number, unit: string): BenchRow {
  return {
    bench: 'scaling',
    case: `${name}: fitted exponent (${unit} ${law.from}…${law.to})`,
    value: law.exponent,
    unit: 'exponent',
    ratio: law.exponent / theory,
    note: `theory ${theory}; t ≈ ${law.coefficient.toExponential(2)} s · ${unit}^${law.exponent.toFixed(2)}`,
  };
}

function scaling(): BenchRow[] {
  const rows: BenchRow[] = [];
  const widths = [16, 32, 64, 128, 256, 512, 1024];
  const wt = widths.map((w) => stepSeconds([w, w, w, w], 1));
  widths.forEach((w, i) => rows.push({ bench: 'scaling', case: `MLP step, width ${w} (2 hidden layers, batch ${BATCH})`, value: wt[i]! * 1e3, unit: 'ms' }));
  const large = widths.map((w, i) => [w, wt[i]!] as const).filter(([w]) => w >= 128);
  const width = fitPowerLaw(large.map((p) => p[0]), large.map((p) => p[1]));
  rows.push(fitRows('width', width, 2, 'w'));
  rows.push(fitRows('width, full range', fitPowerLaw(widths, wt), 2, 'w'));

  const depths = [1, 2, 4, 8, 16];
  const dt = depths.map((L) => stepSeconds([64, ...Array<number>(L).fill(64), 1], 2));
  depths.forEach((L, i) => rows.push({ bench: 'scaling', case: `MLP step, depth ${L} (width 64, batch ${BATCH})`, value: dt[i]! * 1e3, unit: 'ms' }));
  const depth = fitPowerLaw(depths, dt);
  rows.push(fitRows('depth', depth, 1, 'L'));

  const sides = [11, 21, 31, 41];
  const gt = sides.map(gridSeconds);
  sides.forEach((g, i) => rows.push({ bench: 'scaling', case: `landscape grid ${g}×${g} (2-32-32-1 MLP, 200 points)`, value: gt[i]! * 1e3, unit: 'ms' }));
  const grid = fitPowerLaw(sides.map((g) => g * g), gt);
  rows.push(fitRows('landscape grid', grid, 1, 'points'));
  return rows;
}

export const benches: Bench[] = [
  {
    name: 'scaling',
    description: 'time per MLP step vs width (16…1024) and depth (1…16), landscape grid vs points; fitted power laws vs theory',
    run: scaling,
  },
];
