/**
 * Eigenvalues (and optionally eigenvector components) of a symmetric
 * tridiagonal matrix T by the implicit QL algorithm with Wilkinson shifts
 * (EISPACK imtql2; Golub & Van Loan, "Matrix Computations", §8.3).
 *
 * Each QL sweep works on an unreduced block T[l..m, l..m]: the shift μ is the
 * eigenvalue of the leading 2×2 block closest to d[l] (Wilkinson shift), and
 * the QL step for T − μI is chased implicitly by Givens rotations from the
 * bottom of the block up. Convergence is cubic for almost all matrices and
 * global for symmetric tridiagonals. An off-diagonal e[i] is set to zero once
 * |e[i]| ≤ ε·(|d[i]| + |d[i+1]|) (relative: keeps small eigenvalues of graded
 * matrices accurate) or |e[i]| ≤ ε·‖T‖ (normwise, the test LAPACK's dsteqr
 * family falls back on). Either perturbs T by at most ε‖T‖, so the computed
 * eigenvalues are exact for a matrix within n·ε‖T‖ of T. The normwise test is
 * needed for convergence: the rotations of a sweep through a block that holds
 * both ‖T‖-sized and tiny entries leave rounding errors of order ε‖T‖ in the
 * tiny ones, so an off-diagonal between two eigenvalues near zero stalls at
 * that level and never passes the relative test alone.
 *
 * Matrices whose largest entry lies outside [2⁻⁵⁰⁰, 2⁵⁰⁰] are first scaled by a
 * power of two (exact) into that range, as dsteqr does: otherwise the shift
 * (d[l+1] − d[l])/(2e[l]) overflows for entries near 1e308, and squares of
 * tiny entries underflow.
 *
 * The rotations can be applied to an arbitrary set of rows: `w` is an n×m
 * row-major array whose row i is rotated together with index i. With
 * w = I (m = n), row j of the result is the j-th eigenvector; with w = e₁
 * (m = 1) you get only the first components of every eigenvector (what
 * Gauss quadrature / SLQ needs); with w = eₙ (m = 1) only the last
 * components (what Lanczos residual estimates need). Cost: O(n²) for the
 * values plus O(n²·m) for the rotations.
 */

const EPS = Number.EPSILON;
const MAX_SWEEPS_PER_EIGENVALUE = 50;
/** Entries with magnitude in [2⁻⁵⁰⁰, 2⁵⁰⁰] can be squared, summed and divided without overflow or underflow. */
const SAFE_MAX = 2 ** 500;
const SAFE_MIN = 2 ** -500;

/** √(a² + b²) without destructive overflow or underflow. */
export function pythag(a: number, b: number): number {
  const absA = Math.abs(a);
  const absB = Math.abs(b);
  if (absA > absB) {
    const r = absB / absA;
    return absA * Math.sqrt(1 + r * r);
  }
  if (absB === 0) return 0;
  const r = absA / absB;
  return absB * Math.sqrt(1 + r * r);
}

export interface TridiagonalEigenResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** The rotated rows (n×m row-major), permuted to match `values`; null if not requested. */
  rows: Float64Array | null;
}

/**
 * Eigen-decomposition of the symmetric tridiagonal matrix with diagonal
 * `diag` (length n) and off-diagonal `offDiag` (length ≥ n − 1; entry i is
 * T[i][i+1]). Inputs are not modified. If `rows` (n×m row-major) is given, a
 * copy is rotated as described above and returned permuted so that row j
 * belongs to values[j].
 */
export function tridiagonalEigen(
  diag: Float64Array,
  offDiag: Float64Array,
  rows?: { data: Float64Array; m: number },
): TridiagonalEigenResult {
  const n = diag.length;
  if (n === 0) throw new Error('tridiagonalEigen: diag must have length ≥ 1, got 0');
  if (offDiag.length < n - 1) {
    throw new Error(`tridiagonalEigen: offDiag must have length ≥ n − 1 = ${n - 1}, got ${offDiag.length}`);
  }
  const m = rows ? rows.m : 0;
  if (rows && rows.data.length !== n * m) {
    throw new Error(`tridiagonalEigen: rows.data must have length n·m = ${n * m}, got ${rows.data.length}`);
  }
  const d = Float64Array.from(diag);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = offDiag[i];
  const w = rows ? Float64Array.from(rows.data) : null;
  implicitQL(d, e, w, m);
  return sortAscending(d, w, m);
}

