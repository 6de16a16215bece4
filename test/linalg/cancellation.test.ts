/**
 * Cancellation hooks of the dense eigensolvers and the routines built on them (trajectory PCA, principal
 * components, the fixed-point finder's classification): a `checkpoint` that throws stops the work inside the
 * loop that calls it, and a `checkpoint` that returns changes no computed bit.
 */
import { describe, expect, it } from 'vitest';
import { eigenvalues, spectralRadius, symmetricEigen, symmetricEigenvalues } from '../../src/linalg/index.js';
import { trajectoryPca } from '../../src/landscape/index.js';
import { principalComponents } from '../../src/neuro/index.js';
import { findFixedPoints, recurrentSystem } from '../../src/dynamics/index.js';
import { RNN } from '../../src/nn/index.js';
import { Rng } from '../../src/tensor/index.js';
import { randomSymmetric } from './helpers.js';

class Stop extends Error {}

/** A checkpoint that counts its calls and throws on call `stopAt` (never when stopAt is Infinity). */
function counter(stopAt = Infinity): { calls: number; checkpoint: () => void } {
  const c = {
    calls: 0,
    checkpoint: () => {
      if (++c.calls >= stopAt) throw new Stop();
    },
  };
  return c;
}

const bits = (a: ArrayLike<number>): number[] => Array.from(a);

describe('symmetricEigen / symmetricEigenvalues checkpoint', () => {
  const n = 40;
  const a = randomSymmetric(n, 3);

  it('symmetricEigen checks once per Householder reflector, once per accumulated reflector and once per QL sweep, and gives the same bits', () => {
    const c = counter();
    const checked = symmetricEigen(a, n, { checkpoint: c.checkpoint });
    const plain = symmetricEigen(a, n);
    expect(bits(checked.values)).toEqual(bits(plain.values));
    expect(bits(checked.vectors)).toEqual(bits(plain.vectors));
    // n − 2 reflectors, n − 2 accumulations, and at least one QL sweep per eigenvalue that does not deflate at once.
    expect(c.calls).toBeGreaterThan(2 * (n - 2));
  });

  it('symmetricEigen stops inside the tridiagonalization, the accumulation of Q and the QL iteration', () => {
    // Call n − 2 is the last reflector, 2(n − 2) the last accumulation, 2(n − 2) + 1 the first QL sweep.
    for (const stopAt of [1, n - 2, 2 * (n - 2), 2 * (n - 2) + 1]) {
      const c = counter(stopAt);
      expect(() => symmetricEigen(a, n, { checkpoint: c.checkpoint })).toThrow(Stop);
      expect(c.calls).toBe(stopAt);
    }
  });

  it('symmetricEigenvalues checks in the tridiagonalization and gives the same bits', () => {
    const c = counter();
    expect(bits(symmetricEigenvalues(a, n, { checkpoint: c.checkpoint }))).toEqual(bits(symmetricEigenvalues(a, n)));
    expect(c.calls).toBe(n - 2);
    const stop = counter(5);
    expect(() => symmetricEigenvalues(a, n, { checkpoint: stop.checkpoint })).toThrow(Stop);
    expect(stop.calls).toBe(5);
  });
});

describe('eigenvalues / spectralRadius checkpoint', () => {
  // A Gaussian (non-symmetric) matrix: complex pairs, so the Francis double-shift sweeps run.
  const n = 30;
  const a = new Rng(11).fillNormal(new Float64Array(n * n));

  it('checks per Hessenberg reflector and per Francis QR sweep, and gives the same bits', () => {
    const c = counter();
    const checked = eigenvalues(a, n, { checkpoint: c.checkpoint });
    const plain = eigenvalues(a, n);
    expect(bits(checked.re)).toEqual(bits(plain.re));
    expect(bits(checked.im)).toEqual(bits(plain.im));
    // n − 2 reflectors, then at least one sweep: the Hessenberg form of a Gaussian matrix has no negligible subdiagonal entry.
    expect(c.calls).toBeGreaterThan(n - 2);
    expect(spectralRadius(a, n, { checkpoint: counter().checkpoint })).toBe(spectralRadius(a, n));
  });

  it('stops in the Hessenberg reduction and in the QR iteration', () => {
    for (const stopAt of [1, n - 2, n - 1]) {
      const c = counter(stopAt);
      expect(() => eigenvalues(a, n, { checkpoint: c.checkpoint })).toThrow(Stop);
      expect(c.calls).toBe(stopAt);
    }
  });
});

