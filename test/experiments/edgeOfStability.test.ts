import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/experiments/config.js';
import { edgeOfStabilityExperiment } from '../../src/experiments/edgeOfStability.js';
import { runExperiment, stableStringify } from '../../src/experiments/runner.js';
import type { ExperimentResult } from '../../src/experiments/types.js';
import { expectCaptionsFromNumbers, expectFiguresRender, expectMathParses } from './outputChecks.js';

describe('experiment edge-of-stability (quick preset)', () => {
  const config = resolveConfig<{ lrs: number[] }>(edgeOfStabilityExperiment, { preset: 'quick' });
  let r: ExperimentResult;
  beforeAll(async () => {
    r = await runExperiment(edgeOfStabilityExperiment, config, { seed: 0 });
  }, 60_000);

  it('sharpens progressively up to 2/η and then hovers within ±15% of it', () => {
    for (const lr of config.lrs) {
      // Starts below the threshold (so reaching it is sharpening, not the initialization) …
      expect(r.metrics.initialSharpness!).toBeLessThan((0.9 * 2) / lr);
      expect(Number.isFinite(r.metrics[`reachedThresholdAt_eta${lr}`]!)).toBe(true);
      // … and the median of λ_max/(2/η) afterwards stays at the edge (Cohen et al. report ≈ 1 with wider excursions).
      const hover = r.metrics[`hoverRatio_eta${lr}`]!;
      expect(hover).toBeGreaterThan(0.85);
      expect(hover).toBeLessThan(1.15);
    }
    for (const row of r.series.runs!) expect(row.regime).toBe('edge-of-stability');
  });

  it('the loss falls by more than an order of magnitude, non-monotonically', () => {
    for (const lr of config.lrs) {
      expect(r.metrics[`lossDrop_eta${lr}`]).toBeGreaterThan(10);
      // GD below 2/λ_max never raises the loss (descent lemma); here a fraction of steps does.
      expect(r.metrics[`riseFractionAfter_eta${lr}`]).toBeGreaterThan(0.01);
    }
  });

  it('catapults on ½(uv − 1)² exactly when 2/λ₀ < η < 1, landing where the hand formula says', () => {
    // λ₀ = λ_max(H(3, 0.2)) = 9.0045, so η = 0.2 (2/η = 10) is stable at the start: no spike.
    expect(r.metrics['catapultPeakRatio_eta0.2']).toBe(1);
    expect(r.metrics['catapultFinalSharpness_eta0.2']).toBeGreaterThan(9);
    for (const lr of [0.25, 0.3, 0.4]) {
      expect(r.metrics[`catapultPeakRatio_eta${lr}`]).toBeGreaterThan(1);
      expect(r.metrics[`catapultFinalSharpness_eta${lr}`]).toBeLessThan(2 / lr);
      expect(r.metrics[`catapultFinalSharpness_eta${lr}`]).toBeGreaterThanOrEqual(2);
      // D_{t+1} = D_t(1 − η²r_t²) is an identity of the GD step, so the product formula matches to rounding (~10 ulps of λ ≈ 3–7).
      expect(r.metrics[`catapultFormulaError_eta${lr}`]).toBeLessThan(1e-12);
    }
    // The module author's numbers: from (3, 0.2) at η = 0.3 the run lands at sharpness 2.97 < 2/η = 6.67.
    expect(r.metrics['catapultFinalSharpness_eta0.3']).toBeCloseTo(2.9727, 4);
    // η > 1: 2/η < 2 ≤ u² + v² on every minimum — no stable minimum, GD never converges.
    expect(r.metrics.overOneConverged).toBe(0);
    expect(r.findings.some((f) => f.includes('2/λ₀ < η < 1') && f.includes('never converged'))).toBe(true);
  });

  it('renders its figures and typesets its math', () => {
    expect(r.figures.map((f) => f.id)).toEqual(['sharpness', 'loss', 'catapult-loss', 'catapult-sharpness']);
    expectFiguresRender(r);
    expectCaptionsFromNumbers(r);
    expectMathParses(r);
  });

  it('the same config and seed give the same result, bit for bit', async () => {
    const again = await runExperiment(edgeOfStabilityExperiment, config, { seed: 0 });
    expect(stableStringify(again)).toBe(stableStringify(r));
  }, 60_000);
});

describe('experiments.edgeOfStability.study, called from code', () => {
  it('lands the catapult on a minimum flatter than 2/η, where the product formula says', async () => {
    const { edgeOfStability } = await import('../../src/experiments/index.js');
    const r = edgeOfStability.study({
      lrs: [0.2], steps: 60, hidden: [8], points: 12, degree: 3, sharpnessEvery: 10, lanczosSteps: 8,
      u0: 3, v0: 0.2, catapultLrs: [0.3], catapultSteps: 200, overOneLr: 1.05, seed: 0,
    });
    expect(r.eos.runs[0]!.sharpnessSteps[0]).toBe(0);
    const [cat] = r.cats;
    // λ₀ = 9.0045 > 2/0.3: the run spikes, then lands below 2/η on a minimum (λ = u² + v² ≥ 2 there).
    expect(cat!.catapulted).toBe(true);
    expect(cat!.finalSharpness).toBeLessThan(2 / 0.3);
    expect(cat!.finalSharpness).toBeGreaterThanOrEqual(2);
    // D_{t+1} = D_t(1 − η²r_t²) is exact, so the landing formula holds to rounding.
    expect(Math.abs(cat!.finalSharpness - cat!.predictedFinalSharpness)).toBeLessThan(1e-12);
    expect(r.over.converged).toBe(false);
  }, 60_000);
});
