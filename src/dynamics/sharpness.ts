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
import type { Objective } from '../autograd/index.js';
import { hutchinson, lanczos, slq, type HutchinsonOptions, type HutchinsonResult, type SlqOptions, type SlqResult } from '../linalg/index.js';
import type { Module, TrainCallback } from '../nn/index.js';
import { flattenParams } from '../optim/index.js';
import { checkInteger, checkVector } from '../tensor/validate.js';

function checkObjective(fn: string, objective: Objective): void {
  if (!objective || typeof objective.hvp !== 'function') throw new Error(`${fn}: objective must be an Objective (objective(loss, n) or moduleObjective(model, data, loss))`);
}

/** θ as given, or the module objective's current parameters when omitted. */
function pointOf(fn: string, objective: Objective, theta: Float64Array | undefined): Float64Array {
  checkObjective(fn, objective);
  if (theta === undefined) {
    const theta0 = (objective as { theta0?: () => Float64Array }).theta0;
    if (typeof theta0 !== 'function') throw new Error(`${fn}: theta is required for an objective that is not a moduleObjective`);
    return theta0();
  }
  checkVector(fn, 'theta', theta, objective.n);
  return theta;
}

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
 * Extreme Hessian eigenpairs of the objective at θ by Lanczos on the HVP
 * (θ defaults to a moduleObjective's current parameters).
 *
 * @example
 * ```ts
 * import { dynamics, mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 20 });
 * const model = new nn.MLP([1, 16, 1], { hidden: 'tanh', seed: 0 });
 * const lambdaMax = dynamics.hessianEigen(optim.moduleObjective(model, data, mseLoss)).values[0]!;
 * console.log(`sharpness ${lambdaMax}; GD with η is linearly stable here iff η < ${2 / lambdaMax}`);
 * ```
 */
export function hessianEigen(objective: Objective, theta?: Float64Array, options: HessianEigenOptions = {}): HessianEigenResult {
  const fn = 'hessianEigen';
  theta = pointOf(fn, objective, theta);
  const n = theta.length;
  const at = theta;
  const { k = 1, which = 'largest', steps = 20, tol = 1e-6, seed = 0, v0 } = options;
  checkInteger(fn, 'k', k, 1, n);
  checkInteger(fn, 'steps', steps, 1);
  if (v0) checkVector(fn, 'v0', v0, n);
  const r = lanczos((v) => objective.hvp(at, v), n, { k, which, steps: Math.min(steps, n), tol, seed, v0 });
  const idx = Array.from(r.values.keys());
  if (which === 'largest') idx.reverse();
  return {
    values: idx.map((i) => r.values[i]!),
    vectors: idx.map((i) => r.vectors[i]!),
    residuals: idx.map((i) => r.residuals[i]!),
    matvecs: r.matvecs,
  };
}

/**
 * The sharpness λ_max(H) at θ (default: a moduleObjective's current
 * parameters), e.g. `sharpness(moduleObjective(model, data, mseLoss))`;
 * GD with step η is linearly stable along the top direction iff η < 2/λ_max.
 */
export function sharpness(objective: Objective, theta?: Float64Array, options: Omit<HessianEigenOptions, 'k' | 'which'> = {}): number {
  return hessianEigen(objective, theta, { ...options, k: 1, which: 'largest' }).values[0]!;
}

/** The Hessian's spectral density at θ by stochastic Lanczos quadrature (linalg's slq on the HVP). */
export function hessianSpectrum(objective: Objective, theta?: Float64Array, options: SlqOptions = {}): SlqResult {
  const at = pointOf('hessianSpectrum', objective, theta);
  return slq((v) => objective.hvp(at, v), objective.n, options);
}

/** tr(H) at θ by Hutchinson's estimator on the HVP. */
export function hessianTrace(objective: Objective, theta?: Float64Array, options: HutchinsonOptions = {}): HutchinsonResult {
  const at = pointOf('hessianTrace', objective, theta);
  return hutchinson((v) => objective.hvp(at, v), objective.n, options);
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
 * import { dynamics, mseLoss, nn, optim } from 'learning-dynamics';
 *
 * const data = nn.regression1d({ n: 20 });
 * const model = new nn.MLP([1, 16, 1], { hidden: 'tanh', seed: 0 });
 * const tracker = new dynamics.SharpnessTracker(optim.moduleObjective(model, data, mseLoss), { every: 50 });
 * nn.train(model, data, { loss: 'mse', optimizer: new optim.SGD(model.parameters(), { lr: 0.05 }), steps: 200, callbacks: tracker.callback(model) });
 * console.log(tracker.samples.map((s) => [s.step, s.values[0]])); // λ_max at steps 50, 100, 150, 200
 * ```
 */
export class SharpnessTracker {
  readonly samples: SharpnessSample[] = [];
  private previous: Float64Array | null = null;
  private readonly opts: Required<SharpnessTrackerOptions>;

  constructor(private readonly objective: Objective, options: SharpnessTrackerOptions = {}) {
    checkObjective('SharpnessTracker', objective);
    this.opts = { k: 1, steps: 20, tol: 1e-6, every: 10, seed: 0, ...options };
    checkInteger('SharpnessTracker', 'every', this.opts.every, 1);
  }

  /** The top eigenvector of the last measurement (null before the first). */
  get topVector(): Float64Array | null {
    return this.previous;
  }

  /** Measure at θ (recorded as `step`); returns the sample. */
  measure(step: number, theta: Float64Array): SharpnessSample {
    const r = hessianEigen(this.objective, theta, {
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
   * The objective must be the loss the model trains on (moduleObjective(model, data, loss)).
   */
  callback(model: Module): TrainCallback {
    const params = model.parameters();
    return (info) => {
      const step = info.step + 1;
      if (step % this.opts.every === 0) this.measure(step, flattenParams(params));
    };
  }
}
