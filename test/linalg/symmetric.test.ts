import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { symmetricEigen, symmetricEigenvalues } from '../../src/linalg/symmetric.js';
import { tridiagonalEigen } from '../../src/linalg/tridiagonal.js';
import { EPS, frobenius2, maxAbs, randomSymmetric, trace, withSpectrum } from './helpers.js';

/**
 * Householder tridiagonalization and implicit QL are backward stable: the
 * computed pairs are exact for A + E with ‖E‖₂ ≤ c·n·ε·‖A‖₂ (Golub & Van
 * Loan §8.3), so residuals ‖Av − λv‖, departures from orthogonality
 * |VᵀV − I| and eigenvalue errors are all bounded by n·ε·‖A‖ up to a
 * modest constant; in practice the error grows like √n, so c = 1 has
 * plenty of margin.
 */
function checkDecomposition(a: Float64Array, n: number): void {
  const { values, vectors } = symmetricEigen(a, n);
  const normA = maxAbs(values); // ‖A‖₂ for symmetric A
  const bound = n * EPS * normA;
  for (let j = 1; j < n; j++) expect(values[j]).toBeGreaterThanOrEqual(values[j - 1]);
  let worstResidual = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
      worstResidual = Math.max(worstResidual, Math.abs(av - values[j] * vectors[i * n + j]));
    }
  }
  expect(worstResidual).toBeLessThan(bound);
  let worstOrth = 0;
  for (let j = 0; j < n; j++) {
    for (let l = 0; l <= j; l++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[k * n + j] * vectors[k * n + l];
      worstOrth = Math.max(worstOrth, Math.abs(s - (j === l ? 1 : 0)));
    }
  }
  expect(worstOrth).toBeLessThan(n * EPS);
}

