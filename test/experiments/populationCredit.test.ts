import { describe, expect, it } from 'vitest';
import { renderSvgNode } from '../../src/cli/figures.js';
import { resolveConfig } from '../../src/experiments/config.js';
import { runExperiment, stableStringify } from '../../src/experiments/runner.js';
import { populationCredit } from '../../src/experiments/populationCredit.js';
import * as experiments from '../../src/experiments/index.js';
import { expectFiguresRender, expectMathParses } from './outputChecks.js';

describe('experiment population-credit (quick preset)', () => {
  const config = resolveConfig(populationCredit, { preset: 'quick' }) as { decoderUnits: number[]; redundantCopies: number[]; duplicateCopies: number[]; perturbationWidths: number[] };
  const run = runExperiment(populationCredit, config, { seed: 2 });

  it('decoding: the Cramér–Rao bound falls like 1/N and maximum likelihood comes close to it', async () => {
    const r = await run;
    // For an even von Mises tiling I(θ) = N·(const) up to exponentially small ripple: slope −1 in log–log.
    expect(r.metrics.cramerRaoSlope).toBeCloseTo(-1, 2);
    // ML efficiency = bound / measured MSE at the largest N. With T = 100 trials the MSE has relative
    // std ≈ √(2/T) ≈ 0.14 (plus heavier tails from the discrete counts): [0.5, 1.5] is ≥ 3σ.
    const eff = r.metrics[`mlEfficiency_N${Math.max(...config.decoderUnits)}`]!;
    expect(eff).toBeGreaterThan(0.5);
    expect(eff).toBeLessThan(1.5);
    // No decoder beats the bound by more than the sampling noise, and the linear readout (of cos θ, sin θ) does not attain it.
    for (const row of r.series.decoders!) expect(Number(row.populationVector) / Number(row.cramerRao)).toBeGreaterThan(0.6);
  });

  it('credit: exact 1/N sharing for redundant copies, spread over units, graceful random ablation', async () => {
    const r = await run;
    // Autograd through y = Σ (w/N) aᵢ: each copy's credit is exactly 1/N of one unit's (float64 rounding of a sum of N terms).
    for (const n of config.redundantCopies) expect(r.metrics[`redundantCreditTimesN_N${n}`]).toBeCloseTo(1, 10);
    for (const row of r.series.redundantCredit!) expect(Number(row.activationCredit)).toBeCloseTo(Number(row.theory), 12);
    // Duplicating every hidden unit k times (same function) divides each copy's credit by k exactly, up to
    // rounding in the k-fold longer sums of the readout (relative 1e-10 is generous).
    for (const k of config.duplicateCopies) expect(Math.abs(r.metrics[`duplicateCreditTimesCopies_k${k}`]! - 1)).toBeLessThan(1e-10);
    // A trained population network spreads credit: more than a third of the units effectively share it.
    expect(r.metrics.creditParticipationRatio).toBeGreaterThan(1 / 3);
    // Graceful degradation: the decoding error grows with the fraction of units silenced at random.
    expect(r.metrics['ablationRandomError_f0.3']).toBeGreaterThan(r.metrics['ablationRandomError_f0']!);
    expect(r.metrics['ablationRandomError_f0.9']).toBeGreaterThan(r.metrics['ablationRandomError_f0.3']!);
    // Nothing is silenced at fraction 0: both curves start at the trained network's error.
    expect(r.metrics['ablationTargetedError_f0']).toBe(r.metrics.networkAngularError);
  });

  it('learning rules: FA aligns, perturbation variance follows n + 1, Oja finds the top component', async () => {
    const r = await run;
    // Feedback alignment: random feedback starts ≈ 90° from the gradient, then W aligns with Bᵀ.
    expect(r.metrics.initialUpdateAngle_feedbackAlignment).toBeGreaterThan(70);
    expect(r.metrics.finalUpdateAngle_feedbackAlignment).toBeLessThan(60);
    expect(r.metrics.finalWeightFeedbackAngle_feedbackAlignment).toBeLessThan(60);
    expect(r.metrics.finalUpdateAngle_directFeedbackAlignment).toBeLessThan(60);
    expect(r.metrics.finalLoss_feedbackAlignment).toBeLessThan(0.1);
    // Perturbation estimates: cos(angle) ≈ 1/√(n+1) → nearly orthogonal to the gradient.
    expect(r.metrics.finalUpdateAngle_weightPerturbation).toBeGreaterThan(70);
    // Normalised variance / (n + 1): the mean of S = 150 squared errors; a χ²-like quantity with n ≥ 40
    // degrees of freedom has relative std ≈ √(2/S) ≈ 0.12 → ±35% is ~3σ.
    for (const w of config.perturbationWidths) {
      expect(Math.abs(r.metrics[`weightPerturbationVarianceRatio_w${w}`]! - 1), `WP w=${w}`).toBeLessThan(0.35);
      expect(Math.abs(r.metrics[`nodePerturbationVarianceRatio_w${w}`]! - 1), `NP w=${w}`).toBeLessThan(0.35);
    }
    // Oja's rule: ‖w‖ → 1 and w → ±v₁; at the final step size the stationary jitter is a few degrees.
    expect(r.metrics.ojaAngleToTopComponent).toBeLessThan(10);
    expect(Math.abs(r.metrics.ojaWeightNorm! - 1)).toBeLessThan(0.05);
  });

  it('writes findings from the numbers and renders every figure', async () => {
    const r = await run;
    expect(r.findings.length).toBeGreaterThanOrEqual(3);
    expect(r.findings.length).toBeLessThanOrEqual(6);
    expect(r.findings.some((f) => f.includes('Cramér–Rao'))).toBe(true);
    expect(r.sections.math.length).toBeGreaterThan(2);
    expect(r.figures.map((f) => f.id)).toEqual(['decoder-precision', 'ablation', 'learning-rules', 'alignment-angles', 'perturbation-variance']);
    for (const fig of r.figures) expect(renderSvgNode(fig.spec)).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expectFiguresRender(r);
    expectMathParses(r);
    for (const fig of r.figures) expect(fig.spec.caption, fig.id).toMatch(/\d/);
  });

  it('the same config and seed give the same result, bit for bit', async () => {
    const a = await run;
    const b = await runExperiment(populationCredit, config, { seed: 2 });
    expect(stableStringify(b)).toBe(stableStringify(a));
  });

  it('rejects out-of-range configs naming the key', () => {
    expect(() => resolveConfig(populationCredit, { set: ['kappa=0'] })).toThrow(/kappa/);
    expect(() => resolveConfig(populationCredit, { set: ['rules=hebbian'] })).toThrow(/rules/);
  });
});

