import { describe, expect, it } from 'vitest';
import { orthonormalize, singularValues, svd, symmetricEigenvalues } from '../../src/linalg/index.js';
import { Rng } from '../../src/tensor/index.js';

const EPS = Number.EPSILON;

/** max |(XᵀX − I)ᵢⱼ| for a row-major rows × k matrix with orthonormal columns. */
function orthogonalityError(x: Float64Array, rows: number, k: number): number {
  let worst = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[r * k + i]! * x[r * k + j]!;
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/** The worst column of A − U·diag(s)·Vᵀ, relative to that column of A (the graded matrices' natural scale). */
function reconstructionError(a: Float64Array, m: number, n: number, r: ReturnType<typeof svd>): number {
  const k = r.s.length;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let err = 0;
    let col = 0;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += r.u[i * k + l]! * r.s[l]! * r.v[j * k + l]!;
      err += (a[i * n + j]! - s) ** 2;
      col += a[i * n + j]! ** 2;
    }
    worst = Math.max(worst, col > 0 ? Math.sqrt(err / col) : Math.sqrt(err));
  }
  return worst;
}

/**
 * A column-graded m × n matrix with known singular values: A = U·Σ·Vᵀ with U orthonormal (random), Σ = diag(σ)
 * spanning 1 … 1e-12, and V made of rotations on column pairs (2i, 2i+1) by angles with sin θ = 0.6·σ_{2i+1}/σ_{2i}.
 * Column k of ΣVᵀ then has entries of size σ_k at most, so A = B·D with D = diag(column norms) and B well
 * conditioned, and forming A in floating point perturbs each column by a relative n·ε only.
 */
function gradedMatrix(m: number, n: number, seed: number) {
  const rng = new Rng(seed);
  const sigma = Array.from({ length: n }, (_, j) => 10 ** ((-12 * j) / (n - 1)));
  const u = orthonormalize(Array.from({ length: n }, () => rng.fillNormal(new Float64Array(m))));
  const v = new Float64Array(n * n); // row-major, V[k][j]
  for (let p = 0; p < n; p += 2) {
    if (p + 1 >= n) {
      v[p * n + p] = 1;
      continue;
    }
    const s = (0.6 * sigma[p + 1]!) / sigma[p]!;
    const c = Math.sqrt(1 - s * s);
    v[p * n + p] = c;
    v[p * n + p + 1] = -s;
    v[(p + 1) * n + p] = s;
    v[(p + 1) * n + p + 1] = c;
  }
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += u[j]![i]! * sigma[j]! * v[k * n + j]!;
    a[i * n + k] = s;
  }
  return { a, sigma };
}

/** κ(B) for B = A·D⁻¹ (unit columns), from BᵀB's eigenvalues: B is well conditioned, so the Gram matrix is harmless here. */
function scaledCondition(a: Float64Array, m: number, n: number): number {
  const norms = Array.from({ length: n }, (_, j) => Math.hypot(...Array.from({ length: m }, (_, i) => a[i * n + j]!)));
  const g = new Float64Array(n * n);
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += (a[i * n + p]! / norms[p]!) * (a[i * n + q]! / norms[q]!);
    g[p * n + q] = s;
  }
  const ev = symmetricEigenvalues(g, n);
  return Math.sqrt(ev[n - 1]! / ev[0]!);
}

