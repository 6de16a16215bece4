/**
 * Dense symmetric eigensolver: A = V Λ Vᵀ.
 *
 * 1. Householder tridiagonalization (Golub & Van Loan §8.3.1): for
 *    k = 0 … n−3 a reflector H_k = I − β v vᵀ zeroes column k below the
 *    subdiagonal, and the trailing block is updated by the symmetric rank-2
 *    formula  B ← B − v wᵀ − w vᵀ,  p = βBv,  w = p − (β pᵀv / 2) v.
 *    Only the lower triangle is touched: 4n³/3 flops. Then T = QᵀAQ with
 *    Q = H₀H₁⋯H_{n−3}, accumulated backwards (another 4n³/3 flops).
 * 2. Implicit QL with Wilkinson shifts on T (./tridiagonal.ts), rotating
 *    the rows of Qᵀ so that they become the eigenvectors.
 *
 * Both steps are backward stable: the computed eigenpairs are exact for a
 * matrix A + E with ‖E‖ = O(n·ε·‖A‖), so eigenvalues are accurate to
 * O(n·ε·‖A‖) in absolute terms and eigenvectors are orthonormal to O(n·ε).
 * The matrix is scaled by (a power of 2 near) its largest entry first, to keep intermediate
 * squares clear of overflow and underflow.
 */
import { implicitQL, tridiagonalEigen } from './tridiagonal.js';
import { checkPositiveNumber, checkSquareMatrix } from '../tensor/validate.js';

export interface SymmetricEigenOptions {
  /**
   * Allowed asymmetry: max|a_ij − a_ji| ≤ symmetryTol · max|a_ij|.
   * The default 1e-10 accepts matrices assembled with rounding error (for
   * example column by column from Hessian-vector products) and rejects
   * genuinely non-symmetric ones. The matrix actually decomposed is the
   * symmetric part (A + Aᵀ)/2.
   */
  symmetryTol?: number;
  /**
   * Called between steps of O(n²) work each: every Householder reflector, every
   * reflector accumulated into Q, every QL sweep. A cancellation check (it may
   * throw to stop the decomposition); it must not change anything the solver reads.
   */
  checkpoint?: () => void;
}

export interface SymmetricEigenResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** n×n row-major; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/** Symmetric part of `a`, divided by `scale` ≈ max|a_ij| (a power of 2; 1 if a = 0). */
function symmetrizedScaled(fn: string, a: Float64Array, n: number, symmetryTol: number): { s: Float64Array; scale: number } {
  checkSquareMatrix(fn, a, n);
  checkPositiveNumber(fn, 'symmetryTol', symmetryTol);
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) maxAbs = Math.max(maxAbs, Math.abs(a[i]));
  let maxAsym = 0;
  let worstI = 0;
  let worstJ = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const diff = Math.abs(a[i * n + j] - a[j * n + i]);
      if (diff > maxAsym) {
        maxAsym = diff;
        worstI = i;
        worstJ = j;
      }
    }
  }
  if (maxAsym > symmetryTol * maxAbs) {
    throw new Error(
      `${fn}: a is not symmetric: |a[${worstI}][${worstJ}] − a[${worstJ}][${worstI}]| = ${maxAsym.toExponential(3)} ` +
        `exceeds symmetryTol·max|a_ij| = ${(symmetryTol * maxAbs).toExponential(3)}; use eigenvalues() for general matrices`,
    );
  }
  // Scale by the power of 2 nearest max|a_ij| (exact, so a diagonal matrix
  // gives back its entries bit for bit), clamped so that 1/scale is finite.
  const exponent = maxAbs === 0 ? 0 : Math.max(-1000, Math.min(1000, Math.round(Math.log2(maxAbs))));
  const scale = 2 ** exponent;
  const s = new Float64Array(n * n);
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]) * inv;
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  }
  return { s, scale };
}

/**
 * Reduce symmetric `s` (n×n, overwritten) to tridiagonal form. Only the
 * lower triangle is read. On return d, e hold T's diagonal and
 * off-diagonal, row k of s holds the Householder vector v_k in columns
 * k+1 … n−1, and beta[k] its β (0 when H_k = I).
 */
