import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import * as experiments from '../../src/experiments/index.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';
import { expectCaptionsFromNumbers, expectFiguresRender } from './outputChecks.js';
import { interpolationBarrier, largestRise } from '../../src/experiments/lossLandscapeStudy.js';
import { lossLandscape, type LossLandscapeConfig } from '../../src/experiments/lossLandscape.js';
import { linspaceArray } from '../../src/landscape/index.js';
import { renderSvg } from '../../src/viz/index.js';

const config = resolveConfig<LossLandscapeConfig>(lossLandscape, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(lossLandscape, config, { seed: 0 }));

type Row = Record<string, number | string>;
const num = (r: Row, k: string) => r[k] as number;

describe('loss-landscape helpers', () => {
  it('the barrier is the largest excess over the chord, and the rise the largest step up', () => {
    const alphas = linspaceArray(-0.5, 1.5, 9); // α = −0.5, −0.25, 0, …, 1.5
    // ℓ(α) = 1 + α + 2α(1 − α) on [0, 1]: chord 1 + α, excess 2α(1 − α), peaking at α = ½ with ½.
    const values = Float64Array.from(alphas, (a) => 1 + a + 2 * a * (1 - a));
    const slice = { alphas, values, cost: { evaluations: 9, seconds: 0, evaluationsPerSecond: Infinity } };
    const b = interpolationBarrier(slice);
    expect(b.alpha).toBe(0.5);
    expect(b.barrier).toBeCloseTo(0.5, 15);
    expect(b.end0).toBe(1);
    expect(b.end1).toBe(2);
    // On [0, 1] the samples 1, 1.625, 2, 2.125, 2 rise by at most 0.625 (first step).
    expect(largestRise(slice)).toBeCloseTo(0.625, 15);
  });
});

