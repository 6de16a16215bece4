/**
 * Eigenvector of a general real matrix for a known real eigenvalue, by
 * inverse iteration (Wilkinson; Golub & Van Loan §7.6.1).
 *
 * With λ̂ an eigenvalue computed to backward-stable accuracy, A − λ̂I is
 * singular to working precision, and solving (A − λ̂I)x = b amplifies the
 * component of b along the eigenvector by 1/|λ − λ̂| relative to the other
 * components (damped by their distance to λ̂). One or two solves with the
 * same LU factorization (partial pivoting) usually give a residual
 * ‖Av − λ̂v‖ of order ε‖A‖, the best possible. An exactly zero pivot is
 * replaced by ε‖A‖, i.e. λ̂ is nudged by a backward-error-sized amount.
 */
import { Rng } from '../tensor/rng.js';
import { checkFiniteNumber, checkInteger, checkSquareMatrix } from '../tensor/validate.js';
import { norm } from './vector.js';

export interface RealEigenvectorResult {
  /** Unit eigenvector estimate. */
  vector: Float64Array;
  /** ‖A v − λ v‖. */
  residual: number;
}

/** In-place LU with partial pivoting of m (n×n); returns the row permutation. */
function luFactor(m: Float64Array, n: number, tinyPivot: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(m[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(m[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j];
        m[k * n + j] = m[p * n + j];
        m[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    if (Math.abs(m[k * n + k]) < tinyPivot) m[k * n + k] = m[k * n + k] >= 0 ? tinyPivot : -tinyPivot;
    const pivot = m[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / pivot;
      m[i * n + k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
    }
  }
  return perm;
}

/** Solve (LU) x = P b in place of a copy of b. */
function luSolve(lu: Float64Array, n: number, perm: Int32Array, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = b[perm[i]];
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / lu[i * n + i];
  }
  return x;
}

/**
 * Unit eigenvector of the real n×n row-major matrix `a` for its real
 * eigenvalue `lambda` (e.g. an entry of `eigenvalues(a, n).re` with zero
 * imaginary part). Cost: one LU (2n³/3 flops) plus `iterations` solves.
 */
export function realEigenvector(
  a: Float64Array,
  n: number,
  lambda: number,
  { iterations = 3, seed = 0 }: { iterations?: number; seed?: number } = {},
): RealEigenvectorResult {
  const fn = 'realEigenvector';
  checkSquareMatrix(fn, a, n);
  checkFiniteNumber(fn, 'lambda', lambda);
  checkInteger(fn, 'iterations', iterations, 1, 100);
  let normA = 0; // ‖A‖_∞
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(a[i * n + j]);
    normA = Math.max(normA, row);
  }
  const shifted = Float64Array.from(a);
  for (let i = 0; i < n; i++) shifted[i * n + i] -= lambda;
  const tinyPivot = Number.EPSILON * Math.max(normA, Math.abs(lambda), Number.MIN_VALUE);
  const perm = luFactor(shifted, n, tinyPivot);
  let v = new Rng(seed).fillNormal(new Float64Array(n));
  let r = norm(v);
  for (let i = 0; i < n; i++) v[i] /= r;
  for (let it = 0; it < iterations; it++) {
    const x = luSolve(shifted, n, perm, v);
    r = norm(x);
    if (!Number.isFinite(r)) throw new Error(`${fn}: the solve overflowed; is lambda = ${lambda} an eigenvalue of a?`);
    for (let i = 0; i < n; i++) x[i] /= r;
    v = x;
  }
  // Fix the sign: largest-magnitude component positive (deterministic output).
  let big = 0;
  for (let i = 1; i < n; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
  if (v[big] < 0) for (let i = 0; i < n; i++) v[i] = -v[i];
  let res2 = 0;
  for (let i = 0; i < n; i++) {
    let s = -lambda * v[i];
    for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
    res2 += s * s;
  }
  return { vector: v, residual: Math.sqrt(res2) };
}
