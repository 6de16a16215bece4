import { describe, expect, it } from 'vitest';
import { catapultStudy, edgeOfStabilityStudy, uvSharpness } from '../../src/dynamics/index.js';

describe('catapult in L = ½(uv − 1)²', () => {
  it('sharpness at the balanced minimum is u² + v² = 2', () => {
    expect(uvSharpness(1, 1)).toBe(2);
    expect(uvSharpness(2, 0.5)).toBeCloseTo(4.25, 14);
  });

  it('from a sharp start with 2/λ₀ < η < 1, the loss spikes and GD lands on a minimum flatter than 2/η', () => {
    const r = catapultStudy({ u0: 3, v0: 0.2, lr: 0.3, steps: 300 });
    expect(r.initialSharpness).toBeGreaterThan(2 / 0.3);
    expect(r.converged).toBe(true);
    expect(r.catapulted).toBe(true);
    expect(r.peakLoss).toBeGreaterThan(10 * r.initialLoss);
    expect(r.finalSharpness).toBeLessThan(r.threshold);
    expect(r.finalSharpness).toBeGreaterThanOrEqual(2 - 1e-12);
    // Hand computation: D' = D(1 − η²r²) exactly in real arithmetic, so the imbalance and the
    // sharpness √(D² + 4) at the landing minimum follow from the r_t alone (rounding: ~1e-13 over 300 steps).
    const last = r.series[r.series.length - 1]!;
    expect(Math.abs(last.imbalance - r.predictedImbalance)).toBeLessThan(1e-10);
    expect(Math.abs(r.finalSharpness - r.predictedFinalSharpness)).toBeLessThan(1e-10);
    // Without the catapult (small η, stable from the start) the sharpness barely changes and the loss never rises.
    const calm = catapultStudy({ u0: 3, v0: 0.2, lr: 0.05, steps: 2000 });
    expect(calm.catapulted).toBe(false);
    expect(calm.converged).toBe(true);
    expect(calm.finalSharpness).toBeGreaterThan(0.9 * calm.initialSharpness);
  });

  it('η > 1: 2/η < 2 ≤ every minimum’s sharpness, so GD leaves even the balanced minimum and never converges', () => {
    const r = catapultStudy({ u0: 1.001, v0: 1, lr: 1.05, steps: 400 });
    expect(r.initialSharpness).toBeGreaterThan(r.threshold);
    expect(r.converged).toBe(false);
    expect(r.peakLoss).toBeGreaterThan(1e3 * r.initialLoss);
  });
});

describe('edgeOfStabilityStudy (quick)', () => {
  it('progressive sharpening to 2/η, then hovering while the loss falls non-monotonically', () => {
    const res = edgeOfStabilityStudy({ size: 'quick' });
    expect(res.runs.map((r) => r.lr)).toEqual([0.1, 0.2]);
    for (const run of res.runs) {
      expect(run.initialSharpness).toBeLessThan(run.threshold);
      expect(run.reachedThresholdAt).not.toBeNull();
      expect(run.hoverRatio!).toBeGreaterThan(0.9);
      expect(run.hoverRatio!).toBeLessThan(1.15);
      expect(run.riseFractionAfter!).toBeGreaterThan(0.02);
      expect(run.finalLoss).toBeLessThan(0.05 * run.loss[0]!);
      expect(run.regime).toBe('edge-of-stability');
      // Stays bounded: the classical theory would call every step past the threshold unstable.
      expect(run.maxSharpness).toBeGreaterThan(run.threshold);
    }
    // The edge moves with η: the hovering level scales like 1/η.
    const [a, b] = res.runs;
    const tailMean = (r: typeof a) => r!.sharpness.slice(-20).reduce((s, x) => s + x, 0) / 20;
    expect(tailMean(a) / tailMean(b)).toBeGreaterThan(1.6);
    expect(tailMean(a) / tailMean(b)).toBeLessThan(2.4);
  });
});
