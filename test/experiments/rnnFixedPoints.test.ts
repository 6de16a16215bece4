import { describe, expect, it } from 'vitest';
import { expectFiguresRender, expectMathParses } from './outputChecks.js';
import * as experiments from '../../src/experiments/index.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { rnnFixedPoints } from '../../src/experiments/rnnFixedPoints.js';
import { trainAdam } from '../../src/experiments/rnnFixedPointsStudy.js';
import { flipFlop, Linear, RNN, Sequential } from '../../src/nn/index.js';

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
    for (const fig of result.figures) expect(fig.spec.caption, fig.id).toMatch(/\d/);
  }, 900_000);
});

describe('experiments.rnnFixedPoints.study, called from code', () => {
  it('returns plain data: GD on the integrator runs at η = gdFraction·2/λ₀, and the marginal bands are 1/T', () => {
    const r = experiments.rnnFixedPoints.study({
      seed: 2,
      flipFlop: { hidden: 4, steps: 3, batch: 2, trialLength: 10, pulseProb: 0.2, lr: 0.01, candidates: 8 },
      integrator: { hidden: 3, adamSteps: 3, adamLr: 0.01, batch: 2, gdSteps: 4, gdFraction: 0.5, sequences: 2, pulse: 4, delay: 4, candidates: 8, sharpnessEvery: 2 },
    });
    const plain = JSON.parse(JSON.stringify(r)) as typeof r;
    expect(plain.integrator.sharpness.map((s) => s.step)).toEqual([0, 2, 4]);
    // η is set from the first sharpness sample: η·λ₀/2 = gdFraction up to one rounding of a division.
    expect((r.integrator.lr * r.integrator.sharpness[0]!.value) / 2).toBeCloseTo(0.5, 12);
    expect(r.integrator.threshold).toBeCloseTo(2 / r.integrator.lr, 12);
    // A mode keeps its memory over a trial of T steps when |μ|^T ≥ e^{−1}, i.e. ||μ| − 1| ≲ 1/T.
    expect(r.flipFlop.marginalTol).toBeCloseTo(1 / 10, 15);
    expect(r.integrator.marginalTol).toBeCloseTo(1 / 8, 15);
    expect(r.flipFlop.trainLoss).toHaveLength(3);
  }, 120_000);
});

describe('rnn-fixed-points cancellation', () => {
  it('the training loop checks between the forward and the backward pass: cancelled there, no gradient exists and no weight moved', () => {
    const model = new Sequential(new RNN(3, 4, { batchFirst: true, seed: 1 }), new Linear(4, 3, { seed: 2 }));
    const before = model.parameters().map((p) => Array.from(p.data));
    let calls = 0;
    // Check 1 comes before step 0, check 2 after its forward pass.
    const check = () => {
      if (++calls === 2) throw new Error('cancelled');
    };
    expect(() => trainAdam(model, (s) => flipFlop({ n: 2, steps: 5, seed: s }), 10, 0.01, check, () => {})).toThrow('cancelled');
    expect(calls).toBe(2);
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
    expect(model.parameters().map((p) => Array.from(p.data))).toEqual(before);
  });
});
