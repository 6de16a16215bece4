import { describe, expect, it } from 'vitest';
import { expectFiguresRender, expectMathParses } from './outputChecks.js';
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
    expectMathParses(result);
  }, 1_800_000);
});
