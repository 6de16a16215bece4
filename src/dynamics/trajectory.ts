/**
 * Plain Float64Array runs of GD, heavy ball and Nesterov (torch's forms,
 * see thresholds.ts) on an Objective (src/autograd), and the
 * finite-time Lyapunov exponent of a map.
 *
 * Lyapunov exponent (Benettin et al. 1980): for z_{t+1} = F(z_t) and a
 * tangent vector v, log‖J_{T−1}⋯J_0 v‖/T → λ₁, the largest exponent, for
 * almost every v. Renormalizing v after each step keeps it finite:
 *   λ̂_T = (1/T) Σ_t log ‖J_t v_t‖,   v_{t+1} = J_t v_t / ‖J_t v_t‖.
 * λ₁ > 0 (nearby trajectories separate exponentially while staying
 * bounded) is the operational definition of chaos; a stable fixed point
 * has λ₁ = log ρ(J) < 0 and a stable cycle λ₁ < 0.
 */
import { jvp, tensor, type Objective, type Tensor } from '../autograd/index.js';
import { Rng } from '../tensor/index.js';
import type { LinearKind } from '../optim/index.js';
import { checkInteger, checkNumberInRange, checkOneOf, checkPositiveNumber, checkVector } from '../tensor/validate.js';

export interface RunOptions {
  kind: LinearKind;
  lr: number;
  momentum?: number;
  steps: number;
  /** A unit vector (e.g. the top Hessian eigenvector): the run records ⟨θ_{t+1} − θ_t, v⟩. */
  topDirection?: Float64Array;
  /** Stop when the loss exceeds this (default 1e12). */
  divergence?: number;
  /** Keep θ_t every this many steps (0: never, default). */
  keepEvery?: number;
}

export interface RunResult {
  loss: number[];
  topProjection: number[];
  theta: Float64Array;
  thetas: { step: number; theta: Float64Array }[];
  status: 'completed' | 'diverged' | 'nonfinite';
}

/** Iterate the optimizer; the loss is recorded at θ_t before each update. */
export function runOptimizer(objective: Objective, theta0: Float64Array, options: RunOptions): RunResult {
  const fn = 'runOptimizer';
  if (!objective || typeof objective.valueAndGradient !== 'function') throw new Error(`${fn}: objective must be an Objective (objective(loss, n) or moduleObjective(model, data, loss))`);
  checkVector(fn, 'theta0', theta0, objective.n);
  const { kind, lr, steps, topDirection } = options;
  const beta = kind === 'gd' ? 0 : (options.momentum ?? NaN);
  checkOneOf(fn, 'kind', kind, ['gd', 'momentum', 'nesterov'] as const);
  checkPositiveNumber(fn, 'lr', lr);
  if (kind !== 'gd') checkNumberInRange(fn, 'momentum', beta, 0, 1, { hiOpen: true });
  checkInteger(fn, 'steps', steps, 0);
  if (topDirection) checkVector(fn, 'topDirection', topDirection, theta0.length);
  const divergence = options.divergence ?? 1e12;
  const keepEvery = options.keepEvery ?? 0;
  const n = theta0.length;
  const theta = Float64Array.from(theta0);
  const b = new Float64Array(n);
  const grad = new Float64Array(n);
  const loss: number[] = [];
  const topProjection: number[] = [];
  const thetas: { step: number; theta: Float64Array }[] = [];
  let status: RunResult['status'] = 'completed';
  for (let t = 0; t < steps; t++) {
    if (keepEvery > 0 && t % keepEvery === 0) thetas.push({ step: t, theta: theta.slice() });
    const [l, g] = objective.valueAndGradient(theta, grad);
    loss.push(l);
    if (!Number.isFinite(l)) {
      status = 'nonfinite';
      break;
    }
    if (Math.abs(l) > divergence) {
      status = 'diverged';
      break;
    }
    let proj = 0;
    for (let i = 0; i < n; i++) {
      let d: number;
      if (kind === 'gd') d = lr * g[i]!;
      else {
        b[i] = t === 0 ? g[i]! : beta * b[i]! + g[i]!; // torch: the buffer starts as the first gradient
        d = kind === 'momentum' ? lr * b[i]! : lr * (g[i]! + beta * b[i]!);
      }
      theta[i] -= d;
      if (topDirection) proj -= d * topDirection[i]!;
    }
    if (topDirection) topProjection.push(proj);
  }
  return { loss, topProjection, theta, thetas, status };
}

/** Finite-time largest Lyapunov exponent of z ↦ F(z) from z0 (per step, natural log), by tangent propagation with jvp. */
export function lyapunovExponent(
  F: (z: Tensor) => Tensor,
  z0: Float64Array,
  { steps = 500, burnIn = 100, seed = 0 }: { steps?: number; burnIn?: number; seed?: number } = {},
): { exponent: number; final: Float64Array } {
  const fn = 'lyapunovExponent';
  checkVector(fn, 'z0', z0);
  checkInteger(fn, 'steps', steps, 1);
  checkInteger(fn, 'burnIn', burnIn, 0);
  let z = tensor(Float64Array.from(z0));
  for (let t = 0; t < burnIn; t++) z = F(z).detach();
  let v = new Rng(seed).fillNormal(new Float64Array(z0.length));
  let s = 0;
  for (const x of v) s += x * x;
  v = v.map((x) => x / Math.sqrt(s));
  let sumLog = 0;
  for (let t = 0; t < steps; t++) {
    const [out, jv] = jvp(F, z, tensor(v));
    const w = Float64Array.from(jv.contiguous().data);
    let r = 0;
    for (const x of w) r += x * x;
    r = Math.sqrt(r);
    if (!Number.isFinite(r) || !out.data.every(Number.isFinite)) throw new Error(`${fn}: the orbit left the finite range at step ${t}`);
    if (r === 0) return { exponent: -Infinity, final: Float64Array.from(out.data) };
    sumLog += Math.log(r);
    v = w.map((x) => x / r);
    z = out.detach();
  }
  return { exponent: sumLog / steps, final: Float64Array.from(z.data) };
}
