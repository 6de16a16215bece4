/**
 * The singular value decomposition A = U Σ Vᵀ of a dense m × n matrix by
 * one-sided Jacobi (Hestenes 1958; Demmel & Veselić 1992, "Jacobi's method
 * is more accurate than QR").
 *
 * Plane rotations are applied to pairs of columns of A (and accumulated in
 * V) until all columns are mutually orthogonal: then A·V = U·Σ with σⱼ the
 * column norms. For columns p, q with α = ‖a_p‖², β = ‖a_q‖², γ = a_pᵀa_q,
 * the rotation that makes them orthogonal diagonalizes [[α, γ], [γ, β]]:
 *   ζ = (β − α)/(2γ),  t = sign(ζ)/(|ζ| + √(1 + ζ²)),  c = 1/√(1 + t²),  s = c·t,
 *   a_p ← c·a_p − s·a_q,   a_q ← s·a_p + c·a_q
 * (t is the smaller root of t² + 2ζt − 1 = 0, so |θ| ≤ π/4). A pair is
 * rotated only while |γ| > tol·√(αβ): the test is relative to the two
 * columns' own norms, not to ‖A‖.
 *
 * Why this method: forming AᵀA squares the condition number, so its
 * eigenvalues lose every σ below √ε·σ_max ≈ 1e-8·σ_max. One-sided Jacobi
 * never forms AᵀA, and its rotations are invariant under column scaling:
 * for A = B·D with D diagonal (a column-graded matrix), every σᵢ is found
 * with relative error O(m·n·ε·κ(B)) however widely D spreads — the bound of
 * Demmel & Veselić, which the tests check on singular values from 1 to 1e-12.
 *
 * Cost: O(m·n²) per sweep; quadratic convergence makes 5–10 sweeps typical.
 */
import { checkPositiveInteger } from '../tensor/validate.js';

const TINY = 1e-300;

export interface SvdResult {
  /** Left singular vectors, m × k row-major (k = min(m, n)), orthonormal columns. */
  u: Float64Array;
  /** Singular values σ₁ ≥ … ≥ σ_k ≥ 0. */
  s: Float64Array;
  /** Right singular vectors, n × k row-major, orthonormal columns: A = U·diag(s)·Vᵀ. */
  v: Float64Array;
  /** Sweeps taken (each visits every column pair once). */
  sweeps: number;
}

export interface SvdOptions {
  /** Sweeps at most (default 60; convergence is quadratic, so this is never reached on finite input). */
  maxSweeps?: number;
}

/** Column-major copy of a row-major m × n matrix (columns contiguous: the method works on columns). */
function columns(a: Float64Array, m: number, n: number, transpose: boolean): Float64Array[] {
  const cols: Float64Array[] = [];
  if (!transpose) {
    for (let j = 0; j < n; j++) {
      const c = new Float64Array(m);
      for (let i = 0; i < m; i++) c[i] = a[i * n + j]!;
      cols.push(c);
    }
  } else {
    // Columns of Aᵀ (an n × m matrix) are the rows of A.
    for (let i = 0; i < m; i++) cols.push(a.slice(i * n, (i + 1) * n));
  }
  return cols;
}

function dotCols(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** Fill the columns listed in `missing` (σ = 0 left no direction) with unit vectors orthogonal to all others: Gram–Schmidt, twice, on eᵢ. */
function completeBasis(cols: Float64Array[], missing: number[]): void {
  const dim = cols[0]!.length;
  const done = new Set(cols.map((_, j) => j).filter((j) => !missing.includes(j)));
  let e = 0;
  for (const j of missing) {
    while (e < dim) {
      const x = new Float64Array(dim);
      x[e++] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const k of done) {
          const p = dotCols(cols[k]!, x);
          for (let i = 0; i < dim; i++) x[i] -= p * cols[k]![i]!;
        }
      }
      // eᵢ keeps at least 1/√dim of its length outside a subspace of dimension < dim for some i; 0.5 of it is plenty.
      const nrm = Math.sqrt(dotCols(x, x));
      if (nrm > 0.5 / Math.sqrt(dim)) {
        for (let i = 0; i < dim; i++) x[i] /= nrm;
        cols[j] = x;
        done.add(j);
        break;
      }
    }
  }
}