/**
 * In-place implicit QL; on return d holds the (unsorted) eigenvalues.
 * `checkpoint`, if given, is called before every sweep (O(n + n·m) work): a cancellation check that may throw.
 */
export function implicitQL(d: Float64Array, e: Float64Array, w: Float64Array | null, m: number, checkpoint?: () => void): void {
  const n = d.length;
  e[n - 1] = 0;
  let maxEntry = 0;
  for (let i = 0; i < n; i++) maxEntry = Math.max(maxEntry, Math.abs(d[i]), Math.abs(e[i]));
  if (!Number.isFinite(maxEntry)) throw new Error('tridiagonalEigen: entries must be finite');
  // Scale by a power of two (exact) into the safe range; undone on the eigenvalues at the end.
  const k = maxEntry > SAFE_MAX || (maxEntry > 0 && maxEntry < SAFE_MIN) ? -Math.round(Math.log2(maxEntry)) : 0;
  if (k !== 0) {
    for (let i = 0; i < n; i++) {
      d[i] = timesPowerOfTwo(d[i], k);
      e[i] = timesPowerOfTwo(e[i], k);
    }
  }
  // ‖T‖_∞ (≥ ‖T‖₂): the normwise deflation threshold ε‖T‖ perturbs T by at most ε‖T‖₂·(‖T‖_∞/‖T‖₂) ≤ 3ε‖T‖₂ per split.
  let tNorm = 0;
  for (let i = 0; i < n; i++) tNorm = Math.max(tNorm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const negligible = EPS * tNorm;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let end: number;
    do {
      // Find the first negligible off-diagonal at or below l: the block l..end is unreduced.
      for (end = l; end < n - 1; end++) {
        const dd = Math.abs(d[end]) + Math.abs(d[end + 1]);
        const ae = Math.abs(e[end]);
        if (ae <= EPS * dd || ae <= negligible) break;
      }
      if (end === l) break;
      checkpoint?.();
      if (iter++ === MAX_SWEEPS_PER_EIGENVALUE) {
        throw new Error(`tridiagonalEigen: implicit QL did not converge for eigenvalue ${l} after ${MAX_SWEEPS_PER_EIGENVALUE} sweeps`);
      }
      // Wilkinson shift: eigenvalue of [[d_l, e_l], [e_l, d_{l+1}]] closest to d_l.
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = pythag(g, 1);
      g = d[end] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i: number;
      let underflow = false;
      for (i = end - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = pythag(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The chase hit an exact zero: the block splits; recover and restart.
          d[i + 1] -= p;
          e[end] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (w) {
          // Rotate rows i and i+1 of w by the same Givens rotation.
          const ri = i * m;
          const ri1 = ri + m;
          for (let k = 0; k < m; k++) {
            const fk = w[ri1 + k];
            const zk = w[ri + k];
            w[ri1 + k] = s * zk + c * fk;
            w[ri + k] = c * zk - s * fk;
          }
        }
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[end] = 0;
    } while (end !== l);
  }
  if (k !== 0) for (let i = 0; i < n; i++) d[i] = timesPowerOfTwo(d[i], -k);
}

/** x·2^k in two factors, since 2^k alone overflows or underflows for |k| > 1022 (k up to ±1075 for subnormal input). */
function timesPowerOfTwo(x: number, k: number): number {
  const half = Math.trunc(k / 2);
  return x * 2 ** half * 2 ** (k - half);
}

function sortAscending(d: Float64Array, w: Float64Array | null, m: number): TridiagonalEigenResult {
  const n = d.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = d[order[j]];
  if (!w) return { values, rows: null };
  const sorted = new Float64Array(n * m);
  for (let j = 0; j < n; j++) sorted.set(w.subarray(order[j] * m, order[j] * m + m), j * m);
  return { values, rows: sorted };
}
