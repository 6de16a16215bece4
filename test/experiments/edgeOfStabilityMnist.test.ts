import { describe, expect, it } from 'vitest';
import { expectCaptionsFromNumbers, expectFiguresRender, expectMathParses } from './outputChecks.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { edgeOfStabilityMnist } from '../../src/experiments/edgeOfStabilityMnist.js';

const config = resolveConfig(edgeOfStabilityMnist, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(edgeOfStabilityMnist, config, { seed: 0 }));

describe('edge-of-stability-mnist (quick preset)', () => {
  it('on 1,000 MNIST digits the sharpness reaches 2/η and hovers within 10 % of it, for both step sizes', async () => {
    const { metrics: m } = await quick();
    expect(m.images).toBe(1000);
    const lrs = config.lrs as number[];
    expect(lrs.length).toBeGreaterThanOrEqual(2);
    lrs.forEach((_, i) => {
      expect(m[`reachedAt_${i}`]).toBeGreaterThanOrEqual(0);
      // Cohen et al.: once at the edge, GD keeps λ_max ≈ 2/η — the median ratio over the rest of the run within ±10 %.
      expect(Math.abs(m[`hoverRatio_${i}`]! - 1)).toBeLessThanOrEqual(0.1);
    });
  }, 1_800_000);

  it('the loss falls overall but not monotonically once at the edge', async () => {
    const { metrics: m, series } = await quick();
    (config.lrs as number[]).forEach((lr, i) => {
      const first = series.loss!.find((r) => r.lr === lr)!.loss as number;
      expect(m[`finalLoss_${i}`]!).toBeLessThan(first);
      expect(m[`riseFraction_${i}`]!).toBeGreaterThan(0);
    });
    // The trained network sits in a basin of the filter-normalized slice: the slice rises away from θ*.
    expect(m.landscapeMax!).toBeGreaterThan(m.landscapeCenter!);
  }, 1_800_000);

  it('renders its figures and typesets its math', async () => {
    const result = await quick();
    expectFiguresRender(result);
    expectCaptionsFromNumbers(result);
    expectMathParses(result);
  }, 1_800_000);
});

describe('experiments.edgeOfStabilityMnist.study, called from code', () => {
  it('trains a 784-8-10 MLP on 100 digits and measures λ_max against 2/η', async () => {
    const { edgeOfStabilityMnist } = await import('../../src/experiments/index.js');
    const r = await edgeOfStabilityMnist.study({ seed: 0, trainPerClass: 10, hidden: 8, lrs: [0.5], steps: 20, sharpnessEvery: 10, lanczosSteps: 6, landscapeGrid: 5 });
    expect(r.images).toBe(100);
    // 784·8 + 8 weights and biases into the hidden layer, 8·10 + 10 out of it.
    expect(r.parameters).toBe(784 * 8 + 8 + 8 * 10 + 10);
    const [run] = r.runs;
    expect(run!.threshold).toBe(4);
    expect(run!.loss).toHaveLength(20);
    expect(run!.sharpness.map((s) => s.step)).toEqual([0, 10, 20]);
    // The slice's centre (α = β = 0) is θ* itself.
    expect(r.landscape.values[12]).toBeCloseTo(r.landscape.center, 12);
  }, 120_000);
});