/** The thin SVD of the row-major m × n matrix `a`. */
export function svd(a: Float64Array, m: number, n: number, options: SvdOptions = {}): SvdResult {
  const fn = 'svd';
  checkPositiveInteger(fn, 'm', m);
  checkPositiveInteger(fn, 'n', n);
  if (!(a instanceof Float64Array) || a.length !== m * n) throw new Error(`${fn}: a must be a Float64Array of length m·n = ${m * n}, got ${a instanceof Float64Array ? `length ${a.length}` : typeof a}`);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new Error(`${fn}: a[${i}] (row ${Math.floor(i / n)}, column ${i % n}) is not finite: ${a[i]}`);
  const maxSweeps = options.maxSweeps ?? 60;
  checkPositiveInteger(fn, 'maxSweeps', maxSweeps);
  // Work on the tall orientation: for m < n, decompose Aᵀ = V Σ Uᵀ and swap the factors at the end.
  const wide = m < n;
  const rows = wide ? n : m;
  const k = wide ? m : n;
  // Scale by a power of two (exact) so that the largest entry is about 1: squares of entries neither overflow nor,
  // for columns within 1e-150 of the largest, underflow.
  let amax = 0;
  for (let i = 0; i < a.length; i++) amax = Math.max(amax, Math.abs(a[i]!));
  const scale = amax > 0 ? 2 ** -Math.round(Math.log2(amax)) : 1;
  const w = columns(a, m, n, wide).map((c) => c.map((x) => x * scale)); // k columns of length `rows`
  const vc: Float64Array[] = Array.from({ length: k }, (_, j) => {
    const e = new Float64Array(k);
    e[j] = 1;
    return e;
  });
  // Rotate while the cosine of the angle between two columns exceeds rows·ε (the rounding of their inner product).
  const tol = rows * Number.EPSILON;
  let sweeps = 0;
  let rotated = true;
  while (rotated && sweeps < maxSweeps) {
    rotated = false;
    sweeps++;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const cp = w[p]!;
        const cq = w[q]!;
        const alpha = dotCols(cp, cp);
        const beta = dotCols(cq, cq);
        const gamma = dotCols(cp, cq);
        // A column whose squared norm is below 1e-300 (σ < 1e-150·‖A‖) is left alone: its inner products are
        // subnormal and carry no relative accuracy.
        if (gamma === 0 || alpha < TINY || beta < TINY || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = cp[i]!;
          const y = cq[i]!;
          cp[i] = c * x - s * y;
          cq[i] = s * x + c * y;
        }
        const vp = vc[p]!;
        const vq = vc[q]!;
        for (let i = 0; i < k; i++) {
          const x = vp[i]!;
          const y = vq[i]!;
          vp[i] = c * x - s * y;
          vq[i] = s * x + c * y;
        }
      }
    }
  }
  if (rotated) throw new Error(`${fn}: no convergence in ${maxSweeps} sweeps`);
  // σⱼ = ‖wⱼ‖, uⱼ = wⱼ/σⱼ; sorted descending.
  const sigma = w.map((c) => Math.sqrt(dotCols(c, c)) / scale);
  const order = Array.from({ length: k }, (_, j) => j).sort((x, y) => sigma[y]! - sigma[x]!);
  const left: Float64Array[] = order.map((j) => {
    const nj = Math.sqrt(dotCols(w[j]!, w[j]!));
    return nj > 0 ? w[j]!.map((x) => x / nj) : new Float64Array(rows);
  });
  const missing = order.map((j, r) => (sigma[j]! > 0 ? -1 : r)).filter((r) => r >= 0);
  if (missing.length > 0) completeBasis(left, missing);
  const right = order.map((j) => vc[j]!);
  const s = Float64Array.from(order, (j) => sigma[j]!);
  // Row-major thin factors: U is m × k, V is n × k.
  const pack = (cols: Float64Array[], len: number): Float64Array => {
    const out = new Float64Array(len * k);
    for (let j = 0; j < k; j++) for (let i = 0; i < len; i++) out[i * k + j] = cols[j]![i]!;
    return out;
  };
  return wide ? { u: pack(right, m), s, v: pack(left, n), sweeps } : { u: pack(left, m), s, v: pack(right, n), sweeps };
}

/** The singular values of the row-major m × n matrix `a`, descending (one-sided Jacobi, relatively accurate). */
export function singularValues(a: Float64Array, m: number, n: number): Float64Array {
  return svd(a, m, n).s;
}