describe('experiments.populationCredit.study, called from code', () => {
  const r = experiments.populationCredit.study({
    seed: 4,
    decoder: { units: [8, 16], peakRate: 10, kappa: 2, trials: 20 },
    network: { hiddenUnits: 4, steps: 50, duplicateCopies: [2, 3], redundantCopies: [1, 4], ablationFractions: [0, 0.5], ablationRepeats: 1 },
    rules: { hidden: 3, activation: 'linear', steps: 20, rules: ['backprop', 'feedbackAlignment'] },
    perturbation: { widths: [2, 3], samples: 20 },
    oja: { dim: 3, samples: 60, epochs: 1 },
  });

  it('returns plain data in which duplicated units and redundant readouts share credit exactly as 1/k and 1/N', () => {
    const plain = JSON.parse(JSON.stringify(r)) as typeof r;
    expect(plain.network.credit.shares).toHaveLength(4);
    // k copies of a unit, each with 1/k of its outgoing weight, compute the same function and receive exactly 1/k of its
    // credit: the ratio is 1 up to rounding of sums over 256 angles (1e-12).
    for (const d of r.network.duplicates) expect(d.ratio).toBeCloseTo(1, 12);
    // y = Σ (w/N) a_i: ∂L/∂a_i = (w/N)·∂L/∂y, so N·credit equals the single copy's credit, to rounding.
    for (const d of r.network.redundant) expect((d.activationCredit * d.copies) / r.network.single.activationCredit).toBeCloseTo(1, 12);
    expect(r.decoder.map((d) => d.units)).toEqual([8, 16]);
    expect(r.rules.runs.map((x) => x.rule)).toEqual(['backprop', 'feedbackAlignment']);
  });
});
