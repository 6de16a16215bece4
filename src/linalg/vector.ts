/**
 * Vector helpers on Float64Array and the matrix-free operator type.
 *
 * A `MatVec` is a linear operator known only through its action v ↦ A·v
 * (for example a Hessian-vector product from autodiff). It must be pure:
 * return a new vector and leave its argument untouched.
 */
import type { Rng } from '../tensor/rng.js';
import { checkPositiveInteger, checkSquareMatrix } from '../tensor/validate.js';

export type MatVec = (v: Float64Array) => Float64Array;

function checkSameLength(fn: string, x: Float64Array, y: Float64Array): void {
  if (x.length !== y.length) {
    throw new Error(`${fn}: x and y must have the same length, got ${x.length} and ${y.length}`);
  }
}

/** xᵀy. */
export function dot(x: Float64Array, y: Float64Array): number {
  checkSameLength('dot', x, y);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * Euclidean norm ‖x‖₂, computed with a running scale (as LAPACK's dnrm2) so
 * that it neither overflows for entries near 1e200 nor underflows for
 * entries near 1e-200.
 */
export function norm(x: Float64Array): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === 0) continue;
    const av = Math.abs(v);
    if (scale < av) {
      const r = scale / av;
      ssq = 1 + ssq * r * r;
      scale = av;
    } else {
      const r = av / scale;
      ssq += r * r;
    }
  }
  return scale * Math.sqrt(ssq);
}

/** y ← y + alpha·x (in place, BLAS daxpy); returns y. */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): Float64Array {
  checkSameLength('axpy', x, y);
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
  return y;
}

/** x ← alpha·x (in place); returns x. */
export function scaleInPlace(alpha: number, x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] *= alpha;
  return x;
}

/** The operator v ↦ A·v of a dense n×n row-major matrix. */
export function denseMatVec(a: Float64Array, n: number): MatVec {
  checkSquareMatrix('denseMatVec', a, n);
  return (v: Float64Array): Float64Array => {
    if (v.length !== n) throw new Error(`denseMatVec: v has length ${v.length}, expected n = ${n}`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += a[row + j] * v[j];
      out[i] = s;
    }
    return out;
  };
}

/**
 * w ← (I − Q Qᵀ) w for orthonormal `basis` Q, by classical Gram–Schmidt run
 * twice ("twice is enough", Giraud, Langou & Rozložník 2005): one pass
 * leaves a component of size ε·κ along the basis, the second pass removes
 * it to working precision. Returns w (modified in place).
 */
export function orthogonalizeAgainst(w: Float64Array, basis: readonly Float64Array[]): Float64Array {
  const n = w.length;
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      let c = 0;
      for (let i = 0; i < n; i++) c += q[i] * w[i];
      if (c !== 0) for (let i = 0; i < n; i++) w[i] -= c * q[i];
    }
  }
  return w;
}

/**
 * Orthonormal basis of span(vectors) by Gram–Schmidt with
 * reorthogonalization. Vectors are processed in order; one whose component
 * outside the span of the previous ones is below `tol` times its own norm is
 * linearly dependent (to that tolerance) and is dropped, so the result may
 * be shorter than the input. Inputs are not modified.
 */
export function orthonormalize(vectors: readonly Float64Array[], { tol = 1e-12 } = {}): Float64Array[] {
  if (vectors.length === 0) return [];
  const n = vectors[0].length;
  const basis: Float64Array[] = [];
  vectors.forEach((v, idx) => {
    if (v.length !== n) {
      throw new Error(`orthonormalize: vectors[${idx}] has length ${v.length}, expected ${n} (length of vectors[0])`);
    }
    const original = norm(v);
    if (original === 0) return;
    const w = orthogonalizeAgainst(Float64Array.from(v), basis);
    const r = norm(w);
    if (r <= tol * original) return;
    basis.push(scaleInPlace(1 / r, w));
  });
  return basis;
}

/** A vector drawn uniformly from the unit sphere in ℝⁿ (normalized Gaussian). */
export function randomUnitVector(n: number, rng: Rng): Float64Array {
  checkPositiveInteger('randomUnitVector', 'n', n);
  const v = new Float64Array(n);
  let r = 0;
  // A Gaussian vector is zero with probability 0, but guard anyway.
  while (r === 0) {
    rng.fillNormal(v);
    r = norm(v);
  }
  return scaleInPlace(1 / r, v);
}

/** The start vector of a Krylov or power iteration: the caller's `v0` normalized (it must be finite and nonzero), else a random unit vector. */
export function startVector(fn: string, v0: Float64Array | undefined, n: number, rng: Rng): Float64Array {
  if (!v0) return randomUnitVector(n, rng);
  if (v0.length !== n) throw new Error(`${fn}: v0 has length ${v0.length}, expected n = ${n}`);
  const r = norm(v0);
  if (r === 0 || !Number.isFinite(r)) throw new Error(`${fn}: v0 must be a finite nonzero vector`);
  return Float64Array.from(v0, (x) => x / r);
}

/** Call a matrix-free operator and check what it returned. */
export function applyChecked(fn: string, matvec: (v: Float64Array) => Float64Array, v: Float64Array): Float64Array {
  const w = matvec(v);
  if (!(w instanceof Float64Array) || w.length !== v.length) {
    const got = w instanceof Float64Array ? `length ${w.length}` : typeof w;
    throw new Error(`${fn}: matvec must return a Float64Array of length n = ${v.length}, got ${got}`);
  }
  return w;
}
