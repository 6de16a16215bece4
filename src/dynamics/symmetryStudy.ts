/**
 * Symmetry study: a [2, h, 1] tanh network regressing the two-feature target
 * y = tanh(2x₁) − tanh(2x₂) (two units, one per feature, fit it far better
 * than any number of identical units), started with all hidden units
 * identical. Scenarios, each recording unit distances over time:
 *   gd-identical  full-batch GD: units stay bitwise identical forever;
 *   minibatch     SGD on random mini-batches: the noise is shared by all
 *                 units (∇L_B(Pθ) = P∇L_B(θ) for every batch B): still identical;
 *   input-noise   fresh Gaussian noise on the inputs every step: shared too, identical;
 *   dropout       a fresh random mask per sample and unit: breaks the tie at once;
 *   random-init   torch-style random init: distinct from the start;
 *   perturbed     identical init plus a 10⁻¹⁰ antisymmetric nudge: grows only
 *                 if the symmetric state is unstable.
 * Growth: GD is run inside the symmetric manifold to its critical point
 * θ_s; the update map's Jacobian there, restricted to the antisymmetric
 * subspace of units 0 and 1, predicts the per-step growth factor
 * max|μ_A|; a run from θ_s + ε·(top antisymmetric eigenvector) measures it
 * as exp(slope of log ‖u₀ − u₁‖).
 */
import { objective, tensor, valueAndGrad, type Tensor } from '../autograd/index.js';
import { eigenvalues, realEigenvector } from '../linalg/index.js';
import { updateMap } from '../optim/index.js';
import { Rng } from '../tensor/index.js';
import { updateMapJacobian } from './jacobian.js';
import { antisymmetricBasis, mlpParameterCount, restrictToSubspace, symmetryMetrics } from './symmetry.js';
import { checkInteger, checkPositiveNumber, resolvePreset } from '../tensor/validate.js';

export type SymmetryScenarioName = 'gd-identical' | 'minibatch' | 'input-noise' | 'dropout' | 'random-init' | 'perturbed';

export interface SymmetryStudyConfig {
  size?: 'quick' | 'full';
  hidden?: number;
  points?: number;
  lr?: number;
  steps?: number;
  recordEvery?: number;
  /** Steps of GD inside the symmetric manifold to reach its critical point. */
  convergeSteps?: number;
  /** Growth run: at most this many steps, stopping when the unit distance reaches 1e-3. */
  growthSteps?: number;
  seed?: number;
}

export interface SymmetryScenario {
  name: SymmetryScenarioName;
  steps: number[];
  /** Largest and smallest pairwise unit distance at each recorded step. */
  maxDistance: number[];
  minDistance: number[];
  distinctUnits: number[];
  /** Every recorded distance was exactly 0. */
  bitwiseIdentical: boolean;
  finalLoss: number;
}

export interface SymmetryGrowth {
  /** Loss and gradient norm at the symmetric critical point θ_s. */
  loss: number;
  gradNorm: number;
  /** Eigenvalues of J restricted to the antisymmetric subspace of units 0, 1. */
  antisymmetricMultipliers: { re: number[]; im: number[] };
  /** max |μ_A|: predicted growth factor per step. */
  predictedRate: number;
  /** exp(least-squares slope of log distance) over the fit window. */
  measuredRate: number;
  fitWindow: [number, number];
  /** ‖u₀ − u₁‖ at every step of the growth run. */
  distances: number[];
}

export interface SymmetryStudyResult {
  config: Required<Omit<SymmetryStudyConfig, 'size'>>;
  sizes: number[];
  scenarios: SymmetryScenario[];
  growth: SymmetryGrowth;
}

const PRESETS: Record<'quick' | 'full', Required<Omit<SymmetryStudyConfig, 'size'>>> = {
  quick: { hidden: 2, points: 40, lr: 0.2, steps: 300, recordEvery: 10, convergeSteps: 3000, growthSteps: 600, seed: 0 },
  full: { hidden: 4, points: 80, lr: 0.2, steps: 2000, recordEvery: 10, convergeSteps: 6000, growthSteps: 1500, seed: 0 },
};

