/**
 * Stress tests of the symmetric eigensolver (Householder + implicit QL) on
 * the ill-conditioned families that broke it in practice: low-rank Wishart
 * matrices, graded matrices, PSD matrices with clusters of tiny eigenvalues
 * (the Gram matrices of deep tanh Jacobians in `vanishing-exploding` are of
 * this kind), sizes up to 200, and tridiagonals with entries near the ends
 * of the floating-point range.
 *
 * Tolerances: both stages are backward stable, so every computed pair
 * (λ, v) is exact for some A + E with ‖E‖₂ ≤ c·n·ε·‖A‖₂ (Golub & Van Loan
 * §8.3; the normwise deflation |e_i| ≤ ε‖T‖_∞ ≤ 3ε‖T‖₂ adds at most 3ε‖A‖₂
 * per split, n − 1 splits). Hence ‖Av − λv‖ ≤ ‖E‖₂ ≤ c·n·ε·‖A‖₂ and
 * |vᵢᵀvⱼ − δᵢⱼ| ≤ c·n·ε; c = 1 suffices because the rounding errors of the
 * O(n) rotations that touch one entry add like a random walk (≈ √n·ε each),
 * not in the worst case. Trace and Frobenius identities check the values-
 * only path without eigenvectors: Σλ = tr A and Σλ² = ‖A‖_F² up to the
 * same backward error (|Σδλ| ≤ n‖E‖₂, |Σ(2λδλ)| ≤ 2n‖A‖₂‖E‖₂).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { symmetricEigen, symmetricEigenvalues } from '../../src/linalg/symmetric.js';
import { tridiagonalEigen } from '../../src/linalg/tridiagonal.js';
import { Rng } from '../../src/tensor/rng.js';
import { EPS, frobenius2, maxAbs, trace, withSpectrum } from './helpers.js';

/** X Xᵀ with X n×r Gaussian: PSD of rank r, n − r eigenvalues exactly 0 (computed at rounding level). */
function lowRankWishart(n: number, r: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const x = rng.fillNormal(new Float64Array(n * r));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += x[i * r + k] * x[j * r + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** G Z G with Z symmetric Gaussian and G = diag(gᵢ), gᵢ from 10^-1.5 to 10^1.5: entries span about 1e-3 to 1e3. */
function graded(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const g = Array.from({ length: n }, (_, i) => 10 ** (-1.5 + (3 * i) / (n - 1)));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = g[i] * g[j] * rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** PSD spectrum: a few O(1) eigenvalues, then clusters near 1e-8, 1e-14 and 1e-30 (tanh Jacobian Gram matrices look like this). */
function tinyClusters(n: number): number[] {
  const big = Math.max(2, Math.floor(n / 10));
  return Array.from({ length: n }, (_, i) => {
    if (i < big) return 10 * (1 - i / big) + 0.1;
    const cluster = [1e-8, 1e-14, 1e-30][i % 3];
    return cluster * (1 + i / n);
  });
}

/** Residuals and orthogonality of the full decomposition, and the trace/Frobenius identities of the values-only path. */
function checkBackwardStable(a: Float64Array, n: number): void {
  const { values, vectors } = symmetricEigen(a, n);
  const normA = maxAbs(values); // ‖A‖₂ of a symmetric matrix
  const bound = n * EPS * normA;
  let worstResidual = 0;
  let worstOrth = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
      worstResidual = Math.max(worstResidual, Math.abs(av - values[j] * vectors[i * n + j]));
    }
    for (let l = 0; l <= j; l++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[k * n + j] * vectors[k * n + l];
      worstOrth = Math.max(worstOrth, Math.abs(s - (j === l ? 1 : 0)));
    }
  }
  expect(worstResidual).toBeLessThan(bound);
  expect(worstOrth).toBeLessThan(n * EPS);
  const only = symmetricEigenvalues(a, n);
  let sum = 0;
  let sumSq = 0;
  for (let j = 0; j < n; j++) {
    expect(Math.abs(only[j] - values[j])).toBeLessThan(bound);
    sum += only[j];
    sumSq += only[j] * only[j];
  }
  expect(Math.abs(sum - trace(a, n))).toBeLessThan(n * bound);
  expect(Math.abs(sumSq - frobenius2(a))).toBeLessThan(2 * n * normA * bound);
}

/** Eigenpairs of the tridiagonal T(d, e) from rotating the identity: residual ≤ nε‖T‖, orthogonality ≤ nε. */
function checkTridiagonal(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  const { values, rows } = tridiagonalEigen(d, e, { data: eye, m: n });
  const normT = maxAbs(values);
  for (let j = 0; j < n; j++) {
    const v = rows!.subarray(j * n, j * n + n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const tv = d[i] * v[i] + (i > 0 ? e[i - 1] * v[i - 1] : 0) + (i < n - 1 ? e[i] * v[i + 1] : 0);
      worst = Math.max(worst, Math.abs(tv - values[j] * v[i]));
    }
    expect(worst).toBeLessThan(n * EPS * normT);
    for (let l = 0; l <= j; l++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[i] * rows![l * n + i];
      expect(Math.abs(s - (j === l ? 1 : 0))).toBeLessThan(n * EPS);
    }
  }
  const valuesOnly = tridiagonalEigen(d, e).values;
  for (let j = 0; j < n; j++) expect(Math.abs(valuesOnly[j] - values[j])).toBeLessThan(n * EPS * normT);
}

describe('symmetric eigensolver on ill-conditioned families', () => {
  for (const n of [20, 60, 200]) {
    it(`low-rank Wishart (n = ${n}, rank n/10): residual ≤ nε‖A‖, orthogonality ≤ nε`, () => {
      checkBackwardStable(lowRankWishart(n, Math.max(1, n / 10), n), n);
    });
    it(`graded matrix, entries 1e-3 … 1e3 (n = ${n}): residual ≤ nε‖A‖, orthogonality ≤ nε`, () => {
      checkBackwardStable(graded(n, n + 1), n);
    });
    it(`PSD with clusters of tiny eigenvalues (n = ${n}): converges, residual ≤ nε‖A‖`, () => {
      checkBackwardStable(withSpectrum(tinyClusters(n), n + 2), n);
    });
  }

  it('converges on the tridiagonal where QL stalled in vanishing-exploding (eigenvalues 11 down to 1e-30)', () => {
    const { diag, offDiag } = JSON.parse(readFileSync(new URL('../fixtures/ql-stall.json', import.meta.url), 'utf8')) as { diag: number[]; offDiag: number[] };
    checkTridiagonal(Float64Array.from(diag), Float64Array.from(offDiag));
  });
});

describe('tridiagonalEigen at the ends of the floating-point range', () => {
  it('a 2×2 of 1e308 entries: eigenvalues 0 and 2e308 (which rounds to Infinity), not [Inf, Inf]', () => {
    const { values } = tridiagonalEigen(Float64Array.from([1e308, 1e308]), Float64Array.from([1e308]));
    expect(values[1]).toBe(Infinity); // 2e308 > Number.MAX_VALUE: the correctly rounded value
    // The other is 0 up to the backward error 2ε‖T‖ = 2ε·2e308 (written as 4ε·1e308 to stay finite).
    expect(Number.isFinite(values[0])).toBe(true);
    expect(Math.abs(values[0])).toBeLessThanOrEqual(4 * EPS * 1e308);
  });

  it('huge and tiny tridiagonals give the scaled eigenvalues of a moderate one (power-of-two scaling is exact)', () => {
    const n = 30;
    const rng = new Rng(3);
    const d = rng.fillNormal(new Float64Array(n));
    const e = rng.fillNormal(new Float64Array(n - 1));
    const ref = tridiagonalEigen(d, e).values;
    for (const s of [2 ** 1000, 2 ** -1000, 2 ** -1060]) {
      const vals = tridiagonalEigen(d.map((v) => v * s), e.map((v) => v * s)).values;
      // Inputs scaled by 2^k are exact (2^-1060 leaves ≥ 10 significant bits in the subnormal range: error ≤ 2^-10 relative per entry).
      const tol = s < 2 ** -1022 ? 2 ** -10 * 3 * maxAbs(ref) : n * EPS * maxAbs(ref);
      for (let i = 0; i < n; i++) expect(Math.abs(vals[i] / s - ref[i])).toBeLessThanOrEqual(tol);
    }
  });

  it('graded tridiagonal (d from 1e-3 to 1e3) with eigenvectors: residual ≤ nε‖T‖ and orthogonality ≤ nε', () => {
    const n = 200;
    const rng = new Rng(9);
    const d = Float64Array.from({ length: n }, (_, i) => 10 ** (-3 + (6 * i) / (n - 1)) * (1 + 0.1 * rng.normal()));
    const e = Float64Array.from({ length: n - 1 }, (_, i) => 10 ** (-3 + (6 * i) / (n - 1)) * rng.normal());
    checkTridiagonal(d, e);
  });

});
