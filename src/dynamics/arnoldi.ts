/**
 * Arnoldi iteration for the eigenvalues of largest modulus of a general
 * (non-symmetric) operator given only as a matvec (Saad, "Numerical Methods
 * for Large Eigenvalue Problems", ch. 6). src/linalg's power iteration and
 * Lanczos assume symmetry; the Jacobian of a momentum or Adam update is not
 * symmetric and has complex-conjugate eigenvalue pairs, for which plain
 * power iteration never settles (its iterate rotates in the pair's plane).
 *
 * From a unit q₀, Gram–Schmidt (done twice, for orthogonality in floating
 * point) builds an orthonormal basis Q_m of the Krylov space K_m(A, q₀) and
 * the upper Hessenberg H_m = Q_mᵀ A Q_m. Its eigenvalues (Ritz values) are
 * computed densely; the outermost ones converge first, so the largest Ritz
 * modulus estimates the spectral radius ρ(A) from below. For an operator of
 * dimension ≤ m the Krylov space is exhaustive and the result is exact up to
 * rounding (breakdown h_{j+1,j} = 0 means an invariant subspace was found).
 */
import { eigenvalues, startVector, type ComplexEigenvalues } from '../linalg/index.js';
import { Rng } from '../tensor/index.js';
import { checkInteger } from '../tensor/validate.js';

export interface ArnoldiResult {
  /** Ritz values (eigenvalues of H_m), sorted by decreasing modulus. */
  ritz: ComplexEigenvalues;
  /** max |Ritz value|: the spectral-radius estimate. */
  spectralRadius: number;
  /** Krylov dimension reached (= matvecs performed). */
  matvecs: number;
}

export function arnoldi(
  matvec: (v: Float64Array) => Float64Array,
  n: number,
  { steps = 30, seed = 0, v0 }: { steps?: number; seed?: number; v0?: Float64Array } = {},
): ArnoldiResult {
  const fn = 'arnoldi';
  checkInteger(fn, 'n', n, 1);
  checkInteger(fn, 'steps', steps, 1);
  const m = Math.min(steps, n);
  const q0 = startVector(fn, v0, n, new Rng(seed));
  const basis: Float64Array[] = [q0];
  const h = new Float64Array((m + 1) * m); // (m+1)×m, row-major, only the Hessenberg part used
  let dim = 0;
  let scale = 0;
  for (let j = 0; j < m; j++) {
    const w = matvec(basis[j]!);
    if (w.length !== n) throw new Error(`${fn}: matvec returned length ${w.length}, expected ${n}`);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= j; i++) {
        const q = basis[i]!;
        let c = 0;
        for (let k = 0; k < n; k++) c += q[k]! * w[k]!;
        h[i * m + j] += c;
        for (let k = 0; k < n; k++) w[k] -= c * q[k]!;
      }
    }
    let beta = 0;
    for (let k = 0; k < n; k++) beta += w[k]! * w[k]!;
    beta = Math.sqrt(beta);
    if (!Number.isFinite(beta)) throw new Error(`${fn}: the matvec produced non-finite values`);
    for (let i = 0; i <= j; i++) scale = Math.max(scale, Math.abs(h[i * m + j]!));
    dim = j + 1;
    if (beta <= 1e-13 * Math.max(scale, Number.MIN_VALUE) || j === m - 1) break; // invariant subspace, or budget spent
    h[(j + 1) * m + j] = beta;
    for (let k = 0; k < n; k++) w[k] /= beta;
    basis.push(w);
  }
  const square = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) square[i * dim + j] = h[i * m + j]!;
  const ev = eigenvalues(square, dim);
  const order = Array.from({ length: dim }, (_, i) => i).sort((a, b) => Math.hypot(ev.re[b]!, ev.im[b]!) - Math.hypot(ev.re[a]!, ev.im[a]!));
  const ritz = { re: Float64Array.from(order, (i) => ev.re[i]!), im: Float64Array.from(order, (i) => ev.im[i]!) };
  return { ritz, spectralRadius: Math.hypot(ritz.re[0]!, ritz.im[0]!), matvecs: dim };
}
