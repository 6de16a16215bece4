/**
 * GD against gradient flow (quick study, η ∈ {0.04, 0.02, 0.01, 0.005}, horizon T = 4):
 * the distance to the flow is O(η), to the modified flow of L̃ = L + (η/4)‖∇L‖² it is
 * O(η²); the flow conserves x² − y² on ½(xy − 1)² and GD does not; past η = 2/λ_max
 * GD leaves the flow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gdVsFlowStudy, type GdVsFlowResult } from '../../src/ode/flow/index.js';

let r: GdVsFlowResult;
beforeAll(() => {
  r = gdVsFlowStudy({ size: 'quick' });
});

describe('order of GD as an approximation of the flow', () => {
  // η·λ_max ≤ 0.04 (quadratic, λ_max = 1) and ≤ 0.12 (product, λ_max ≤ 2.95 along the
  // path): deep in the asymptotic range, so the next-order terms shift the fitted slopes
  // by ~η·λ_max. Measured: 1.007 / 2.004 (quadratic), 1.016 / 2.009 (product).
  it('distance to gradient flow is O(η): slope 1 ± 0.15', () => {
    expect(Math.abs(r.findings.quadraticFlowOrder - 1)).toBeLessThan(0.15);
    expect(Math.abs(r.findings.productFlowOrder - 1)).toBeLessThan(0.15);
  });

  it('distance to the modified flow is O(η²): slope 2 ± 0.25', () => {
    expect(Math.abs(r.findings.quadraticModifiedOrder - 2)).toBeLessThan(0.25);
    expect(Math.abs(r.findings.productModifiedOrder - 2)).toBeLessThan(0.25);
  });

  it('the modified flow is closer than the flow at every η', () => {
    for (const p of [r.quadratic, r.product]) {
      p.etas.forEach((_, i) => expect(p.modifiedDistance[i]!).toBeLessThan(0.1 * p.flowDistance[i]!));
    }
  });
});

describe('the invariant D = x² − y² of ½(xy − 1)²', () => {
  it('is conserved by the flow to solver tolerance', () => {
    // dop853 at rtol = atol = 1e-12 over T = 4 with D ≈ 2: measured drift ≈ 1e-13.
    expect(r.product.invariant.flowDrift).toBeLessThan(1e-10);
  });

  it('drifts under GD by exactly ΔD = −η²r²D per step, O(η) over the horizon', () => {
    const inv = r.product.invariant;
    // The identity is exact; the ratio is limited by cancellation in ΔD (≥ 1e-9 here): 1e-5.
    inv.perStepRatioMax.forEach((ratio) => expect(Math.abs(ratio - 1)).toBeLessThan(1e-5));
    inv.gdDrift.forEach((d) => expect(d).toBeGreaterThan(1e-4));
    expect(Math.abs(inv.gdDriftOrder - 1)).toBeLessThan(0.15);
  });

  it("is predicted by the modified flow, dD/dt = −η r² D, to within O(η) relative error", () => {
    const inv = r.product.invariant;
    // Measured relative mismatch 10% at η = 0.04 down to 1.2% at η = 0.005.
    const rel = inv.gdDrift.map((d, i) => Math.abs(d - inv.modifiedDrift[i]!) / d);
    rel.forEach((e) => expect(e).toBeLessThan(0.15));
    expect(rel[rel.length - 1]!).toBeLessThan(rel[0]! / 4);
  });
});

describe('past the stability limit η = 2/λ_max', () => {
  it('quadratic: GD stays within ‖θ₀‖ of the flow below the limit and leaves it above', () => {
    const rows = r.quadratic.stability;
    for (const row of rows) {
      if (row.factor < 1) expect(row.relativeDistance).toBeLessThan(1);
      // |1 − ηλ_max| > 1: the stiff mode grows geometrically while the flow decays.
      else expect(row.relativeDistance).toBeGreaterThan(4);
    }
    expect(r.findings.quadraticUnstableMinDistance).toBeGreaterThan(r.findings.quadraticStableMaxDistance);
  });

  it('product: just above the limit GD converges to a flatter minimum than the flow (sharpness ≤ 2/η)', () => {
    const row = r.product.stability.find((s) => s.factor === 1.1)!;
    expect(row.finalLoss).toBeLessThan(1e-6);
    expect(row.finalSharpness).toBeLessThan(2 / row.eta);
    expect(row.finalSharpness).toBeLessThan(r.product.lambdaMaxAtFlowEnd - 0.5);
  });

  it('rejects a sweep that is not below the limit', () => {
    expect(() => gdVsFlowStudy({ etas: [2.5, 1] })).toThrow(/gdVsFlowStudy: the order sweep needs eta < 2\/λ_max/);
  });
});
