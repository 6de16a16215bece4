/**
 * Low-dimensional slices of a loss L: ℝⁿ → ℝ given on flat parameter vectors.
 *
 *   1-D:  α ↦ L(θ₀ + α d),                  α ∈ [a, b]
 *   interpolation: α ↦ L((1 − α) θ_A + α θ_B) = L(θ_A + α(θ_B − θ_A))
 *         (Goodfellow, Vinyals & Saxe 2015, "Qualitatively characterizing
 *         neural network optimization problems")
 *   2-D:  (α, β) ↦ L(θ₀ + α d₁ + β d₂) on a regular grid
 *         (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"),
 *         or as a differentiable `Surface` (planeSurface, below) for the
 *         surface tools.
 *
 * Evaluations run under noGrad (no autograd graph is recorded). A
 * `batchLossFn` evaluates many parameter vectors per call (e.g. one batched
 * matmul per layer for all of them, see mlpLoss.ts), which amortizes the
 * per-op overhead; without it `lossFn` is called once per point with a
 * reused buffer (copy it if you keep it).
 */
import { noGrad, stack, tensor, type Objective, type Tensor } from '../autograd/index.js';
import { checkRange, linspaceArray, makeGrid, type Grid2D } from './grid.js';
import { coordinates, type Surface } from './surface.js';
import { checkInteger, checkVector } from '../tensor/validate.js';

/** Loss at one flat parameter vector. */
export type LossFn = (theta: Float64Array) => number;
/** What the slices take: an Objective (its value is used) or a plain loss of a flat vector. */
type SliceLoss = Objective | LossFn;

function valueOf(fn: string, loss: SliceLoss): LossFn {
  if (typeof loss === 'function') return loss;
  if (loss && typeof loss.value === 'function') return (theta) => loss.value(theta);
  throw new Error(`${fn}: loss must be an Objective or a function (theta: Float64Array) => number`);
}
/** Losses at `count` parameter vectors stored row-major in `thetas` (count × n). */
export type BatchLossFn = (thetas: Float64Array, count: number) => Float64Array;

export interface EvaluationCost {
  evaluations: number;
  seconds: number;
  evaluationsPerSecond: number;
}

export interface EvaluationOptions {
  /** Batched evaluation path; used instead of lossFn when given. */
  batchLossFn?: BatchLossFn;
  /** Parameter vectors per batchLossFn call (default 256). */
  batchSize?: number;
}

export interface LineSlice {
  alphas: Float64Array;
  values: Float64Array;
  cost: EvaluationCost;
}

export interface PlaneSlice {
  grid: Grid2D;
  /** L at grid point k = j·nx + i, i.e. at θ₀ + xs[i] d₁ + ys[j] d₂. */
  values: Float64Array;
  cost: EvaluationCost;
}

/**
 * Evaluate L(θ₀ + Σₘ cₘ[k] dₘ) for k = 0 … count−1, where `coefs[m][k]` are
 * the coordinates along direction m.
 */
