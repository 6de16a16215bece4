/**
 * Lanczos with full reorthogonalization, matrix-free (Golub & Van Loan
 * §10.1; Parlett, "The Symmetric Eigenvalue Problem", ch. 13).
 *
 * From a unit q₀ the three-term recurrence
 *   β_j q_{j+1} = A q_j − α_j q_j − β_{j−1} q_{j−1},   α_j = q_jᵀ A q_j
 * builds an orthonormal basis Q_m of the Krylov space K_m(A, q₀) in which
 * A is the tridiagonal T_m = Q_mᵀ A Q_m. In floating point the q_j lose
 * orthogonality as soon as a Ritz value converges (Paige 1971), producing
 * spurious copies of it; we therefore orthogonalize every new vector against
 * all previous ones (classical Gram–Schmidt, twice). That costs O(m·n) per
 * step and m·n memory, negligible next to m expensive matvecs (Hessian-vector
 * products) for m in the tens to hundreds.
 *
 * Ritz pairs: T_m = S Θ Sᵀ gives θᵢ and yᵢ = Q_m sᵢ, with the exact residual
 *   ‖A yᵢ − θᵢ yᵢ‖ = β_m |e_mᵀ sᵢ|
 * (no extra matvec needed). Extreme eigenvalues converge first, at a rate
 * governed by the gap to the rest of the spectrum relative to its width
 * (Kaniel–Paige–Saad bounds), typically far faster than power iteration.
 *
 * Breakdown: β_j ≈ 0 means K_j is an invariant subspace and its Ritz values
 * are exact eigenvalues. We then either continue from a fresh random vector
 * orthogonal to Q_j (T becomes block diagonal; needed to find eigenvalues
 * outside that subspace) or stop, as SLQ wants. A single start vector
 * sees each eigenvalue once per Krylov block, so repeated eigenvalues are
 * found only through such restarts: with a tolerance, `lanczos` may stop as
 * soon as the first block's (exact) Ritz values meet it; pass `tol: 0` to
 * spend all `steps` when multiplicities matter.
 */
import { Rng } from '../tensor/rng.js';
import { tridiagonalEigen } from './tridiagonal.js';
import { norm, orthogonalizeAgainst, randomUnitVector, startVector, type MatVec } from './vector.js';
import { checkInteger, checkNonNegativeNumber, checkPositiveInteger } from '../tensor/validate.js';
import { applyChecked } from './vector.js';

/** β below this fraction of ‖T‖ (estimated) is treated as an invariant subspace. */
const BREAKDOWN_RELATIVE_TOL = 1e-12;

export interface LanczosTridiagonal {
  /** Diagonal α of T (length m = Krylov dimension reached). */
  alpha: Float64Array;
  /** Off-diagonal β (length m); beta[m−1] couples to the next, unbuilt, vector (residual norm). */
  beta: Float64Array;
  /** Orthonormal basis q₀ … q_{m−1}. */
  basis: Float64Array[];
  matvecs: number;
  /** Number of invariant-subspace breakdowns that were restarted. */
  restarts: number;
}

interface LanczosRecurrenceOptions {
  /** 'restart' continues from a random orthogonal vector, 'stop' ends the run. */
  onBreakdown: 'restart' | 'stop';
  rng: Rng;
  /** Called after step j (T is (j+1)×(j+1)); return true to stop early. */
  shouldStop?: (alpha: Float64Array, beta: Float64Array, dim: number) => boolean;
}

/**
 * Run at most `steps` Lanczos steps from unit vector `q0` with full
 * reorthogonalization. Used by {@link lanczos} and by SLQ.
 */
export function lanczosRecurrence(
  fn: string,
  matvec: MatVec,
  q0: Float64Array,
  steps: number,
  { onBreakdown, rng, shouldStop }: LanczosRecurrenceOptions,
): LanczosTridiagonal {
  const n = q0.length;
  const alpha = new Float64Array(steps);
  const beta = new Float64Array(steps);
  const basis: Float64Array[] = [q0];
  let matvecs = 0;
  let restarts = 0;
  let normEstimate = 0;
  let dim = 0;
  for (let j = 0; j < steps; j++) {
    const q = basis[j];
    const w = applyChecked(fn, matvec, q);
    matvecs++;
    let a = 0;
    for (let i = 0; i < n; i++) a += q[i] * w[i];
    alpha[j] = a;
    const prev = j > 0 ? basis[j - 1] : null;
    const bPrev = j > 0 ? beta[j - 1] : 0;
    for (let i = 0; i < n; i++) w[i] -= a * q[i] + (prev ? bPrev * prev[i] : 0);
    orthogonalizeAgainst(w, basis);
    const b = norm(w);
    if (!Number.isFinite(b) || !Number.isFinite(a)) {
      throw new Error(`${fn}: matvec produced non-finite values at Lanczos step ${j}`);
    }
    normEstimate = Math.max(normEstimate, Math.abs(a) + b + bPrev);
    dim = j + 1;
    beta[j] = b;
    const brokeDown = b <= BREAKDOWN_RELATIVE_TOL * normEstimate;
    if (brokeDown) beta[j] = 0;
    if (dim === steps || (shouldStop && shouldStop(alpha, beta, dim))) break;
    if (brokeDown) {
      if (onBreakdown === 'stop') break;
      // K_dim is invariant: continue in its orthogonal complement (if any is left).
      const fresh = orthogonalizeAgainst(randomUnitVector(n, rng), basis);
      const r = norm(fresh);
      if (r < 1e-8) break;
      for (let i = 0; i < n; i++) fresh[i] /= r;
      basis.push(fresh);
      restarts++;
    } else {
      for (let i = 0; i < n; i++) w[i] /= b;
      basis.push(w);
    }
  }
  return { alpha: alpha.slice(0, dim), beta: beta.slice(0, dim), basis: basis.slice(0, dim), matvecs, restarts };
}