/** Forward of the [d, h, 1] tanh network on a flat θ (src/nn MLP layout), with an optional hidden mask. */
function mlpLoss(theta: Tensor, x: Tensor, y: Tensor, d: number, h: number, mask: Tensor | null): Tensor {
  const W1 = theta.slice([0, h * d]).reshape([h, d]);
  const b1 = theta.slice([h * d, h * d + h]);
  const W2 = theta.slice([h * d + h, h * d + 2 * h]).reshape([1, h]);
  const b2 = theta.slice([h * d + 2 * h, h * d + 2 * h + 1]);
  let hidden = x.matmul(W1.T).add(b1).tanh();
  if (mask) hidden = hidden.mul(mask);
  return hidden.matmul(W2.T).add(b2).sub(y).square().mean();
}

/** Identical units: every incoming weight 0.5·(+1, −0.6), bias 0.1, outgoing 0.3, output bias 0. */
function identicalInit(d: number, h: number): Float64Array {
  const theta = new Float64Array(mlpParameterCount([d, h, 1]));
  for (let j = 0; j < h; j++) for (let i = 0; i < d; i++) theta[j * d + i] = i % 2 === 0 ? 0.5 : -0.3;
  for (let j = 0; j < h; j++) theta[h * d + j] = 0.1;
  for (let j = 0; j < h; j++) theta[h * d + h + j] = 0.3;
  return theta;
}