describe('svd (one-sided Jacobi)', () => {
  it('recovers singular values from 1 down to 1e-12 of a column-graded matrix to relative accuracy m·n·ε·κ(B)', () => {
    const m = 8;
    const n = 6;
    for (const seed of [1, 2, 3]) {
      const { a, sigma } = gradedMatrix(m, n, seed);
      const kappa = scaledCondition(a, m, n);
      const r = svd(a, m, n);
      // Demmel & Veselić (1992): for A = B·D, a columnwise relative perturbation of size δ moves each σᵢ by a relative
      // √n·κ(B)·δ at most. Forming A costs δ ≤ √m·n·ε per column (n products per entry, relative to the column's scale),
      // and Jacobi's rotations add O(m·n·ε) of the same kind; so m·n·√n·ε·κ(B) bounds both together, with a factor 4 for the constants.
      const tol = 4 * m * n * Math.sqrt(n) * EPS * kappa;
      const rel = Array.from(r.s, (s, i) => Math.abs(s - sigma[i]!) / sigma[i]!);
      expect(Math.max(...rel), `seed ${seed}, κ(B) = ${kappa.toFixed(2)}`).toBeLessThan(tol);
    }
  });

  it('returns orthonormal U and V and reconstructs A column by column (tall, wide, rank-deficient)', () => {
    const rng = new Rng(7);
    const cases: [number, number, Float64Array][] = [];
    cases.push([9, 5, rng.fillNormal(new Float64Array(45))]);
    cases.push([4, 7, rng.fillNormal(new Float64Array(28))]);
    const deficient = rng.fillNormal(new Float64Array(6 * 4));
    for (let i = 0; i < 6; i++) {
      deficient[i * 4 + 3] = deficient[i * 4 + 1]!; // a repeated column: rank 3
      deficient[i * 4 + 2] = 0; // and a zero column: rank 2
    }
    cases.push([6, 4, deficient]);
    const graded = gradedMatrix(8, 6, 4);
    cases.push([8, 6, graded.a]);
    for (const [m, n, a] of cases) {
      const r = svd(a, m, n);
      const k = Math.min(m, n);
      // Each column takes ≤ k − 1 rotations per sweep, each orthogonal to a few ε: V drifts from orthogonality by
      // ≤ sweeps·k·ε·(small constant); U's columns are orthogonal to rows·ε by the stopping test. 4·sweeps·k·max(m,n)·ε covers both.
      const tol = 4 * r.sweeps * k * Math.max(m, n) * EPS;
      expect(orthogonalityError(r.u, m, k), `U of ${m}×${n}`).toBeLessThan(tol);
      expect(orthogonalityError(r.v, n, k), `V of ${m}×${n}`).toBeLessThan(tol);
      expect(reconstructionError(a, m, n, r), `A − UΣVᵀ of ${m}×${n}`).toBeLessThan(tol);
      for (let i = 1; i < k; i++) expect(r.s[i]!).toBeLessThanOrEqual(r.s[i - 1]!);
    }
    const sDef = svd(deficient, 6, 4).s;
    // The zero and repeated columns leave exactly two zero singular values up to rounding (relative to σ₁).
    expect(sDef[2]! / sDef[0]!).toBeLessThan(1e-14);
    expect(sDef[3]!).toBe(0);
  });

  it('agrees with closed forms: a diagonal matrix and [[3, 0], [4, 5]] (σ = 3√5, √5)', () => {
    expect(Array.from(singularValues(Float64Array.of(0, 2, 0, -7, 0, 0), 2, 3))).toEqual([7, 2]);
    const s = singularValues(Float64Array.of(3, 0, 4, 5), 2, 2);
    // σ₁σ₂ = |det| = 15 and σ₁² + σ₂² = ‖A‖_F² = 50 give σ = 3√5, √5; a couple of roundings: 4ε relative.
    expect(Math.abs(s[0]! - 3 * Math.sqrt(5)) / (3 * Math.sqrt(5))).toBeLessThan(4 * EPS);
    expect(Math.abs(s[1]! - Math.sqrt(5)) / Math.sqrt(5)).toBeLessThan(4 * EPS);
    // Entries near 1e-200 (a vanished Jacobian) or 1e200: squares would under/overflow without the power-of-two scaling.
    for (const f of [1e-200, 1e200]) {
      const t = singularValues(Float64Array.of(3 * f, 0, 4 * f, 5 * f), 2, 2);
      expect(Math.abs(t[1]! - Math.sqrt(5) * f) / (Math.sqrt(5) * f)).toBeLessThan(8 * EPS);
    }
  });

  it('rejects malformed input with one-line errors', () => {
    expect(() => svd(new Float64Array(5), 2, 3)).toThrow(/svd: a must be a Float64Array of length m·n = 6, got length 5/);
    expect(() => svd(Float64Array.of(1, NaN), 1, 2)).toThrow(/svd: a\[1\] \(row 0, column 1\) is not finite/);
    expect(() => svd(new Float64Array(2), 0, 2)).toThrow(/svd: m must be a positive integer/);
  });
});