describe('trajectoryPca checkpoint', () => {
  // A random walk of T points in n dimensions; both branches (Gram matrix when T ≤ n, covariance when T > n).
  const walk = (T: number, n: number): Float64Array[] => {
    const rng = new Rng(5);
    const path = [new Float64Array(n)];
    for (let t = 1; t < T; t++) path.push(Float64Array.from(path[t - 1]!, (v) => v + rng.normal()));
    return path;
  };
  for (const [T, n] of [[30, 50], [60, 8]] as const) {
    it(`checks in the ${T <= n ? 'Gram matrix' : 'covariance'} (T = ${T}, n = ${n}), the eigensolver and the projections, with the same bits`, () => {
      const path = walk(T, n);
      const c = counter();
      const checked = trajectoryPca(path, { checkpoint: c.checkpoint });
      const plain = trajectoryPca(path);
      expect(checked.directions.map(bits)).toEqual(plain.directions.map(bits));
      expect(checked.coordinates).toEqual(plain.coordinates);
      expect(checked.singularValues).toEqual(plain.singularValues);
      // Gram branch: T(T + 1)/2 entries; covariance branch: T rows; then ≥ 2(m − 2) eigensolver steps (m = min(T, n)) and T projections.
      const m = Math.min(T, n);
      expect(c.calls).toBeGreaterThan((T <= n ? (T * (T + 1)) / 2 : T) + 2 * (m - 2) + T);
      // Stopped at the first check (building the small matrix) and at the last (the final projection row).
      for (const stopAt of [1, c.calls]) {
        const stop = counter(stopAt);
        expect(() => trajectoryPca(path, { checkpoint: stop.checkpoint })).toThrow(Stop);
        expect(stop.calls).toBe(stopAt);
      }
    });
  }
});

describe('principalComponents checkpoint', () => {
  it('checks per sample and inside the eigensolver, stops at the first check, and gives the same bits', () => {
    const samples = 50;
    const dim = 12;
    const data = new Rng(7).fillNormal(new Float64Array(samples * dim));
    const c = counter();
    const checked = principalComponents(data, samples, dim, { checkpoint: c.checkpoint });
    const plain = principalComponents(data, samples, dim);
    expect(bits(checked.values)).toEqual(bits(plain.values));
    expect(checked.vectors.map(bits)).toEqual(plain.vectors.map(bits));
    expect(c.calls).toBeGreaterThan(samples + 2 * (dim - 2));
    const stop = counter(1);
    expect(() => principalComponents(data, samples, dim, { checkpoint: stop.checkpoint })).toThrow(Stop);
    expect(stop.calls).toBe(1);
  });
});

describe('findFixedPoints checkpoint', () => {
  // h ↦ tanh(2h) in 2-D has 9 fixed points (see test/dynamics/fixedPoints.test.ts); the checkpoint runs per
  // candidate in both merges and per point before its eigenvalues, the stages that do not call the map.
  const rnn = new RNN(1, 2, { seed: 0 });
  rnn.weightHh.data.set([2, 0, 0, 2]);
  for (const p of [rnn.weightIh, rnn.biasIh!, rnn.biasHh!]) p.data.fill(0);
  const system = recurrentSystem(rnn);
  const init = new Rng(1).fillUniform(new Float64Array(2 * 40), -1.2, 1.2);
  const options = { marginalTol: 0.02, iterations: 100 };

  it('checks per candidate in each merge and per point before its eigenvalues, with the same points', () => {
    const c = counter();
    const checked = findFixedPoints(system, init, { ...options, checkpoint: c.checkpoint });
    const plain = findFixedPoints(system, init, options);
    expect(checked.points.map((p) => [bits(p.h), bits(p.re), p.q, p.kind])).toEqual(plain.points.map((p) => [bits(p.h), bits(p.re), p.q, p.kind]));
    // 40 candidates in the first merge, then the survivors in the second, then one check per classified point.
    // The second merge sees at least as many survivors as it returns points.
    expect(c.calls).toBeGreaterThanOrEqual(40 + 2 * plain.points.length);
  });

  it('stops in the classification before the last point’s eigenvalues', () => {
    const all = counter();
    const n = findFixedPoints(system, init, { ...options, checkpoint: all.checkpoint }).points.length;
    const stop = counter(all.calls);
    expect(() => findFixedPoints(system, init, { ...options, checkpoint: stop.checkpoint })).toThrow(Stop);
    expect(n).toBeGreaterThan(1);
    expect(stop.calls).toBe(all.calls);
  });
});