describe('symmetricEigen', () => {
  for (const n of [5, 50, 300]) {
    it(`random symmetric n = ${n}: residuals and orthogonality within n·ε·‖A‖`, () => {
      checkDecomposition(randomSymmetric(n, 100 + n), n);
    });
  }

  it('handles n = 1 and n = 2 exactly enough', () => {
    const one = symmetricEigen(new Float64Array([-3.5]), 1);
    expect(Array.from(one.values)).toEqual([-3.5]);
    expect(Math.abs(one.vectors[0])).toBe(1);
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3, eigenvectors (1, ∓1)/√2.
    const two = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(two.values[0]).toBeCloseTo(1, 14);
    expect(two.values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(two.vectors[0] + two.vectors[2])).toBeLessThan(4 * EPS);
    expect(Math.abs(two.vectors[1] - two.vectors[3])).toBeLessThan(4 * EPS);
    checkDecomposition(new Float64Array([2, 1, 1, 2]), 2);
  });

  it('diagonal matrix: returns the sorted diagonal and permuted unit vectors exactly', () => {
    const diag = [4, -1, 7, 0, 2.5];
    const n = diag.length;
    const a = new Float64Array(n * n);
    diag.forEach((v, i) => (a[i * n + i] = v));
    const { values, vectors } = symmetricEigen(a, n);
    expect(Array.from(values)).toEqual([-1, 0, 2.5, 4, 7]);
    // Column j is ±e_{index of values[j]}: no rotation is ever applied to a diagonal matrix.
    values.forEach((v, j) => {
      const i = diag.indexOf(v);
      expect(Math.abs(vectors[i * n + j])).toBe(1);
    });
  });

  it('known spectrum Q Λ Qᵀ (n = 80, clustered and repeated eigenvalues)', () => {
    const n = 80;
    const lambda = Array.from({ length: n }, (_, i) => (i < 10 ? 3 : i < 20 ? 3 + 1e-9 * i : Math.sin(i) * 5));
    const a = withSpectrum(lambda, 7);
    const values = symmetricEigenvalues(a, n);
    const expected = Float64Array.from(lambda).sort();
    // Forming QΛQᵀ and decomposing it each contribute ≲ n·ε·‖A‖ error.
    const bound = 2 * n * EPS * 5;
    for (let i = 0; i < n; i++) expect(Math.abs(values[i] - expected[i])).toBeLessThan(bound);
    checkDecomposition(a, n);
  });

  it('values-only path matches the full decomposition', () => {
    const n = 60;
    const a = randomSymmetric(n, 3);
    const full = symmetricEigen(a, n).values;
    const only = symmetricEigenvalues(a, n);
    // Same reduction and same QL arithmetic on d, e: identical to rounding.
    for (let i = 0; i < n; i++) expect(Math.abs(full[i] - only[i])).toBeLessThan(n * EPS * maxAbs(full));
  });

  it('is scale invariant: tiny and huge matrices neither underflow nor overflow', () => {
    const n = 20;
    const base = randomSymmetric(n, 11);
    const ref = symmetricEigenvalues(base, n);
    for (const s of [1e-300, 1e300]) {
      const scaled = base.map((v) => v * s);
      const vals = symmetricEigenvalues(scaled, n);
      // Scaling by a power-free constant costs one rounding per entry: relative n·ε again.
      for (let i = 0; i < n; i++) expect(Math.abs(vals[i] / s - ref[i])).toBeLessThan(n * EPS * maxAbs(ref));
    }
  });

  it('accepts rounding-level asymmetry and symmetrizes it', () => {
    const n = 10;
    const a = randomSymmetric(n, 5);
    a[1] += 1e-14; // a[0][1] − a[1][0] = 1e-14 ≪ 1e-10·max|a_ij|
    expect(() => symmetricEigen(a, n)).not.toThrow();
  });

  it('rejects bad input with clear errors', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    expect(() => symmetricEigen(a, 2)).toThrow(/symmetricEigen: a is not symmetric/);
    expect(() => symmetricEigenvalues(a, 2)).toThrow(/symmetricEigenvalues: a is not symmetric/);
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/length 5, expected n×n = 4/);
    expect(() => symmetricEigen(new Float64Array(0), 0)).toThrow(/n must be a positive integer, got 0/);
    expect(() => symmetricEigen(new Float64Array(4), 1.5)).toThrow(/n must be a positive integer/);
    expect(() => symmetricEigen(new Float64Array([1, NaN, NaN, 1]), 2)).toThrow(/a\[1\] \(row 0, column 1\) is not finite/);
    expect(() => symmetricEigen(new Float64Array([1, 0, 0, 1]), 2, { symmetryTol: -1 })).toThrow(/symmetryTol must be/);
  });

  it('property: trace = Σλ and ‖A‖_F² = Σλ² (random symmetric, n ≤ 12)', () => {
    const symmetricMatrix = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc
        .array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n * n, maxLength: n * n })
        .map((entries) => {
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) {
              a[i * n + j] = entries[i * n + j];
              a[j * n + i] = entries[i * n + j];
            }
          }
          return { a, n };
        }),
    );
    fc.assert(
      fc.property(symmetricMatrix, ({ a, n }) => {
        const { values } = symmetricEigen(a, n);
        const normA = Math.max(maxAbs(values), Number.MIN_VALUE);
        let sum = 0;
        let sumSq = 0;
        for (const v of values) {
          sum += v;
          sumSq += v * v;
        }
        // Each λ is off by ≲ n·ε·‖A‖; the sums accumulate n of those (plus their own rounding).
        expect(Math.abs(sum - trace(a, n))).toBeLessThanOrEqual(4 * n * n * EPS * normA);
        expect(Math.abs(sumSq - frobenius2(a))).toBeLessThanOrEqual(8 * n * n * EPS * normA * normA);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe('tridiagonalEigen', () => {
  it('matches the closed form of the 1-D Laplacian: 2 − 2cos(kπ/(n+1))', () => {
    const n = 100;
    const d = new Float64Array(n).fill(2);
    const e = new Float64Array(n - 1).fill(-1);
    const { values } = tridiagonalEigen(d, e);
    // Implicit QL is backward stable on T: error ≲ n·ε·‖T‖ with ‖T‖ ≤ 4.
    for (let k = 1; k <= n; k++) {
      expect(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(4 * n * EPS);
    }
  });

  it('rotating e₁ gives the first eigenvector components, whose squares sum to 1', () => {
    const n = 30;
    const d = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const e = Float64Array.from({ length: n - 1 }, (_, i) => 1 + 0.1 * i);
    const first = new Float64Array(n);
    first[0] = 1;
    const partial = tridiagonalEigen(d, e, { data: first, m: 1 });
    const identity = new Float64Array(n * n);
    for (let i = 0; i < n; i++) identity[i * n + i] = 1;
    const full = tridiagonalEigen(d, e, { data: identity, m: n });
    let sumSq = 0;
    for (let j = 0; j < n; j++) {
      // Same rotations applied to a sub-block of rows: identical arithmetic.
      expect(partial.rows![j]).toBe(full.rows![j * n]);
      sumSq += partial.rows![j] ** 2;
    }
    expect(Math.abs(sumSq - 1)).toBeLessThan(n * EPS);
  });

  it('rejects inconsistent lengths', () => {
    expect(() => tridiagonalEigen(new Float64Array(0), new Float64Array(0))).toThrow(/diag must have length ≥ 1/);
    expect(() => tridiagonalEigen(new Float64Array(3), new Float64Array(1))).toThrow(/offDiag must have length ≥ n − 1 = 2/);
    expect(() => tridiagonalEigen(new Float64Array(3), new Float64Array(2), { data: new Float64Array(4), m: 2 })).toThrow(
      /rows.data must have length n·m = 6/,
    );
  });
});
