import { describe, expect, it } from 'vitest';
import { eigenvalues } from '../../src/linalg/general.js';
import { realEigenvector } from '../../src/linalg/inverseIteration.js';
import { symmetricEigen } from '../../src/linalg/symmetric.js';
import { dot, norm } from '../../src/linalg/vector.js';
import { Rng } from '../../src/tensor/rng.js';
import { EPS, column, randomSymmetric } from './helpers.js';

describe('realEigenvector (inverse iteration)', () => {
  it('random nonsymmetric matrix: residual ≲ n·ε·‖A‖ for every real eigenvalue', () => {
    const n = 80;
    const a = new Rng(3).fillNormal(new Float64Array(n * n));
    const { re, im } = eigenvalues(a, n);
    const normA = 2 * Math.sqrt(n); // ‖A‖₂ ≈ 2√n for a Gaussian matrix
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (im[i] !== 0) continue;
      count++;
      const { vector, residual } = realEigenvector(a, n, re[i]);
      expect(Math.abs(norm(vector) - 1)).toBeLessThan(10 * EPS);
      // Inverse iteration reaches the backward-error level: ‖Av − λ̂v‖ = O(n·ε·‖A‖).
      expect(residual).toBeLessThan(n * EPS * normA);
    }
    expect(count).toBeGreaterThan(2); // a Gaussian 80×80 matrix has ≈ √(2n/π) ≈ 7 real eigenvalues
  });

  it('symmetric matrix: matches the symmetric solver’s eigenvector up to sign', () => {
    const n = 30;
    const a = randomSymmetric(n, 12);
    const { values, vectors } = symmetricEigen(a, n);
    for (const j of [0, 7, n - 1]) {
      const { vector } = realEigenvector(a, n, values[j]);
      const gap = Math.min(j > 0 ? values[j] - values[j - 1] : Infinity, j < n - 1 ? values[j + 1] - values[j] : Infinity);
      // Both vectors are within O(n·ε·‖A‖/gap) of the true eigenvector (Davis–Kahan).
      const cos = Math.abs(dot(vector, column(vectors, n, j)));
      expect(1 - cos).toBeLessThan((n * EPS * 20) / gap);
    }
  });

  it('exactly singular shift (λ on the diagonal of a triangular matrix) still works', () => {
    // Upper triangular: eigenvalue 2 has eigenvector (1, 0, 0); A − 2I has a zero pivot.
    const a = new Float64Array([2, 1, 0, 0, 3, 1, 0, 0, 4]);
    const { vector, residual } = realEigenvector(a, 3, 2);
    expect(residual).toBeLessThan(10 * EPS * 5);
    expect(vector[0]).toBeCloseTo(1, 12);
  });

  it('rejects bad input', () => {
    expect(() => realEigenvector(new Float64Array(4), 2, NaN)).toThrow(/realEigenvector: lambda must be a finite number/);
    expect(() => realEigenvector(new Float64Array(3), 2, 1)).toThrow(/realEigenvector: a has length 3/);
    expect(() => realEigenvector(new Float64Array(4), 2, 1, { iterations: 0 })).toThrow(/iterations must be an integer in \[1, 100\]/);
  });
});
