import { describe, expect, it } from 'vitest';
import { renderSvgNode } from '../../src/cli/figures.js';
import { resolveConfig } from '../../src/experiments/config.js';
import { runExperiment, stableStringify } from '../../src/experiments/runner.js';
import { vanishingExploding } from '../../src/experiments/vanishingExploding.js';
import * as experiments from '../../src/experiments/index.js';
import { expectFiguresRender, expectMathParses } from './outputChecks.js';

describe('experiment vanishing-exploding (quick preset)', () => {
  const config = resolveConfig(vanishingExploding, { preset: 'quick' }) as { width: number; depths: number[] };
  const run = runExperiment(vanishingExploding, config, { seed: 5 });

  it('matches mean-field theory layer by layer within the finite-width tolerance', async () => {
    const r = await run;
    const n = config.width;
    // A single network's log second moment random-walks around the mean-field
    // value with variance ≈ c/n per layer, c = Var(φ²)/E[φ²]² of one unit:
    // 2 for linear (and tanh, whose φ² is less heavy-tailed), 5 for ReLU.
    // Four standard deviations at layer l: 4·√(c·l/n).
    const c: Record<string, number> = { linear: 2, tanh: 2, relu: 5 };
    for (const row of r.series.layers!) {
      const act = String(row.activation);
      const m = Number(row.activationVariance);
      const p = Number(row.activationVarianceTheory);
      if (!(m > 1e-280 && p > 1e-280 && Number.isFinite(m) && Number.isFinite(p))) continue;
      expect(Math.abs(Math.log(m / p)), `${act}/${row.init} layer ${row.layer}`).toBeLessThan(4 * Math.sqrt((c[act]! * Number(row.layer)) / n));
    }
    // The measured per-layer gradient factor χ̂ = (‖δ¹‖/‖δ^L‖)^{2/(L−1)} averages L − 1 = 5 layers whose log
    // factors each fluctuate with variance ≈ c/n: std of ln χ̂ ≈ √(c/(n·(L−1))) = 0.2 for ReLU, 0.13 for
    // linear/tanh at n = 24. ln 1.5 = 0.41 is 2σ for ReLU and 3σ for the others.
    for (const k of ['tanh_xavier', 'tanh_orthogonal', 'relu_xavier', 'linear_xavier', 'linear_large', 'tanh_small']) {
      expect(Math.abs(Math.log(r.metrics[`chiMeasured_${k}`]! / r.metrics[`chiEffective_${k}`]!)), k).toBeLessThan(Math.log(1.5));
    }
  });

  it('orthogonal linear networks are isometric; Gaussian ones are not; bad scales fail to train', async () => {
    const r = await run;
    // A product of orthogonal matrices is orthogonal: σᵢ = 1 up to float64 rounding of L matrix products and an eigensolver (≈ 1e-14).
    expect(Math.abs(r.metrics.jacobianMaxSv_linear_orthogonal! - 1)).toBeLessThan(1e-10);
    expect(Math.abs(r.metrics.jacobianMinSv_linear_orthogonal! - 1)).toBeLessThan(1e-10);
    for (const row of r.series.jacobianSpectra!.filter((s) => s.activation === 'linear' && s.init === 'orthogonal')) {
      expect(Math.abs(Number(row.singularValue) - 1)).toBeLessThan(1e-10);
    }
    // Gaussian weights: condition number far above 1 at depth 6 (smallest σ of an n×n Gaussian is O(1/n) per layer).
    expect(r.metrics.jacobianMaxSv_linear_xavier! / r.metrics.jacobianMinSv_linear_xavier!).toBeGreaterThan(100);
    // Too-small weights (χ ≈ 2e-3) cannot train even two layers; critical linear orthogonal trains the deepest tested depth.
    expect(r.metrics.maxTrainableDepth_linear_small).toBe(0);
    expect(r.metrics.maxTrainableDepth_relu_small).toBe(0);
    expect(r.metrics.maxTrainableDepth_linear_orthogonal).toBe(Math.max(...config.depths));
    expect(r.findings.length).toBeGreaterThanOrEqual(3);
    expect(r.findings.length).toBeLessThanOrEqual(6);
    expect(r.findings.some((f) => f.includes('χ₁'))).toBe(true);
    expect(r.figures.map((f) => f.id)).toEqual(['activation-variance', 'gradient-norm', 'jacobian-spectra', 'trainable-depth']);
    for (const fig of r.figures) expect(renderSvgNode(fig.spec)).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expectFiguresRender(r);
    expectMathParses(r);
    // The metrics summarise each pair (theory χ, measured χ, outcome) and the spectra; per-layer numbers live in the series.
    expect(Object.keys(r.metrics).length).toBeLessThanOrEqual(3 * r.series.cases!.length + 2 * 5 + 4);
    for (const fig of r.figures) expect(fig.spec.caption, fig.id).toMatch(/\d/);
  });

  it('the same config and seed give the same result, bit for bit', async () => {
    const a = await run;
    const b = await runExperiment(vanishingExploding, config, { seed: 5 });
    expect(stableStringify(b)).toBe(stableStringify(a));
  });

  it('rejects out-of-range configs naming the key', () => {
    expect(() => resolveConfig(vanishingExploding, { set: ['width=2'] })).toThrow(/width/);
    expect(() => resolveConfig(vanishingExploding, { set: ['activations=softplus'] })).toThrow(/activations/);
  });
});

describe('experiments.vanishingExploding.study, called from code', () => {
  const r = experiments.vanishingExploding.study({
    activations: ['relu', 'linear'], inits: ['xavier', 'orthogonal'], width: 16, depth: 4, depths: [2], samples: 8,
    trainSteps: 2, learningRate: 0.05, lossFactor: 2, spectra: [{ activation: 'linear', init: 'orthogonal' }], seed: 1,
  });

  it('returns plain data whose χ₁ is the closed form: σ_w²·E[φ′²] = σ_w²/2 for ReLU, σ_w² for linear units', () => {
    expect(JSON.parse(JSON.stringify(r)).cases).toHaveLength(4);
    const chi1 = (a: string, i: string) => r.cases.find((k) => k.activation === a && k.init === i)!.meanField.chi1;
    // Xavier sets σ_w² = 1 for square layers and the orthogonal init uses the gain √2 for ReLU, 1 for linear:
    // χ₁ is a product of two exact numbers, so it is exact to rounding (1e-12).
    expect(chi1('relu', 'orthogonal')).toBeCloseTo(1, 12);
    expect(chi1('linear', 'xavier')).toBeCloseTo(1, 12);
    expect(chi1('relu', 'xavier')).toBeCloseTo(0.5, 12);
    expect(chi1('linear', 'orthogonal')).toBeCloseTo(1, 12);
  });

  it('the orthogonal linear Jacobian has every singular value 1 (a product of orthogonal matrices)', () => {
    const s = r.spectra[0]!;
    expect(s.values).toHaveLength(16);
    // 4 matrix products and a one-sided Jacobi SVD: rounding of order L·n·ε ≈ 1e-14.
    for (const v of s.values) expect(Math.abs(v - 1)).toBeLessThan(1e-10);
    expect(s.conditionNumber).toBeCloseTo(1, 10);
  });
});
