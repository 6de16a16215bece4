/**
 * Directions for loss-landscape slices.
 *
 * Random Gaussian directions in high dimension are nearly orthogonal to
 * each other and to θ, but their scale is arbitrary relative to the
 * network's weights, which makes slices of different networks (or of
 * scale-invariant ones, e.g. with batch norm or ReLU rescaling)
 * incomparable. Li, Xu, Taylor, Studer & Goldstein (NeurIPS 2018,
 * "Visualizing the Loss Landscape of Neural Nets", §4) therefore rescale each
 * filter of the random direction to the norm of the matching filter of the
 * weights:
 *   d_{i,j} ← d_{i,j} · ‖θ_{i,j}‖ / ‖d_{i,j}‖,
 * where a filter j of layer i is one slice along the first axis of the
 * weight tensor: with torch's [out, in] layout, one row of a weight matrix
 * = the incoming weights of one neuron. 1-D parameters (biases, norm
 * scales) are set to zero ("ignore biasbn" in the paper's code) or, with
 * `ignoreBiases: false`, copied from the weights, as the reference code does.
 */
import type { Objective } from '../autograd/index.js';
import { lanczos } from '../linalg/index.js';
import { Rng } from '../tensor/index.js';
import { checkOneOf, checkPositiveInteger } from '../tensor/validate.js';

export interface RandomDirectionOptions {
  seed?: number;
  rng?: Rng;
}

/** A direction with i.i.d. N(0, 1) entries (seeded). */
export function randomDirection(n: number, { seed = 0, rng }: RandomDirectionOptions = {}): Float64Array {
  checkPositiveInteger('randomDirection', 'n', n);
  return (rng ?? new Rng(seed)).fillNormal(new Float64Array(n), 0, 1);
}

function sizeOfShape(fn: string, shape: readonly number[], index: number): number {
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${fn}: shapes[${index}] must be a non-empty list of positive integers, got ${JSON.stringify(shape)}`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

export interface FilterNormalizeOptions {
  /** Zero the 1-D parameters (default true); false copies them from the weights. */
  ignoreBiases?: boolean;
}

/**
 * Filter-normalize `direction` against `weights`, both flat vectors laid out
 * as the concatenation of parameters with the given `shapes` (in order, each
 * row-major). Returns a new vector. A filter whose direction part is zero
 * cannot be rescaled and raises an error; a filter of zero weights yields
 * zeros (its norm).
 */
export function filterNormalize(direction: Float64Array, weights: Float64Array, shapes: readonly (readonly number[])[], { ignoreBiases = true }: FilterNormalizeOptions = {}): Float64Array {
  const fn = 'filterNormalize';
  if (direction.length !== weights.length) {
    throw new Error(`${fn}: direction and weights must have the same length, got ${direction.length} and ${weights.length}`);
  }
  const total = shapes.reduce((acc, s, i) => acc + sizeOfShape(fn, s, i), 0);
  if (total !== weights.length) throw new Error(`${fn}: the shapes hold ${total} entries but the vectors have length ${weights.length}`);
  const out = new Float64Array(direction.length);
  let offset = 0;
  shapes.forEach((shape, p) => {
    const size = sizeOfShape(fn, shape, p);
    if (shape.length === 1) {
      if (!ignoreBiases) out.set(weights.subarray(offset, offset + size), offset);
    } else {
      const filters = shape[0];
      const fanIn = size / filters;
      for (let r = 0; r < filters; r++) {
        const start = offset + r * fanIn;
        let dd = 0;
        let ww = 0;
        for (let i = start; i < start + fanIn; i++) {
          dd += direction[i] * direction[i];
          ww += weights[i] * weights[i];
        }
        if (dd === 0) throw new Error(`${fn}: filter ${r} of parameter ${p} (shape [${shape.join(', ')}]) is zero in the direction and cannot be rescaled`);
        const scale = Math.sqrt(ww) / Math.sqrt(dd);
        for (let i = start; i < start + fanIn; i++) out[i] = direction[i] * scale;
      }
    }
    offset += size;
  });
  return out;
}

/** A seeded Gaussian direction, filter-normalized against `weights`. */
export function filterNormalizedDirection(
  weights: Float64Array,
  shapes: readonly (readonly number[])[],
  options: RandomDirectionOptions & FilterNormalizeOptions = {},
): Float64Array {
  return filterNormalize(randomDirection(weights.length, options), weights, shapes, options);
}

export interface HessianDirectionsOptions {
  /** Number of top eigenpairs (default 2). */
  k?: number;
  /** 'largest' (algebraically, the default) or 'magnitude' (largest |λ|, e.g. to catch a negative curvature). */
  which?: 'largest' | 'magnitude';
  seed?: number;
  /** Lanczos steps (default min(n, max(30, 8k))). */
  steps?: number;
  tol?: number;
}

export interface HessianDirections {
  /** Unit eigenvectors, in the order of `eigenvalues`. */
  directions: Float64Array[];
  /** Eigenvalues, by decreasing value (or |value| for which = 'magnitude'). */
  eigenvalues: number[];
  /** Hessian-vector products used. */
  hvps: number;
  converged: boolean;
}

/**
 * Top Hessian eigenvectors of the objective at θ by Lanczos (src/linalg) on exact
 * Hessian-vector products (autodiff, reverse-over-reverse): the directions
 * of sharpest curvature, as in Yao et al. 2020 (PyHessian).
 */
export function hessianDirections(objective: Objective, theta: Float64Array, options: HessianDirectionsOptions = {}): HessianDirections {
  const fn = 'hessianDirections';
  if (!objective || typeof objective.hvp !== 'function') throw new Error(`${fn}: objective must be an Objective (objective(loss, n), moduleObjective or mlpLoss(...).objective)`);
  const n = theta.length;
  if (n !== objective.n) throw new Error(`${fn}: theta has length ${n}, expected the objective's n = ${objective.n}`);
  const { k = 2, which = 'largest', seed = 0, tol = 1e-10 } = options;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`${fn}: k must be an integer in [1, ${n}], got ${k}`);
  checkOneOf(fn, 'which', which, ['largest', 'magnitude'] as const);
  const steps = options.steps ?? Math.min(n, Math.max(30, 8 * k));
  const point = Float64Array.from(theta);
  let hvps = 0;
  const matvec = (v: Float64Array): Float64Array => {
    hvps++;
    return objective.hvp(point, v);
  };
  const result = lanczos(matvec, n, { k, which: which === 'largest' ? 'largest' : 'both', seed, steps, tol });
  let pairs = Array.from(result.values, (value, i) => ({ value, vector: result.vectors[i] }));
  if (which === 'magnitude') pairs.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  else pairs.sort((a, b) => b.value - a.value);
  pairs = pairs.slice(0, k);
  return { directions: pairs.map((p) => p.vector), eigenvalues: pairs.map((p) => p.value), hvps, converged: result.converged };
}
