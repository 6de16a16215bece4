/**
 * Fixed and slow points of a recurrent network (Sussillo & Barak 2013, "Opening the black box").
 *
 * For a discrete map h ↦ F(h) (an RNN step at a constant input u*) the speed is q(h) = ½‖F(h) − h‖²; for a
 * continuous flow dh/dt = f(h) it is q(h) = ½‖f(h)‖². Fixed points are the zeros of q, slow points its small
 * local minima. From many states sampled along trajectories:
 *  1. all candidates descend Σᵢ q(hᵢ) together with one of the project's optimizers (Adam by default);
 *  2. near-duplicates are merged (the descent sends many starts to the same point);
 *  3. each survivor is finished by Levenberg–Marquardt on the residual r(h) = F(h) − h (or f(h)) with the
 *     autodiff Jacobian J_r: (J_rᵀJ_r + λI) δ = −J_rᵀ r. As λ → 0 this is the Gauss–Newton step, which for a
 *     square non-singular J_r is Newton's step on r = 0 (quadratic convergence); λ > 0 keeps the step finite
 *     where J_r is singular, as it is along a line attractor;
 *  4. points with q below `slowTol` are kept, merged again, and classified by the eigenvalues of the Jacobian
 *     of F (discrete: μ, unstable |μ| > 1) or of f (continuous: λ, unstable Re λ > 0).
 *
 * Marginal directions: a direction is marginal when perturbations along it neither grow nor decay on the
 * task's time scale. With the trial length T steps, |μ|^T ≥ e^{−1} ⇔ |μ| ≥ e^{−1/T} ≈ 1 − 1/T: the default
 * `marginalTol` = 1/T_trial in |μ| − 1 (discrete) or in Re λ·Δt units (continuous) — pass the trial length.
 */
import { noGrad, Parameter, tensor, vjp, type Tensor } from '../autograd/index.js';
import { eigenvalues } from '../linalg/index.js';
import { lu, luSolve } from '../ode/index.js';
import { Adam, SGD } from '../optim/index.js';

export interface RecurrentSystem {
  kind: 'discrete' | 'continuous';
  /** State dimension. */
  n: number;
  /** Rows of states [m, n] → rows of F(h) (discrete) or dh/dt (continuous), in Tensor ops. */
  f(h: Tensor): Tensor;
}

export type FixedPointKind = 'stable' | 'saddle' | 'unstable' | 'marginal';

export interface FixedPoint {
  h: Float64Array;
  /** q(h) at the reported point. */
  q: number;
  /** q < fixedTol: a fixed point; otherwise a slow point (fixedTol ≤ q < slowTol). */
  fixed: boolean;
  /** Eigenvalues of ∂F/∂h (discrete) or ∂f/∂h (continuous), sorted by real part ascending (linalg.eigenvalues). */
  re: Float64Array;
  im: Float64Array;
  /** Directions with |μ| > 1 + marginalTol (discrete) or Re λ > marginalTol (continuous). */
  unstable: number;
  /** Directions with ||μ| − 1| ≤ marginalTol (discrete) or |Re λ| ≤ marginalTol (continuous). */
  marginal: number;
  kind: FixedPointKind;
  /** Candidates that converged to this point. */
  count: number;
}

export interface FixedPointOptions {
  /** Descent stage: optimizer, its learning rate and number of iterations. */
  optimizer?: 'adam' | 'sgd';
  lr?: number;
  iterations?: number;
  /** Levenberg–Marquardt iterations per surviving candidate. */
  newtonSteps?: number;
  /** q below this: a fixed point (default 1e-12, i.e. ‖F(h) − h‖ ≈ 1.4e-6). */
  fixedTol?: number;
  /** q below this: kept as a slow point (default 1e-6). */
  slowTol?: number;
  /** Two points closer than this (Euclidean) are one (default 1e-3·√n). */
  dedupTol?: number;
  /** Marginal band; see the header (default 0.02, i.e. a 50-step trial). */
  marginalTol?: number;
  /** Called between stages with a fraction done; may throw to cancel. */
  onProgress?: (fraction: number) => void;
  /**
   * A cancellation check (may throw), called before each candidate's merge comparisons, before each point's
   * eigenvalues and inside their solver: the stages that do not go through `system.f` (wrap `f` to check inside descent, Newton and Jacobians).
   */
  checkpoint?: () => void;
}