/** `checkpoint`, if given, is called before every gradient step (the experiments runner's cancellation check: it may throw to stop the study). */
export function symmetryStudy(config: SymmetryStudyConfig = {}, { checkpoint }: { checkpoint?: () => void } = {}): SymmetryStudyResult {
  const fn = 'symmetryStudy';
  const c = resolvePreset(fn, config, PRESETS);
  checkInteger(fn, 'hidden', c.hidden, 2);
  checkInteger(fn, 'points', c.points, 2);
  checkPositiveNumber(fn, 'lr', c.lr);
  checkInteger(fn, 'steps', c.steps, 1);
  checkInteger(fn, 'recordEvery', c.recordEvery, 1);
  checkInteger(fn, 'convergeSteps', c.convergeSteps, 1);
  checkInteger(fn, 'growthSteps', c.growthSteps, 10);
  const d = 2;
  const h = c.hidden;
  const sizes = [d, h, 1];
  const n = mlpParameterCount(sizes);
  const rng = new Rng(c.seed);
  const xs = rng.fillUniform(new Float64Array(c.points * d), -1.5, 1.5);
  const ys = Float64Array.from({ length: c.points }, (_, i) => Math.tanh(2 * xs[i * d]!) - Math.tanh(2 * xs[i * d + 1]!));
  const X = tensor(xs, { shape: [c.points, d] });
  const Y = tensor(ys, { shape: [c.points, 1] });
  const fullLoss = (theta: Tensor): Tensor => mlpLoss(theta, X, Y, d, h, null);
  const stepOn = (theta: Float64Array, loss: (t: Tensor) => Tensor): number => {
    checkpoint?.();
    const [l, g] = valueAndGrad(loss)(tensor(Float64Array.from(theta)));
    const gd = (g as Tensor).data;
    for (let i = 0; i < n; i++) theta[i] -= c.lr * gd[i]!;
    return l.item();
  };

  const runScenario = (name: SymmetryScenarioName): SymmetryScenario => {
    const local = new Rng(c.seed + 1);
    let theta = identicalInit(d, h);
    if (name === 'random-init') {
      const bound = 1 / Math.sqrt(d);
      const bound2 = 1 / Math.sqrt(h);
      theta = Float64Array.from({ length: n }, (_, i) => (i < h * d + h ? local.uniform(-bound, bound) : local.uniform(-bound2, bound2)));
    }
    if (name === 'perturbed') {
      const v = antisymmetricBasis(sizes, 0, 0, 1)[0]!;
      for (let i = 0; i < n; i++) theta[i] += 1e-10 * v[i]!;
    }
    const rec: SymmetryScenario = { name, steps: [], maxDistance: [], minDistance: [], distinctUnits: [], bitwiseIdentical: true, finalLoss: NaN };
    for (let t = 0; t <= c.steps; t++) {
      if (t % c.recordEvery === 0 || t === c.steps) {
        const m = symmetryMetrics(theta, sizes)[0]!;
        rec.steps.push(t);
        rec.maxDistance.push(m.maxDistance);
        rec.minDistance.push(m.minDistance);
        rec.distinctUnits.push(m.distinctUnits);
        if (m.maxDistance !== 0) rec.bitwiseIdentical = false;
      }
      if (t === c.steps) break;
      let loss = fullLoss;
      if (name === 'minibatch') {
        const idx = Array.from({ length: Math.max(1, c.points >> 3) }, () => local.int(c.points));
        const xb = tensor(Float64Array.from(idx.flatMap((i) => [xs[i * d]!, xs[i * d + 1]!])), { shape: [idx.length, d] });
        const yb = tensor(Float64Array.from(idx, (i) => ys[i]!), { shape: [idx.length, 1] });
        loss = (th) => mlpLoss(th, xb, yb, d, h, null);
      } else if (name === 'input-noise') {
        const xn = tensor(Float64Array.from(xs, (v) => v + local.normal(0, 0.1)), { shape: [c.points, d] });
        loss = (th) => mlpLoss(th, xn, Y, d, h, null);
      } else if (name === 'dropout') {
        const keep = 0.8;
        const mask = tensor(Float64Array.from({ length: c.points * h }, () => (local.random() < keep ? 1 / keep : 0)), { shape: [c.points, h] });
        loss = (th) => mlpLoss(th, X, Y, d, h, mask);
      }
      stepOn(theta, loss);
    }
    const [fl] = valueAndGrad(fullLoss)(tensor(theta));
    rec.finalLoss = fl.item();
    return rec;
  };
  const scenarios = (['gd-identical', 'minibatch', 'input-noise', 'dropout', 'random-init', 'perturbed'] as const).map(runScenario);

  // Growth: the symmetric critical point, J there, J restricted to the antisymmetric subspace of units 0 and 1.
  const thetaS = identicalInit(d, h);
  for (let t = 0; t < c.convergeSteps; t++) stepOn(thetaS, fullLoss);
  const [ls, gs] = valueAndGrad(fullLoss)(tensor(thetaS));
  const gradNorm = Math.hypot(...(gs as Tensor).data);
  const jac = updateMapJacobian(updateMap('gd', { lr: c.lr }), objective(fullLoss, n), thetaS, { directions: 0 });
  const basis = antisymmetricBasis(sizes, 0, 0, 1);
  const m = basis.length;
  const JA = restrictToSubspace(jac.matrix, n, basis);
  const ev = eigenvalues(JA, m);
  let top = 0;
  for (let i = 1; i < m; i++) if (Math.hypot(ev.re[i]!, ev.im[i]!) > Math.hypot(ev.re[top]!, ev.im[top]!)) top = i;
  const predictedRate = Math.hypot(ev.re[top]!, ev.im[top]!);
  // For GD, J = I − ηH is symmetric, so the top multiplier is real and has a real eigenvector.
  const w = realEigenvector(JA, m, ev.re[top]!).vector;
  const theta = Float64Array.from(thetaS);
  for (let k = 0; k < m; k++) for (let i = 0; i < n; i++) theta[i] += 1e-9 * w[k]! * basis[k]![i]!;
  const distances: number[] = [];
  for (let t = 0; t < c.growthSteps; t++) {
    const dist = symmetryMetrics(theta, sizes)[0]!.distances[1]!;
    distances.push(dist);
    if (dist > 1e-3) break;
    stepOn(theta, fullLoss);
  }
  // Least-squares slope of log d over the linear regime: after a short transient, while d < 1e-4.
  const t0 = Math.min(10, distances.length - 2);
  let t1 = distances.findIndex((x) => x > 1e-4);
  if (t1 < 0) t1 = distances.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  const cnt = t1 - t0;
  for (let t = t0; t < t1; t++) {
    const yv = Math.log(distances[t]!);
    sx += t;
    sy += yv;
    sxx += t * t;
    sxy += t * yv;
  }
  const slope = (cnt * sxy - sx * sy) / (cnt * sxx - sx * sx);
  return {
    config: c,
    sizes,
    scenarios,
    growth: {
      loss: ls.item(),
      gradNorm,
      antisymmetricMultipliers: { re: Array.from(ev.re), im: Array.from(ev.im) },
      predictedRate,
      measuredRate: Math.exp(slope),
      fitWindow: [t0, t1],
      distances,
    },
  };
}
