import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/experiments/config.js';
import { runExperiment, stableStringify } from '../../src/experiments/runner.js';
import { symmetryBreakingExperiment } from '../../src/experiments/symmetryBreaking.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { expectCaptionsFromNumbers, expectFiguresRender, expectMathParses } from './outputChecks.js';

describe('experiment symmetry-breaking (quick preset)', () => {
  const config = resolveConfig<{ steps: number; recordEvery: number; hidden: number }>(symmetryBreakingExperiment, { preset: 'quick' });
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await runExperiment(symmetryBreakingExperiment, config, { seed: 0 });
  }, 60_000);

  it('identical units stay bitwise identical under full-batch GD, mini-batches and input noise', () => {
    expect(r.metrics.symmetricScenariosIdentical).toBe(3);
    // Exactly 0, not small: permutation equivariance holds in floating point because the same operations see the same numbers.
    expect(r.metrics.maxSymmetricDistance).toBe(0);
    for (const name of ['gd-identical', 'minibatch', 'input-noise']) {
      const rows = r.series.scenarios!.filter((row) => row.scenario === name);
      expect(rows.length).toBe(config.steps / config.recordEvery + 1);
      for (const row of rows) {
        expect(row.maxDistance).toBe(0);
        expect(row.distinctUnits).toBe(1);
      }
    }
  });

  it('dropout masks, random init and a perturbation break the symmetry', () => {
    expect(r.metrics['finalDistinctUnits_dropout']).toBe(config.hidden);
    expect(r.metrics['finalDistinctUnits_random-init']).toBe(config.hidden);
    expect(r.metrics['finalMaxDistance_perturbed']).toBeGreaterThan(1e-10 * 100);
    // Two distinct units fit y = tanh(2x₁) − tanh(2x₂) far better than one unit repeated.
    expect(r.metrics['finalLoss_random-init']).toBeLessThan(r.metrics['finalLoss_gd-identical']! / 5);
  });

  it('the growth rate of the antisymmetric perturbation matches the restricted Jacobian', () => {
    // θ_s is a critical point of the symmetric manifold and a saddle in the antisymmetric direction.
    expect(r.metrics.criticalPointGradNorm).toBeLessThan(1e-4);
    expect(r.metrics.lambdaAntisymmetricMin).toBeLessThan(0);
    expect(r.metrics.predictedRate).toBeGreaterThan(1);
    // The fit uses distances ≤ 1e-4 from θ_s, where the quadratic terms of the map change the per-step factor by
    // O(1e-4)·|λ_A|η ≲ 1e-5; the growth exponent (μ − 1) must agree to 1e-3 relative (measured: ≈ 3e-6).
    expect(r.metrics.maxGrowthExponentError).toBeLessThan(1e-3);
    expect(Math.abs(r.metrics.measuredRate! - r.metrics.predictedRate!)).toBeLessThan(1e-5);
    const rates = r.series.growthRates!;
    expect(rates.every((row) => row.error === '')).toBe(true);
    // Both step sizes reach the same critical point, so μ_A − 1 = −ηλ_A scales linearly with η: λ_A from η = 0.15 and η = 0.2 agree.
    const [a, b] = rates.map((row) => (1 - (row.predictedRate as number)) / (row.lr as number));
    expect(Math.abs(a! - b!) / Math.abs(b!)).toBeLessThan(1e-5);
    expect(a!).toBeCloseTo(r.metrics.lambdaAntisymmetricMin!, 5);
  });

  it('writes findings from the measurements and renders its figures', () => {
    expect(r.findings[0]).toContain('bitwise identical');
    expect(r.findings[0]).toContain(`all ${config.steps / config.recordEvery + 1} recorded steps`);
    expect(r.findings.some((f) => f.includes('saddle'))).toBe(true);
    expect(r.figures.map((f) => f.id)).toEqual(['unit-distance', 'distinct-units', 'antisymmetric-growth', 'growth-rate']);
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    expectMathParses(r);
  });

  it('the same config and seed give the same result, bit for bit', async () => {
    const again = await runExperiment(symmetryBreakingExperiment, config, { seed: 0 });
    expect(stableStringify(again)).toBe(stableStringify(r));
  }, 60_000);
});

describe('experiments.symmetryBreaking.study, called from code', () => {
  it('keeps identical units identical under GD and measures the growth rate the antisymmetric curvature predicts', async () => {
    const { symmetryBreaking } = await import('../../src/experiments/index.js');
    const r = symmetryBreaking.study({ hidden: 2, points: 40, lr: 0.2, steps: 50, recordEvery: 10, convergeSteps: 3000, growthSteps: 600, growthLrs: [0.2], seed: 0 });
    expect(r.main.scenarios.find((s) => s.name === 'gd-identical')!.bitwiseIdentical).toBe(true);
    // J = I − ηH restricted to the antisymmetric subspace: the predicted rate is max_k |1 − ηλ_A,k| by construction of λ_A.
    expect(r.main.growth.predictedRate).toBeCloseTo(Math.max(...r.lambdaA.map((l) => Math.abs(1 - 0.2 * l))), 12);
    // As in the quick preset: the fitted exponent μ − 1 agrees with the prediction to 1e-3 relative (quadratic terms ≲ 1e-5).
    expect(r.sweep[0]!.error).toBe('');
    expect(r.sweep[0]!.exponentError).toBeLessThan(1e-3);
  }, 60_000);
});