export interface FixedPointResult {
  points: FixedPoint[];
  /** The tolerances used. */
  tolerances: { fixedTol: number; slowTol: number; dedupTol: number; marginalTol: number };
  candidates: number;
}

/** The residual r(h) whose zeros are fixed points: F(h) − h (discrete) or f(h) (continuous). */
export function residual(system: RecurrentSystem, h: Tensor): Tensor {
  const f = system.f(h);
  return system.kind === 'discrete' ? f.sub(h) : f;
}

/** q(h) = ½‖r(h)‖² for each row of h [m, n]. */
export function speed(system: RecurrentSystem, states: Float64Array): Float64Array {
  const m = states.length / system.n;
  const r = noGrad(() => residual(system, tensor(states, { shape: [m, system.n] }))).data;
  const q = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < system.n; j++) s += r[i * system.n + j]! ** 2;
    q[i] = s / 2;
  }
  return q;
}

/**
 * Jacobians of the row map at each row of h [m, n]: rows are independent, so the cotangent eⱼ in every row
 * gives row j of all m Jacobians in one reverse pass (n passes in all). Returns m row-major n×n matrices.
 */
export function rowJacobians(fn: (h: Tensor) => Tensor, states: Float64Array, n: number): Float64Array[] {
  const m = states.length / n;
  const [, back] = vjp(fn, tensor(Float64Array.from(states), { shape: [m, n] }));
  const out = Array.from({ length: m }, () => new Float64Array(n * n));
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(m * n);
    for (let i = 0; i < m; i++) e[i * n + j] = 1;
    const g = back(tensor(e, { shape: [m, n] }))[0]!.data;
    for (let i = 0; i < m; i++) out[i]!.set(g.subarray(i * n, (i + 1) * n), j * n);
  }
  return out;
}

/** Greedy merge, lowest q first: a point joins the first kept point within `tol`. */
function dedup(states: Float64Array[], q: number[], counts: number[], tol: number, checkpoint?: () => void): { states: Float64Array[]; q: number[]; counts: number[] } {
  const order = q.map((_, i) => i).sort((a, b) => q[a]! - q[b]! || a - b);
  const kept: number[] = [];
  const c: number[] = [];
  for (const i of order) {
    checkpoint?.();
    const hit = kept.findIndex((k) => dist(states[k]!, states[i]!) < tol);
    if (hit >= 0) c[hit]! += counts[i]!;
    else {
      kept.push(i);
      c.push(counts[i]!);
    }
  }
  return { states: kept.map((k) => states[k]!), q: kept.map((k) => q[k]!), counts: c };
}

function dist(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** Levenberg–Marquardt on r(h) = 0 from h (in place); returns the final q. */
function levenbergMarquardt(system: RecurrentSystem, h: Float64Array, steps: number, fixedTol: number): number {
  const n = system.n;
  const rowResidual = (x: Tensor) => residual(system, x);
  let q = speed(system, h)[0]!;
  let lambda = 1e-6;
  const piv = new Int32Array(n);
  for (let it = 0; it < steps && q >= fixedTol * 1e-3; it++) {
    const J = rowJacobians(rowResidual, h, n)[0]!;
    const r = noGrad(() => residual(system, tensor(h, { shape: [1, n] }))).data;
    // A = JᵀJ + λI, g = Jᵀr
    const A = new Float64Array(n * n);
    const g = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      for (let k = 0; k < n; k++) g[a] = g[a]! + J[k * n + a]! * r[k]!;
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += J[k * n + a]! * J[k * n + b]!;
        A[a * n + b] = s;
        A[b * n + a] = s;
      }
    }
    let accepted = false;
    for (let tries = 0; tries < 12 && !accepted; tries++) {
      const M = Float64Array.from(A);
      for (let a = 0; a < n; a++) M[a * n + a] = M[a * n + a]! + lambda * (1 + A[a * n + a]!);
      const delta = Float64Array.from(g, (v) => -v);
      if (lu(M, n, piv)) {
        luSolve(M, n, piv, delta);
        const trial = Float64Array.from(h, (v, i) => v + delta[i]!);
        const qt = speed(system, trial)[0]!;
        if (qt < q) {
          h.set(trial);
          q = qt;
          lambda = Math.max(lambda / 10, 1e-12);
          accepted = true;
          continue;
        }
      }
      lambda *= 10;
    }
    if (!accepted) break;
  }
  return q;
}

