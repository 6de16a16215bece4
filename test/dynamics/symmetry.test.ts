import { beforeAll, describe, expect, it } from 'vitest';
import { MLP, regression1d, train } from '../../src/nn/index.js';
import { flattenParams, SGD } from '../../src/optim/index.js';
import { antisymmetricBasis, symmetryMetrics, symmetryStudy, unitIndices, type SymmetryScenario, type SymmetryStudyResult } from '../../src/dynamics/index.js';

describe('symmetry metrics', () => {
  it('indexes units in src/nn’s MLP layout and counts distinct units', () => {
    // [2, 3, 1]: W₀ (3×2) at 0..5, b₀ at 6..8, W₁ (1×3) at 9..11, b₁ at 12.
    expect(unitIndices([2, 3, 1], 0, 1)).toEqual([2, 3, 7, 10]);
    const theta = Float64Array.from([1, 2, 1, 2, 5, 5, 0, 0, 1, 3, 3, 3, 9]);
    const [m] = symmetryMetrics(theta, [2, 3, 1]);
    expect(m!.identicalPairs).toBe(1);
    expect(m!.distinctUnits).toBe(2);
    expect(m!.clusters[0]).toBe(m!.clusters[1]);
    expect(m!.minDistance).toBe(0);
    expect(m!.distances[0 * 3 + 2]).toBeCloseTo(Math.hypot(4, 3, 1), 14);
    const b = antisymmetricBasis([2, 3, 1], 0, 0, 2);
    expect(b.length).toBe(4);
    expect(b[0]![0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(b[0]![4]).toBeCloseTo(-Math.SQRT1_2, 15);
    expect(() => symmetryMetrics(theta, [2, 3])).toThrow(/symmetryMetrics: sizes/);
  });

  it('identical units stay bitwise identical under src/nn training with SGD, even on shuffled mini-batches', () => {
    const data = regression1d({ curve: { kind: 'chebyshev', k: 3 }, n: 32, seed: 4 });
    const model = new MLP([1, 5, 5, 1], { hidden: 'tanh', init: [{ kind: 'constant', value: 0.4 }, { kind: 'constant', value: -0.2 }, { kind: 'constant', value: 0.3 }] });
    train(model, data, { loss: 'mse', optimizer: new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }), steps: 200, batchSize: 8, seed: 1, recordEvery: 0 });
    const layers = symmetryMetrics(flattenParams(model.parameters()), model.sizes);
    for (const l of layers) {
      expect(l.identicalPairs).toBe(10); // all C(5, 2) pairs exactly equal
      expect(l.distinctUnits).toBe(1);
    }
  });
});

describe('symmetryStudy (quick)', () => {
  let r: SymmetryStudyResult;
  let byName: Record<string, SymmetryScenario>;
  beforeAll(() => {
    r = symmetryStudy({ size: 'quick' });
    byName = Object.fromEntries(r.scenarios.map((s) => [s.name, s]));
  });

  it('GD, mini-batch noise and input noise keep the units bitwise identical; dropout masks and random init do not', () => {
    expect(byName['gd-identical']!.bitwiseIdentical).toBe(true);
    expect(byName['minibatch']!.bitwiseIdentical).toBe(true);
    expect(byName['input-noise']!.bitwiseIdentical).toBe(true);
    expect(byName['dropout']!.bitwiseIdentical).toBe(false);
    expect(byName['dropout']!.maxDistance[1]!).toBeGreaterThan(1e-3);
    expect(byName['random-init']!.minDistance[0]!).toBeGreaterThan(0.1);
    // Splitting pays: the trapped network is far worse than the random-init one.
    expect(byName['random-init']!.finalLoss).toBeLessThan(0.2 * byName['gd-identical']!.finalLoss);
  });

  it('a 1e-10 antisymmetric nudge grows at the rate of the Jacobian’s antisymmetric eigenvalue', () => {
    const g = r.growth;
    expect(g.gradNorm).toBeLessThan(1e-4); // θ_s is a critical point of the symmetric manifold
    // The symmetric point is a saddle: an antisymmetric Hessian eigenvalue λ_A < 0 gives μ_A = 1 − ηλ_A > 1.
    expect(g.predictedRate).toBeGreaterThan(1.02);
    // Measured vs predicted growth factor: the fit runs while the distance is < 1e-4 of O(1) weights, so
    // the neglected second-order terms are ~1e-4 relative per step, and the symmetric drift of θ_s
    // (‖∇L‖ ~ 1e-6) is smaller still; 1e-4 relative on the factor (≈ 2e-3 on log-rate) is safe.
    expect(Math.abs(g.measuredRate - g.predictedRate) / g.predictedRate).toBeLessThan(1e-4);
    expect(g.fitWindow[1] - g.fitWindow[0]).toBeGreaterThan(100);
    const p = byName['perturbed']!;
    expect(p.maxDistance[p.maxDistance.length - 1]! / p.maxDistance[0]!).toBeGreaterThan(100);
  });
});