function householderTridiagonalize(s: Float64Array, n: number, d: Float64Array, e: Float64Array, beta: Float64Array, checkpoint?: () => void): void {
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    checkpoint?.();
    // x = A[k+1:, k], read from the lower triangle (column k).
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale += Math.abs(s[i * n + k]);
    d[k] = s[k * n + k];
    if (scale === 0) {
      e[k] = 0;
      beta[k] = 0;
      continue;
    }
    // v = x/scale − α e₁ with α = −sign(x₁)‖x/scale‖ (no cancellation in v₁).
    const v = s.subarray(k * n, k * n + n); // row k: free storage for v (upper part)
    let sigma2 = 0;
    for (let i = k + 1; i < n; i++) {
      const xi = s[i * n + k] / scale;
      v[i] = xi;
      sigma2 += xi * xi;
    }
    const sigma = Math.sqrt(sigma2);
    const x1 = v[k + 1];
    const alpha = x1 >= 0 ? -sigma : sigma;
    v[k + 1] = x1 - alpha;
    // vᵀv = 2σ(σ + |x₁|), so β = 2/vᵀv = 1/(σ(σ + |x₁|)).
    const b = 1 / (sigma * (sigma + Math.abs(x1)));
    beta[k] = b;
    e[k] = alpha * scale;
    // p = β B v on the trailing block B = A[k+1:, k+1:], from its lower triangle.
    for (let i = k + 1; i < n; i++) p[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i];
      let acc = 0;
      for (let j = k + 1; j < i; j++) {
        const bij = s[row + j];
        acc += bij * v[j];
        p[j] += bij * vi;
      }
      p[i] += acc + s[row + i] * vi;
    }
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] *= b;
      pv += p[i] * v[i];
    }
    // w = p − (β pᵀv / 2) v, stored in p.
    const kHalf = 0.5 * b * pv;
    for (let i = k + 1; i < n; i++) p[i] -= kHalf * v[i];
    // B ← B − v wᵀ − w vᵀ (lower triangle).
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i];
      const wi = p[i];
      for (let j = k + 1; j <= i; j++) s[row + j] -= vi * p[j] + wi * v[j];
    }
  }
  if (n >= 2) {
    d[n - 2] = s[(n - 2) * n + (n - 2)];
    e[n - 2] = s[(n - 1) * n + (n - 2)];
  }
  d[n - 1] = s[(n - 1) * n + (n - 1)];
  e[n - 1] = 0;
}

/**
 * Qᵀ for Q = H₀H₁⋯H_{n−3}, by backward accumulation (each H_k only touches
 * the trailing block, which is still the identity outside rows/columns
 * k+1…), then transposed so that row i of the result is column i of Q.
 */
function accumulateTransposedQ(s: Float64Array, n: number, beta: Float64Array, checkpoint?: () => void): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const wRow = new Float64Array(n);
  for (let k = n - 3; k >= 0; k--) {
    checkpoint?.();
    const b = beta[k];
    if (b === 0) continue;
    const vOff = k * n;
    // Q[k+1:, k+1:] ← (I − β v vᵀ) Q[k+1:, k+1:]: wᵀ = vᵀQ, then Q −= β v wᵀ.
    for (let j = k + 1; j < n; j++) wRow[j] = 0;
    for (let i = k + 1; i < n; i++) {
      const vi = s[vOff + i];
      if (vi === 0) continue;
      const row = i * n;
      for (let j = k + 1; j < n; j++) wRow[j] += vi * q[row + j];
    }
    for (let i = k + 1; i < n; i++) {
      const c = b * s[vOff + i];
      if (c === 0) continue;
      const row = i * n;
      for (let j = k + 1; j < n; j++) q[row + j] -= c * wRow[j];
    }
  }
  // In-place transpose.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const t = q[i * n + j];
      q[i * n + j] = q[j * n + i];
      q[j * n + i] = t;
    }
  }
  return q;
}

/**
 * All eigenvalues (ascending) and orthonormal eigenvectors of a real
 * symmetric n×n row-major matrix. Throws if `a` is not symmetric within
 * `symmetryTol` (relative to max|a_ij|). Cost ≈ 9n³ flops.
 */
export function symmetricEigen(a: Float64Array, n: number, { symmetryTol = 1e-10, checkpoint }: SymmetricEigenOptions = {}): SymmetricEigenResult {
  const { s, scale } = symmetrizedScaled('symmetricEigen', a, n, symmetryTol);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const beta = new Float64Array(n);
  householderTridiagonalize(s, n, d, e, beta, checkpoint);
  const w = accumulateTransposedQ(s, n, beta, checkpoint);
  // Rows of w are the columns of Q; QL rotates them into the eigenvectors.
  implicitQL(d, e, w, n, checkpoint);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j];
    values[j] = d[src] * scale;
    const off = src * n;
    for (let i = 0; i < n; i++) vectors[i * n + j] = w[off + i];
  }
  return { values, vectors };
}

/**
 * Eigenvalues only (ascending) of a real symmetric matrix: the same
 * reduction without accumulating Q, ≈ 4n³/3 flops.
 */
export function symmetricEigenvalues(a: Float64Array, n: number, { symmetryTol = 1e-10, checkpoint }: SymmetricEigenOptions = {}): Float64Array {
  const { s, scale } = symmetrizedScaled('symmetricEigenvalues', a, n, symmetryTol);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const beta = new Float64Array(n);
  householderTridiagonalize(s, n, d, e, beta, checkpoint);
  const { values } = tridiagonalEigen(d, e);
  for (let j = 0; j < n; j++) values[j] *= scale;
  return values;
}
