import { describe, expect, it } from 'vitest';
import { lanczos } from '../../src/linalg/lanczos.js';
import { symmetricEigen } from '../../src/linalg/symmetric.js';
import { denseMatVec, dot, norm, type MatVec } from '../../src/linalg/vector.js';
import { EPS, column, randomSymmetric, withSpectrum } from './helpers.js';

/** Count matvec calls. */
function counted(mv: MatVec): { mv: MatVec; calls: () => number } {
  let calls = 0;
  return {
    mv: (v) => {
      calls++;
      return mv(v);
    },
    calls: () => calls,
  };
}

describe('lanczos', () => {
  const n = 300;
  const a = randomSymmetric(n, 1);
  const dense = symmetricEigen(a, n);
  const normA = Math.max(-dense.values[0], dense.values[n - 1]);

  /**
   * For a symmetric A and unit y with residual r = ‖Ay − θy‖, some eigenvalue
   * lies within r of θ and, if θ is separated by `gap` from the rest, within
   * r²/gap (Kato–Temple); the Ritz vector's angle to the eigenvector is at
   * most r/gap (Davis–Kahan). Rounding adds O(n·ε·‖A‖) to both.
   */
  function expectRitzPair(value: number, vector: Float64Array, residual: number, index: number): void {
    const lambda = dense.values[index];
    const gap = Math.min(index > 0 ? lambda - dense.values[index - 1] : Infinity, index < n - 1 ? dense.values[index + 1] - lambda : Infinity);
    const rounding = 10 * n * EPS * normA;
    expect(Math.abs(value - lambda)).toBeLessThan(Math.min(residual, residual ** 2 / gap) + rounding);
    const cos = Math.abs(dot(vector, column(dense.vectors, n, index)));
    expect(Math.sqrt(Math.max(0, 1 - cos * cos))).toBeLessThan(residual / gap + 1e-7);
    expect(Math.abs(norm(vector) - 1)).toBeLessThan(10 * EPS);
  }

  it("top-k ('largest') agrees with the dense eigensolver", () => {
    const { mv, calls } = counted(denseMatVec(a, n));
    const r = lanczos(mv, n, { k: 4, which: 'largest', steps: 150, tol: 1e-10, seed: 1 });
    expect(r.converged).toBe(true);
    expect(r.matvecs).toBe(calls());
    expect(r.matvecs).toBeLessThan(150); // stopped early on the residual test
    expect(r.values.length).toBe(4);
    for (let i = 0; i < 4; i++) {
      expect(r.residuals[i]).toBeLessThanOrEqual(1e-10 * normA * 1.01);
      expectRitzPair(r.values[i], r.vectors[i], r.residuals[i], n - 4 + i);
    }
  });

  it("bottom-k ('smallest') and 'both' agree with the dense eigensolver", () => {
    const mv = denseMatVec(a, n);
    const low = lanczos(mv, n, { k: 3, which: 'smallest', steps: 150, seed: 2 });
    expect(low.converged).toBe(true);
    for (let i = 0; i < 3; i++) expectRitzPair(low.values[i], low.vectors[i], low.residuals[i], i);
    const both = lanczos(mv, n, { k: 2, which: 'both', steps: 150, seed: 3 });
    expect(both.converged).toBe(true);
    expect(both.values.length).toBe(4);
    [0, 1, n - 2, n - 1].forEach((idx, i) => expectRitzPair(both.values[i], both.vectors[i], both.residuals[i], idx));
  });

  it('Ritz vectors are mutually orthogonal (full reorthogonalization: no ghost copies)', () => {
    // A spectrum with one dominant outlier: without reorthogonalization it would reappear
    // as a spurious duplicate Ritz value after a few dozen steps (Paige 1971).
    const m = 200;
    const lambda = Array.from({ length: m }, (_, i) => (i === 0 ? 100 : Math.cos(i)));
    const b = withSpectrum(lambda, 5);
    const r = lanczos(denseMatVec(b, m), m, { k: 5, steps: 120, tol: 0, seed: 4 });
    expect(r.values[4]).toBeCloseTo(100, 10);
    expect(r.values[3]).toBeLessThan(1 + 1e-9);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < i; j++) expect(Math.abs(dot(r.vectors[i], r.vectors[j]))).toBeLessThan(1e-8);
    }
  });

  it('restarts after an invariant subspace (β = 0) and recovers multiplicities', () => {
    // diag with only three distinct values: K(A, q₀) has dimension 3, so Lanczos breaks
    // down after 3 steps; restarting in the orthogonal complement finds the copies of 5.
    // tol: 0 uses all 12 steps (4 blocks of 3); with tol > 0 the run would stop after the
    // first block, whose exact Ritz values 1, 2, 5 already have zero residuals.
    const m = 50;
    const d = Array.from({ length: m }, (_, i) => (i < 20 ? 1 : i < 40 ? 2 : 5));
    const mv: MatVec = (v) => v.map((x, i) => d[i] * x);
    const r = lanczos(mv, m, { k: 3, steps: 12, tol: 0, seed: 6 });
    expect(r.restarts).toBe(3);
    const early = lanczos(mv, m, { k: 3, steps: 12, seed: 6 });
    expect(early.matvecs).toBe(3);
    expect(Array.from(early.values).map((v) => Math.round(v))).toEqual([1, 2, 5]);
    // Invariant-subspace Ritz values are exact eigenvalues up to rounding.
    for (const v of r.values) expect(Math.abs(v - 5)).toBeLessThan(100 * EPS);
    for (const res of r.residuals) expect(res).toBeLessThan(1e-12);
  });

  it('stops gracefully when the whole space is exhausted (steps = n)', () => {
    const m = 6;
    const b = withSpectrum([1, 2, 3, 4, 5, 6], 8);
    const r = lanczos(denseMatVec(b, m), m, { k: 6, which: 'smallest', steps: 6, tol: 0, seed: 1 });
    expect(r.matvecs).toBe(6);
    [1, 2, 3, 4, 5, 6].forEach((v, i) => expect(Math.abs(r.values[i] - v)).toBeLessThan(100 * EPS * 6));
    const one = lanczos((v) => v.map((x) => 3 * x), 1, { k: 1, steps: 1 });
    expect(one.values[0]).toBeCloseTo(3, 15);
  });

  it('matrix-free at n = 20 000: cost is the matvecs, top eigenvalues from a few dozen', () => {
    // A = diag(bulk in [0, 1]) + three outliers; a Hessian-like spectrum.
    const m = 20_000;
    const d = new Float64Array(m);
    for (let i = 0; i < m; i++) d[i] = i / m;
    d[123] = 5;
    d[4567] = 3;
    d[9999] = 2;
    const { mv, calls } = counted((v) => v.map((x, i) => d[i] * x));
    const r = lanczos(mv, m, { k: 3, steps: 60, tol: 1e-10, seed: 7 });
    expect(r.converged).toBe(true);
    expect(calls()).toBeLessThanOrEqual(60);
    // Well separated outliers converge to the residual tolerance; |θ − λ| ≤ r²/gap is far smaller.
    [2, 3, 5].forEach((v, i) => expect(Math.abs(r.values[i] - v)).toBeLessThan(1e-9));
    expect(Math.abs(r.vectors[2][123])).toBeCloseTo(1, 9);
  });

  it('rejects bad input', () => {
    const mv = denseMatVec(a, n);
    expect(() => lanczos(mv, 0)).toThrow(/lanczos: n must be a positive integer, got 0/);
    expect(() => lanczos(mv, n, { k: n + 1 })).toThrow(/lanczos: k must be an integer in \[1, 300\], got 301/);
    expect(() => lanczos(mv, n, { k: 0 })).toThrow(/k must be an integer in \[1, 300\]/);
    expect(() => lanczos(mv, n, { k: 5, steps: 4 })).toThrow(/steps must be an integer in \[5, 300\], got 4/);
    expect(() => lanczos(mv, n, { k: 5, which: 'both', steps: 8 })).toThrow(/steps must be an integer in \[10, 300\]/);
    expect(() => lanczos(mv, n, { steps: n + 1 })).toThrow(/steps must be an integer in \[1, 300\]/);
    expect(() => lanczos(mv, n, { which: 'middle' as 'largest' })).toThrow(/which must be 'largest', 'smallest' or 'both', got middle/);
    expect(() => lanczos(mv, n, { tol: -1 })).toThrow(/tol must be a finite number ≥ 0/);
    expect(() => lanczos(mv, n, { v0: new Float64Array(2) })).toThrow(/v0 has length 2, expected n = 300/);
    expect(() => lanczos(() => new Float64Array(1), n)).toThrow(/lanczos: matvec must return a Float64Array of length n = 300/);
    expect(() => lanczos(() => new Float64Array(n).fill(NaN), n)).toThrow(/lanczos: matvec produced non-finite values/);
  });
});
