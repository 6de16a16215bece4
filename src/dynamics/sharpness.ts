/**
 * Sharpness: the top eigenvalue λ_max of the loss Hessian, which sets GD's
 * stability limit η < 2/λ_max. Measured matrix-free by Lanczos on
 * Hessian-vector products (reverse-over-reverse autograd, ≈ 2–3 gradient
 * costs each), so a 10,000-parameter network needs ~20 HVPs, not a
 * 10⁴ × 10⁴ matrix.
 *
 * During training the Hessian changes slowly between measurements, so the
 * previous top eigenvector is an excellent start vector: Lanczos from q₀
 * converges in a number of steps that depends on the angle between q₀ and
 * the target (Kaniel–Paige–Saad: the error falls like tan²∠(q₀, v)·T_j⁻²),
 * and a warm start makes that angle small. `SharpnessTracker` does this.
 */
import { lanczos } from '../linalg/index.js';
import type { Module, TrainCallback } from '../nn/index.js';
import { flattenParams } from '../optim/index.js';
import { checkInteger, checkVector } from './validate.js';

export type HvpFn = (theta: Float64Array, v: Float64Array) => Float64Array;

export interface HessianEigenOptions {
  /** How many extreme eigenpairs (default 1). */
  k?: number;
  which?: 'largest' | 'smallest' | 'both';
  /** Lanczos steps (HVPs) at most (default 20). */
  steps?: number;
  /** Residual tolerance relative to the spectrum's scale (default 1e-6). */
  tol?: number;
  seed?: number;
  /** Start vector (e.g. the previous top eigenvector). */
  v0?: Float64Array;
}

export interface HessianEigenResult {
  /** Eigenvalue estimates, descending for 'largest', ascending for 'smallest' ('both': ascending). */
  values: number[];
  vectors: Float64Array[];
  residuals: number[];
  matvecs: number;
}

/**
 * Extreme Hessian eigenpairs at θ by Lanczos on the HVP.
 *
 * @example
 * ```ts
 * import { dynamics, nn } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 20 });
 * const model = new nn.MLP([1, 16, 1], { hidden: 'tanh', seed: 0 });
 * const L = dynamics.flatLoss(model, data, 'mse');
 * const lambdaMax = dynamics.hessianEigen(L.hvp, L.theta0()).values[0]!;
 * console.log(`sharpness ${lambdaMax}; GD with η is linearly stable here iff η < ${2 / lambdaMax}`);
 * ```
 */
export function hessianEigen(hvp: HvpFn, theta: Float64Array, options: HessianEigenOptions = {}): HessianEigenResult {
  const fn = 'hessianEigen';
  checkVector(fn, 'theta', theta);
  const n = theta.length;
  const { k = 1, which = 'largest', steps = 20, tol = 1e-6, seed = 0, v0 } = options;
  checkInteger(fn, 'k', k, 1, n);
  checkInteger(fn, 'steps', steps, 1);
  if (v0) checkVector(fn, 'v0', v0, n);
  const r = lanczos((v) => hvp(theta, v), n, { k, which, steps: Math.min(steps, n), tol, seed, v0 });
  const idx = Array.from(r.values.keys());
  if (which === 'largest') idx.reverse();
  return {
    values: idx.map((i) => r.values[i]!),
    vectors: idx.map((i) => r.vectors[i]!),
    residuals: idx.map((i) => r.residuals[i]!),
    matvecs: r.matvecs,
  };
}

export interface SharpnessSample {
  step: number;
  /** Top-k eigenvalues, descending: values[0] is the sharpness. */
  values: number[];
  matvecs: number;
}

export interface SharpnessTrackerOptions {
  /** Top-k eigenvalues per measurement (default 1). */
  k?: number;
  /** Lanczos steps per measurement at most (default 20). */
  steps?: number;
  tol?: number;
  /** Measure every this many steps (used by `callback`, default 10). */
  every?: number;
  seed?: number;
}

/**
 * Repeated sharpness measurements along a trajectory, each warm-started from the previous top eigenvector.
 *
 * @example
 * ```ts
 * import { dynamics, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 20 });
 * const model = new nn.MLP([1, 16, 1], { hidden: 'tanh', seed: 0 });
 * const tracker = new dynamics.SharpnessTracker(dynamics.flatLoss(model, data, 'mse').hvp, { every: 50 });
 * nn.train(model, data, { loss: 'mse', optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), steps: 200, callbacks: tracker.callback(model) });
 * console.log(tracker.samples.map((s) => [s.step, s.values[0]])); // λ_max at steps 50, 100, 150, 200
 * ```
 */
export class SharpnessTracker {
  readonly samples: SharpnessSample[] = [];
  private previous: Float64Array | null = null;
  private readonly opts: Required<SharpnessTrackerOptions>;

  constructor(private readonly hvp: HvpFn, options: SharpnessTrackerOptions = {}) {
    this.opts = { k: 1, steps: 20, tol: 1e-6, every: 10, seed: 0, ...options };
    checkInteger('SharpnessTracker', 'every', this.opts.every, 1);
  }

  /** The top eigenvector of the last measurement (null before the first). */
  get topVector(): Float64Array | null {
    return this.previous;
  }

  /** Measure at θ (recorded as `step`); returns the sample. */
  measure(step: number, theta: Float64Array): SharpnessSample {
    const r = hessianEigen(this.hvp, theta, {
      k: this.opts.k,
      steps: this.opts.steps,
      tol: this.opts.tol,
      seed: this.opts.seed,
      v0: this.previous ?? undefined,
    });
    this.previous = r.vectors[0]!;
    const sample = { step, values: r.values, matvecs: r.matvecs };
    this.samples.push(sample);
    return sample;
  }

  /**
   * A callback for src/nn's `train`: every `every` steps, the sharpness at
   * the model's current parameters θ_{t+1} (recorded as step t + 1).
   * `hvp` must evaluate the same loss the model trains on (see flatLoss).
   */
  callback(model: Module): TrainCallback {
    const params = model.parameters();
    return (info) => {
      const step = info.step + 1;
      if (step % this.opts.every === 0) this.measure(step, flattenParams(params));
    };
  }
}
