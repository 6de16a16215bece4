import { describe, expect, it } from 'vitest';
import { axpy, denseMatVec, dot, norm, orthonormalize, randomUnitVector } from '../../src/linalg/vector.js';
import { Rng } from '../../src/tensor/rng.js';
import { EPS } from './helpers.js';

describe('vector helpers', () => {
  it('dot and norm', () => {
    const x = new Float64Array([3, 4, 0]);
    const y = new Float64Array([1, -2, 7]);
    expect(dot(x, y)).toBe(-5);
    expect(norm(x)).toBe(5);
    expect(norm(new Float64Array(0))).toBe(0);
    // The running scale avoids overflow of x² and underflow of tiny entries.
    expect(norm(new Float64Array([3e200, 4e200]))).toBeCloseTo(5e200, -186);
    expect(norm(new Float64Array([3e-200, 4e-200])) / 5e-200).toBeCloseTo(1, 15);
    expect(() => dot(x, new Float64Array(2))).toThrow(/dot: x and y must have the same length, got 3 and 2/);
  });

  it('axpy updates y in place and returns it', () => {
    const x = new Float64Array([1, 2]);
    const y = new Float64Array([10, 20]);
    const out = axpy(0.5, x, y);
    expect(out).toBe(y);
    expect(Array.from(y)).toEqual([10.5, 21]);
    expect(() => axpy(1, x, new Float64Array(3))).toThrow(/axpy: x and y must have the same length/);
  });

  it('denseMatVec multiplies row-major and returns a new vector', () => {
    const mv = denseMatVec(new Float64Array([1, 2, 3, 4]), 2);
    const v = new Float64Array([1, -1]);
    const w = mv(v);
    expect(Array.from(w)).toEqual([-1, -1]);
    expect(Array.from(v)).toEqual([1, -1]);
    expect(() => mv(new Float64Array(3))).toThrow(/denseMatVec: v has length 3, expected n = 2/);
    expect(() => denseMatVec(new Float64Array(3), 2)).toThrow(/denseMatVec: a has length 3/);
  });

  it('orthonormalize: orthonormal to working precision, drops dependent vectors', () => {
    const rng = new Rng(1);
    const n = 50;
    const vs = Array.from({ length: 10 }, () => rng.fillNormal(new Float64Array(n)));
    // A nearly parallel pair (condition ~1e8): Gram–Schmidt run twice still gives orthogonality ~ε.
    const nearlyParallel = Float64Array.from(vs[0], (v, i) => v + 1e-8 * Math.sin(i));
    const dependent = Float64Array.from(vs[1], (v, i) => 2 * v - 3 * vs[2][i]);
    const q = orthonormalize([...vs, nearlyParallel, dependent, new Float64Array(n)]);
    expect(q.length).toBe(11); // the combination and the zero vector are dropped
    for (let i = 0; i < q.length; i++) {
      for (let j = 0; j <= i; j++) {
        // Reorthogonalized Gram–Schmidt: |qᵢᵀqⱼ − δᵢⱼ| = O(n·ε) independent of conditioning.
        expect(Math.abs(dot(q[i], q[j]) - (i === j ? 1 : 0))).toBeLessThan(n * EPS);
      }
    }
    expect(() => orthonormalize([new Float64Array(2), new Float64Array(3)])).toThrow(/vectors\[1\] has length 3, expected 2/);
  });

  it('randomUnitVector: unit norm and reproducible from the seed', () => {
    const a = randomUnitVector(1000, new Rng(7));
    const b = randomUnitVector(1000, new Rng(7));
    const c = randomUnitVector(1000, new Rng(8));
    expect(Math.abs(norm(a) - 1)).toBeLessThan(10 * EPS);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(() => randomUnitVector(0, new Rng(1))).toThrow(/randomUnitVector: n must be a positive integer, got 0/);
  });
});