export interface LanczosOptions {
  /** Number of eigenpairs wanted at each requested end (default 1). */
  k?: number;
  /** Which end of the spectrum (default 'largest'); 'both' returns k from each end. */
  which?: 'largest' | 'smallest' | 'both';
  /** Maximum Krylov dimension = maximum matvecs (default min(n, max(30, 4·wanted))). */
  steps?: number;
  /**
   * Stop early once every wanted Ritz pair has residual
   * ‖Ay − θy‖ ≤ tol·max|θ| (default 1e-8); 0 runs all `steps`.
   */
  tol?: number;
  /** Seed of the random start vector (default 0); ignored if `rng` or `v0` is given. */
  seed?: number;
  rng?: Rng;
  /** Start vector (normalized internally). */
  v0?: Float64Array;
}

export interface LanczosResult {
  /** Ritz values, ascending (SciPy eigsh order): for 'largest' the last is the top eigenvalue. */
  values: Float64Array;
  /** Unit Ritz vectors, vectors[i] belongs to values[i]. */
  vectors: Float64Array[];
  /** Residual norms ‖A yᵢ − θᵢ yᵢ‖ = β_m |e_mᵀ sᵢ|. */
  residuals: Float64Array;
  /** Number of matvecs performed (= Krylov dimension reached). */
  matvecs: number;
  /** True if every returned pair meets the tolerance. */
  converged: boolean;
  /** Invariant-subspace breakdowns that were restarted. */
  restarts: number;
}

/** Indices (into ascending Ritz values of a dim×dim T) of the wanted pairs. */
function wantedIndices(dim: number, k: number, which: 'largest' | 'smallest' | 'both'): number[] {
  const kk = Math.min(k, dim);
  const low = Array.from({ length: kk }, (_, i) => i);
  const high = Array.from({ length: kk }, (_, i) => dim - kk + i);
  if (which === 'smallest') return low;
  if (which === 'largest') return high;
  return [...new Set([...low, ...high])];
}

/** Residuals of the wanted Ritz pairs from the last components of T's eigenvectors. */
function ritzResiduals(alpha: Float64Array, beta: Float64Array, dim: number, wanted: number[]) {
  const last = new Float64Array(dim);
  last[dim - 1] = 1;
  const { values, rows } = tridiagonalEigen(alpha.subarray(0, dim), beta.subarray(0, dim), { data: last, m: 1 });
  const bLast = beta[dim - 1];
  const residuals = wanted.map((i) => Math.abs(bLast * rows![i]));
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  return { residuals, scale };
}

/**
 * The k largest and/or smallest eigenpairs of a symmetric operator given
 * only as a matvec, by Lanczos with full reorthogonalization.
 */
export function lanczos(matvec: MatVec, n: number, options: LanczosOptions = {}): LanczosResult {
  const fn = 'lanczos';
  checkPositiveInteger(fn, 'n', n);
  const { k = 1, which = 'largest', tol = 1e-8, seed = 0 } = options;
  checkInteger(fn, 'k', k, 1, n);
  if (which !== 'largest' && which !== 'smallest' && which !== 'both') {
    throw new Error(`${fn}: which must be 'largest', 'smallest' or 'both', got ${String(which)}`);
  }
  const wantedCount = which === 'both' ? Math.min(2 * k, n) : k;
  const steps = options.steps ?? Math.min(n, Math.max(30, 4 * wantedCount));
  checkInteger(fn, 'steps', steps, wantedCount, n);
  checkNonNegativeNumber(fn, 'tol', tol);
  const rng = options.rng ?? new Rng(seed);
  const q0 = startVector(fn, options.v0, n, rng);

  const isConverged = (alpha: Float64Array, beta: Float64Array, dim: number): boolean => {
    if (tol === 0 || dim < wantedCount) return false;
    // The check costs O(dim²); beyond 64 steps do it every 8th step only.
    if (dim > 64 && dim % 8 !== 0) return false;
    const { residuals, scale } = ritzResiduals(alpha, beta, dim, wantedIndices(dim, k, which));
    return residuals.every((r) => r <= tol * scale);
  };
  const run = lanczosRecurrence(fn, matvec, q0, steps, { onBreakdown: 'restart', rng, shouldStop: isConverged });

  const dim = run.alpha.length;
  const identity = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) identity[i * dim + i] = 1;
  const eig = tridiagonalEigen(run.alpha, run.beta, { data: identity, m: dim });
  const s = eig.rows!; // row i = eigenvector sᵢ of T
  const wanted = wantedIndices(dim, k, which);
  const bLast = run.beta[dim - 1];
  let scale = 0;
  for (const v of eig.values) scale = Math.max(scale, Math.abs(v));
  const values = new Float64Array(wanted.length);
  const residuals = new Float64Array(wanted.length);
  const vectors = wanted.map((idx, out) => {
    values[out] = eig.values[idx];
    residuals[out] = Math.abs(bLast * s[idx * dim + dim - 1]);
    const y = new Float64Array(n);
    for (let l = 0; l < dim; l++) {
      const c = s[idx * dim + l];
      const q = run.basis[l];
      for (let i = 0; i < n; i++) y[i] += c * q[i];
    }
    const r = norm(y);
    for (let i = 0; i < n; i++) y[i] /= r;
    return y;
  });
  const converged = residuals.every((r) => r <= tol * scale);
  return { values, vectors, residuals, matvecs: run.matvecs, converged, restarts: run.restarts };
}
