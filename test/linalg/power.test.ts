import { describe, expect, it } from 'vitest';
import { powerIteration } from '../../src/linalg/power.js';
import { symmetricEigen } from '../../src/linalg/symmetric.js';
import { denseMatVec, dot } from '../../src/linalg/vector.js';
import { EPS, column, withSpectrum } from './helpers.js';

describe('powerIteration', () => {
  const n = 60;
  // Spectrum in [−5, 10] with λ_max = 10, next 8 (ratio 0.8) and λ_min = −5, next −4.
  const lambda = Array.from({ length: n }, (_, i) => (i === 0 ? 10 : i === 1 ? 8 : i === 2 ? -5 : i === 3 ? -4 : -3.5 + (10 * i) / n));
  const a = withSpectrum(lambda, 17);
  const dense = symmetricEigen(a, n);
  const matvec = denseMatVec(a, n);

  it('finds the largest-magnitude eigenpair, agreeing with the dense solver', () => {
    const r = powerIteration(matvec, n, { tol: 1e-10, seed: 1 });
    expect(r.converged).toBe(true);
    // Error decays like 0.8^k, so reaching 1e-10 takes ≈ log(1e-10)/log(0.8) ≈ 100 steps.
    expect(r.iterations).toBeGreaterThan(50);
    expect(r.iterations).toBeLessThan(200);
    const top = dense.values[n - 1];
    const gap = top - dense.values[n - 2];
    // Kato–Temple: |μ − λ| ≤ r²/gap, plus the rounding of the matvecs (n·ε·‖A‖).
    expect(Math.abs(r.value - top)).toBeLessThan(r.residual ** 2 / gap + n * EPS * 10);
    // Davis–Kahan: sin∠(v, u) ≤ r/gap.
    const cos = Math.abs(dot(r.vector, column(dense.vectors, n, n - 1)));
    expect(Math.sqrt(Math.max(0, 1 - cos * cos))).toBeLessThan(r.residual / gap + 1e-7);
    expect(r.residual).toBeLessThanOrEqual(1e-10 * Math.abs(r.value));
  });

  it('with shift σ = ρ(A) finds the most negative eigenvalue', () => {
    const top = powerIteration(matvec, n, { seed: 2 });
    const low = powerIteration(matvec, n, { shift: Math.abs(top.value), seed: 2, maxIter: 5000 });
    expect(low.converged).toBe(true);
    const lmin = dense.values[0];
    // Eigenvalues of A − 10·I: −15 (wanted) and −14 next: ratio 14/15, slower but steady.
    const gap = dense.values[1] - lmin;
    expect(Math.abs(low.value - lmin)).toBeLessThan(low.residual ** 2 / gap + n * EPS * 20);
    const cos = Math.abs(dot(low.vector, column(dense.vectors, n, 0)));
    expect(Math.sqrt(Math.max(0, 1 - cos * cos))).toBeLessThan(low.residual / gap + 1e-7);
  });

  it('reports non-convergence when ±λ tie for the largest magnitude', () => {
    // Eigenvalues 2 and −2: the iterate oscillates between two directions.
    const tie = withSpectrum([2, -2, 1, 0.5], 4);
    const r = powerIteration(denseMatVec(tie, 4), 4, { maxIter: 200, seed: 3 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(200);
  });

  it('exact eigenvector start converges in one step; same seed → same result', () => {
    const u = column(dense.vectors, n, n - 1);
    const r = powerIteration(matvec, n, { v0: u });
    expect(r.iterations).toBe(1);
    expect(r.converged).toBe(true);
    const a1 = powerIteration(matvec, n, { seed: 9, maxIter: 10 });
    const a2 = powerIteration(matvec, n, { seed: 9, maxIter: 10 });
    expect(a1.value).toBe(a2.value);
  });

  it('rejects bad input', () => {
    expect(() => powerIteration(matvec, 0)).toThrow(/powerIteration: n must be a positive integer, got 0/);
    expect(() => powerIteration(matvec, n, { maxIter: 0 })).toThrow(/powerIteration: maxIter must be an integer ≥ 1, got 0$/);
    expect(() => powerIteration(matvec, n, { tol: 0 })).toThrow(/tol must be a finite number > 0/);
    expect(() => powerIteration(matvec, n, { shift: NaN })).toThrow(/shift must be a finite number/);
    expect(() => powerIteration(matvec, n, { v0: new Float64Array(3) })).toThrow(/v0 has length 3, expected n = 60/);
    expect(() => powerIteration(matvec, n, { v0: new Float64Array(n) })).toThrow(/v0 must be a finite nonzero vector/);
    expect(() => powerIteration(() => new Float64Array(2), n)).toThrow(/matvec must return a Float64Array of length n = 60, got length 2/);
  });
});