export function evaluateAffine(
  fn: string,
  lossFn: LossFn,
  theta0: Float64Array,
  directions: Float64Array[],
  coefs: Float64Array[],
  { batchLossFn, batchSize = 256 }: EvaluationOptions = {},
): { values: Float64Array; cost: EvaluationCost } {
  const n = theta0.length;
  if (n === 0) throw new Error(`${fn}: theta0 must not be empty`);
  directions.forEach((d, m) => checkVector(fn, `direction ${m + 1}`, d, n));
  checkInteger(fn, 'batchSize', batchSize, 1, 1_000_000);
  const count = coefs[0].length;
  const values = new Float64Array(count);
  const fill = (out: Float64Array, offset: number, k: number) => {
    for (let i = 0; i < n; i++) out[offset + i] = theta0[i];
    for (let m = 0; m < directions.length; m++) {
      const c = coefs[m][k];
      if (c === 0) continue;
      const d = directions[m];
      for (let i = 0; i < n; i++) out[offset + i] += c * d[i];
    }
  };
  const t0 = performance.now();
  noGrad(() => {
    if (batchLossFn) {
      const buffer = new Float64Array(Math.min(batchSize, count) * n);
      for (let start = 0; start < count; start += batchSize) {
        const b = Math.min(batchSize, count - start);
        for (let r = 0; r < b; r++) fill(buffer, r * n, start + r);
        const out = batchLossFn(b === batchSize ? buffer : buffer.subarray(0, b * n), b);
        if (out.length !== b) throw new Error(`${fn}: batchLossFn returned ${out.length} values for ${b} parameter vectors`);
        values.set(out, start);
      }
    } else {
      const theta = new Float64Array(n);
      for (let k = 0; k < count; k++) {
        fill(theta, 0, k);
        values[k] = lossFn(theta);
      }
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  return { values, cost: { evaluations: count, seconds, evaluationsPerSecond: seconds > 0 ? count / seconds : Infinity } };
}

export interface LineSliceOptions extends EvaluationOptions {
  /** [a, b] range of α (default [−1, 1]). */
  range?: [number, number];
  /** Number of α values, ≥ 2 (default 51). */
  num?: number;
}

/**
 * α ↦ L(θ₀ + α d) at `num` equally spaced α in `range`.
 *
 * @example
 * ```ts
 * import { binaryCrossEntropyWithLogits, landscape, nn, optim } from 'learning-dynamics';
 *
 * const model = new nn.MLP([2, 8, 1], { hidden: 'tanh', seed: 0 });
 * const L = optim.moduleObjective(model, nn.twoMoons({ n: 50 }), binaryCrossEntropyWithLogits);
 * const theta = L.theta0();
 * const d = landscape.filterNormalizedDirection(theta, model.parameters().map((p) => p.shape), { seed: 1 });
 * const slice = landscape.lineSlice(L, theta, d, { range: [-1, 1], num: 11 });
 * console.log(Array.from(slice.values)); // L along the line, L(θ) in the middle
 * ```
 */
export function lineSlice(loss: SliceLoss, theta0: Float64Array, direction: Float64Array, options: LineSliceOptions = {}): LineSlice {
  const fn = 'lineSlice';
  const { range = [-1, 1], num = 51, ...evalOptions } = options;
  checkRange(fn, 'range', range);
  checkInteger(fn, 'num', num, 2, 1e7);
  checkVector(fn, 'theta0', theta0, theta0.length);
  const alphas = linspaceArray(range[0], range[1], num);
  const { values, cost } = evaluateAffine(fn, valueOf(fn, loss), theta0, [direction], [alphas], evalOptions);
  return { alphas, values, cost };
}

/**
 * α ↦ L((1 − α) θ_A + α θ_B): α = 0 is θ_A, α = 1 is θ_B; a range beyond
 * [0, 1] (default [−0.5, 1.5]) extrapolates past both ends.
 */
export function interpolationSlice(loss: SliceLoss, thetaA: Float64Array, thetaB: Float64Array, options: LineSliceOptions = {}): LineSlice {
  checkVector('interpolationSlice', 'thetaB', thetaB, thetaA.length);
  const direction = new Float64Array(thetaA.length);
  for (let i = 0; i < direction.length; i++) direction[i] = thetaB[i] - thetaA[i];
  return lineSlice(loss, thetaA, direction, { range: [-0.5, 1.5], ...options });
}

export interface PlaneSliceOptions extends EvaluationOptions {
  /** Range of the d₁ coordinate (default [−1, 1]). */
  xRange?: [number, number];
  /** Range of the d₂ coordinate (default xRange). */
  yRange?: [number, number];
  nx?: number;
  ny?: number;
}

/**
 * (α, β) ↦ L(θ₀ + α d₁ + β d₂) on an nx × ny grid (default 51 × 51 over [−1, 1]²).
 *
 * @example
 * ```ts
 * import { landscape } from 'learning-dynamics';
 *
 * // A 2-parameter "loss" sliced along the coordinate axes: values[j·nx + i] = L at (xs[i], ys[j]).
 * const L = (theta: Float64Array) => theta[0]! ** 2 + 10 * theta[1]! ** 2;
 * const plane = landscape.planeSlice(L, new Float64Array(2), Float64Array.of(1, 0), Float64Array.of(0, 1), { nx: 5 });
 * console.log(plane.grid.xs, plane.values);
 * ```
 */
export function planeSlice(loss: SliceLoss, theta0: Float64Array, d1: Float64Array, d2: Float64Array, options: PlaneSliceOptions = {}): PlaneSlice {
  const fn = 'planeSlice';
  const { xRange = [-1, 1], yRange = xRange, nx = 51, ny = nx, ...evalOptions } = options;
  const grid = makeGrid(fn, { xRange, yRange, nx, ny });
  const count = nx * ny;
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      a[j * nx + i] = grid.xs[i];
      b[j * nx + i] = grid.ys[j];
    }
  }
  const { values, cost } = evaluateAffine(fn, valueOf(fn, loss), theta0, [d1, d2], [a, b], evalOptions);
  return { grid, values, cost };
}

/**
 * A 2-D slice of a high-dimensional loss as a `Surface`:
 *   f(α, β) = L(θ₀ + α d₁ + β d₂),
 * differentiable through the autodiff, so that every surface tool (gradient
 * and Hessian fields, critical points, basins, optimizer trajectories)
 * applies to slices of networks too. By the chain rule
 *   ∇f = (d₁ᵀ∇L, d₂ᵀ∇L),   ∇²f = [dᵢᵀ ∇²L dⱼ]ᵢⱼ,
 * the projected gradient and the Hessian restricted to the plane.
 */
export interface PlaneSurfaceOptions {
  /** The loss of the flat parameters (its differentiable `loss` is sliced). */
  objective: Objective;
  /** Optional batched loss [B, n] → [B] (e.g. MlpLoss.lossTensorBatch); rows are otherwise evaluated one by one. */
  lossBatch?: (thetas: Tensor) => Tensor;
  theta0: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
  /** Plotting domain in (α, β) (default [−1, 1]²). */
  domain?: { x: [number, number]; y: [number, number] };
  id?: string;
  name?: string;
}

/** The plane θ₀ + α d₁ + β d₂ through a loss, as a Surface (no known critical points: find them with findCriticalPoints). */
export function planeSurface({ objective, lossBatch, theta0, d1, d2, domain = { x: [-1, 1], y: [-1, 1] }, id = 'plane', name = 'loss on a plane' }: PlaneSurfaceOptions): Surface {
  if (!objective || typeof objective.loss !== 'function') throw new Error('planeSurface: objective must be an Objective (objective(loss, n), moduleObjective or mlpLoss(...).objective)');
  const loss = objective.loss;
  const n = theta0.length;
  if (n === 0) throw new Error('planeSurface: theta0 must not be empty');
  if (d1.length !== n || d2.length !== n) throw new Error(`planeSurface: d1 and d2 must have the length of theta0 (${n}), got ${d1.length} and ${d2.length}`);
  const base = tensor(Float64Array.from(theta0));
  // D = [d₁; d₂] (2 × n): θ(xy) = θ₀ + xy·D for xy of shape [2] or [N, 2].
  const D = tensor(Float64Array.from([...d1, ...d2]), { shape: [2, n] });
  return {
    id,
    name,
    f: (xy: Tensor) => {
      coordinates(xy, 'planeSurface.f');
      const thetas = base.add(xy.matmul(D));
      if (xy.ndim === 1) return loss(thetas);
      if (lossBatch) return lossBatch(thetas);
      return stack(Array.from({ length: xy.shape[0] }, (_, i) => loss(thetas.select(0, i))), 0);
    },
    domain,
    minima: [],
    note: 'L(θ₀ + α d₁ + β d₂): gradient and Hessian are the projections of ∇L and ∇²L onto the plane.',
  };
}