describe('loss-landscape (quick preset)', () => {
  it('trains a net whose flat-vector loss matches the module’s loss, with a monotone init → solution line', async () => {
    const { metrics: m, series } = await quick();
    const main = series.sharpness!.find((r) => r.lr === config.lr)!;
    // train's final loss (Module forward) and mlpLoss on the flattened parameters (flat Tensor ops):
    // same arithmetic in a different order, so equal to ~1e-15 relative.
    expect(Math.abs(num(main, 'finalLoss') / m.finalLossA! - 1)).toBeLessThan(1e-12);
    expect(m.finalLossA).toBeLessThan(m.initLoss! / 5);
    expect(m.accuracyA).toBeGreaterThan(0.9);
    expect(m.initToSolutionLargestRise).toBe(0);
  });

  it('finds a barrier between solutions from two seeds, equal to the one recomputed from the stored slice', async () => {
    const { metrics: m, series } = await quick();
    const line = series.slices!.filter((r) => r.slice === 'solution A → solution B' && num(r, 'alpha') >= -1e-12 && num(r, 'alpha') <= 1 + 1e-12);
    const end0 = num(line[0]!, 'loss');
    const end1 = num(line[line.length - 1]!, 'loss');
    expect(num(line[0]!, 'alpha')).toBe(0);
    expect(num(line[line.length - 1]!, 'alpha')).toBe(1);
    expect(end0).toBeCloseTo(m.finalLossA!, 12);
    expect(end1).toBeCloseTo(m.finalLossB!, 12);
    const excess = Math.max(...line.map((r) => num(r, 'loss') - ((1 - num(r, 'alpha')) * end0 + num(r, 'alpha') * end1)));
    expect(m.barrier).toBe(excess);
    // A real barrier, not rounding: several times the loss at either end.
    expect(m.barrier).toBeGreaterThan(2 * Math.max(end0, end1));
  });

  it('checks the Lanczos eigenvalue against the slice’s second difference and the PCA plane against the path', async () => {
    const { metrics: m, series } = await quick();
    // (L(h) − 2L(0) + L(−h))/h² with h = 1e-3: truncation h²L''''/12 and rounding ε·L/h² are both < 1e-6 relative.
    expect(m.curvatureRelativeError).toBeLessThan(1e-5);
    expect(m.hessianEigenvalue1).toBeGreaterThanOrEqual(m.hessianEigenvalue2!);
    // Lanczos for k = 1 (sharpness) and k = hessianTop (eigenpairs) differ only below its tolerance 1e-10.
    expect(Math.abs(m.hessianEigenvalue1! / m[`sharpness_lr${config.lr}`]! - 1)).toBeLessThan(1e-9);
    // A random unit direction sees far less curvature than the top eigenvector.
    expect(m.randomDirectionCurvature).toBeLessThan(m.hessianEigenvalue1! / 10);
    expect(m.pcaExplained1! + m.pcaExplained2!).toBeGreaterThan(0.8);
    expect(m.pcaExplained1! + m.pcaExplained2!).toBeLessThanOrEqual(1 + 1e-12);
    // The plane passes through the final point: its coordinates are exactly 0.
    const last = series.trajectory!.at(-1)!;
    expect([last.pc1, last.pc2]).toEqual([0, 0]);
    expect(m.gridEvaluations).toBe(2 * config.planeResolution ** 2);
    expect(m).not.toHaveProperty('gridSeconds'); // no wall-clock timings in a result
  });

  it('larger steps end in flatter solutions, never far above the stability limit 2/η', async () => {
    const { series } = await quick();
    const rows = series.sharpness!.filter((r) => r.status === 'completed').sort((a, b) => num(a, 'lr') - num(b, 'lr'));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(num(rows.at(-1)!, 'lambdaMax')).toBeLessThan(num(rows[0]!, 'lambdaMax'));
    // At the edge of stability GD oscillates with λ_max hovering around 2/η (Cohen et al. 2021), overshooting
    // it by tens of percent in short runs; it cannot settle far above.
    for (const r of rows) expect(num(r, 'lambdaMax')).toBeLessThan(1.5 * num(r, 'limit'));
  });

  it('renders its figures, writes findings and sections, and is deterministic for a seed', async () => {
    const r = await quick();
    expect(r.findings.length).toBeGreaterThanOrEqual(3);
    expect(r.findings.length).toBeLessThanOrEqual(5);
    expect(r.findings[1]).toContain(`barrier of ${Number(r.metrics.barrier!.toPrecision(3))}`);
    const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
    for (const fig of r.figures) {
      const svg = renderSvg(fig.spec, { document: document as unknown as Document });
      expect(svg.startsWith('<svg')).toBe(true);
    }
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    const again = await runExperiment(lossLandscape, config, { seed: 0 });
    // Everything, figures and findings included, is a function of the seed (no wall-clock timings).
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });
});

describe('experiments.lossLandscape.study, called from code', () => {
  it('returns plain data: the Lanczos λ_max agrees with the second difference of the slice along its eigenvector', () => {
    const r = experiments.lossLandscape.study({
      samples: 16, noise: 0.1, hidden: [4], activation: 'tanh', loss: 'mse', lr: 0.2, steps: 40, snapshotEvery: 10, sharpnessLrs: [0.1],
      planeRange: 0.5, planeResolution: 5, sliceSamples: 7, hessianSliceRange: 0.3, hessianTop: 1, seed: 0,
    });
    expect(r.parameters).toBe(2 * 4 + 4 + 4 + 1);
    expect(r.sharpness.map((s) => s.lr)).toEqual([0.1, 0.2]);
    // (L(h) − 2L(0) + L(−h))/h² at h = 1e-3: truncation h²·L⁗/12 and rounding ε·L/h² are both below 1e-6 relative (as in the quick preset).
    expect(Math.abs(r.curvatureFd / r.eig.eigenvalues[0]! - 1)).toBeLessThan(1e-5);
    // Explained-variance ratios are shares of one total: their sum is at most 1.
    expect(r.pca.explainedVarianceRatio[0]! + r.pca.explainedVarianceRatio[1]!).toBeLessThanOrEqual(1 + 1e-12);
    // A plane slice of 5 × 5 points evaluates the loss 25 times.
    expect(r.randomPlane.cost.evaluations).toBe(25);
  });
});
