/**
 * Stochastic Lanczos quadrature (SLQ) for the spectral density of a
 * symmetric operator (Ubaru, Chen & Saad 2017, "Fast estimation of
 * tr(f(A)) via stochastic Lanczos quadrature"; Ghorbani, Krishnan & Xiao
 * 2019, "An investigation into neural net optimization via Hessian
 * eigenvalue density"; Lin, Saad & Yang 2016 for the density view).
 *
 * The empirical spectral density φ(t) = (1/n) Σᵢ δ(t − λᵢ) satisfies
 * ∫ f dφ = tr f(A) / n. For a unit probe v = z/√n with Rademacher z,
 *   E[vᵀ f(A) v] = tr f(A) / n,
 * and vᵀ f(A) v = Σᵢ (uᵢᵀv)² f(λᵢ) is an integral against a discrete
 * measure. Running m Lanczos steps from v gives T_m = S Θ Sᵀ, and the
 * m-point Gauss quadrature rule of that measure has nodes θⱼ (the Ritz
 * values) and weights τⱼ² = (e₁ᵀ sⱼ)²; it is exact for polynomials of
 * degree ≤ 2m − 1. Averaging over `probes` independent probes gives
 *   φ ≈ Σ_l Σⱼ (τ_{l,j}² / probes) δ(t − θ_{l,j}),
 * whose weights sum to 1. Its moments Σ wⱼ θⱼ^p (p ≤ 2m − 1) are exactly
 * Hutchinson estimates of tr(A^p)/n, so their error is the Hutchinson
 * standard error, shrinking like 1/√(probes·n) for Rademacher probes.
 *
 * Cost: probes × steps matvecs. Lanczos uses full reorthogonalization (as
 * Ghorbani et al.), and stops at an invariant subspace, where the
 * quadrature is already exact.
 */
import { Rng } from '../tensor/rng.js';
import { fillProbe } from './hutchinson.js';
import { lanczosRecurrence } from './lanczos.js';
import { tridiagonalEigen } from './tridiagonal.js';
import type { MatVec } from './vector.js';
import { checkInteger, checkPositiveInteger, checkPositiveNumber } from '../tensor/validate.js';

export interface SlqOptions {
  /** Number of random probes (default 10). */
  probes?: number;
  /** Lanczos steps per probe (default min(n, 80)). */
  steps?: number;
  /** Seed (default 0); ignored if `rng` is given. */
  seed?: number;
  rng?: Rng;
}

export interface SlqResult {
  /** Quadrature nodes (Ritz values of all probes), probe by probe, ascending within a probe. */
  nodes: Float64Array;
  /** Weights, same length as nodes, nonnegative and summing to 1. */
  weights: Float64Array;
  /** Matvecs performed in total. */
  matvecs: number;
}

export function slq(matvec: MatVec, n: number, options: SlqOptions = {}): SlqResult {
  const fn = 'slq';
  checkPositiveInteger(fn, 'n', n);
  const { probes = 10, seed = 0 } = options;
  const steps = options.steps ?? Math.min(n, 80);
  checkInteger(fn, 'probes', probes, 1, Number.MAX_SAFE_INTEGER);
  checkInteger(fn, 'steps', steps, 1, n);
  const rng = options.rng ?? new Rng(seed);
  const nodes: number[] = [];
  const weights: number[] = [];
  let matvecs = 0;
  const invSqrtN = 1 / Math.sqrt(n);
  for (let p = 0; p < probes; p++) {
    const v = fillProbe(new Float64Array(n), rng, 'rademacher');
    for (let i = 0; i < n; i++) v[i] *= invSqrtN;
    const run = lanczosRecurrence(fn, matvec, v, steps, { onBreakdown: 'stop', rng });
    matvecs += run.matvecs;
    const dim = run.alpha.length;
    const first = new Float64Array(dim);
    first[0] = 1;
    const { values, rows } = tridiagonalEigen(run.alpha, run.beta, { data: first, m: 1 });
    // Σⱼ (e₁ᵀsⱼ)² = 1 up to rounding; renormalize so the weights sum to 1 exactly per probe.
    let total = 0;
    for (let j = 0; j < dim; j++) total += rows![j] * rows![j];
    for (let j = 0; j < dim; j++) {
      nodes.push(values[j]);
      weights.push((rows![j] * rows![j]) / total / probes);
    }
  }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights), matvecs };
}

/**
 * The SLQ density smoothed by a Gaussian kernel of width `sigma`,
 *   φ_σ(t) = Σⱼ wⱼ exp(−(t − θⱼ)² / 2σ²) / (σ√(2π)),
 * evaluated at every point of `grid`. It integrates to 1 over ℝ; choose σ
 * a little wider than the typical spacing of the nodes.
 */
export function spectralDensity(result: SlqResult, grid: Float64Array, sigma: number): Float64Array {
  checkPositiveNumber('spectralDensity', 'sigma', sigma);
  const { nodes, weights } = result;
  if (nodes.length !== weights.length) {
    throw new Error(`spectralDensity: result.nodes and result.weights must have the same length, got ${nodes.length} and ${weights.length}`);
  }
  const out = new Float64Array(grid.length);
  const norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
  const inv2s2 = 1 / (2 * sigma * sigma);
  for (let g = 0; g < grid.length; g++) {
    const t = grid[g];
    let acc = 0;
    for (let j = 0; j < nodes.length; j++) {
      const d = t - nodes[j];
      acc += weights[j] * Math.exp(-d * d * inv2s2);
    }
    out[g] = acc * norm;
  }
  return out;
}