/** Classify by the Jacobian's eigenvalues; see the header for the marginal band. */
export function classify(kind: RecurrentSystem['kind'], re: Float64Array, im: Float64Array, marginalTol: number): Pick<FixedPoint, 'unstable' | 'marginal' | 'kind'> {
  let unstable = 0;
  let marginal = 0;
  for (let i = 0; i < re.length; i++) {
    const growth = kind === 'discrete' ? Math.hypot(re[i]!, im[i]!) - 1 : re[i]!;
    if (Math.abs(growth) <= marginalTol) marginal++;
    else if (growth > 0) unstable++;
  }
  const k: FixedPointKind = unstable === re.length ? 'unstable' : unstable > 0 ? 'saddle' : marginal > 0 ? 'marginal' : 'stable';
  return { unstable, marginal, kind: k };
}

/** Find, merge and classify fixed and slow points from candidate states [m, n] (row-major). */
export function findFixedPoints(system: RecurrentSystem, initial: Float64Array, options: FixedPointOptions = {}): FixedPointResult {
  const n = system.n;
  if (initial.length === 0 || initial.length % n !== 0) throw new Error(`findFixedPoints: initial states must be a non-empty [m, ${n}] array, got ${initial.length} values`);
  const fixedTol = options.fixedTol ?? 1e-12;
  const slowTol = options.slowTol ?? 1e-6;
  const dedupTol = options.dedupTol ?? 1e-3 * Math.sqrt(n);
  const marginalTol = options.marginalTol ?? 0.02;
  if (!(fixedTol > 0 && slowTol >= fixedTol)) throw new Error(`findFixedPoints: need 0 < fixedTol ≤ slowTol, got ${fixedTol}, ${slowTol}`);
  const m = initial.length / n;
  const progress = options.onProgress ?? (() => {});

  // 1. Joint descent on Σ q(hᵢ): each row's gradient is its own ∇q.
  const P = new Parameter(tensor(Float64Array.from(initial), { shape: [m, n] }));
  const lr = options.lr ?? 1e-2;
  const opt = (options.optimizer ?? 'adam') === 'adam' ? new Adam([P], { lr }) : new SGD([P], { lr });
  const iterations = options.iterations ?? 500;
  for (let it = 0; it < iterations; it++) {
    opt.zeroGrad();
    residual(system, P).square().sum().mul(0.5).backward();
    opt.step();
    if (it % 50 === 49) progress((0.5 * (it + 1)) / iterations);
  }
  // 2. Merge, with a looser radius: descent leaves candidates near, not at, their points.
  const q0 = Array.from(speed(system, P.data));
  const rows = Array.from({ length: m }, (_, i) => Float64Array.from(P.data.subarray(i * n, (i + 1) * n)));
  const coarse = dedup(rows, q0, new Array<number>(m).fill(1), 10 * dedupTol, options.checkpoint);
  // 3. Newton finish.
  const qs = coarse.states.map((h, i) => {
    progress(0.5 + (0.4 * i) / coarse.states.length);
    return levenbergMarquardt(system, h, options.newtonSteps ?? 30, fixedTol);
  });
  // 4. Keep slow and fixed points, merge again, classify.
  const keep = qs.map((_, i) => i).filter((i) => qs[i]! < slowTol);
  const merged = dedup(keep.map((i) => coarse.states[i]!), keep.map((i) => qs[i]!), keep.map((i) => coarse.counts[i]!), dedupTol, options.checkpoint);
  const jacobians = merged.states.length ? rowJacobians((h) => system.f(h), concatRows(merged.states, n), n) : [];
  const points: FixedPoint[] = merged.states.map((h, i) => {
    options.checkpoint?.();
    const { re, im } = eigenvalues(jacobians[i]!, n, { checkpoint: options.checkpoint });
    return { h, q: merged.q[i]!, fixed: merged.q[i]! < fixedTol, re, im, ...classify(system.kind, re, im, marginalTol), count: merged.counts[i]! };
  });
  progress(1);
  return { points, tolerances: { fixedTol, slowTol, dedupTol, marginalTol }, candidates: m };
}

function concatRows(rows: Float64Array[], n: number): Float64Array {
  const out = new Float64Array(rows.length * n);
  rows.forEach((r, i) => out.set(r, i * n));
  return out;
}
