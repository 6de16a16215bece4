import { describe, expect, it } from 'vitest';
import { expectFiguresRender, expectMathParses } from './outputChecks.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { rnnFixedPoints } from '../../src/experiments/rnnFixedPoints.js';

const config = resolveConfig(rnnFixedPoints, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(rnnFixedPoints, config, { seed: 0 }));

describe('rnn-fixed-points (quick preset)', () => {
  it('a 3-bit flip-flop RNN from a fixed seed has exactly 2³ = 8 stable fixed points, with saddles between them', async () => {
    const { metrics: m, series } = await quick();
    // The task is learned: a wrong bit held over a pulse interval costs ≥ 1/3 of a step's squared error.
    expect(m.flipFlopTestLoss).toBeLessThan(0.01);
    expect(m.flipFlopStable).toBe(8);
    expect(m.flipFlopSaddles).toBeGreaterThan(0);
    const rows = series.flipFlopPoints!;
    for (const r of rows) {
      // Every reported point passed the finder's slow-point tolerance; saddles have 1 ≤ k < H unstable directions.
      expect(r.q as number).toBeLessThan(1e-6);
      if (r.kind === 'saddle') expect(r.unstable as number).toBeGreaterThanOrEqual(1);
      if (r.kind === 'stable') expect(r.maxModulus as number).toBeLessThan(1 - 1 / (config.trialLength as number));
    }
  }, 900_000);

  it('an integrator RNN shows a line attractor: one eigenvalue within 1/T of |μ| = 1, the rest inside the unit circle', async () => {
    const { metrics: m, series } = await quick();
    expect(m.integratorTestLoss).toBeLessThan(0.01);
    expect(m.integratorLinePoints).toBeGreaterThanOrEqual(2);
    for (const r of series.integratorPoints!.filter((p) => p.kind === 'marginal')) {
      expect(Math.abs((r.maxModulus as number) - 1)).toBeLessThanOrEqual(1 / 20);
      expect(r.secondModulus as number).toBeLessThan(1 - 1 / 20);
    }
  }, 900_000);

  it('gradient descent started at η = 0.9·2/λ₀ stays stable: the sharpness stays below 2/η (within the 10 % edge band)', async () => {
    const { metrics: m } = await quick();
    // Started inside the limit, GD can only sharpen up to 2/η (Cohen et al. 2021) before it would become unstable.
    expect(m.sharpnessStart! * m.gdLr! / 2).toBeCloseTo(0.9, 6);
    expect(m.sharpnessOverThreshold).toBeLessThan(1.1);
  }, 900_000);

  it('renders its figures and typesets its math', async () => {
    const result = await quick();
    expectFiguresRender(result);
    expectMathParses(result);
  }, 900_000);
});
