/**
 * Power iteration for the eigenvalue of largest magnitude of a symmetric
 * operator, matrix-free.
 *
 * v_{k+1} = B v_k / ‖B v_k‖ with B = A − σI. For symmetric B the angle
 * between v_k and the dominant eigenvector shrinks like |μ₂/μ₁|^k, where
 * μ₁, μ₂ are the two eigenvalues of B of largest magnitude, and the Rayleigh
 * quotient μ = vᵀBv converges twice as fast. One matvec per iteration.
 *
 * Stopping rule: the residual r = ‖Bv − μv‖ ≤ tol·|μ|. For symmetric B it
 * bounds the eigenvalue error by r (Weyl) and by r²/gap once v is close
 * (Kato–Temple), so the returned value is usually far more accurate than tol.
 *
 * Finding the most negative eigenvalue (e.g. the direction of steepest
 * negative curvature of a Hessian): the eigenvalues of A − σI are λᵢ − σ,
 * so any shift σ > (λ_max + λ_min)/2 makes λ_min − σ the one of largest
 * magnitude. A safe recipe is two runs:
 *   const top = powerIteration(hvp, n);                     // λ of largest |λ|
 *   const low = powerIteration(hvp, n, { shift: Math.abs(top.value) });
 *   low.value                                               // ≈ λ_min of A
 * (σ = ρ(A) ≥ λ_max works because then every λᵢ − σ ≤ 0.) The returned
 * `value` is always an eigenvalue of A, not of A − σI. Convergence is then
 * governed by (λ_next − σ)/(λ_min − σ), which is slow when λ_min is close to
 * its neighbours relative to ρ(A); Lanczos (`which: 'smallest'`) converges
 * much faster for the same matvec budget.
 *
 * If two eigenvalues of B share the largest magnitude with opposite signs
 * (μ and −μ), the iteration oscillates and `converged` stays false.
 */
import { Rng } from '../tensor/rng.js';
import { norm, startVector, type MatVec } from './vector.js';
import { checkFiniteNumber, checkInteger, checkPositiveInteger, checkPositiveNumber } from '../tensor/validate.js';
import { applyChecked } from './vector.js';

export interface PowerIterationOptions {
  /** Maximum number of matvecs (default 1000). */
  maxIter?: number;
  /** Relative residual tolerance ‖Bv − μv‖ ≤ tol·|μ| (default 1e-10). */
  tol?: number;
  /** Seed of the random start vector (default 0); ignored if `rng` or `v0` is given. */
  seed?: number;
  rng?: Rng;
  /** Start vector (normalized internally). */
  v0?: Float64Array;
  /** σ: iterate with A − σI (default 0). */
  shift?: number;
}

export interface PowerIterationResult {
  /** Eigenvalue estimate of A (the shift is added back). */
  value: number;
  /** Unit eigenvector estimate. */
  vector: Float64Array;
  /** Number of matvecs performed. */
  iterations: number;
  converged: boolean;
  /** Final residual ‖Av − value·v‖. */
  residual: number;
}

export function powerIteration(matvec: MatVec, n: number, options: PowerIterationOptions = {}): PowerIterationResult {
  const fn = 'powerIteration';
  checkPositiveInteger(fn, 'n', n);
  const { maxIter = 1000, tol = 1e-10, seed = 0, shift = 0 } = options;
  checkInteger(fn, 'maxIter', maxIter, 1, Number.MAX_SAFE_INTEGER);
  checkPositiveNumber(fn, 'tol', tol);
  checkFiniteNumber(fn, 'shift', shift);
  let v = startVector(fn, options.v0, n, options.rng ?? new Rng(seed));
  let mu = 0;
  let residual = Infinity;
  for (let it = 1; it <= maxIter; it++) {
    const w = applyChecked(fn, matvec, v);
    if (shift !== 0) for (let i = 0; i < n; i++) w[i] -= shift * v[i];
    let vw = 0;
    for (let i = 0; i < n; i++) vw += v[i] * w[i];
    mu = vw;
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      const d = w[i] - mu * v[i];
      r2 += d * d;
    }
    residual = Math.sqrt(r2);
    if (!Number.isFinite(residual)) throw new Error(`${fn}: matvec produced non-finite values at iteration ${it}`);
    // Bv = 0 exactly gives μ = 0 and residual 0: accepted (v is an eigenvector for σ).
    if (residual <= tol * Math.abs(mu)) {
      return { value: mu + shift, vector: v, iterations: it, converged: true, residual };
    }
    if (it === maxIter) break;
    const wNorm = norm(w);
    for (let i = 0; i < n; i++) w[i] /= wNorm;
    v = w;
  }
  return { value: mu + shift, vector: v, iterations: maxIter, converged: false, residual };
}
