import { describe, expect, it } from 'vitest';
import { gradientFlowVsGd, orderStepSizes } from '../../src/experiments/gradientFlowVsGd.js';
import { expectCaptionsFromNumbers, expectFiguresRender, expectMathParses } from './outputChecks.js';
import * as experiments from '../../src/experiments/index.js';
import { resolveConfig, runExperiment, type ExperimentResult } from '../../src/experiments/index.js';

const config = resolveConfig(gradientFlowVsGd, { preset: 'quick' });
let cached: Promise<ExperimentResult> | undefined;
const quick = () => (cached ??= runExperiment(gradientFlowVsGd, config, { seed: 0 }));

describe('gradient-flow-vs-gd (quick preset)', () => {
  it('step sizes halve and divide the horizon', () => {
    expect(orderStepSizes(4, 0.04, 4)).toEqual([0.04, 0.02, 0.01, 0.005]);
    // etaMax = 0.03 does not divide 4: K₀ = round(4/0.03) = 133 steps, η = 4/133.
    const etas = orderStepSizes(4, 0.03, 3);
    for (const eta of etas) expect(Math.abs(4 / eta - Math.round(4 / eta))).toBeLessThan(1e-9);
    expect(etas[0]).toBeCloseTo(4 / 133, 15);
  });

  it('measures first order against the flow and second order against the modified flow', async () => {
    const { metrics: m, findings } = await quick();
    // Over η ∈ [0.005, 0.04] the next term of the error expansion (relative size ∝ η) bends the
    // log–log line by a few hundredths; 0.1 and 0.15 leave room without admitting the wrong order.
    for (const key of ['quadraticFlowOrder', 'productFlowOrder']) expect(Math.abs(m[key]! - 1)).toBeLessThan(0.1);
    for (const key of ['quadraticModifiedOrder', 'productModifiedOrder']) expect(Math.abs(m[key]! - 2)).toBeLessThan(0.15);
    // The modified flow is much closer at the smallest step: ratio ∝ 1/η ≈ 100+.
    expect(m.productFlowOverModifiedAtSmallestEta).toBeGreaterThan(50);
    expect(findings[0]).toContain(`η^${m.quadraticFlowOrder!.toFixed(2)}`);
    expect(findings[0]).toContain(`η^${m.productModifiedOrder!.toFixed(2)}`);
  });

  it('checks the layer-balance invariant: conserved by the flow, shrunk exactly by GD, predicted by the modified flow', async () => {
    const { metrics: m } = await quick();
    // dop853 at rtol = atol = 1e-12 over T = 4: accumulated error far below 1e-10.
    expect(m.invariantFlowDrift).toBeLessThan(1e-10);
    // D ↦ (1 − η²r²)D is an identity; the ratio is measured where η²r²|D| > 1e-9, so rounding
    // (≈ 1e-16·|D| in a difference of D's) perturbs it by < 1e-6.
    expect(Math.abs(m.invariantMaxPerStepRatio! - 1)).toBeLessThan(1e-5);
    expect(Math.abs(m.invariantGdDriftOrder! - 1)).toBeLessThan(0.1);
    // The modified flow's drift prediction is itself first-order accurate: error ≈ 2.5·η (1.2 % at η = 0.005).
    expect(m.invariantPredictionErrorSmallestEta).toBeLessThan(0.05);
    expect(m.invariantPredictionErrorSmallestEta).toBeLessThan(m.invariantPredictionErrorLargestEta!);
  });

  it('shows the breakdown past 2/λ_max and the flatter minimum GD selects', async () => {
    const { metrics: m } = await quick();
    expect(m.quadraticStableMaxDistance).toBeLessThan(1);
    expect(m.quadraticUnstableMinDistance).toBeGreaterThan(1);
    // Flow end on xy = 1 with x² − y² = D₀ = 1.5² − 0.3² = 2.16: sharpness √(D₀² + 4).
    expect(m.productFlowEndSharpness).toBeCloseTo(Math.sqrt(2.16 ** 2 + 4), 12);
    // GD at η > 2/λ can only settle where the sharpness is below 2/η.
    expect(m.breakdownFinalSharpness).toBeLessThan(2 / m.breakdownEta!);
    expect(m.breakdownFinalSharpness).toBeLessThan(m.productFlowEndSharpness!);
  });

  it('returns tidy series, prose sections and figures that render', async () => {
    const r = await quick();
    expect(r.series.order).toHaveLength(2 * 2 * 4);
    expect(r.series.invariant).toHaveLength(4);
    expect(r.sections.math.length).toBeGreaterThanOrEqual(3);
    expect(r.findings.length).toBeGreaterThanOrEqual(3);
    expect(r.figures.map((f) => f.id)).toEqual(['order', 'landscape', 'invariant', 'stability']);
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    expectMathParses(r);
  });

  it('is deterministic', async () => {
    const again = await runExperiment(gradientFlowVsGd, config, { seed: 0 });
    expect(again).toEqual(await quick());
  });

  it('rejects inconsistent configs with a clear error', async () => {
    const bad = resolveConfig(gradientFlowVsGd, { preset: 'quick', set: ['lambdaMin=3', 'lambdaMax=2'] });
    await expect(runExperiment(gradientFlowVsGd, bad, { seed: 0 })).rejects.toThrow(/lambdaMin must be ≤ lambdaMax/);
    const unstable = resolveConfig(gradientFlowVsGd, { preset: 'quick', set: ['lambdaMax=10', 'etaMax=0.25'] });
    await expect(runExperiment(gradientFlowVsGd, unstable, { seed: 0 })).rejects.toThrow(/etaMax · lambdaMax must be < 2/);
    const stuck = resolveConfig(gradientFlowVsGd, { preset: 'quick', set: ['x0=2', 'y0=0.5'] });
    await expect(runExperiment(gradientFlowVsGd, stuck, { seed: 0 })).rejects.toThrow(/must not be a critical point/);
  });
});

describe('experiments.gradientFlowVsGd.study, called from code', () => {
  it('returns plain data: GD is first order from the flow, and the flow ends where λ_max = √(D₀² + 4)', () => {
    const r = experiments.gradientFlowVsGd.study({
      horizon: 2, etaMax: 0.04, etaCount: 3, lambdaMax: 1, lambdaMin: 0.2, angle: 0.5, x0: 1.5, y0: 0.3,
      stabilityFactors: [0.5, 1.1], stabilityHorizon: 10, demoEta: 0.4, breakdownFactor: 1.1, referenceTol: 1e-10,
    });
    expect(r.etas).toEqual([0.04, 0.02, 0.01]);
    // Plain data: the paths survive a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(r.landscape.gd))).toEqual(r.landscape.gd);
    // Euler's global error is C·η + O(η²); over η ∈ [0.01, 0.04] the O(η) relative correction bends the slope by
    // a few hundredths, so the fitted order is 1 within 0.1 on both problems (as in the quick-preset test).
    expect(Math.abs(r.study.quadratic.flowOrder - 1)).toBeLessThan(0.1);
    expect(Math.abs(r.study.product.flowOrder - 1)).toBeLessThan(0.1);
    // Gradient flow conserves D = x² − y² = 1.5² − 0.3² = 2.16, and on xy = 1 the sharpness x² + y² is √(D² + 4).
    expect(r.study.product.lambdaMaxAtFlowEnd).toBeCloseTo(Math.sqrt(2.16 ** 2 + 4), 12);
    // Past 2/λ_max GD can only come to rest at a minimum whose sharpness is below 2/η.
    expect(r.landscape.breakdownSharpness).toBeLessThan(2 / r.landscape.etaBreak);
  });
});
