/** Test fixtures for the linalg tests: random matrices with known spectra. */
import { Rng } from '../../src/tensor/rng.js';
import { orthonormalize } from '../../src/linalg/vector.js';

export const EPS = Number.EPSILON;

/** Symmetric matrix with N(0, 1) entries (GOE-like, spectrum ≈ [−2√n, 2√n]). */
export function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** Random orthogonal matrix (row-major): Gram–Schmidt of a Gaussian matrix; column j = q_j. */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const cols = Array.from({ length: n }, () => rng.fillNormal(new Float64Array(n)));
  const q = orthonormalize(cols);
  if (q.length !== n) throw new Error('randomOrthogonal: rank deficient draw');
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i * n + j] = q[j][i];
  return out;
}

export function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  }
  return c;
}

export function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}

/** Q M Qᵀ for orthogonal Q. */
export function similarity(q: Float64Array, m: Float64Array, n: number): Float64Array {
  return matmul(matmul(q, m, n), transpose(q, n), n);
}

/** Q diag(λ) Qᵀ with exact symmetry enforced: a symmetric matrix with spectrum λ (up to rounding). */
export function withSpectrum(lambda: ArrayLike<number>, seed: number): Float64Array {
  const n = lambda.length;
  const q = randomOrthogonal(n, seed);
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) d[i * n + i] = lambda[i];
  const a = similarity(q, d, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

export function trace(a: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i];
  return t;
}

export function frobenius2(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return s;
}

/** Column j of an n×n row-major matrix. */
export function column(a: Float64Array, n: number, j: number): Float64Array {
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = a[i * n + j];
  return c;
}

export function sortedAscending(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}
